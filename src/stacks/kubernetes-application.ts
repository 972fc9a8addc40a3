// The Kubernetes side of the `application` section (seed 001's second code base): the application
// wired to what the AWS stack made for it (repository URLs for the images, the backend's role for
// its service account) and to the controllers its Ingress and secrets volume need. CDKTF reads the
// AWS values from the AWS stack's state.
import { Application, type ApplicationIngressProps } from '../application/application';
import { ALB_INGRESS_ANNOTATIONS, ALB_INGRESS_CLASS, albHealthCheckAnnotations } from '../controllers/aws-load-balancer-controller/aws-load-balancer-controller';
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
  const { ingressNginx, awsLoadBalancerController: lbc, secretsStoreCsiDriver } = stack.controllers ?? {};
  // ingress-nginx when it is configured (seed 001's design), else the AWS Load Balancer
  // Controller's ALB: `controllers.ingressNginx: null` over mastering-terraform is the switch.
  let ingress: ApplicationIngressProps | undefined;
  if (app.ingress !== false && ingressNginx) ingress = { ...(app.ingress ?? {}), className: ingressNginx.ingressClassName, dependsOn: [ingressNginx.chart.release] };
  else if (app.ingress !== false && lbc) {
    ingress = { ...(app.ingress ?? {}), className: ALB_INGRESS_CLASS, annotations: { ...ALB_INGRESS_ANNOTATIONS }, serviceAnnotations: albHealthCheckAnnotations, dependsOn: [lbc.chart.release] };
  }
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
      ingress,
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
