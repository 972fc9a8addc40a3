// Planned values of the foundation: default and chapter03 (issue: network, control plane, nodes).
import type { PlanChecks } from './plan-checks';

export function register(checks: PlanChecks): void {
  test('default: private-only endpoint, cluster version, nodes in private subnets', () => {
    const cluster = checks.values('default', 'aws_eks_cluster.control_plane_cluster');
    expect(cluster).toMatchObject({ name: 'eks-default', version: '1.35' });
    expect(cluster.vpc_config[0]).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    const ng = checks.values('default', 'aws_eks_node_group.node_group_default_group');
    // The disk is in the node group's launch template (checks/dataplane.plan.ts).
    expect(ng).toMatchObject({ capacity_type: 'ON_DEMAND', ami_type: 'AL2023_x86_64_STANDARD', instance_types: ['m6i.large'] });
    expect(ng.scaling_config).toEqual([{ desired_size: 2, max_size: 4, min_size: 2 }]);
  });

  test('default: subnets by zone ID, Elastic IPs in the VPC domain, tags merged with default_tags', () => {
    expect(checks.values('default', 'aws_subnet.network_private_subnet_1')).toMatchObject({ cidr_block: '10.0.0.0/19', availability_zone_id: 'use1-az1' });
    expect(checks.values('default', 'aws_subnet.network_public_subnet_2')).toMatchObject({ cidr_block: '10.0.225.0/24', availability_zone_id: 'use1-az2' });
    expect(checks.values('default', 'aws_eip.network_nat_eip_1').domain).toBe('vpc');
    expect(checks.values('default', 'aws_vpc.network_vpc').tags_all).toEqual({ Name: 'eks-default-vpc', cluster: 'eks-default', 'managed-by': 'cdktf' });
  });

  test('chapter03: public endpoint, book CIDRs, t3.small 2/3/2, R3 rules', () => {
    const cluster = checks.values('chapter03', 'aws_eks_cluster.control_plane_cluster');
    expect(cluster.vpc_config[0]).toMatchObject({ endpoint_private_access: false, endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] });
    expect(checks.values('chapter03', 'aws_subnet.network_private_subnet_2').cidr_block).toBe('10.0.4.0/24');
    expect(checks.values('chapter03', 'aws_subnet.network_public_subnet_1').cidr_block).toBe('10.0.5.0/24');
    const ng = checks.values('chapter03', 'aws_eks_node_group.node_group_private_node_group_group');
    expect(ng).toMatchObject({ node_group_name: 'private-node-group', instance_types: ['t3.small'], labels: { name: 'nodes' } });
    expect(ng.scaling_config).toEqual([{ desired_size: 2, max_size: 3, min_size: 2 }]);
    const udp53 = checks.values('chapter03', 'aws_vpc_security_group_egress_rule.control_plane_egress_udp_53_53_vpc');
    expect(udp53).toMatchObject({ ip_protocol: 'udp', from_port: 53, cidr_ipv4: '10.0.0.0/16' });
  });
}
