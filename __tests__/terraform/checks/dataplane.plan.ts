// Planned values of the data plane (issue 4, book chapters 6-7): launch templates, node groups,
// self-managed Auto Scaling groups, access entries and add-ons, as Terraform plans them.
import { parse as parseYaml } from 'yaml';
import { mimeParts } from '../../helpers/user-data';
import type { PlanChecks } from './plan-checks';

/** The NodeConfig of planned AL2023 user data (base64, known at plan time when it names no resource). */
function nodeConfig(userData: string): any {
  const text = Buffer.from(userData, 'base64').toString('utf8');
  const [part] = mimeParts(text).filter((p) => p.headers['Content-Type'] === 'application/node.eks.aws');
  return parseYaml(part.body);
}

/** `depends_on` of a resource in the configuration Terraform read. */
function dependsOn(checks: PlanChecks, preset: string, address: string): string[] {
  const resources: any[] = checks.plan(preset).raw.configuration.root_module.module_calls[checks.module(preset)].module.resources;
  return resources.find((r) => r.address === address)?.depends_on ?? [];
}

const BASELINE_METADATA = { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' };

export function register(checks: PlanChecks): void {
  test('default: the node group runs from a launch template with IMDSv2 required, hop limit 1, encrypted gp3 root volume', () => {
    const lt = checks.values('default', 'aws_launch_template.node_group_default_launch_template');
    expect(lt.name).toBe('eks-default-default');
    expect(lt.metadata_options).toEqual([expect.objectContaining(BASELINE_METADATA)]);
    expect(lt.block_device_mappings).toEqual([
      expect.objectContaining({ device_name: '/dev/xvda', ebs: [expect.objectContaining({ volume_size: 20, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' })] }),
    ]);
    expect(lt.tag_specifications.map((t: any) => t.resource_type)).toEqual(['instance', 'volume', 'network-interface']);
    expect(lt.tag_specifications[0].tags).toEqual({ Name: 'eks-default-default', cluster: 'eks-default', 'managed-by': 'cdktf' });
    expect(lt.user_data).toBeNull();
    const ng = checks.values('default', 'aws_eks_node_group.node_group_default_group');
    expect(ng).toMatchObject({ capacity_type: 'ON_DEMAND', node_group_name_prefix: 'default-' });
    expect(ng.disk_size).toBeUndefined();
    expect(ng.launch_template).toHaveLength(1);
  });

  test("chapter06: EKS's own launch template, disk_size on the group, ON_DEMAND t3.small 1/2/1", () => {
    const ng = checks.values('chapter06', 'aws_eks_node_group.node_group_private_node_group_group');
    expect(ng).toMatchObject({ node_group_name: 'private-node-group', capacity_type: 'ON_DEMAND', instance_types: ['t3.small'], disk_size: 20, launch_template: [] });
    expect(ng.scaling_config).toEqual([{ desired_size: 1, max_size: 2, min_size: 1 }]);
  });

  test('chapter06-launch-template: custom-launch-template metadata options, 50 GiB root disk, NodeConfig maxPods 11', () => {
    const lt = checks.values('chapter06-launch-template', 'aws_launch_template.node_group_private_node_group_launch_template');
    expect(lt).toMatchObject({ name: 'custom-launch-template', update_default_version: true });
    expect(lt.metadata_options).toEqual([expect.objectContaining(BASELINE_METADATA)]);
    expect(lt.block_device_mappings[0].ebs[0]).toMatchObject({ volume_size: 50, encrypted: 'true', volume_type: 'gp3' });
    expect(nodeConfig(lt.user_data)).toEqual({ apiVersion: 'node.eks.aws/v1alpha1', kind: 'NodeConfig', spec: { kubelet: { config: { maxPods: 11 } } } });
    const ng = checks.values('chapter06-launch-template', 'aws_eks_node_group.node_group_private_node_group_group');
    expect(ng).toMatchObject({ capacity_type: 'ON_DEMAND', ami_type: 'AL2023_x86_64_STANDARD', version: '1.35' });
    expect(ng.scaling_config).toEqual([{ desired_size: 1, max_size: 3, min_size: 1 }]);
  });

  test('chapter06-self-managed: Auto Scaling group tags propagated to instances, mixed instances, instance refresh', () => {
    const asg = checks.values('chapter06-self-managed', 'aws_autoscaling_group.node_group_private_node_group_group');
    expect(asg).toMatchObject({ name: 'private-node-group', min_size: 1, max_size: 3, desired_capacity: 1 });
    expect(asg.tag).toEqual(
      expect.arrayContaining([
        { key: 'kubernetes.io/cluster/public-endpoint-cluster', value: 'owned', propagate_at_launch: true },
        { key: 'Name', value: 'public-endpoint-cluster-private-node-group', propagate_at_launch: true },
      ]),
    );
    expect(asg.tag).toHaveLength(2);
    expect(asg.mixed_instances_policy[0].instances_distribution[0]).toMatchObject({ on_demand_base_capacity: 0, on_demand_percentage_above_base_capacity: 100 });
    expect(asg.mixed_instances_policy[0].launch_template[0].override.map((o: any) => o.instance_type)).toEqual(['t3.small']);
    expect(asg.instance_refresh[0]).toMatchObject({ strategy: 'Rolling', preferences: [expect.objectContaining({ min_healthy_percentage: 90 })] });
    expect(dependsOn(checks, 'chapter06-self-managed', 'aws_autoscaling_group.node_group_private_node_group_group')).toContain('aws_eks_access_entry.self_managed_nodes_access_entry');
  });

  test('chapter06-self-managed: launch template on the SSM-resolved AL2023 image, instance profile, access entry, access_config', () => {
    const lt = checks.values('chapter06-self-managed', 'aws_launch_template.node_group_private_node_group_launch_template');
    expect(lt).toMatchObject({ name: 'self-managed-launch-template', image_id: 'resolve:ssm:/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id' });
    expect(lt.metadata_options).toEqual([expect.objectContaining(BASELINE_METADATA)]);
    expect(lt.iam_instance_profile).toHaveLength(1);
    expect(checks.values('chapter06-self-managed', 'aws_iam_instance_profile.self_managed_nodes_instance_profile').name).toBe('public-endpoint-cluster-self-managed-nodes');
    expect(checks.values('chapter06-self-managed', 'aws_eks_access_entry.self_managed_nodes_access_entry')).toMatchObject({ cluster_name: 'public-endpoint-cluster', type: 'EC2_LINUX' });
    expect(checks.values('chapter06-self-managed', 'aws_eks_cluster.control_plane_cluster').access_config).toEqual([
      { authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true },
    ]);
  });

  test('chapter06-graceful-upgrade: blue on 1.34 and green on 1.35, side by side, names from prefixes', () => {
    const blue = checks.values('chapter06-graceful-upgrade', 'aws_eks_node_group.node_group_private_node_group_1_group');
    const green = checks.values('chapter06-graceful-upgrade', 'aws_eks_node_group.node_group_private_node_group_2_group');
    expect(blue).toMatchObject({ version: '1.34', node_group_name_prefix: 'private-node-group-1-', labels: { name: 'node-group-1' } });
    expect(green).toMatchObject({ version: '1.35', node_group_name_prefix: 'private-node-group-2-', labels: { name: 'node-group-2' } });
    expect(blue.node_group_name).toBeUndefined(); // computed from the prefix at apply
  });

  test('chapter07: t3.small 1/2/1 with the default density (no user data)', () => {
    const ng = checks.values('chapter07', 'aws_eks_node_group.node_group_private_managed_node_group_group');
    expect(ng).toMatchObject({ node_group_name: 'private-managed-node-group', capacity_type: 'ON_DEMAND', labels: { name: 'managed-nodes' } });
    expect(checks.values('chapter07', 'aws_launch_template.node_group_private_managed_node_group_launch_template').user_data).toBeNull();
  });

  test('chapter07-prefix: vpc-cni configuration_values, 110 pods in the user data, node group after the add-on', () => {
    const addon = checks.values('chapter07-prefix', 'aws_eks_addon.addon_vpc_cni_addon');
    expect(addon).toMatchObject({ addon_name: 'vpc-cni', cluster_name: 'public-endpoint-cluster', resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'OVERWRITE' });
    expect(JSON.parse(addon.configuration_values)).toEqual({ env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } });
    const lt = checks.values('chapter07-prefix', 'aws_launch_template.node_group_private_node_group_launch_template');
    expect(nodeConfig(lt.user_data).spec.kubelet.config.maxPods).toBe(110);
    expect(dependsOn(checks, 'chapter07-prefix', 'aws_eks_node_group.node_group_private_node_group_group')).toContain('aws_eks_addon.addon_vpc_cni_addon');
  });
}
