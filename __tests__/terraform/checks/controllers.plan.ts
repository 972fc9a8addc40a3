// Planned values of the controllers' AWS side (book chapters 14-alb, 19, 20): roles and their trust
// and inline policies (parsed JSON), Karpenter's queue, rules, access entry and discovery tag,
// Istio's webhook rule, VPC Lattice's prefix list rule and service network, and their tags.
import type { PlanChecks } from './plan-checks';

const DEFAULT_TAGS = (cluster: string) => ({ cluster, 'managed-by': 'cdktf' });

export function register(checks: PlanChecks): void {
  // The IRSA trust names the cluster's issuer, known only once the cluster exists (jest asserts on
  // its document); the policy is known at plan.
  test('chapter14-alb: the controller role gets the upstream policy in the aws partition; the node role does not', () => {
    const role = checks.values('chapter14-alb', 'aws_iam_role.aws_load_balancer_controller_controller_role');
    expect(role.name).toBe('MyAmazonEKSLoadBalancerControllerRole');
    expect(checks.ofType('chapter14-alb', 'aws_iam_role_policy_attachment').size).toBe(5);
    const policy = JSON.parse(checks.values('chapter14-alb', 'aws_iam_role_policy.aws_load_balancer_controller_controller_inline_policy').policy);
    expect(policy.Statement).toHaveLength(16);
    expect(policy.Statement.find((s: any) => s.Action === 'elasticloadbalancing:RegisterTargets' || (Array.isArray(s.Action) && s.Action.includes('elasticloadbalancing:RegisterTargets'))).Resource).toBe(
      'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
    );
    expect(checks.values('chapter14-alb', 'aws_iam_role.aws_load_balancer_controller_controller_role').tags_all).toEqual(DEFAULT_TAGS('public-endpoint-cluster'));
  });

  test('chapter19-autoscaler: scale and terminate only on Auto Scaling groups tagged for autoscaler-cluster', () => {
    const policy = JSON.parse(checks.values('chapter19-autoscaler', 'aws_iam_role_policy.cluster_autoscaler_controller_inline_policy').policy);
    const scale = policy.Statement.find((s: any) => s.Sid === 'ScaleThisClustersNodeGroups');
    expect(scale.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/autoscaler-cluster': 'owned', 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled': 'true' },
    });
    expect(checks.values('chapter19-autoscaler', 'aws_eks_node_group.node_group_autoscaler_cluster_ng_group').tags).toEqual({
      'k8s.io/cluster-autoscaler/enabled': 'true',
      'k8s.io/cluster-autoscaler/autoscaler-cluster': 'owned',
    });
  });

  test('chapter19-karpenter: Pod Identity trust, the EC2_LINUX access entry and the discovery tag on the cluster security group', () => {
    const role = checks.values('chapter19-karpenter', 'aws_iam_role.karpenter_controller_role');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Action: ['sts:TagSession', 'sts:AssumeRole'], Principal: { Service: 'pods.eks.amazonaws.com' } },
    ]);
    expect(checks.values('chapter19-karpenter', 'aws_eks_pod_identity_association.karpenter_controller_association_karpenter_karpenter')).toMatchObject({
      namespace: 'karpenter',
      service_account: 'karpenter',
    });
    expect(checks.values('chapter19-karpenter', 'aws_iam_role.karpenter_nodes_role').name).toBe('KarpenterNodeRole-karpenter-cluster');
    expect(checks.values('chapter19-karpenter', 'aws_eks_access_entry.karpenter_nodes_access_entry').type).toBe('EC2_LINUX');
    expect(checks.values('chapter19-karpenter', 'aws_ec2_tag.karpenter_security_group_discovery_tag')).toMatchObject({ key: 'karpenter.sh/discovery', value: 'karpenter-cluster' });
  });

  test('chapter19-karpenter: the interruption queue (SSE-SQS, 300 s, tagged) and its five EventBridge rules', () => {
    expect(checks.values('chapter19-karpenter', 'aws_sqs_queue.karpenter_interruption_queue')).toMatchObject({
      name: 'karpenter-cluster',
      message_retention_seconds: 300,
      sqs_managed_sse_enabled: true,
      tags_all: DEFAULT_TAGS('karpenter-cluster'),
    });
    const rules = checks.ofType('chapter19-karpenter', 'aws_cloudwatch_event_rule');
    expect([...rules.values()].map((r) => JSON.parse(r.event_pattern)['detail-type'][0]).sort()).toEqual([
      'AWS Health Event',
      'EC2 Capacity Reservation Instance Interruption Warning',
      'EC2 Instance Rebalance Recommendation',
      'EC2 Instance State-change Notification',
      'EC2 Spot Instance Interruption Warning',
    ]);
    expect([...checks.ofType('chapter19-karpenter', 'aws_cloudwatch_event_target').values()].map((t) => t.target_id)).toEqual(Array(5).fill('KarpenterInterruptionQueueTarget'));
  });

  test('chapter20-istio: the node security group admits the control plane on 15017, nothing from the internet', () => {
    const rules = [...checks.ofType('chapter20-istio', 'aws_vpc_security_group_ingress_rule').values()];
    expect(rules.filter((r) => r.from_port === 15017)).toEqual([expect.objectContaining({ ip_protocol: 'tcp', to_port: 15017 })]);
    expect(rules.filter((r) => r.cidr_ipv4 === '0.0.0.0/0')).toEqual([]);
  });

  test('chapter20-lattice: the controller role, all traffic from the Lattice prefix list, the service network and its VPC association', () => {
    const policy = JSON.parse(checks.values('chapter20-lattice', 'aws_iam_role_policy.vpc_lattice_controller_inline_policy').policy);
    expect(policy.Statement[0].Action).toEqual(expect.arrayContaining(['vpc-lattice:*', 'tag:TagResources']));
    expect(checks.values('chapter20-lattice', 'aws_vpc_security_group_ingress_rule.vpc_lattice_prefix_list_ingress_1')).toMatchObject({
      prefix_list_id: 'pl-07cbd8b5e26960eac',
      ip_protocol: '-1',
    });
    expect(checks.values('chapter20-lattice', 'aws_vpclattice_service_network.vpc_lattice_service_network')).toMatchObject({
      name: 'color-app-vpc-lattice-network',
      auth_type: 'NONE',
      tags_all: DEFAULT_TAGS('lattice-cluster'),
    });
    expect(checks.plan('chapter20-lattice').resources.has('aws_vpclattice_service_network_vpc_association.vpc_lattice_service_network_vpc_association')).toBe(true);
  });
}
