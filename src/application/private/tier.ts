// One tier of the seed 001 application (Mastering Terraform chapter 8, k8s/deployment-web-app.tf and
// deployment-web-api.tf): a Deployment and the ClusterIP Service in front of it. The book's
// Deployments have no requests, no probes and a shared service account; here every container has
// requests and readiness and liveness probes, the frontend runs without a token for the API, and
// the pods spread across zones.
import { DeploymentV1, DeploymentV1SpecTemplateSpecContainerLivenessProbe } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { SECRETS_STORE_CSI_DRIVER_NAME } from '../../controllers/secrets-store-csi-driver/secrets-store-csi-driver';

/** The port the tier's Service serves (the book's: 80 to the container's port). */
export const SERVICE_PORT = 80;
/** The name of the container port the Service and the probes refer to. */
export const PORT_NAME = 'http';

export interface TierOptions {
  readonly name: string;
  readonly namespace: string;
  /** Full image reference (`<repository URL>:<tag>`). */
  readonly image: string;
  readonly port: number;
  readonly replicas: number;
  readonly requests: Record<string, string>;
  readonly limits: Record<string, string>;
  /** HTTP path of the probes; none: TCP probes. */
  readonly healthPath?: string;
  readonly env: Record<string, string>;
  /** The pods' service account; none: the namespace's default, without an API token. */
  readonly serviceAccountName?: string;
  /** A read-only CSI volume of the Secrets Store driver. */
  readonly secretsVolume?: { readonly secretProviderClass: string; readonly mountPath: string };
  readonly labels: Record<string, string>;
  readonly dependsOn: ITerraformDependable[];
}

export const SECRETS_VOLUME = 'secrets-store-inline';

/** Probes on the named port: HTTP GET of `healthPath`, or a TCP connect. */
function probe(o: TierOptions, timing: { periodSeconds: number; failureThreshold: number; initialDelaySeconds?: number }): DeploymentV1SpecTemplateSpecContainerLivenessProbe {
  return {
    ...timing,
    timeoutSeconds: 2,
    ...(o.healthPath ? { httpGet: { path: o.healthPath, port: PORT_NAME } } : { tcpSocket: [{ port: PORT_NAME }] }),
  };
}

export interface Tier {
  readonly deployment: DeploymentV1;
  readonly service: ServiceV1;
}

export function addTier(scope: Construct, id: string, o: TierOptions): Tier {
  const selector = { app: o.name };
  const labels = { ...o.labels, ...selector };
  const deployment = new DeploymentV1(scope, `${id}-deployment`, {
    metadata: { name: o.name, namespace: o.namespace, labels },
    spec: {
      replicas: String(o.replicas),
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          ...(o.serviceAccountName ? { serviceAccountName: o.serviceAccountName } : {}),
          // Pods that call no API get no token (the backend's IRSA or Pod Identity token needs it).
          automountServiceAccountToken: o.serviceAccountName !== undefined,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraint: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: [{ matchLabels: selector }] },
          ],
          container: [
            {
              name: o.name,
              image: o.image,
              port: [{ name: PORT_NAME, containerPort: o.port, protocol: 'TCP' }],
              ...(Object.keys(o.env).length > 0 ? { env: Object.entries(o.env).map(([name, value]) => ({ name, value })) } : {}),
              resources: { requests: o.requests, limits: o.limits },
              readinessProbe: probe(o, { periodSeconds: 10, failureThreshold: 3 }),
              livenessProbe: probe(o, { initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 }),
              securityContext: { allowPrivilegeEscalation: false },
              ...(o.secretsVolume ? { volumeMount: [{ name: SECRETS_VOLUME, mountPath: o.secretsVolume.mountPath, readOnly: true }] } : {}),
            },
          ],
          ...(o.secretsVolume
            ? {
                volume: [
                  {
                    name: SECRETS_VOLUME,
                    csi: { driver: SECRETS_STORE_CSI_DRIVER_NAME, readOnly: true, volumeAttributes: { secretProviderClass: o.secretsVolume.secretProviderClass } },
                  },
                ],
              }
            : {}),
        },
      },
    },
    dependsOn: o.dependsOn,
  });
  const service = new ServiceV1(scope, `${id}-service`, {
    metadata: { name: o.name, namespace: o.namespace, labels },
    spec: {
      type: 'ClusterIP',
      selector,
      port: [{ name: PORT_NAME, port: SERVICE_PORT, targetPort: PORT_NAME, protocol: 'TCP' }],
    },
    dependsOn: o.dependsOn,
  });
  return { deployment, service };
}
