import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESETS } from '../../src/presets';
import { addresses, ref, resources, synthPreset } from '../helpers/synth';

const FIXTURES = join(__dirname, '..', '__fixtures__', 'addresses');
const synths = new Map(PRESETS.map((p) => [p.name, synthPreset(p.name)]));

describe('preset list', () => {
  test('names are unique and descriptions fit on one line', () => {
    expect(new Set(PRESETS.map((p) => p.name)).size).toBe(PRESETS.length);
    for (const p of PRESETS) {
      expect(p.description).toMatch(/^[^\n]{20,160}$/);
    }
  });

  test('default and the book chapters exist', () => {
    expect(PRESETS.map((p) => p.name)).toEqual(
      expect.arrayContaining(['default', 'chapter03', 'chapter06', 'chapter06-launch-template', 'chapter06-self-managed', 'chapter06-graceful-upgrade', 'chapter07', 'chapter07-prefix']),
    );
  });
});

describe.each(PRESETS.map((p) => p.name))('preset %s', (name) => {
  const { json } = synths.get(name)!;

  test('has one EKS cluster and at least one node group', () => {
    expect(Object.keys(resources(json, 'aws_eks_cluster'))).toHaveLength(1);
    expect(Object.keys(resources(json, 'aws_eks_node_group')).length + Object.keys(resources(json, 'aws_autoscaling_group')).length).toBeGreaterThan(0);
  });

  test('every launch template requires IMDSv2, and its disk is encrypted', () => {
    for (const lt of Object.values(resources(json, 'aws_launch_template'))) {
      expect(lt.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
      expect(lt.block_device_mappings[0].ebs).toMatchObject({ encrypted: 'true', volume_type: 'gp3' });
    }
  });

  test('uses no data source that calls an AWS API (it must plan offline)', () => {
    const local = ['aws_partition', 'aws_iam_policy_document'];
    expect(Object.keys(json.data ?? {}).filter((type) => !local.includes(type))).toEqual([]);
  });

  // Addresses are API: a changed address makes Terraform destroy the resource and create a new
  // one; for the cluster, that is a new, empty cluster. Update the list only for an intended move,
  // with a `moved` block or a documented migration.
  test('keeps the committed Terraform addresses', () => {
    const expected = readFileSync(join(FIXTURES, `${name}.txt`), 'utf8').trim().split('\n');
    const actual = addresses(json);
    const lost = expected.filter((a) => !actual.includes(a));
    const added = actual.filter((a) => !expected.includes(a));
    if (lost.some((a) => a.startsWith('aws_eks_cluster.'))) {
      throw new Error(`The EKS cluster's address changed (${lost.join(', ')}): Terraform would DESTROY the cluster and create a new one.`);
    }
    expect({ lost, added }).toEqual({ lost: [], added: [] });
  });
});

describe('default preset', () => {
  const { json, warnings } = synths.get('default')!;
  const cluster = json.resource!.aws_eks_cluster.control_plane_cluster;

  test('private-only endpoint', () => {
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
  });

  test('one NAT gateway per zone and no public IPs on launch', () => {
    expect(Object.keys(resources(json, 'aws_nat_gateway'))).toHaveLength(2);
    for (const s of Object.values(resources(json, 'aws_subnet'))) expect(s.map_public_ip_on_launch ?? false).toBe(false);
  });

  test('no warnings', () => {
    expect(warnings).toEqual([]);
  });

  test('the node group runs from a launch template with IMDSv2 only (hop limit 1) and an encrypted gp3 disk', () => {
    const ng = json.resource!.aws_eks_node_group.node_group_default_group;
    expect(ng.launch_template.id).toBe(ref('aws_launch_template.node_group_default_launch_template.id'));
    expect(ng.disk_size).toBeUndefined();
    expect(json.resource!.aws_launch_template.node_group_default_launch_template).toMatchObject({
      metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
      block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_size: 20, volume_type: 'gp3', encrypted: 'true' } }],
    });
  });
});

describe('chapter03 preset reproduces the book', () => {
  const { json, warnings } = synths.get('chapter03')!;
  const r = (type: string) => resources(json, type);

  test('cluster public-endpoint-cluster with a public endpoint only, in the private subnets', () => {
    expect(r('aws_eks_cluster').control_plane_cluster).toMatchObject({
      name: 'public-endpoint-cluster',
      vpc_config: {
        endpoint_public_access: true,
        endpoint_private_access: false,
        public_access_cidrs: ['0.0.0.0/0'],
        subnet_ids: [ref('aws_subnet.network_private_subnet_1.id'), ref('aws_subnet.network_private_subnet_2.id')],
      },
    });
    expect(warnings.join('\n')).toContain('public to the whole internet');
  });

  test('roles named like the book, cluster role with AmazonEKSClusterPolicy only', () => {
    expect(r('aws_iam_role').control_plane_cluster_role.name).toBe('public-endpoint-cluster-role');
    expect(r('aws_iam_role').nodes_role.name).toBe('public-endpoint-cluster-nodes');
    const clusterPolicies = Object.entries(r('aws_iam_role_policy_attachment')).filter(([n]) => n.startsWith('control_plane_'));
    expect(clusterPolicies.map(([, a]) => a.policy_arn)).toEqual([`arn:${ref('data.aws_partition.partition.partition')}:iam::aws:policy/AmazonEKSClusterPolicy`]);
  });

  test('network N2: 10.0.0.0/16, private 10.0.3-4.0/24, public 10.0.5-6.0/24, one NAT gateway', () => {
    expect(r('aws_vpc').network_vpc).toMatchObject({ cidr_block: '10.0.0.0/16', tags: { Name: 'public-endpoint-cluster-vpc' } });
    const cidr = (n: string) => r('aws_subnet')[n].cidr_block;
    expect(['network_private_subnet_1', 'network_private_subnet_2', 'network_public_subnet_1', 'network_public_subnet_2'].map(cidr)).toEqual([
      '10.0.3.0/24',
      '10.0.4.0/24',
      '10.0.5.0/24',
      '10.0.6.0/24',
    ]);
    expect(Object.keys(r('aws_nat_gateway'))).toEqual(['network_nat_gateway_1']);
    expect(r('aws_eip').network_nat_eip_1.domain).toBe('vpc');
  });

  test('security group rules R3 on the cluster security group, with DNS over UDP added', () => {
    const egress = Object.values(r('aws_vpc_security_group_egress_rule'));
    expect(egress.map((e) => `${e.ip_protocol}/${e.from_port}/${e.cidr_ipv4}`).sort()).toEqual(['tcp/10250/10.0.0.0/16', 'tcp/443/0.0.0.0/0', 'tcp/53/10.0.0.0/16', 'udp/53/10.0.0.0/16']);
    for (const e of egress) expect(e.security_group_id).toBe(ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id'));
  });

  test('node group private-node-group: ON_DEMAND t3.small, 2/3/2, label name=nodes, tag Name=worker-node', () => {
    expect(r('aws_eks_node_group').node_group_private_node_group_group).toMatchObject({
      node_group_name: 'private-node-group',
      launch_template: { id: ref('aws_launch_template.node_group_private_node_group_launch_template.id') },
      capacity_type: 'ON_DEMAND',
      instance_types: ['t3.small'],
      scaling_config: { desired_size: 2, max_size: 3, min_size: 2 },
      update_config: { max_unavailable: 1 },
      labels: { name: 'nodes' },
      tags: { Name: 'worker-node' },
    });
  });
});
