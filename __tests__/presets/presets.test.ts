import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allPresets, findPreset, PRESET_NAMES } from '../../src/presets';
import { addresses, ref, resources, presetAsIs } from '../helpers/synth';

const FIXTURES = join(__dirname, '..', '__fixtures__', 'addresses');
const PRESETS = allPresets();

test('ingress-nginx (retired) is in mastering-terraform only, seed 001\'s design', () => {
  expect(PRESETS.filter((p) => (p.config.controllers as { ingressNginx?: unknown } | undefined)?.ingressNginx !== undefined).map((p) => p.name)).toEqual(['mastering-terraform']);
});
const synths = new Map(PRESETS.map((p) => [p.name, presetAsIs(p.name)]));

describe('preset list', () => {
  test('names are unique and descriptions fit on one line', () => {
    expect(new Set(PRESET_NAMES).size).toBe(PRESET_NAMES.length);
    for (const p of PRESETS) {
      expect(p.description).toMatch(/^[^\n]{20,160}$/);
    }
  });

  test('each preset is loaded by the name it carries; unknown names find none', () => {
    expect(PRESETS.map((p) => p.name)).toEqual(PRESET_NAMES);
    for (const name of PRESET_NAMES) expect(findPreset(name)?.name).toBe(name);
    expect(findPreset('chapter99')).toBeUndefined();
    expect(findPreset('toString')).toBeUndefined();
  });

  test('default and the book chapters exist', () => {
    expect(PRESETS.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'default',
        'chapter03',
        'chapter04',
        'chapter05',
        'chapter06',
        'chapter06-launch-template',
        'chapter06-self-managed',
        'chapter06-graceful-upgrade',
        'chapter07',
        'chapter07-prefix',
        'chapter09',
        'chapter10',
        'chapter11',
        'chapter14-pub',
        'chapter14-alb',
        'chapter19-autoscaler',
        'chapter19-karpenter',
        'chapter20-istio',
        'chapter20-lattice',
      ]),
    );
  });
});

describe.each(PRESETS.map((p) => p.name))('preset %s', (name) => {
  const { json } = synths.get(name)!;

  test('has one EKS cluster and at least one node group', () => {
    expect(Object.keys(resources(json, 'aws_eks_cluster'))).toHaveLength(1);
    expect(Object.keys(resources(json, 'aws_eks_node_group')).length + Object.keys(resources(json, 'aws_autoscaling_group')).length).toBeGreaterThan(0);
  });

  test('every launch template requires IMDSv2, and every disk it declares is encrypted', () => {
    for (const lt of Object.values(resources(json, 'aws_launch_template'))) {
      expect(lt.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
      for (const device of lt.block_device_mappings ?? []) expect(device.ebs).toMatchObject({ encrypted: 'true', volume_type: 'gp3' });
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

  // No bastion by default (an always-on instance, and its module would slow every synthesis):
  // the one warning tells the user how to reach the private endpoint.
  test('only warning: nothing names how the private endpoint is reached', () => {
    expect(warnings).toEqual([expect.stringContaining('is private and nothing names how you will reach it')]);
  });

  test('no bastion, no additional or node security group, no VPC endpoint', () => {
    for (const type of ['aws_instance', 'aws_security_group', 'aws_vpc_endpoint', 'aws_vpc_security_group_ingress_rule']) {
      expect(resources(json, type)).toEqual({});
    }
    expect(cluster.vpc_config.security_group_ids).toBeUndefined();
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

describe('chapter04 preset reproduces the book', () => {
  const { json, warnings } = synths.get('chapter04')!;
  const r = (type: string) => resources(json, type);

  test('cluster private-endpoint-cluster, private endpoint only, in the /28 ENI subnets, with the additional security group', () => {
    expect(r('aws_eks_cluster').control_plane_cluster).toMatchObject({
      name: 'private-endpoint-cluster',
      vpc_config: {
        endpoint_private_access: true,
        endpoint_public_access: false,
        subnet_ids: [ref('aws_subnet.network_eni_subnet_1.id'), ref('aws_subnet.network_eni_subnet_2.id')],
        security_group_ids: [ref('aws_security_group.control_plane_security_groups_additional.id')],
      },
    });
  });

  test('network N3: ENI 10.0.1-2.0/28, private 10.0.3-4.0/24, public 10.0.5-6.0/24, one NAT gateway, VPC tag', () => {
    expect(r('aws_vpc').network_vpc.tags.Name).toBe('private-endpoint-cluster-vpc');
    const cidrs = Object.entries(r('aws_subnet')).map(([n, s]) => `${n.replace('network_', '')}=${s.cidr_block}`).sort();
    expect(cidrs).toEqual([
      'eni_subnet_1=10.0.1.0/28',
      'eni_subnet_2=10.0.2.0/28',
      'private_subnet_1=10.0.3.0/24',
      'private_subnet_2=10.0.4.0/24',
      'public_subnet_1=10.0.5.0/24',
      'public_subnet_2=10.0.6.0/24',
    ]);
    expect(Object.keys(r('aws_nat_gateway'))).toEqual(['network_nat_gateway_1']);
  });

  test('nodes: private-node-group, ON_DEMAND t3.small 2/3/2 in the private subnets', () => {
    expect(r('aws_eks_node_group').node_group_private_node_group_group).toMatchObject({
      capacity_type: 'ON_DEMAND',
      instance_types: ['t3.small'],
      scaling_config: { desired_size: 2, max_size: 3, min_size: 2 },
      subnet_ids: [ref('aws_subnet.network_private_subnet_1.id'), ref('aws_subnet.network_private_subnet_2.id')],
    });
  });

  test('bastion: t3.micro reached with SSM from the first private subnet, no key pair, nothing written to key.pem', () => {
    expect(r('aws_instance').bastion_instance).toMatchObject({ instance_type: 't3.micro', subnet_id: ref('aws_subnet.network_private_subnet_1.id'), associate_public_ip_address: false });
    expect(r('aws_key_pair')).toEqual({});
    expect(json.resource!.local_file).toBeUndefined();
    expect(json.output!.bastion_port_forward_command).toBeDefined();
  });

  test('no warnings: the bastion is how the private endpoint is reached', () => {
    expect(warnings).toEqual([]);
  });
});

describe('chapter05 preset reproduces the book', () => {
  const { json, warnings } = synths.get('chapter05')!;

  test('cluster hybrid-endpoint-cluster: both endpoints, public side limited to 193.16.23.22/32, ENI subnets', () => {
    expect(resources(json, 'aws_eks_cluster').control_plane_cluster).toMatchObject({
      name: 'hybrid-endpoint-cluster',
      vpc_config: { endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['193.16.23.22/32'], subnet_ids: [ref('aws_subnet.network_eni_subnet_1.id'), ref('aws_subnet.network_eni_subnet_2.id')] },
    });
    expect(resources(json, 'aws_vpc').network_vpc.tags.Name).toBe('hybrid-endpoint-cluster-vpc');
  });

  test('spot nodes with a second same-size type, so no single-pool warning', () => {
    expect(resources(json, 'aws_eks_node_group').node_group_private_node_group_group).toMatchObject({ capacity_type: 'SPOT', instance_types: ['t3.small', 't3a.small'] });
    expect(warnings).toEqual([]);
  });

  test('same bastion and security groups as chapter04', () => {
    const names = (preset: string) => addresses(synths.get(preset)!.json).filter((a) => /bastion|security_group/.test(a));
    expect(names('chapter05')).toEqual(names('chapter04'));
  });
});

describe('chapter14-pub preset reproduces the book', () => {
  const { json, warnings } = synths.get('chapter14-pub')!;
  const publicIds = [ref('aws_subnet.network_public_subnet_1.id'), ref('aws_subnet.network_public_subnet_2.id')];

  test('control plane ENIs and nodes in the public subnets, which give public IPs', () => {
    expect(resources(json, 'aws_eks_cluster').control_plane_cluster.vpc_config.subnet_ids).toEqual(publicIds);
    expect(resources(json, 'aws_eks_node_group').node_group_private_node_group_group.subnet_ids).toEqual(publicIds);
    expect(resources(json, 'aws_subnet').network_public_subnet_1.map_public_ip_on_launch).toBe(true);
  });

  test('NodePort 30001 from the configured block only, on the cluster security group the nodes carry', () => {
    const nodePorts = Object.entries(resources(json, 'aws_vpc_security_group_ingress_rule')).filter(([n]) => n.includes('node_ports'));
    expect(nodePorts.map(([, rule]) => [rule.from_port, rule.to_port, rule.cidr_ipv4])).toEqual([[30001, 30001, '203.0.113.10/32']]);
  });

  test('otherwise chapter03: same addresses plus the NodePort rule', () => {
    const extra = addresses(json).filter((a) => !addresses(synths.get('chapter03')!.json).includes(a));
    expect(extra).toEqual(['aws_vpc_security_group_ingress_rule.control_plane_node_ports_ingress_tcp_30001_30001_203_0_113_10_32']);
    expect(warnings).toEqual([expect.stringContaining('public to the whole internet')]);
  });
});
