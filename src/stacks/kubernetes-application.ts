// The Kubernetes side of the `application` section (seed 001's second code base): the application
// wired to what the AWS stack made for it (repository URLs for the images, the backend's role for
// its service account) and to the controllers its Ingress and secrets volume need. CDKTF reads the
// AWS values from the AWS stack's state.
import { Application } from '../application/application';
import type { ResolvedConfig } from '../config/schema';
import { DEFAULT_WORKLOAD_IDENTITY } from '../oidc/private/schema';
import { inConfig } from '../private/in-config';
import type { EksCluster } from '../cluster/eks-cluster';
import type { KubernetesStack } from './kubernetes-stack';

/** Deploys the configured application; the configuration checks have made sure its registry and controllers exist. */
export function addApplication(stack: KubernetesStack, cluster: EksCluster, config: ResolvedConfig): Application {
  const app = config.application!;
  const urls = cluster.registry?.repositoryUrls ?? {};
  const image = (tier: 'frontend' | 'backend') => `${urls[app[tier].image.repository]}:${app[tier].image.tag}`;
  const { ingressNginx, secretsStoreCsiDriver } = stack.controllers ?? {};
  const infra = cluster.application;
  // The ManifestsChart of the SecretProviderClass needs the helm provider.
  if (app.secrets) void stack.helmProvider;
  return inConfig(['application'], () =>
    new Application(stack, 'application', {
      namespace: app.namespace,
      frontend: { ...app.frontend, image: image('frontend') },
      backend: { ...app.backend, image: image('backend') },
      serviceAccountName: infra?.serviceAccount.name,
      serviceAccountAnnotations: infra?.role?.role.serviceAccountAnnotations ?? {},
      ingress:
        app.ingress === false || !ingressNginx
          ? undefined
          : { ...(app.ingress ?? {}), className: ingressNginx.ingressClassName, dependsOn: [ingressNginx.chart.release] },
      secrets:
        app.secrets && secretsStoreCsiDriver
          ? {
              names: app.secrets.names,
              mountPath: app.secrets.mountPath,
              region: config.region,
              usePodIdentity: (infra?.role?.role.mechanism ?? app.mechanism ?? config.workloadIdentity ?? DEFAULT_WORKLOAD_IDENTITY) === 'pod-identity',
              dependsOn: [secretsStoreCsiDriver.driver.release, secretsStoreCsiDriver.provider.release],
            }
          : undefined,
    }),
  );
}
