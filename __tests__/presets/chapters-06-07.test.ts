// Book chapters 6 and 7: each preset reproduces its chapter folder (book-map chapter06*, chapter07*).
import { presetAsIs, ref, resources, synthPreset } from '../helpers/synth';
import { decodeUserData, nodeConfigs } from '../helpers/user-data';

const r = (preset: string, type: string) => resources(presetAsIs(preset).json, type);
const R3 = ['tcp/10250/10.0.0.0/16', 'tcp/443/0.0.0.0/0', 'tcp/53/10.0.0.0/16', 'udp/53/10.0.0.0/16'];
const egress = (preset: string) => Object.values(r(preset, 'aws_vpc_security_group_egress_rule')).map((e) => `${e.ip_protocol}/${e.from_port}/${e.cidr_ipv4}`).sort();
const ingress = (preset: string) => Object.values(r(preset, 'aws_vpc_security_group_ingress_rule')).map((e) => `${e.ip_protocol}/${e.from_port}/${e.cidr_ipv4}`).sort();
const maxPodsOf = (lt: any) => nodeConfigs(decodeUserData(lt.user_data))[0].spec.kubelet.config.maxPods;

describe.each(['chapter06', 'chapter06-launch-template', 'chapter06-self-managed', 'chapter06-graceful-upgrade', 'chapter07', 'chapter07-prefix'])('%s: the chapter 6-7 cluster', (preset) => {
  const { json, warnings } = presetAsIs(preset);

  test('public-endpoint-cluster, roles public-endpoint-cluster-role and -nodes, VPC private-endpoint-cluster-vpc', () => {
    expect(json.resource!.aws_eks_cluster.control_plane_cluster).toMatchObject({ name: 'public-endpoint-cluster', version: '1.35', vpc_config: { endpoint_public_access: true } });
    expect(json.resource!.aws_iam_role.control_plane_cluster_role.name).toBe('public-endpoint-cluster-role');
    expect(json.resource!.aws_vpc.network_vpc.tags.Name).toBe('private-endpoint-cluster-vpc');
    expect(json.resource!.aws_subnet.network_private_subnet_1.cidr_block).toBe('10.0.3.0/24');
    expect(Object.keys(resources(json, 'aws_nat_gateway'))).toEqual(['network_nat_gateway_1']);
    expect(warnings).toEqual([expect.stringContaining('public to the whole internet')]);
  });
});

describe('chapter06: the launch template EKS creates', () => {
  const ng = r('chapter06', 'aws_eks_node_group').node_group_private_node_group_group;

  test('private-node-group: ON_DEMAND t3.small, 1/2/1, label name=nodes, no launch template of ours, R3', () => {
    expect(ng).toMatchObject({ node_group_name: 'private-node-group', capacity_type: 'ON_DEMAND', instance_types: ['t3.small'], scaling_config: { desired_size: 1, max_size: 2, min_size: 1 }, labels: { name: 'nodes' }, disk_size: 20 });
    expect(ng.launch_template).toBeUndefined();
    expect(r('chapter06', 'aws_launch_template')).toEqual({});
    expect(r('chapter06', 'aws_iam_role').nodes_role.name).toBe('public-endpoint-cluster-nodes');
    expect(egress('chapter06')).toEqual(R3);
  });
});

describe('chapter06-launch-template: custom-launch-template', () => {
  const lt = r('chapter06-launch-template', 'aws_launch_template').node_group_private_node_group_launch_template;
  const ng = r('chapter06-launch-template', 'aws_eks_node_group').node_group_private_node_group_group;

  test('the template: IMDSv2 hop 1, 50 GiB encrypted root disk, max pods 11 for a t3.small (the book writes 120)', () => {
    expect(lt).toMatchObject({
      name: 'custom-launch-template',
      metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' },
      block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_size: 50, encrypted: 'true', volume_type: 'gp3' } }],
    });
    expect(lt.image_id).toBeUndefined();
    expect(maxPodsOf(lt)).toBe(11);
  });

  test('private-node-group: 1/3/1 on the template, EKS picks the AL2023 AMI of the version', () => {
    expect(ng).toMatchObject({ node_group_name: 'private-node-group', ami_type: 'AL2023_x86_64_STANDARD', scaling_config: { desired_size: 1, max_size: 3, min_size: 1 } });
    expect(ng.launch_template.version).toBe(ref('aws_launch_template.node_group_private_node_group_launch_template.latest_version'));
  });

  test('R3+443in, 443 admitted from the VPC only', () => {
    expect(egress('chapter06-launch-template')).toEqual(R3);
    expect(ingress('chapter06-launch-template')).toEqual(['tcp/443/10.0.0.0/16']);
  });
});

describe('chapter06-self-managed: self-managed nodes for real', () => {
  const { json } = presetAsIs('chapter06-self-managed');
  const res = (type: string) => resources(json, type);

  test('no managed node group: an Auto Scaling group private-node-group of one to three t3.small', () => {
    expect(res('aws_eks_node_group')).toEqual({});
    const asg = res('aws_autoscaling_group').node_group_private_node_group_group;
    expect(asg).toMatchObject({ name: 'private-node-group', min_size: 1, max_size: 3, desired_capacity: 1 });
    expect(asg.tag).toEqual([
      { key: 'Name', value: 'public-endpoint-cluster-private-node-group', propagate_at_launch: true },
      { key: 'kubernetes.io/cluster/public-endpoint-cluster', value: 'owned', propagate_at_launch: true },
    ]);
  });

  test('self-managed-launch-template: the EKS AL2023 image through its SSM parameter, nodeadm joins the node', () => {
    const lt = res('aws_launch_template').node_group_private_node_group_launch_template;
    expect(lt).toMatchObject({
      name: 'self-managed-launch-template',
      image_id: 'resolve:ssm:/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id',
      iam_instance_profile: { arn: ref('aws_iam_instance_profile.self_managed_nodes_instance_profile.arn') },
    });
    expect(nodeConfigs(decodeUserData(lt.user_data))[0].spec).toEqual({
      cluster: {
        name: ref('aws_eks_cluster.control_plane_cluster.name'),
        apiServerEndpoint: ref('aws_eks_cluster.control_plane_cluster.endpoint'),
        certificateAuthority: ref('aws_eks_cluster.control_plane_cluster.certificate_authority[0].data'),
        cidr: ref('aws_eks_cluster.control_plane_cluster.kubernetes_network_config[0].service_ipv4_cidr'),
      },
      kubelet: { config: { maxPods: 11 }, flags: ['--node-labels=name=nodes'] },
    });
  });

  test('access_config API_AND_CONFIG_MAP and the EC2_LINUX access entry of the nodes role', () => {
    expect(res('aws_eks_cluster').control_plane_cluster.access_config).toEqual({ authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true });
    expect(res('aws_eks_access_entry').self_managed_nodes_access_entry).toMatchObject({ type: 'EC2_LINUX', principal_arn: ref('aws_iam_role.self_managed_nodes_role.arn') });
    expect(res('aws_iam_role').self_managed_nodes_role.name).toBe('public-endpoint-cluster-self-managed-nodes');
  });
});

describe('chapter06-graceful-upgrade: blue/green node groups', () => {
  const ngs = r('chapter06-graceful-upgrade', 'aws_eks_node_group');

  test('two groups, 1.34 next to the cluster version, each named with a prefix and replaced new-before-old', () => {
    expect(ngs.node_group_private_node_group_1_group).toMatchObject({ node_group_name_prefix: 'private-node-group-1-', version: '1.34', labels: { name: 'node-group-1' }, lifecycle: { create_before_destroy: true } });
    expect(ngs.node_group_private_node_group_2_group).toMatchObject({
      node_group_name_prefix: 'private-node-group-2-',
      version: ref('aws_eks_cluster.control_plane_cluster.version'),
      labels: { name: 'node-group-2' },
      lifecycle: { create_before_destroy: true },
    });
  });

  test('each group on its own launch template, no security group rules (the chapter comments them out)', () => {
    const lts = r('chapter06-graceful-upgrade', 'aws_launch_template');
    expect(Object.values(lts).map((lt) => lt.name).sort()).toEqual(['launch-template-node-group-1', 'launch-template-node-group-2']);
    expect(egress('chapter06-graceful-upgrade')).toEqual([]);
  });
});

describe('chapter07: default pod density', () => {
  test('private-managed-node-group, label managed-nodes, t3.small 1/2/1, no user data (11 pods, the AMI default)', () => {
    expect(r('chapter07', 'aws_eks_node_group').node_group_private_managed_node_group_group).toMatchObject({
      node_group_name: 'private-managed-node-group',
      labels: { name: 'managed-nodes' },
      scaling_config: { desired_size: 1, max_size: 2, min_size: 1 },
    });
    expect(r('chapter07', 'aws_launch_template').node_group_private_managed_node_group_launch_template.user_data).toBeUndefined();
    expect(egress('chapter07')).toEqual(R3);
  });
});

describe('chapter07-prefix: prefix delegation', () => {
  const { json, stack } = synthPreset('chapter07-prefix');

  test('vpc-cni add-on with ENABLE_PREFIX_DELEGATION and WARM_PREFIX_TARGET, OVERWRITE on create and update', () => {
    const addon = json.resource!.aws_eks_addon.addon_vpc_cni_addon;
    expect(addon).toMatchObject({ addon_name: 'vpc-cni', cluster_name: ref('aws_eks_cluster.control_plane_cluster.name'), resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'OVERWRITE' });
    expect(addon.addon_version).toBeUndefined();
    expect(JSON.parse(addon.configuration_values)).toEqual({ env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } });
  });

  test('ip-prefix-launch-template: 110 pods on a t3.small (146 possible, capped at the recommendation)', () => {
    const lt = json.resource!.aws_launch_template.node_group_private_node_group_launch_template;
    expect(lt.name).toBe('ip-prefix-launch-template');
    expect(maxPodsOf(lt)).toBe(110);
    expect(stack.cluster.podNetworking).toEqual({ prefixDelegation: true, warmPrefixTarget: 1 });
  });

  test('the node group waits for the add-on, so nodes start in prefix mode', () => {
    expect(json.resource!.aws_eks_node_group.node_group_private_node_group_group.depends_on).toContain('aws_eks_addon.addon_vpc_cni_addon');
  });
});
