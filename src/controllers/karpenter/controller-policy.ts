// chapter19-karpenter control-plane/policy.tf (`KarpenterControllerPolicy`): the controller's
// permissions, after the template of Karpenter's getting started guide for the pinned version
// (aws/karpenter-provider-aws at tag v1.14.1, website/content/en/docs/getting-started/
// getting-started-with-karpenter/cloudformation.yaml, the same statement IDs): six
// managed policies there, one inline document here, statement IDs kept. The book's copy grants
// `iam:PassRole` on `*` (any role, to any service) and instance-profile actions without conditions;
// here PassRole names the node role only and passes it to EC2 only, and every write is scoped by
// the tags Karpenter puts on what it creates.
import type { PolicyStatement } from '../../oidc/service-account-role';

export interface KarpenterPolicyContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The cluster's name as a plain string (tag values and keys). */
  readonly clusterName: string;
  readonly clusterArn: string;
  /** The only role Karpenter may pass to its instances. */
  readonly nodeRoleArn: string;
  /** The interruption queue, when there is one. */
  readonly queueArn?: string;
}

/** Resource types Karpenter creates when it launches a node. */
const LAUNCHED = ['fleet', 'instance', 'volume', 'network-interface', 'launch-template', 'spot-instances-request'];

export function karpenterControllerStatements(c: KarpenterPolicyContext): PolicyStatement[] {
  const ec2 = (resource: string, account = '*') => `arn:${c.partition}:ec2:${c.region}:${account}:${resource}`;
  const instanceProfiles = `arn:${c.partition}:iam::${c.accountId}:instance-profile/*`;
  const ownedResource = { test: 'StringEquals', variable: `aws:ResourceTag/kubernetes.io/cluster/${c.clusterName}`, values: ['owned'] };
  const ownedRequest = { test: 'StringEquals', variable: `aws:RequestTag/kubernetes.io/cluster/${c.clusterName}`, values: ['owned'] };
  const clusterNameRequest = { test: 'StringEquals', variable: 'aws:RequestTag/eks:eks-cluster-name', values: [c.clusterName] };
  const anyNodePool = (tag: 'Request' | 'Resource') => ({ test: 'StringLike', variable: `aws:${tag}Tag/karpenter.sh/nodepool`, values: ['*'] });
  const anyNodeClass = (tag: 'Request' | 'Resource') => ({ test: 'StringLike', variable: `aws:${tag}Tag/karpenter.k8s.aws/ec2nodeclass`, values: ['*'] });
  const regionTag = (tag: 'Request' | 'Resource') => ({ test: 'StringEquals', variable: `aws:${tag}Tag/topology.kubernetes.io/region`, values: [c.region] });
  return [
    // KarpenterControllerNodeLifecyclePolicy
    {
      sid: 'AllowScopedEC2InstanceAccessActions',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2('image/*', ''), ec2('snapshot/*', ''), ec2('security-group/*'), ec2('subnet/*'), ec2('capacity-reservation/*'), ec2('placement-group/*')],
    },
    {
      sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2('launch-template/*')],
      conditions: [ownedResource, anyNodePool('Resource')],
    },
    {
      sid: 'AllowScopedEC2InstanceActionsWithTags',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
      resources: LAUNCHED.map((r) => ec2(`${r}/*`)),
      conditions: [ownedRequest, clusterNameRequest, anyNodePool('Request')],
    },
    {
      sid: 'AllowScopedResourceCreationTagging',
      actions: ['ec2:CreateTags'],
      resources: LAUNCHED.map((r) => ec2(`${r}/*`)),
      conditions: [
        ownedRequest,
        clusterNameRequest,
        { test: 'StringEquals', variable: 'ec2:CreateAction', values: ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] },
        anyNodePool('Request'),
      ],
    },
    {
      sid: 'AllowScopedResourceTagging',
      actions: ['ec2:CreateTags'],
      resources: [ec2('instance/*')],
      conditions: [
        ownedResource,
        anyNodePool('Resource'),
        { test: 'StringEqualsIfExists', variable: 'aws:RequestTag/eks:eks-cluster-name', values: [c.clusterName] },
        { test: 'ForAllValues:StringEquals', variable: 'aws:TagKeys', values: ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
      ],
    },
    {
      sid: 'AllowScopedDeletion',
      actions: ['ec2:TerminateInstances', 'ec2:RebootInstances', 'ec2:DeleteLaunchTemplate'],
      resources: [ec2('instance/*'), ec2('launch-template/*')],
      conditions: [ownedResource, anyNodePool('Resource')],
    },
    // KarpenterControllerIAMIntegrationPolicy
    {
      sid: 'AllowPassingInstanceRole',
      actions: ['iam:PassRole'],
      resources: [c.nodeRoleArn],
      conditions: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] }],
    },
    {
      sid: 'AllowScopedInstanceProfileCreationActions',
      actions: ['iam:CreateInstanceProfile'],
      resources: [instanceProfiles],
      conditions: [ownedRequest, clusterNameRequest, regionTag('Request'), anyNodeClass('Request')],
    },
    {
      sid: 'AllowScopedInstanceProfileTagActions',
      actions: ['iam:TagInstanceProfile'],
      resources: [instanceProfiles],
      conditions: [ownedResource, regionTag('Resource'), ownedRequest, clusterNameRequest, regionTag('Request'), anyNodeClass('Resource'), anyNodeClass('Request')],
    },
    {
      sid: 'AllowScopedInstanceProfileActions',
      actions: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
      resources: [instanceProfiles],
      conditions: [ownedResource, regionTag('Resource'), anyNodeClass('Resource')],
    },
    // KarpenterControllerEKSIntegrationPolicy
    { sid: 'AllowAPIServerEndpointDiscovery', actions: ['eks:DescribeCluster'], resources: [c.clusterArn] },
    // KarpenterControllerInterruptionPolicy
    ...(c.queueArn
      ? [{ sid: 'AllowInterruptionQueueActions', actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], resources: [c.queueArn] }]
      : []),
    // KarpenterControllerZonalShiftPolicy
    {
      sid: 'AllowZonalShiftStatusReadOnly',
      actions: ['arc-zonal-shift:GetManagedResource'],
      resources: ['*'],
      conditions: [{ test: 'StringEquals', variable: 'arc-zonal-shift:ResourceIdentifier', values: [c.clusterArn] }],
    },
    // KarpenterControllerResourceDiscoveryPolicy
    {
      sid: 'AllowRegionalReadActions',
      actions: [
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceStatus',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribePlacementGroups',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
      ],
      resources: ['*'],
      conditions: [{ test: 'StringEquals', variable: 'aws:RequestedRegion', values: [c.region] }],
    },
    { sid: 'AllowSSMReadActions', actions: ['ssm:GetParameter'], resources: [`arn:${c.partition}:ssm:${c.region}::parameter/aws/service/*`] },
    { sid: 'AllowPricingReadActions', actions: ['pricing:GetProducts'], resources: ['*'] },
    { sid: 'AllowUnscopedInstanceProfileListAction', actions: ['iam:ListInstanceProfiles'], resources: ['*'] },
    { sid: 'AllowInstanceProfileReadActions', actions: ['iam:GetInstanceProfile'], resources: [instanceProfiles] },
  ];
}
