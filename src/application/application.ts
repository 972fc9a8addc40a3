// Seed 001 "Kubernetes configuration" (Mastering Terraform chapter 8, the k8s code base:
// namespace.tf, workload-identity.tf, deployment-web-app.tf, deployment-web-api.tf, ingress.tf,
// aws-secrets-manager.tf): the application on the cluster. A namespace; the frontend and the
// backend, each a Deployment and a ClusterIP Service; the backend's service account, annotated
// with its role under IRSA (under Pod Identity the association lives in the AWS stack); the
// SecretProviderClass and the backend's secrets volume; an Ingress of the NGINX controller's class
// sending `/` to the frontend and `/api` to the backend.
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { ManifestsChart } from '../kubernetes/manifests-chart';
import { props as propsOf, schemaIssues, settings } from '../private/validate';
import {
  applicationIngressFields,
  applicationSecretsFields,
  componentFields,
  DEFAULT_APPLICATION_NAMESPACE,
  DEFAULT_BACKEND_NAME,
  DEFAULT_BACKEND_PATH,
  DEFAULT_CONTAINER_PORT,
  DEFAULT_FRONTEND_NAME,
  DEFAULT_FRONTEND_PATH,
  DEFAULT_REPLICAS,
  DEFAULT_SECRETS_MOUNT_PATH,
  applicationFields,
  resolvedResources,
  type ComponentSettings,
} from './private/schema';
import { addTier, SERVICE_PORT, type Tier } from './private/tier';
import { secretProviderClass } from './secret-provider-class';

/** A tier as the construct takes it: the configuration's settings with the image resolved to a reference. */
export interface ComponentProps extends Omit<ComponentSettings, 'image'> {
  /** Full image reference, `<repository URL>:<tag>` (the registry's URL from the AWS stack). */
  readonly image: string;
}

export interface ApplicationIngressProps {
  /** IngressClass of the controller that serves it (ingress-nginx's). */
  readonly className: string;
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

/** The seed's two-tier application in its namespace. */
export class Application extends Construct {
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

    // Pod Security Admission: baseline enforced (no privileged pods, host namespaces or host paths),
    // restricted reported, so what would break under it shows up before anyone enforces it.
    this.namespace = new NamespaceV1(this, 'namespace', {
      metadata: {
        name: ns,
        labels: {
          name: ns,
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    });
    this.namespaceName = this.namespace.metadata.name;
    this.serviceAccount = new ServiceAccountV1(this, 'service-account', {
      metadata: { name: props.serviceAccountName ?? backendName, namespace: this.namespaceName, labels, annotations: props.serviceAccountAnnotations ?? {} },
    });

    let secretsVolume: { secretProviderClass: string; mountPath: string } | undefined;
    const backendDependsOn: ITerraformDependable[] = [this.serviceAccount];
    if (props.secrets) {
      const className = `${backendName}-secrets`;
      this.secretProviderClass = new ManifestsChart(this, 'secret-provider-class', {
        releaseName: `${backendName}-secret-provider-class`.slice(0, 53).replace(/-+$/, ''),
        namespace: ns,
        objects: [secretProviderClass({ name: className, namespace: ns, secretNames: props.secrets.names, region: props.secrets.region, usePodIdentity: props.secrets.usePodIdentity })],
        dependsOn: [this.namespace, ...props.secrets.dependsOn],
      });
      secretsVolume = { secretProviderClass: className, mountPath: props.secrets.mountPath ?? DEFAULT_SECRETS_MOUNT_PATH };
      backendDependsOn.push(this.secretProviderClass.chart.release);
    }

    const tier = (tierId: string, name: string, c: ComponentProps, extra: { serviceAccountName?: string; secretsVolume?: typeof secretsVolume; dependsOn: ITerraformDependable[] }) => {
      const { requests, limits } = resolvedResources(c);
      return addTier(this, tierId, {
        name,
        namespace: this.namespaceName,
        image: c.image,
        port: c.port ?? DEFAULT_CONTAINER_PORT,
        replicas: c.replicas ?? DEFAULT_REPLICAS,
        requests,
        limits,
        healthPath: c.healthPath,
        env: c.env ?? {},
        labels,
        ...extra,
      });
    };
    this.frontend = tier('frontend', frontendName, props.frontend, { dependsOn: [] });
    this.backend = tier('backend', backendName, props.backend, { serviceAccountName: this.serviceAccount.metadata.name, secretsVolume, dependsOn: backendDependsOn });

    if (props.ingress) {
      const i = props.ingress;
      const path = (prefix: string, t: Tier) => ({
        path: prefix,
        pathType: 'Prefix',
        backend: { service: { name: t.service.metadata.name, port: { number: SERVICE_PORT } } },
      });
      // The book's `kubernetes.io/ingress.class` annotation is deprecated; the class goes in the spec.
      this.ingress = new IngressV1(this, 'ingress', {
        metadata: { name: `${frontendName}-ingress`, namespace: this.namespaceName, labels },
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
