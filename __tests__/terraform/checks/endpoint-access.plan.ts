// Planned values of endpoint access, cluster subnets, security groups and bastions: chapter04,
// chapter05, chapter14-pub and default, plus two scenarios that are no preset (a NAT-less private
// cluster; an SSH bastion and chapter 16's NFS server built with the bastion module).
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Bastion } from '../../../src/bastion/bastion';
import { ClusterNetwork } from '../../../src/dataplane/network/cluster-network';
import { emptyStack, synthJson, synthPreset, TfJson } from '../../helpers/synth';
import type { PlanChecks } from './plan-checks';

const NODE_ENDPOINTS = ['s3', 'ecr.api', 'ecr.dkr', 'ec2', 'sts', 'logs', 'ssm', 'ssmmessages', 'ec2messages'];
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxKvl8Xr0bGm3xY9Jc5d0ZbWq6n1Rk0pQ2s3T4u5V6w admin@example';
const NFS_USER_DATA = [
  '#!/bin/bash',
  'dnf install -y nfs-utils',
  'mkdir -p /srv/nfs && chown nobody:nobody /srv/nfs',
  'echo "/srv/nfs 10.0.0.0/16(rw,sync,no_subtree_check,root_squash)" > /etc/exports',
  'systemctl enable --now nfs-server',
  '',
].join('\n');

export const scenarios: Record<string, () => TfJson> = {
  'private-no-nat': () =>
    synthPreset('default', {
      network: { natGateways: 'none', vpcEndpoints: NODE_ENDPOINTS },
      controlPlane: { subnets: 'eni', additionalSecurityGroup: true, nodeSecurityGroup: true, privateApiAccess: ['vpn'] },
      bastion: {},
    }).json,
  // Hosts of the bastion module next to a network only (no cluster, so the plan stays small): an
  // SSH bastion with the user's key, and chapter 16's nfs/ module with NFS ports open to the VPC.
  hosts: () => {
    const stack = emptyStack();
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const network = new ClusterNetwork(stack, 'network', { clusterName: 'hosts', region: 'us-east-1', natGateways: 'single' });
    const common = { vpcId: network.vpcId, vpcCidr: network.vpcCidr };
    new Bastion(stack, 'ssh', {
      ...common,
      name: 'ssh-bastion',
      access: 'ssh',
      sshPublicKey: SSH_KEY,
      cidrBlocks: ['198.51.100.7/32'],
      subnetId: network.publicSubnetIds[0],
      associatePublicIpAddress: true,
    });
    new Bastion(stack, 'nfs', {
      ...common,
      name: 'nfs-instance',
      instanceType: 't3.small',
      subnetId: network.privateSubnetIds[0],
      ports: [111, 2049],
      cidrBlocks: ['vpc'],
      userData: NFS_USER_DATA,
      rootVolumeSizeGiB: 20,
    });
    return synthJson(stack);
  },
};

/** Planned rules of one group as "direction protocol port peer" lines, the peer a CIDR or "sg". */
function rules(checks: PlanChecks, preset: string, addressPrefix: string): string[] {
  const lines: string[] = [];
  for (const [type, dir] of [
    ['aws_vpc_security_group_ingress_rule', 'in'],
    ['aws_vpc_security_group_egress_rule', 'out'],
  ]) {
    for (const [address, r] of checks.ofType(preset, type)) {
      if (address.startsWith(`${type}.${addressPrefix}`)) lines.push(`${dir} ${r.ip_protocol} ${r.from_port ?? 'all'} ${r.cidr_ipv4 ?? 'sg'}`);
    }
  }
  return lines.sort();
}

const CONTROL_PLANE_TO_NODES = ['out tcp 10250 sg', 'out tcp 53 sg', 'out udp 53 sg', ...[443, 4443, 6443, 8443, 9443].map((p) => `out tcp ${p} sg`)];

export function register(checks: PlanChecks): void {
  const cluster = (preset: string) => checks.values(preset, 'aws_eks_cluster.control_plane_cluster');

  test.each([
    ['default', { endpoint_private_access: true, endpoint_public_access: false }],
    ['chapter04', { endpoint_private_access: true, endpoint_public_access: false }],
    ['chapter05', { endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['193.16.23.22/32'] }],
    ['chapter14-pub', { endpoint_private_access: false, endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] }],
  ])('%s: planned endpoint flags and public CIDRs', (preset, flags) => {
    expect(cluster(preset).vpc_config[0]).toMatchObject(flags);
  });

  test('default and private presets plan no public access list', () => {
    for (const preset of ['default', 'chapter04']) expect(cluster(preset).vpc_config[0].public_access_cidrs ?? []).toEqual([]);
  });

  test.each(['chapter04', 'chapter05'])("%s: the book's /28 ENI subnets (no route table) next to its /24s", (preset) => {
    expect(['eni_subnet_1', 'eni_subnet_2', 'private_subnet_1', 'public_subnet_2'].map((s) => checks.values(preset, `aws_subnet.network_${s}`).cidr_block)).toEqual([
      '10.0.1.0/28',
      '10.0.2.0/28',
      '10.0.3.0/24',
      '10.0.6.0/24',
    ]);
    expect(checks.ofType(preset, 'aws_route_table_association').size).toBe(4);
  });

  test.each(['chapter04', 'chapter05'])('%s: additional security group with HTTPS from the nodes, kubelet, DNS (TCP and UDP) and webhooks to them', (preset) => {
    expect(checks.values(preset, 'aws_security_group.control_plane_security_groups_additional')).toMatchObject({ name: `${cluster(preset).name}-control-plane` });
    expect(rules(checks, preset, 'control_plane_security_groups_')).toEqual(['in tcp 443 sg', ...CONTROL_PLANE_TO_NODES].sort());
    expect(rules(checks, preset, 'control_plane_egress')).toEqual(['out tcp 443 0.0.0.0/0']);
  });

  test.each(['chapter04', 'chapter05'])('%s: SSM bastion t3.micro, IMDSv2, encrypted, no public IP, no inbound rule, 443 to the API', (preset) => {
    expect(checks.values(preset, 'aws_instance.bastion_instance')).toMatchObject({
      instance_type: 't3.micro',
      associate_public_ip_address: false,
      metadata_options: [expect.objectContaining({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 })],
      root_block_device: [expect.objectContaining({ encrypted: true, volume_type: 'gp3' })],
    });
    expect(checks.values(preset, 'aws_launch_template.bastion_launch_template').image_id).toBe('resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    expect(rules(checks, preset, 'bastion_')).toEqual(['in tcp 443 sg', 'out tcp 443 0.0.0.0/0', 'out tcp 443 sg']);
    expect(checks.ofType(preset, 'aws_key_pair').size).toBe(0);
  });

  test('chapter05: spot nodes of two same-size types', () => {
    expect(checks.values('chapter05', 'aws_eks_node_group.node_group_private_node_group_group')).toMatchObject({ capacity_type: 'SPOT', instance_types: ['t3.small', 't3a.small'] });
  });

  test('chapter14-pub: public subnets give public IPs; NodePort 30001 from the configured block only, R3 rules kept', () => {
    for (const i of [1, 2]) expect(checks.values('chapter14-pub', `aws_subnet.network_public_subnet_${i}`).map_public_ip_on_launch).toBe(true);
    expect(rules(checks, 'chapter14-pub', 'control_plane_node_ports_')).toEqual(['in tcp 30001 203.0.113.10/32']);
    expect(checks.values('chapter14-pub', 'aws_vpc_security_group_ingress_rule.control_plane_node_ports_ingress_tcp_30001_30001_203_0_113_10_32').to_port).toBe(30001);
    expect(rules(checks, 'chapter14-pub', 'control_plane_egress')).toEqual(['out tcp 10250 10.0.0.0/16', 'out tcp 443 0.0.0.0/0', 'out tcp 53 10.0.0.0/16', 'out udp 53 10.0.0.0/16']);
    expect([...checks.ofType('chapter14-pub', 'aws_vpc_security_group_ingress_rule').values()].filter((r) => r.cidr_ipv4 === '0.0.0.0/0')).toEqual([]);
  });

  test('private-no-nat: no NAT gateway, gateway and interface endpoints, endpoint group admitting 443 from the VPC', () => {
    expect(checks.ofType('private-no-nat', 'aws_nat_gateway').size).toBe(0);
    const endpoints = [...checks.ofType('private-no-nat', 'aws_vpc_endpoint').values()];
    expect(endpoints.map((e) => `${e.service_name} ${e.vpc_endpoint_type}`).sort()).toEqual(NODE_ENDPOINTS.map((s) => `com.amazonaws.us-east-1.${s} ${s === 's3' ? 'Gateway' : 'Interface'}`).sort());
    for (const e of endpoints.filter((x) => x.vpc_endpoint_type === 'Interface')) expect(e.private_dns_enabled).toBe(true);
    expect(rules(checks, 'private-no-nat', 'network_endpoints_')).toEqual(['in tcp 443 10.0.0.0/16']);
  });

  test('private-no-nat: node security group tagged for the cluster, open egress, rules with the additional group', () => {
    expect(checks.values('private-no-nat', 'aws_security_group.control_plane_security_groups_nodes').tags).toEqual({ Name: 'eks-default-nodes', 'kubernetes.io/cluster/eks-default': 'owned' });
    const lines = rules(checks, 'private-no-nat', 'control_plane_security_groups_');
    expect(lines).toEqual(expect.arrayContaining(['out -1 all 0.0.0.0/0', 'in tcp 10250 sg', 'in -1 all sg', 'in tcp 443 sg']));
  });

  test('hosts: SSH bastion with a public IP, a key pair from the given key, SSH from the given block only', () => {
    expect(checks.values('hosts', 'aws_instance.ssh_instance').associate_public_ip_address).toBe(true);
    expect(checks.values('hosts', 'aws_key_pair.ssh_key_pair')).toMatchObject({ key_name: 'ssh-bastion', public_key: SSH_KEY });
    expect(rules(checks, 'hosts', 'ssh_')).toEqual(['in tcp 22 198.51.100.7/32', 'out tcp 443 0.0.0.0/0']);
  });

  test("hosts: chapter 16's NFS server, t3.small, NFS ports from the VPC only, user data replacing the host when it changes, no cluster rule", () => {
    expect(checks.values('hosts', 'aws_instance.nfs_instance')).toMatchObject({
      instance_type: 't3.small',
      associate_public_ip_address: false,
      user_data_replace_on_change: true,
      root_block_device: [expect.objectContaining({ encrypted: true, volume_size: 20 })],
      tags: { Name: 'nfs-instance' },
    });
    expect(rules(checks, 'hosts', 'nfs_')).toEqual(['in tcp 111 10.0.0.0/16', 'in tcp 2049 10.0.0.0/16', 'out tcp 443 0.0.0.0/0']);
  });
}
