// chapter19-autoscaler control-plane/oidc.tf (`ClusterAutoScalerRole-<cluster>` and
// `cluster-autoscaler-policy`): the AWS side of the Cluster Autoscaler.
import { Construct } from 'constructs';
import { PolicyStatement, ServiceAccountRef, ServiceAccountRole } from '../../oidc/service-account-role';
import { partitionOf } from '../../private/aws';
import { ControllerIdentity } from '../private/iam';
import { CONTROLLER_ACCOUNTS } from '../private/schema';

export interface ClusterAutoscalerRoleProps {
  /** Name of the role (book: `ClusterAutoScalerRole-autoscaler-cluster`). */
  readonly roleName: string;
  /** The cluster's name as a plain string: it is part of the tag keys the policy tests. */
  readonly clusterName: string;
  /** IRSA (the book) or Pod Identity. */
  readonly identity: ControllerIdentity;
}

/**
 * The actions of the upstream "Full Cluster Autoscaler Features Policy" (cluster-autoscaler
 * cloudprovider/aws/README.md, plus the book's `autoscaling:DescribeTags`). The README asks to
 * restrict the second block "by either specifying ASG ARNs or using tag based conditionals"; the
 * book leaves it on `*`, so the controller could resize and terminate instances of any Auto Scaling
 * group in the account. Here it is limited to groups carrying both discovery tags of this cluster,
 * which EKS puts on the Auto Scaling groups of managed node groups ("Nodes launched as part of a
 * managed node group are automatically tagged for auto-discovery by the Kubernetes cluster
 * autoscaler", EKS user guide) and self-managed groups get from their `tags`. The README grants
 * `eks:DescribeNodegroup` on `*` too; it reads only this cluster's managed node groups, so it is
 * granted on their ARNs (`nodegroup/<cluster>/<name>/<id>`, Service Authorization Reference).
 */
export function clusterAutoscalerStatements(clusterName: string, partition = 'aws'): PolicyStatement[] {
  return [
    {
      sid: 'DiscoverNodeGroups',
      actions: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities',
        'autoscaling:DescribeTags',
        'ec2:DescribeImages',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:GetInstanceTypesFromInstanceRequirements',
      ],
      resources: ['*'],
    },
    {
      sid: 'ScaleThisClustersNodeGroups',
      actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      resources: ['*'],
      conditions: [
        { test: 'StringEquals', variable: `aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`, values: ['owned'] },
        { test: 'StringEquals', variable: 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled', values: ['true'] },
      ],
    },
    { sid: 'DescribeThisClustersNodeGroups', actions: ['eks:DescribeNodegroup'], resources: [`arn:${partition}:eks:*:*:nodegroup/${clusterName}/*/*`] },
  ];
}

/** The Cluster Autoscaler's role, for kube-system/cluster-autoscaler only. */
export class ClusterAutoscalerRole extends Construct {
  readonly role: ServiceAccountRole;
  readonly serviceAccount: ServiceAccountRef = CONTROLLER_ACCOUNTS.clusterAutoscaler;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerRoleProps) {
    super(scope, id);
    this.role = new ServiceAccountRole(this, 'controller', {
      ...props.identity,
      roleName: props.roleName,
      serviceAccounts: [this.serviceAccount],
      policyStatements: clusterAutoscalerStatements(props.clusterName, partitionOf(this)),
    });
  }
}
