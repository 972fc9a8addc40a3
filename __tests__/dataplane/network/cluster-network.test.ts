import { TerraformResource } from 'cdktf';
import { ClusterNetwork, ClusterNetworkProps } from '../../../src/dataplane/network/cluster-network';
import { emptyStack, ref, resources, synthJson, validationLines, warningsOf } from '../../helpers/synth';

function network(props: Partial<ClusterNetworkProps> = {}) {
  const stack = emptyStack();
  const net = new ClusterNetwork(stack, 'network', { clusterName: 'demo', region: 'us-east-1', ...props });
  return { stack, net, json: synthJson(stack) };
}

const subnets = (json: ReturnType<typeof network>['json'], kind: 'private' | 'public' | 'eni') =>
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

  test('no ENI subnets and no VPC endpoints', () => {
    expect(subnets(json, 'eni')).toEqual([]);
    expect(resources(json, 'aws_vpc_endpoint')).toEqual({});
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

describe('ClusterNetwork ENI subnets (book chapter 4)', () => {
  test('derived as /28s from the seventh eighth of the VPC, one per zone, with no route table association', () => {
    const { json, net } = network({ eniSubnets: true });
    expect(subnets(json, 'eni').map((s) => [s.cidr_block, s.availability_zone_id, s.tags.Name])).toEqual([
      ['10.0.192.0/28', 'use1-az1', 'demo-eni-1'],
      ['10.0.192.16/28', 'use1-az2', 'demo-eni-2'],
    ]);
    for (const s of subnets(json, 'eni')) expect(Object.keys(s.tags).filter((k) => k.includes('kubernetes.io') || k.includes('karpenter'))).toEqual([]);
    const associated = Object.values(resources(json, 'aws_route_table_association')).map((a) => a.subnet_id);
    expect(associated).not.toContain(ref('aws_subnet.network_eni_subnet_1.id'));
    expect(net.eniSubnetIds).toHaveLength(2);
    expect(net.eniSubnetCidrs).toEqual(['10.0.192.0/28', '10.0.192.16/28']);
  });

  test('the derived private and public subnets do not move when ENI subnets are added', () => {
    const { net } = network({ eniSubnets: true });
    expect(net.privateSubnetCidrs).toEqual(['10.0.0.0/19', '10.0.32.0/19']);
    expect(net.publicSubnetCidrs).toEqual(['10.0.224.0/24', '10.0.225.0/24']);
  });

  test("the book's blocks, given explicitly, turn ENI subnets on", () => {
    const { net } = network({ eniSubnetCidrs: ['10.0.1.0/28', '10.0.2.0/28'], privateSubnetCidrs: ['10.0.3.0/24', '10.0.4.0/24'], publicSubnetCidrs: ['10.0.5.0/24', '10.0.6.0/24'] });
    expect(net.eniSubnetCidrs).toEqual(['10.0.1.0/28', '10.0.2.0/28']);
    expect(net.eniSubnetIds).toHaveLength(2);
  });

  test.each<[string, Partial<ClusterNetworkProps>, string]>([
    ['ENI blocks overlapping the private ones', { eniSubnetCidrs: ['10.0.0.0/28', '10.0.200.0/28'] }, `'eniSubnetCidrs.0' ("10.0.0.0/28") overlaps 'privateSubnetCidrs.0' (10.0.0.0/19)`],
    ['ENI blocks outside the VPC', { eniSubnetCidrs: ['10.1.0.0/28', '10.0.200.0/28'] }, `'eniSubnetCidrs.0' ("10.1.0.0/28") is outside the VPC block 'vpcCidr' (10.0.0.0/16)`],
    ['one ENI block for two zones', { eniSubnetCidrs: ['10.0.200.0/28'] }, `'eniSubnetCidrs' (["10.0.200.0/28"]) must list one block per availability zone (2 zones, 1 blocks)`],
    ['ENI blocks with eniSubnets off', { eniSubnets: false, eniSubnetCidrs: ['10.0.200.0/28', '10.0.201.0/28'] }, `'eniSubnetCidrs' (["10.0.200.0/28","10.0.201.0/28"]) applies only when 'eniSubnets' is true`],
    [
      'derived ENI blocks overlapping explicit private ones',
      { eniSubnets: true, privateSubnetCidrs: ['10.0.192.0/24', '10.0.193.0/24'], publicSubnetCidrs: ['10.0.5.0/24', '10.0.6.0/24'] },
      `'eniSubnetCidrs.0' ("10.0.192.0/28") overlaps 'privateSubnetCidrs.0' (10.0.192.0/24) (derived from 'vpcCidr'; set 'eniSubnetCidrs')`,
    ],
    ['ENI blocks that cannot be derived', { eniSubnets: true, vpcCidr: '10.0.0.0/25', privateSubnetCidrs: ['10.0.0.0/28', '10.0.0.16/28'], publicSubnetCidrs: ['10.0.0.96/28', '10.0.0.112/28'] }, `'eniSubnetCidrs' cannot be derived: 2 /28 blocks do not fit in 10.0.0.96/28`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => network(props)).join('\n')).toContain(expected);
  });
});

describe('ClusterNetwork without NAT gateways, with VPC endpoints', () => {
  const services = ['s3', 'ecr.api', 'ecr.dkr', 'ec2', 'sts', 'logs', 'ssm', 'ssmmessages', 'ec2messages'] as const;
  const { json, net, stack } = network({ natGateways: 'none', vpcEndpoints: [...services] });

  test('no NAT gateway, no Elastic IP, one private route table without a default route', () => {
    expect(resources(json, 'aws_nat_gateway')).toEqual({});
    expect(resources(json, 'aws_eip')).toEqual({});
    expect(Object.keys(resources(json, 'aws_route'))).toEqual(['network_public_internet_route']);
    const assoc = resources(json, 'aws_route_table_association');
    for (const i of [1, 2]) expect(assoc[`network_private_route_table_association_${i}`].route_table_id).toBe(ref('aws_route_table.network_private_route_table_1.id'));
    expect(net.natGatewayIds).toEqual([]);
  });

  test('S3 as a gateway endpoint on the private route table', () => {
    expect(resources(json, 'aws_vpc_endpoint').network_endpoints_s3).toMatchObject({
      service_name: 'com.amazonaws.us-east-1.s3',
      vpc_endpoint_type: 'Gateway',
      route_table_ids: [ref('aws_route_table.network_private_route_table_1.id')],
    });
  });

  test.each(services.filter((s) => s !== 's3'))('%s as an interface endpoint with private DNS in the private subnets', (service) => {
    const endpoint = resources(json, 'aws_vpc_endpoint')[`network_endpoints_${service.replace('.', '-').replace('-', '_')}`];
    expect(endpoint).toMatchObject({
      service_name: `com.amazonaws.us-east-1.${service}`,
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: true,
      subnet_ids: [ref('aws_subnet.network_private_subnet_1.id'), ref('aws_subnet.network_private_subnet_2.id')],
      security_group_ids: [ref('aws_security_group.network_endpoints_security_group.id')],
    });
  });

  test('the interface endpoints admit HTTPS from the VPC only', () => {
    const group = resources(json, 'aws_security_group').network_endpoints_security_group;
    expect(group).toMatchObject({ vpc_id: ref('aws_vpc.network_vpc.id'), name: 'demo-vpc-endpoints' });
    expect(group.ingress).toBeUndefined();
    expect(Object.values(resources(json, 'aws_vpc_security_group_ingress_rule'))).toEqual([
      expect.objectContaining({ security_group_id: ref('aws_security_group.network_endpoints_security_group.id'), ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/16' }),
    ]);
    expect(net.vpcEndpointSecurityGroupId).toEqual(expect.any(String));
  });

  test('no warning when the endpoints nodes need are there', () => {
    expect(warningsOf(stack)).toEqual([]);
  });

  test('a gateway endpoint alone needs no security group', () => {
    const only = network({ vpcEndpoints: ['s3'] });
    expect(resources(only.json, 'aws_security_group')).toEqual({});
    expect(only.net.vpcEndpointSecurityGroupId).toBeUndefined();
  });

  test('warns when nodes could not join: no NAT and endpoints missing', () => {
    const { stack: bare } = network({ natGateways: 'none', vpcEndpoints: ['s3'] });
    expect(warningsOf(bare)).toEqual([expect.stringContaining('no NAT gateway and no VPC endpoint for ec2, ecr.api, ecr.dkr')]);
  });

  test.each<[string, Partial<ClusterNetworkProps>, string]>([
    ['an unknown service', { vpcEndpoints: ['s4' as never] }, `'vpcEndpoints.0' ("s4") must be one of "s3", "ecr.api"`],
    ['a service twice', { vpcEndpoints: ['s3', 's3'] }, `'vpcEndpoints' (["s3","s3"]) must not list the same VPC endpoint service twice`],
    ['a China region', { region: 'cn-north-1', availabilityZones: ['cn-north-1a', 'cn-north-1b'], vpcEndpoints: ['s3'] }, `'vpcEndpoints' (["s3"]) cannot be derived for region "cn-north-1"`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => network(props)).join('\n')).toContain(expected);
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
    ['an unknown NAT mode', { natGateways: 'two' as never }, `'natGateways' ("two") must be one of "single", "one-per-az", "none"`],
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
