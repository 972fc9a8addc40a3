// The AWS side of the `controllers` section: roles for the controllers' service accounts,
// Karpenter's node role, access entry and interruption queue, Istio's webhook port, VPC Lattice's
// prefix list rules and service network, the ACK S3 controller's role. The Kubernetes stack installs the charts
// (kubernetes-controllers.ts).
import { AckS3ControllerRole } from '../../controllers/ack-s3-controller/ack-s3-controller-role';
import { defaultBucketNamePrefix } from '../../controllers/ack-s3-controller/buckets';
import { LoadBalancerControllerRole } from '../../controllers/aws-load-balancer-controller/load-balancer-controller-role';
import { ClusterAutoscalerRole } from '../../controllers/cluster-autoscaler/cluster-autoscaler-role';
import { ISTIO_TRAFFIC } from '../../controllers/istio/istio-traffic';
import { KarpenterInfrastructure } from '../../controllers/karpenter/karpenter-infrastructure';
import type { ControllerIdentity } from '../../controllers/private/iam';
import { CONTROLLER_ACCOUNTS, controllerRoleName, serviceNetworkName } from '../../controllers/private/schema';
import { VpcLatticeInfrastructure } from '../../controllers/vpc-lattice/vpc-lattice-infrastructure';
import type { WorkloadIdentityMechanism } from '../../oidc/private/schema';
import type { EksCluster, EksClusterProps } from '../eks-cluster';
import { inConfig } from '../../private/in-config';

/** What the cluster created for the configured controllers. */
export interface ControllerInfrastructure {
  readonly awsLoadBalancerController?: LoadBalancerControllerRole;
  readonly clusterAutoscaler?: ClusterAutoscalerRole;
  readonly karpenter?: KarpenterInfrastructure;
  readonly vpcLattice?: VpcLatticeInfrastructure;
  readonly ackS3Controller?: AckS3ControllerRole;
}

const roleName = (config: EksClusterProps, suffix: string) => controllerRoleName(config.clusterName, suffix);

/**
 * Adds the AWS side of every configured controller to `cluster`; `identity` turns a controller's
 * `mechanism` (undefined: the cluster's `workloadIdentity`) into what its role's trust needs.
 */
export function addControllerInfrastructure(
  cluster: EksCluster,
  config: EksClusterProps,
  identity: (mechanism: WorkloadIdentityMechanism | undefined) => ControllerIdentity,
): ControllerInfrastructure {
  const c = config.controllers ?? {};
  const cp = cluster.controlPlane;
  const result: { -readonly [K in keyof ControllerInfrastructure]: ControllerInfrastructure[K] } = {};

  if (c.awsLoadBalancerController) {
    const s = c.awsLoadBalancerController;
    result.awsLoadBalancerController = inConfig(['controllers', 'awsLoadBalancerController'], () =>
      new LoadBalancerControllerRole(cluster, 'aws-load-balancer-controller', {
        roleName: s.roleName ?? roleName(config, 'aws-load-balancer-controller'),
        identity: identity(s.mechanism),
        serviceAccount: { namespace: CONTROLLER_ACCOUNTS.awsLoadBalancerController.namespace, name: s.serviceAccountName ?? CONTROLLER_ACCOUNTS.awsLoadBalancerController.name },
        policyArns: s.policyArns,
      }),
    );
  }
  if (c.clusterAutoscaler) {
    const s = c.clusterAutoscaler;
    result.clusterAutoscaler = inConfig(['controllers', 'clusterAutoscaler'], () =>
      new ClusterAutoscalerRole(cluster, 'cluster-autoscaler', {
        roleName: s.roleName ?? roleName(config, 'cluster-autoscaler'),
        clusterName: config.clusterName,
        identity: identity(s.mechanism),
      }),
    );
  }
  if (c.karpenter) {
    const s = c.karpenter;
    result.karpenter = inConfig(['controllers', 'karpenter'], () =>
      new KarpenterInfrastructure(cluster, 'karpenter', {
        cluster: cp,
        clusterName: config.clusterName,
        region: config.region,
        roleName: s.roleName ?? roleName(config, 'karpenter'),
        nodeRoleName: s.nodeRoleName ?? roleName(config, 'karpenter-nodes'),
        identity: identity(s.mechanism),
        interruptionQueue: s.interruptionQueue,
      }),
    );
  }
  // istiod's webhooks on 15017, where the control plane or the nodes have groups of their own.
  if (c.istio) cp.addTrafficFlows(ISTIO_TRAFFIC);
  if (c.vpcLattice) {
    const s = c.vpcLattice;
    result.vpcLattice = inConfig(['controllers', 'vpcLattice'], () =>
      new VpcLatticeInfrastructure(cluster, 'vpc-lattice', {
        roleName: s.roleName ?? roleName(config, 'vpc-lattice-controller'),
        identity: identity(s.mechanism),
        region: config.region,
        vpcId: cluster.network.vpcId,
        nodesSecurityGroupId: cp.nodesSecurityGroupId,
        prefixListIds: s.prefixListIds,
        lookupPrefixList: s.lookupPrefixList,
        serviceNetworkName: serviceNetworkName(s.serviceNetwork, config.clusterName),
        policyArns: s.policyArns,
      }),
    );
  }
  if (c.ackS3Controller) {
    const s = c.ackS3Controller;
    result.ackS3Controller = inConfig(['controllers', 'ackS3Controller'], () =>
      new AckS3ControllerRole(cluster, 'ack-s3-controller', {
        roleName: s.roleName ?? roleName(config, 'ack-s3-controller'),
        identity: identity(s.mechanism),
        serviceAccount: { namespace: CONTROLLER_ACCOUNTS.ackS3Controller.namespace, name: s.serviceAccountName ?? CONTROLLER_ACCOUNTS.ackS3Controller.name },
        permissions: s.permissions,
        bucketNamePrefix: s.permissions === 'AmazonS3FullAccess' ? undefined : (s.bucketNamePrefix ?? defaultBucketNamePrefix(config.clusterName)),
      }),
    );
  }
  return result;
}
