// Terraform itself validates and plans every preset's AWS stack, offline (mock credentials in a
// copy of the stack). Skipped, with the reason in the test names, where terraform is missing;
// EKS_REQUIRE_TERRAFORM=1 (set by .ci/run) turns the skip into a failure.
import { PRESETS } from '../../src/presets';
import { addresses, synthPreset, TfJson } from '../helpers/synth';
import { planStacks, PlanRun, StackPlan, terraformAvailability } from '../helpers/terraform';

const availability = terraformAvailability();
if (!availability.available && process.env.EKS_REQUIRE_TERRAFORM === '1') {
  throw new Error(`EKS_REQUIRE_TERRAFORM=1 but ${availability.reason}`);
}
if (!availability.available) {
  process.stderr.write(`\nTerraform validate/plan tests SKIPPED: ${availability.reason}. Install terraform to run them.\n`);
}
const describeTf = availability.available ? describe : describe.skip;
const label = availability.available ? `terraform ${availability.version}` : `skipped: ${availability.reason}`;

const stacks: Record<string, TfJson> = Object.fromEntries(PRESETS.map((p) => [p.name.replace(/[^A-Za-z0-9_]/g, '_'), synthPreset(p.name).json]));
let run: PlanRun;
const plan = (preset: string): StackPlan => run.plans.get(preset.replace(/[^A-Za-z0-9_]/g, '_'))!;
const values = (preset: string, address: string) => {
  const r = plan(preset).resources.get(address);
  if (!r) throw new Error(`${address} is not in the plan of ${preset}`);
  return r.values;
};

describeTf(`Terraform validate and offline plan of every preset (${label})`, () => {
  beforeAll(() => {
    run = planStacks(stacks);
  }, 240_000);

  test('terraform validate accepts every stack', () => {
    expect(run.validateOutput).toContain('Success! The configuration is valid.');
  });

  test.each(PRESETS.map((p) => p.name))('%s: the plan creates exactly the synthesized resources', (preset) => {
    const planned = [...plan(preset).resources.keys()].sort();
    const synthesized = addresses(stacks[preset.replace(/[^A-Za-z0-9_]/g, '_')]).filter((a) => !a.startsWith('data.'));
    expect(planned).toEqual(synthesized);
    for (const r of plan(preset).resources.values()) expect(r.actions).toEqual(['create']);
  });

  test('default: private-only endpoint, cluster version, nodes in private subnets', () => {
    const cluster = values('default', 'aws_eks_cluster.control_plane_cluster');
    expect(cluster).toMatchObject({ name: 'eks-default', version: '1.35' });
    expect(cluster.vpc_config[0]).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    const ng = values('default', 'aws_eks_node_group.node_group_default_group');
    expect(ng).toMatchObject({ capacity_type: 'ON_DEMAND', ami_type: 'AL2023_x86_64_STANDARD', instance_types: ['m6i.large'], disk_size: 20 });
    expect(ng.scaling_config).toEqual([{ desired_size: 2, max_size: 4, min_size: 2 }]);
  });

  test('default: subnets by zone ID, Elastic IPs in the VPC domain, tags merged with default_tags', () => {
    expect(values('default', 'aws_subnet.network_private_subnet_1')).toMatchObject({ cidr_block: '10.0.0.0/19', availability_zone_id: 'use1-az1' });
    expect(values('default', 'aws_subnet.network_public_subnet_2')).toMatchObject({ cidr_block: '10.0.225.0/24', availability_zone_id: 'use1-az2' });
    expect(values('default', 'aws_eip.network_nat_eip_1').domain).toBe('vpc');
    expect(values('default', 'aws_vpc.network_vpc').tags_all).toEqual({ Name: 'eks-default-vpc', cluster: 'eks-default', 'managed-by': 'cdktf' });
  });

  test('chapter03: public endpoint, book CIDRs, t3.small 2/3/2, R3 rules', () => {
    const cluster = values('chapter03', 'aws_eks_cluster.control_plane_cluster');
    expect(cluster.vpc_config[0]).toMatchObject({ endpoint_private_access: false, endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] });
    expect(values('chapter03', 'aws_subnet.network_private_subnet_2').cidr_block).toBe('10.0.4.0/24');
    expect(values('chapter03', 'aws_subnet.network_public_subnet_1').cidr_block).toBe('10.0.5.0/24');
    const ng = values('chapter03', 'aws_eks_node_group.node_group_private_node_group_group');
    expect(ng).toMatchObject({ node_group_name: 'private-node-group', instance_types: ['t3.small'], labels: { name: 'nodes' } });
    expect(ng.scaling_config).toEqual([{ desired_size: 2, max_size: 3, min_size: 2 }]);
    expect(values('chapter03', 'aws_vpc_security_group_egress_rule.control_plane_egress_udp_53_53_vpc')).toMatchObject({ ip_protocol: 'udp', from_port: 53, cidr_ipv4: '10.0.0.0/16' });
  });
});
