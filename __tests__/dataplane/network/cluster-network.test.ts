import { TerraformResource } from 'cdktf';
import { ClusterNetwork, ClusterNetworkProps } from '../../../src/dataplane/network/cluster-network';
import { emptyStack, ref, resources, synthJson, validationLines } from '../../helpers/synth';

function network(props: Partial<ClusterNetworkProps> = {}) {
  const stack = emptyStack();
  const net = new ClusterNetwork(stack, 'network', { clusterName: 'demo', region: 'us-east-1', ...props });
  return { stack, net, json: synthJson(stack) };
}

const subnets = (json: ReturnType<typeof network>['json'], kind: 'private' | 'public') =>
  Object.entries(resources(json, 'aws_subnet'))
    .filter(([name]) => name.startsWith(`network_${kind}_subnet_`))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, s]) => s);

describe('ClusterNetwork defaults', () => {
  const { json } = network();

  test('VPC 10.0.0.0/16 with DNS support and hostnames, named after the cluster', () => {
    const vpc = resources(json, 'aws_vpc').network_vpc;
    expect(vpc).toMatchObject({ cidr_block: '10.0.0.0/16', enable_dns_support: true, enable_dns_hostnames: true });
    expect(vpc.tags.Name).toBe('demo-vpc');
  });

  test('two zones derived from the region as zone IDs, without a data source', () => {
    expect(subnets(json, 'private').map((s) => s.availability_zone_id)).toEqual(['use1-az1', 'use1-az2']);
    expect(subnets(json, 'public').map((s) => s.availability_zone_id)).toEqual(['use1-az1', 'use1-az2']);
    expect(json.data?.aws_availability_zones).toBeUndefined();
  });

  test('large private subnets (an eighth of the VPC each) and /24 public subnets from the last eighth', () => {
    expect(subnets(json, 'private').map((s) => s.cidr_block)).toEqual(['10.0.0.0/19', '10.0.32.0/19']);
    expect(subnets(json, 'public').map((s) => s.cidr_block)).toEqual(['10.0.224.0/24', '10.0.225.0/24']);
  });

  test('subnet tags for load balancer, cluster and Karpenter discovery', () => {
    for (const s of subnets(json, 'public')) {
      expect(s.tags).toMatchObject({ 'kubernetes.io/role/elb': '1', 'kubernetes.io/cluster/demo': 'shared' });
      expect(s.tags['kubernetes.io/role/internal-elb']).toBeUndefined();
    }
    for (const s of subnets(json, 'private')) {
      expect(s.tags).toMatchObject({ 'kubernetes.io/role/internal-elb': '1', 'kubernetes.io/cluster/demo': 'shared', 'karpenter.sh/discovery': 'demo' });
      expect(s.tags['kubernetes.io/role/elb']).toBeUndefined();
    }
  });

  test('no public IPs on launch', () => {
    for (const s of subnets(json, 'public')) expect(s.map_public_ip_on_launch).toBe(false);
  });

  test('one NAT gateway per zone, each with an Elastic IP in the VPC domain, in the public subnets', () => {
    const eips = resources(json, 'aws_eip');
    expect(Object.keys(eips).sort()).toEqual(['network_nat_eip_1', 'network_nat_eip_2']);
    for (const eip of Object.values(eips)) expect(eip.domain).toBe('vpc');
    const nats = resources(json, 'aws_nat_gateway');
    expect(nats.network_nat_gateway_1).toMatchObject({
      allocation_id: ref('aws_eip.network_nat_eip_1.allocation_id'),
      subnet_id: ref('aws_subnet.network_public_subnet_1.id'),
      depends_on: ['aws_internet_gateway.network_internet_gateway'],
    });
    expect(nats.network_nat_gateway_2.subnet_id).toBe(ref('aws_subnet.network_public_subnet_2.id'));
  });

  test('public route table sends 0.0.0.0/0 to the internet gateway, private tables to their own NAT', () => {
    const routes = resources(json, 'aws_route');
    expect(routes.network_public_internet_route).toMatchObject({
      route_table_id: ref('aws_route_table.network_public_route_table.id'),
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: ref('aws_internet_gateway.network_internet_gateway.id'),
    });
    expect(routes.network_private_nat_route_2).toMatchObject({
      route_table_id: ref('aws_route_table.network_private_route_table_2.id'),
      nat_gateway_id: ref('aws_nat_gateway.network_nat_gateway_2.id'),
    });
    const assoc = resources(json, 'aws_route_table_association');
    expect(assoc.network_private_route_table_association_2.route_table_id).toBe(ref('aws_route_table.network_private_route_table_2.id'));
    expect(assoc.network_private_route_table_association_2.subnet_id).toBe(ref('aws_subnet.network_private_subnet_2.id'));
    expect(assoc.network_public_route_table_association_1.route_table_id).toBe(ref('aws_route_table.network_public_route_table.id'));
  });

  test('the default security group is managed with no rules', () => {
    const sg = resources(json, 'aws_default_security_group').network_default_security_group;
    expect(sg.vpc_id).toBe(ref('aws_vpc.network_vpc.id'));
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });
});

describe('ClusterNetwork options', () => {
  test('single NAT gateway (book): every private subnet routes through it', () => {
    const { json, net } = network({ natGateways: 'single' });
    expect(Object.keys(resources(json, 'aws_nat_gateway'))).toEqual(['network_nat_gateway_1']);
    expect(Object.keys(resources(json, 'aws_eip'))).toEqual(['network_nat_eip_1']);
    const assoc = resources(json, 'aws_route_table_association');
    expect(assoc.network_private_route_table_association_1.route_table_id).toBe(ref('aws_route_table.network_private_route_table_1.id'));
    expect(assoc.network_private_route_table_association_2.route_table_id).toBe(ref('aws_route_table.network_private_route_table_1.id'));
    expect(net.natGatewayIds).toHaveLength(1);
  });

  test('explicit blocks, zone names and three zones', () => {
    const { json, net } = network({
      vpcCidr: '172.16.0.0/20',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      privateSubnetCidrs: ['172.16.0.0/22', '172.16.4.0/22', '172.16.8.0/22'],
      publicSubnetCidrs: ['172.16.12.0/24', '172.16.13.0/24', '172.16.14.0/24'],
    });
    expect(subnets(json, 'private').map((s) => s.availability_zone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(subnets(json, 'private')[0].availability_zone_id).toBeUndefined();
    expect(Object.keys(resources(json, 'aws_nat_gateway'))).toHaveLength(3);
    expect(net.privateSubnetIds).toHaveLength(3);
    expect(net.publicSubnetCidrs).toEqual(['172.16.12.0/24', '172.16.13.0/24', '172.16.14.0/24']);
  });

  test.each([
    ['us-west-1', ['usw1-az1', 'usw1-az3']],
    ['ca-central-1', ['cac1-az1', 'cac1-az2']],
    ['eu-west-1', ['euw1-az1', 'euw1-az2']],
  ])('zones derived for %s skip the zones EKS refuses', (region, zones) => {
    expect(network({ region }).net.availabilityZones).toEqual(zones);
  });

  test('derived subnets follow the VPC size', () => {
    const { net } = network({ vpcCidr: '10.20.0.0/20' });
    expect(net.privateSubnetCidrs).toEqual(['10.20.0.0/23', '10.20.2.0/23']);
    expect(net.publicSubnetCidrs).toEqual(['10.20.14.0/28', '10.20.14.16/28']);
  });

  test('discovery tags can be turned off, public IPs on, default security group left alone', () => {
    const { json } = network({ discoveryTags: false, mapPublicIpOnLaunch: true, restrictDefaultSecurityGroup: false });
    for (const s of [...subnets(json, 'public'), ...subnets(json, 'private')]) {
      expect(Object.keys(s.tags).filter((k) => k.includes('kubernetes.io') || k.includes('karpenter'))).toEqual([]);
    }
    for (const s of subnets(json, 'public')) expect(s.map_public_ip_on_launch).toBe(true);
    expect(resources(json, 'aws_default_security_group')).toEqual({});
  });

  test('module tags go on every resource that takes tags', () => {
    const { json } = network({ tags: { team: 'platform' } });
    for (const type of ['aws_vpc', 'aws_subnet', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_route_table']) {
      for (const r of Object.values(resources(json, type))) expect(r.tags.team).toBe('platform');
    }
  });
});

describe('ClusterNetwork validation', () => {
  test.each<[string, Partial<ClusterNetworkProps>, string]>([
    ['an invalid VPC block', { vpcCidr: '10.0.0/16' }, `'vpcCidr' ("10.0.0/16") is not an IPv4 CIDR block`],
    ['host bits in the VPC block', { vpcCidr: '10.0.1.0/16' }, `'vpcCidr' ("10.0.1.0/16") has host bits set; the block starting on its boundary is "10.0.0.0/16"`],
    ['a VPC block larger than /16', { vpcCidr: '10.0.0.0/8' }, `'vpcCidr' ("10.0.0.0/8") must have a prefix length from /16 to /28`],
    ['a subnet outside the VPC', { privateSubnetCidrs: ['10.1.0.0/24', '10.0.1.0/24'], publicSubnetCidrs: ['10.0.2.0/24', '10.0.3.0/24'] }, `'privateSubnetCidrs.0' ("10.1.0.0/24") is outside the VPC block 'vpcCidr' (10.0.0.0/16)`],
    ['overlapping subnets', { privateSubnetCidrs: ['10.0.0.0/23', '10.0.1.0/24'], publicSubnetCidrs: ['10.0.2.0/24', '10.0.3.0/24'] }, `'privateSubnetCidrs.1' ("10.0.1.0/24") overlaps 'privateSubnetCidrs.0' (10.0.0.0/23)`],
    ['one zone only', { availabilityZones: ['use1-az1'] }, `'availabilityZones' (["use1-az1"]) must list at least two zones`],
    ['the same zone twice', { availabilityZones: ['use1-az1', 'use1-az1'] }, `'availabilityZones' (["use1-az1","use1-az1"]) must not list the same availability zone twice`],
    ['a zone of another region', { availabilityZones: ['us-east-1a', 'us-west-2b'] }, `'availabilityZones.1' ("us-west-2b") is a zone of us-west-2, not of the region "us-east-1"`],
    ['a zone EKS refuses', { availabilityZones: ['use1-az1', 'use1-az3'] }, `'availabilityZones.1' ("use1-az3") cannot host EKS control plane network interfaces`],
    ['a zone ID of another region', { availabilityZones: ['use1-az1', 'usw2-az1'] }, `'availabilityZones.1' ("usw2-az1") is not a zone ID of us-east-1`],
    ['zone names mixed with IDs', { availabilityZones: ['us-east-1a', 'use1-az2'] }, `must be all zone IDs or all zone names, not a mix`],
    ['a subnet count that does not match the zones', { privateSubnetCidrs: ['10.0.0.0/24'], publicSubnetCidrs: ['10.0.2.0/24', '10.0.3.0/24'] }, `'privateSubnetCidrs' (["10.0.0.0/24"]) must list one block per availability zone (2 zones, 1 blocks)`],
    ['a VPC too small to derive subnets', { vpcCidr: '10.0.0.0/27' }, `'privateSubnetCidrs' cannot be derived for a VPC block as small as 10.0.0.0/27; list one block per zone`],
    ['an unknown NAT mode', { natGateways: 'two' as never }, `'natGateways' ("two") must be one of "single", "one-per-az"`],
  ])('throws on %s', (_case, props, expected) => {
    const lines = validationLines(() => network(props));
    expect(lines.join('\n')).toContain(expected);
  });

  test('throws for a region whose zones cannot be derived, naming the field', () => {
    const lines = validationLines(() => network({ region: 'xx-nowhere-1' }));
    expect(lines.join('\n')).toContain(`'availabilityZones' must be set for region "xx-nowhere-1"`);
  });

  test('creates no resource when the input is invalid', () => {
    const stack = emptyStack();
    expect(() => new ClusterNetwork(stack, 'network', { clusterName: 'demo', region: 'us-east-1', vpcCidr: 'nope' })).toThrow();
    expect(stack.node.findAll().filter((c) => c instanceof TerraformResource)).toEqual([]);
  });

  test('reports every problem at once', () => {
    const lines = validationLines(() => network({ availabilityZones: ['use1-az1', 'use1-az3'], privateSubnetCidrs: ['10.9.0.0/24', '10.0.1.0/24'], publicSubnetCidrs: ['10.0.2.0/24', '10.0.2.0/24'] }));
    expect(lines.length).toBeGreaterThanOrEqual(3);
  });
});
