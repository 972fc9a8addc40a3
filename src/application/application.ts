// Seed 001 "Kubernetes configuration" (Mastering Terraform chapter 8, the k8s code base:
// namespace.tf, workload-identity.tf, deployment-web-app.tf, deployment-web-api.tf, ingress.tf,
// aws-secrets-manager.tf): the application on the cluster. A namespace; the frontend and the
// backend, each a Deployment and a ClusterIP Service; the backend's service account, annotated
// with its role under IRSA (under Pod Identity the association lives in the AWS stack); the
// SecretProviderClass and the backend's secrets volume; an Ingress of the NGINX controller's class
// sending `/` to the frontend and `/api` to the backend. The namespace, Deployments and Services
// are `kubernetes.workloads` objects (the Workloads construct), so they take its defaults:
// requests, startup, readiness and liveness probes, the restricted security context. The book's
// Deployments have no requests, no probes and a shared service account.
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import type { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import type { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import type { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { dependable, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { SECRETS_STORE_CSI_DRIVER_NAME } from '../controllers/secrets-store-csi-driver/secrets-store-csi-driver';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { ManifestsChart } from '../kubernetes/manifests-chart';
import { props as propsOf, schemaIssues, settings } from '../private/validate';
import type { DeploymentSettings, ServiceSettings } from '../workloads/private/schema';
import { Workloads } from '../workloads/workloads';
import {
  applicationFields,
  applicationIngressFields,
  applicationSecretsFields,
  componentFields,
  DEFAULT_APPLICATION_NAMESPACE,
  DEFAULT_BACKEND_NAME,
  DEFAULT_BACKEND_PATH,
  DEFAULT_CONTAINER_PORT,
  DEFAULT_FRONTEND_NAME,
  DEFAULT_FRONTEND_PATH,
  DEFAULT_SECRETS_MOUNT_PATH,
  type ComponentSettings,
} from './private/schema';
import { secretProviderClass } from './secret-provider-class';

/** The port each tier's Service serves (the book's: 80 to the container's port). */
export const SERVICE_PORT = 80;
/** The name of the container port the Service and the probes refer to. */
export const PORT_NAME = 'http';
/** The backend's secrets volume (the book's name). */
export const SECRETS_VOLUME = 'secrets-store-inline';

/** A tier as the construct takes it: the configuration's settings with the image resolved to a reference. */
export interface ComponentProps extends Omit<ComponentSettings, 'image'> {
  /** Full image reference, `<repository URL>:<tag>` (the registry's URL from the AWS stack). */
  readonly image: string;
}

export interface ApplicationIngressProps {
  /** IngressClass of the controller that serves it (ingress-nginx's, or `alb`). */
  readonly className: string;
  /** Annotations of the Ingress (the ALB's scheme and target type). @default {} */
  readonly annotations?: Record<string, string>;
  /** Annotations of each tier's Service, by its health path (the ALB's target group health check). @default none */
  readonly serviceAnnotations?: (healthPath: string | undefined) => Record<string, string>;
  /** @default none (any host) */
  readonly host?: string;
  /** @default "/" */
  readonly frontendPath?: string;
  /** @default "/api" */
  readonly backendPath?: string;
  /** The controller's release: its admission webhook must answer before an Ingress is admitted. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

export interface SecretsVolumeProps {
  /** Secrets Manager names, mounted as files. */
  readonly names: string[];
  /** Region of the secrets. */
  readonly region: string;
  /** EKS Pod Identity rather than IRSA for the provider's calls. */
  readonly usePodIdentity: boolean;
  /** @default "/mnt/secrets-store" */
  readonly mountPath?: string;
  /** The Secrets Store CSI driver's releases (the SecretProviderClass CRD and the provider). */
  readonly dependsOn: ITerraformDependable[];
}

export interface ApplicationProps {
  /** @default "app" */
  readonly namespace?: string;
  readonly frontend: ComponentProps;
  readonly backend: ComponentProps;
  /** The backend's service account. @default the backend's name */
  readonly serviceAccountName?: string;
  /** Annotations of that account (the IRSA role ARN). @default {} */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /** The Ingress; none without. @default none */
  readonly ingress?: ApplicationIngressProps;
  /** Secrets the backend mounts. @default none */
  readonly secrets?: SecretsVolumeProps;
}

const componentProps = settings({ ...componentFields, image: v.string('must be an image reference') });
const propsSchema = propsOf({
  namespace: applicationFields.namespace,
  serviceAccountName: applicationFields.serviceAccountName,
  frontend: componentProps,
  backend: componentProps,
  ingress: v.optional(propsOf({ ...applicationIngressFields, className: v.string('must be an IngressClass name') })),
  secrets: v.optional(propsOf({ names: applicationSecretsFields.names, mountPath: applicationSecretsFields.mountPath, region: v.string('must be a region') })),
});

/** A tier's Deployment and Service. */
export interface Tier {
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;
}

/** The seed's two-tier application in its namespace. */
export class Application extends Construct {
  /** The namespace, Deployments and Services. */
  readonly workloads: Workloads;
  readonly namespace: NamespaceV1;
  readonly namespaceName: string;
  readonly serviceAccount: ServiceAccountV1;
  readonly frontend: Tier;
  readonly backend: Tier;
  readonly ingress?: IngressV1;
  readonly secretProviderClass?: ManifestsChart;

  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, id);
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`Application '${this.node.path}'`, fieldIssues.length > 0 ? fieldIssues : crossFieldIssues(props));
    const ns = props.namespace ?? DEFAULT_APPLICATION_NAMESPACE;
    const frontendName = props.frontend.name ?? DEFAULT_FRONTEND_NAME;
    const backendName = props.backend.name ?? DEFAULT_BACKEND_NAME;
    const labels = { 'app.kubernetes.io/part-of': ns, 'app.kubernetes.io/managed-by': 'cdktf' };

    // The workloads wait for the backend's service account and SecretProviderClass (Workloads
    // takes one dependency list for all its objects), which are therefore made first and wait
    // for the namespace once the workloads have created it (below).
    this.serviceAccount = new ServiceAccountV1(this, 'service-account', {
      metadata: { name: props.serviceAccountName ?? backendName, namespace: ns, labels, annotations: props.serviceAccountAnnotations ?? {} },
    });
    let secretsVolume: { className: string; mountPath: string } | undefined;
    if (props.secrets) {
      secretsVolume = { className: `${backendName}-secrets`, mountPath: props.secrets.mountPath ?? DEFAULT_SECRETS_MOUNT_PATH };
      this.secretProviderClass = secretProviderClassChart(this, ns, backendName, secretsVolume.className, props.secrets);
    }

    const deployment = (name: string, c: ComponentProps, pod: Partial<DeploymentSettings> = {}): DeploymentSettings => ({
      name,
      namespace: ns,
      labels: { ...labels, app: name },
      selector: { app: name },
      ...(c.replicas !== undefined ? { replicas: c.replicas } : {}),
      ...(c.runAsUser !== undefined ? { runAsUser: c.runAsUser } : {}),
      ...(c.runAsNonRoot !== undefined ? { runAsNonRoot: c.runAsNonRoot } : {}),
      ...pod,
      containers: {
        [name]: {
          image: c.image,
          ports: [{ containerPort: c.port ?? DEFAULT_CONTAINER_PORT, name: PORT_NAME }],
          probe: c.healthPath ? { httpPath: c.healthPath, port: PORT_NAME } : { port: PORT_NAME },
          ...(c.resources ? { resources: c.resources } : {}),
          ...(c.env && Object.keys(c.env).length > 0 ? { env: c.env } : {}),
          ...(secretsVolume && pod.volumes ? { volumeMounts: [{ name: SECRETS_VOLUME, mountPath: secretsVolume.mountPath, readOnly: true }] } : {}),
        },
      },
    });
    const service = (name: string, c: ComponentProps): ServiceSettings => ({
      name,
      namespace: ns,
      ...(props.ingress?.serviceAnnotations ? { annotations: props.ingress.serviceAnnotations(c.healthPath) } : {}),
      labels: { ...labels, app: name },
      selector: { app: name },
      ports: [{ name: PORT_NAME, port: SERVICE_PORT, targetPort: PORT_NAME }],
    });
    const backendPod: Partial<DeploymentSettings> = {
      serviceAccountName: this.serviceAccount.metadata.name,
      ...(secretsVolume
        ? { volumes: { [SECRETS_VOLUME]: { csi: { driver: SECRETS_STORE_CSI_DRIVER_NAME, readOnly: true, volumeAttributes: { secretProviderClass: secretsVolume.className } } } } }
        : {}),
    };
    this.workloads = new Workloads(this, 'workloads', {
      // Pod Security Admission: baseline enforced, restricted warned and audited (Workloads' default).
      namespaces: { [ns]: { labels: { name: ns } } },
      deployments: { frontend: deployment(frontendName, props.frontend), backend: deployment(backendName, props.backend, backendPod) },
      services: { frontend: service(frontendName, props.frontend), backend: service(backendName, props.backend) },
      dependsOn: [this.serviceAccount, ...(this.secretProviderClass ? [this.secretProviderClass.chart.release] : [])],
    });
    this.namespace = this.workloads.namespaces[ns];
    this.namespaceName = this.namespace.metadata.name;
    // Into the namespace: the account and the SecretProviderClass wait for it.
    this.serviceAccount.dependsOn = [dependable(this.namespace)];
    if (this.secretProviderClass) {
      const release = this.secretProviderClass.chart.release;
      release.dependsOn = [dependable(this.namespace), ...(release.dependsOn ?? [])];
    }
    this.frontend = { deployment: this.workloads.deployments.frontend, service: this.workloads.services.frontend };
    this.backend = { deployment: this.workloads.deployments.backend, service: this.workloads.services.backend };

    if (props.ingress) {
      const i = props.ingress;
      const path = (prefix: string, t: Tier) => ({
        path: prefix,
        pathType: 'Prefix',
        backend: { service: { name: t.service.metadata.name, port: { number: SERVICE_PORT } } },
      });
      // The book's `kubernetes.io/ingress.class` annotation is deprecated; the class goes in the spec.
      this.ingress = new IngressV1(this, 'ingress', {
        metadata: { name: `${frontendName}-ingress`, namespace: this.namespaceName, labels, ...(i.annotations ? { annotations: i.annotations } : {}) },
        spec: {
          ingressClassName: i.className,
          rule: [
            {
              ...(i.host ? { host: i.host } : {}),
              http: { path: [path(i.frontendPath ?? DEFAULT_FRONTEND_PATH, this.frontend), path(i.backendPath ?? DEFAULT_BACKEND_PATH, this.backend)] },
            },
          ],
        },
        dependsOn: i.dependsOn ?? [],
      });
    }
  }
}

/** The SecretProviderClass of the backend's secrets, as a local chart (its CRD comes with the driver). */
function secretProviderClassChart(scope: Construct, ns: string, backendName: string, className: string, s: SecretsVolumeProps): ManifestsChart {
  return new ManifestsChart(scope, 'secret-provider-class', {
    releaseName: `${backendName}-secret-provider-class`.slice(0, 53).replace(/-+$/, ''),
    namespace: ns,
    objects: [secretProviderClass({ name: className, namespace: ns, secretNames: s.names, region: s.region, usePodIdentity: s.usePodIdentity })],
    dependsOn: s.dependsOn,
  });
}

/** Rules across the props (the configuration checks the same in its own terms). */
function crossFieldIssues(p: ApplicationProps): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const frontendName = p.frontend.name ?? DEFAULT_FRONTEND_NAME;
  const backendName = p.backend.name ?? DEFAULT_BACKEND_NAME;
  if (frontendName === backendName) issues.push(issue(['backend', 'name'], backendName, `must differ from 'frontend.name': each tier has a Deployment and a Service of its name`));
  if (p.ingress && (p.ingress.frontendPath ?? DEFAULT_FRONTEND_PATH) === (p.ingress.backendPath ?? DEFAULT_BACKEND_PATH)) {
    issues.push(issue(['ingress', 'backendPath'], p.ingress.backendPath ?? DEFAULT_BACKEND_PATH, `must differ from 'frontendPath': one path prefix cannot lead to both tiers`));
  }
  return issues;
}
