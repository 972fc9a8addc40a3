// The Kubernetes side of the `controllers` section: the Helm releases and manifests, wired to what
// the AWS stack created for them (role ARNs for IRSA annotations, the queue, the node role, the
// VPC), which CDKTF reads from the AWS stack's state.
import { DefaultTokenResolver, dependable, StringConcat, TerraformResource, Tokenization } from 'cdktf';
import type { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/schema';
import { AckS3Controller } from '../controllers/ack-s3-controller/ack-s3-controller';
import { defaultBucketNamePrefix, defaultSampleBucketName } from '../controllers/ack-s3-controller/buckets';
import { AwsLoadBalancerController } from '../controllers/aws-load-balancer-controller/aws-load-balancer-controller';
import { ClusterAutoscaler } from '../controllers/cluster-autoscaler/cluster-autoscaler';
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from '../controllers/cluster-autoscaler/image-tags';
import { Istio } from '../controllers/istio/istio';
import { Karpenter } from '../controllers/karpenter/karpenter';
import { serviceNetworkName } from '../controllers/private/schema';
import { IngressNginx } from '../controllers/ingress-nginx/ingress-nginx';
import { SecretsStoreCsiDriver } from '../controllers/secrets-store-csi-driver/secrets-store-csi-driver';
import { GatewayApiController } from '../controllers/vpc-lattice/gateway-api-controller';
import { DEFAULT_KUBERNETES_VERSION } from '../controlplane/kubernetes-versions';
import { inConfig } from '../private/in-config';
import type { EksCluster } from '../cluster/eks-cluster';
import type { KubernetesStack } from './kubernetes-stack';

/** The controllers installed in the Kubernetes stack. */
export interface Controllers {
  readonly awsLoadBalancerController?: AwsLoadBalancerController;
  readonly clusterAutoscaler?: ClusterAutoscaler;
  readonly karpenter?: Karpenter;
  readonly istio?: Istio;
  readonly vpcLattice?: GatewayApiController;
  readonly ingressNginx?: IngressNginx;
  readonly secretsStoreCsiDriver?: SecretsStoreCsiDriver;
  readonly ackS3Controller?: AckS3Controller;
}

/** Installs every configured controller; their AWS side must already be in `cluster` (EksCluster does that). */
export function addControllers(stack: KubernetesStack, cluster: EksCluster, config: ResolvedConfig): Controllers {
  const c = config.controllers ?? {};
  const infra = cluster.controllers ?? {};
  const cp = cluster.controlPlane;
  // The charts need the helm provider.
  void stack.helmProvider;
  const result: { -readonly [K in keyof Controllers]: Controllers[K] } = {};

  if (c.awsLoadBalancerController && infra.awsLoadBalancerController) {
    const { roleName: _r, mechanism: _m, serviceAccountName: _s, ...s } = c.awsLoadBalancerController;
    const role = infra.awsLoadBalancerController;
    result.awsLoadBalancerController = new AwsLoadBalancerController(stack, 'aws-load-balancer-controller', {
      ...s,
      clusterName: cp.clusterName,
      region: config.region,
      vpcId: cluster.network.vpcId,
      serviceAccount: role.serviceAccount,
      serviceAccountAnnotations: role.role.serviceAccountAnnotations,
    });
  }
  if (c.clusterAutoscaler && infra.clusterAutoscaler) {
    const { roleName: _r, mechanism: _m, imageTag, ...s } = c.clusterAutoscaler;
    const role = infra.clusterAutoscaler;
    result.clusterAutoscaler = new ClusterAutoscaler(stack, 'cluster-autoscaler', {
      clusterName: cp.clusterName,
      region: config.region,
      // The configuration checks made sure one of the two exists.
      imageTag: imageTag ?? CLUSTER_AUTOSCALER_IMAGE_TAGS[config.clusterVersion ?? DEFAULT_KUBERNETES_VERSION],
      serviceAccount: role.serviceAccount,
      serviceAccountAnnotations: role.role.serviceAccountAnnotations,
      settings: s,
    });
  }
  if (c.karpenter && infra.karpenter) {
    const { roleName: _r, mechanism: _m, nodeRoleName: _n, interruptionQueue: _q, ...s } = c.karpenter;
    const k = infra.karpenter;
    result.karpenter = new Karpenter(stack, 'karpenter', {
      clusterName: cp.clusterName,
      discoveryTagValue: config.clusterName,
      clusterEndpoint: cp.clusterEndpoint,
      interruptionQueueName: k.queueName,
      nodeRoleName: k.nodeRole.roleName,
      serviceAccount: k.serviceAccount,
      serviceAccountAnnotations: k.controllerRole.serviceAccountAnnotations,
      settings: s,
    });
  }
  if (c.istio) result.istio = new Istio(stack, 'istio', { settings: c.istio });
  if (c.vpcLattice && infra.vpcLattice) {
    const { roleName: _r, mechanism: _m, prefixListIds: _p, lookupPrefixList: _l, serviceNetwork, ...s } = c.vpcLattice;
    const lattice = infra.vpcLattice;
    result.vpcLattice = new GatewayApiController(stack, 'vpc-lattice', {
      clusterName: cp.clusterName,
      region: config.region,
      accountId: lattice.accountId,
      vpcId: cluster.network.vpcId,
      serviceAccount: lattice.serviceAccount,
      serviceAccountAnnotations: lattice.role.serviceAccountAnnotations,
      // The configured name, a plain string: it names the sample's Gateway (an object name, a file name).
      serviceNetworkName: serviceNetworkName(serviceNetwork, config.clusterName),
      settings: s,
    });
  }
  if (c.ingressNginx) {
    const s = c.ingressNginx;
    const lbc = result.awsLoadBalancerController;
    result.ingressNginx = inConfig(['controllers', 'ingressNginx'], () =>
      new IngressNginx(stack, 'ingress-nginx', {
        ...s,
        // With the AWS Load Balancer Controller, its annotations, after its webhook is up; else the in-tree NLB.
        provisioner: lbc ? 'aws-load-balancer-controller' : 'in-tree',
        dependsOn: lbc ? [lbc.chart.release] : [],
      }),
    );
  }
  if (c.secretsStoreCsiDriver) {
    const s = c.secretsStoreCsiDriver;
    // Token requests for the mechanism the application's role uses (IRSA or Pod Identity), else the stack's.
    const workloadIdentities = s.workloadIdentities ?? [cluster.application?.role?.role.mechanism ?? cluster.workloadIdentity];
    result.secretsStoreCsiDriver = inConfig(['controllers', 'secretsStoreCsiDriver'], () =>
      new SecretsStoreCsiDriver(stack, 'secrets-store-csi-driver', { ...s, workloadIdentities, region: config.region }),
    );
  }
  if (c.ackS3Controller && infra.ackS3Controller) {
    const s = c.ackS3Controller;
    const role = infra.ackS3Controller;
    result.ackS3Controller = inConfig(['controllers', 'ackS3Controller'], () =>
      new AckS3Controller(stack, 'ack-s3-controller', {
        region: config.region,
        serviceAccount: role.serviceAccount,
        serviceAccountAnnotations: role.role.serviceAccountAnnotations,
        version: s.version,
        values: s.values,
        sampleBucketName: s.sampleApp ? (s.sampleBucketName ?? defaultSampleBucketName(role.bucketNamePrefix ?? defaultBucketNamePrefix(config.clusterName))) : undefined,
      }),
    );
  }
  return result;
}

/**
 * What admission sends to the AWS Load Balancer Controller's webhooks: its chart registers
 * `mservice.elbv2.k8s.aws` for every Service but its own, and webhooks for Ingresses and
 * TargetGroupBindings, failing closed (aws/eks-charts stable/aws-load-balancer-controller
 * templates/webhook.yaml at v3.5.0). Created before the controller answers, such an object is
 * refused ("failed calling webhook "mservice.elbv2.k8s.aws" … no endpoints available",
 * kubernetes-sigs/aws-load-balancer-controller#3170, #4140). Helm releases count as a whole: a
 * chart may hold a Service, and nothing here reads the templates of a remote chart.
 */
const ADMITTED_BY_THE_CONTROLLER = new Set([
  'helm_release',
  'kubernetes_service',
  'kubernetes_service_v1',
  'kubernetes_ingress',
  'kubernetes_ingress_v1',
  'kubernetes_manifest',
]);

/** Makes every Service, Ingress and TargetGroupBinding of `scope` (and every other Helm release) wait for the controller's `release`. */
export function waitForLoadBalancerController(scope: Construct, release: TerraformResource): void {
  // dependsOn holds tokens (dependable()): compared as the addresses they resolve to.
  const resolver = new DefaultTokenResolver(new StringConcat());
  const address = (x: unknown) => JSON.stringify(Tokenization.resolve(x, { scope, resolver }));
  const lbc = address(dependable(release));
  // The release itself, and what it waits for (a cycle otherwise).
  const own = new Set([lbc, ...(release.dependsOn ?? []).map(address)]);
  for (const c of scope.node.findAll()) {
    if (!TerraformResource.isTerraformResource(c) || !ADMITTED_BY_THE_CONTROLLER.has(c.terraformResourceType)) continue;
    if (own.has(address(dependable(c))) || (c.dependsOn ?? []).map(address).includes(lbc)) continue;
    c.dependsOn = [...(c.dependsOn ?? []), dependable(release)];
  }
}
