// Node groups through the configuration: managed and self-managed, their roles, and the paths of
// their errors.
import { addresses, ref, synthPreset, validationLines, warningsOf } from '../helpers/synth';

const SELF_MANAGED = { controlPlane: { accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }, nodeGroups: { default: null, workers: { type: 'self-managed' } } };

describe('managed node groups in the stack', () => {
  test('the launch template is named after the cluster and the group, and tags instances with the default tags', () => {
    const { json } = synthPreset('default', { tags: { team: 'platform' } });
    const lt = json.resource!.aws_launch_template.node_group_default_launch_template;
    expect(lt.name).toBe('eks-default-default');
    expect(lt.tag_specifications[0]).toEqual({ resource_type: 'instance', tags: { Name: 'eks-default-default', cluster: 'eks-default', 'managed-by': 'cdktf', team: 'platform' } });
  });

  test('errors name the configuration path of the setting', () => {
    const lines = validationLines(() => synthPreset('default', { nodeGroups: { default: { instanceTypes: ['t3.small'], launchTemplate: { maxPods: 120, userData: { bottlerocketSettings: {} } } } } }));
    expect(lines).toEqual([
      `'nodeGroups.default.launchTemplate.maxPods' (120) is more pods than t3.small can give addresses to with secondary IPs (11); pods past 11 would wait for an IP forever: enable prefix delegation on the vpc-cni add-on ('addons.vpc-cni.settings.enablePrefixDelegation') or lower it, or use "auto"`,
      `'nodeGroups.default.launchTemplate.userData.bottlerocketSettings' ({}) are Bottlerocket TOML settings; Amazon Linux 2023 reads a nodeadm NodeConfig: use 'userData.nodeConfig'`,
    ]);
  });

  test('a version older than the cluster within the skew policy, and one too old', () => {
    expect(synthPreset('default', { nodeGroups: { default: { version: '1.33' } } }).json.resource!.aws_eks_node_group.node_group_default_group.version).toBe('1.33');
    expect(validationLines(() => synthPreset('default', { nodeGroups: { default: { version: '1.31' } } }))).toEqual([
      `'nodeGroups.default.version' ("1.31") is 4 minor versions older than the control plane (1.35); the kubelet may be at most 3 behind (Kubernetes version skew policy): use 1.32 or later`,
    ]);
  });
});

describe('self-managed node groups in the stack', () => {
  const { json } = synthPreset('default', SELF_MANAGED);

  test('a role of their own, its instance profile and EC2_LINUX access entry', () => {
    expect(addresses(json).filter((a) => a.includes('self_managed'))).toEqual([
      'aws_eks_access_entry.self_managed_nodes_access_entry',
      'aws_iam_instance_profile.self_managed_nodes_instance_profile',
      'aws_iam_role.self_managed_nodes_role',
      'aws_iam_role_policy_attachment.self_managed_nodes_AmazonEC2ContainerRegistryReadOnly',
      'aws_iam_role_policy_attachment.self_managed_nodes_AmazonEKSWorkerNodePolicy',
      'aws_iam_role_policy_attachment.self_managed_nodes_AmazonEKS_CNI_Policy',
      'aws_iam_role_policy_attachment.self_managed_nodes_AmazonSSMManagedInstanceCore',
      'data.aws_iam_policy_document.self_managed_nodes_trust',
    ]);
    expect(json.resource!.aws_iam_role.self_managed_nodes_role.name).toBe('eks-default-self-managed-nodes');
    expect(json.resource!.aws_eks_access_entry.self_managed_nodes_access_entry).toMatchObject({
      cluster_name: ref('aws_eks_cluster.control_plane_cluster.name'),
      principal_arn: ref('aws_iam_role.self_managed_nodes_role.arn'),
      type: 'EC2_LINUX',
    });
  });

  test('the Auto Scaling group in the private subnets, tagged with the cluster name', () => {
    const asg = json.resource!.aws_autoscaling_group.node_group_workers_group;
    expect(asg.vpc_zone_identifier).toEqual([ref('aws_subnet.network_private_subnet_1.id'), ref('aws_subnet.network_private_subnet_2.id')]);
    expect(asg.tag).toContainEqual({ key: 'kubernetes.io/cluster/eks-default', value: 'owned', propagate_at_launch: true });
    const lt = json.resource!.aws_launch_template.node_group_workers_launch_template;
    expect(lt.vpc_security_group_ids).toEqual([ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id')]);
  });

  test('the self-managed role name can be set', () => {
    const { json: j } = synthPreset('default', { ...SELF_MANAGED, nodeRole: { selfManagedRoleName: 'my-nodes' } });
    expect(j.resource!.aws_iam_role.self_managed_nodes_role.name).toBe('my-nodes');
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['no access entry authentication mode', { controlPlane: { accessConfig: null }, nodeGroups: { workers: { type: 'self-managed' } } }, `'controlPlane.accessConfig.authenticationMode' must be "API" or "API_AND_CONFIG_MAP": self-managed node groups (workers) join through an EC2_LINUX access entry for their role`],
    ['CONFIG_MAP', { ...SELF_MANAGED, controlPlane: { accessConfig: { authenticationMode: 'CONFIG_MAP' } } }, `'controlPlane.accessConfig.authenticationMode' ("CONFIG_MAP") must be "API" or "API_AND_CONFIG_MAP"`],
    ['a managed-only setting', { ...SELF_MANAGED, nodeGroups: { default: null, workers: { type: 'self-managed', releaseVersion: '1.35.0-20251120' } } }, `'nodeGroups.workers.releaseVersion' ("1.35.0-20251120") pins an EKS AMI release of a managed node group`],
    ['an unknown type', { nodeGroups: { workers: { type: 'fargate' } } }, `'nodeGroups.workers.type' ("fargate") must be one of "managed", "self-managed"`],
    ['a derived role name too long', { ...SELF_MANAGED, clusterName: 'c'.repeat(50) }, `'nodeRole.selfManagedRoleName' ("${'c'.repeat(50)}-self-managed-nodes") must be 1 to 64 characters`],
  ])('throws on %s', (_case, settings, expected) => {
    expect(validationLines(() => synthPreset('default', settings)).join('\n')).toContain(expected);
  });
});

describe('subnet capacity in the stack', () => {
  test('synthesis fails when the private subnets cannot hold the node groups at max size', () => {
    const lines = validationLines(() =>
      synthPreset('chapter07', { network: { privateSubnetCidrs: ['10.0.3.0/27', '10.0.4.0/27'] }, nodeGroups: { 'private-managed-node-group': { maxSize: 6 } } }),
    );
    expect(lines).toEqual([
      `'network.privateSubnetCidrs' (["10.0.3.0/27","10.0.4.0/27"]) hold 54 usable addresses (2 subnets x (32 - 5 reserved by AWS)), fewer than the 72 the node groups take at their maximum size: private-managed-node-group: 6 nodes x 12 (t3.small: 3 ENIs x 4 addresses (secondary IPs, 11 pods)) = 72; use larger subnets, a smaller 'maxSize' or fewer pods per node ('launchTemplate.maxPods')`,
    ]);
  });

  test('prefix delegation from the vpc-cni add-on counts /28 prefixes', () => {
    const lines = validationLines(() => synthPreset('chapter07-prefix', { nodeGroups: { 'private-node-group': { maxSize: 4 } } }));
    expect(lines.join('\n')).toContain('private-node-group: 4 nodes x 131 (t3.small: 8 /28 prefixes x 16 + 3 ENI addresses (prefix delegation, 110 pods)) = 524');
  });

  test('public node groups are checked against the public subnets', () => {
    const lines = validationLines(() => synthPreset('chapter03', { nodeGroups: { edge: { subnets: 'public', instanceTypes: ['m6i.large'], maxSize: 20, minSize: 1, desiredSize: 1 } } }));
    expect(lines.join('\n')).toContain(`'network.publicSubnetCidrs' (["10.0.5.0/24","10.0.6.0/24"]) hold 502 usable addresses`);
  });

  test('a node group of unknown instance types synthesizes with a warning', () => {
    const { stack } = synthPreset('default', { nodeGroups: { default: { instanceTypes: ['x9.large'] } } });
    expect(warningsOf(stack)).toContain('Subnet capacity not checked for node group default: x9.large is not in the instance type table (src/dataplane/nodes/instance-types.ts)');
  });
});
