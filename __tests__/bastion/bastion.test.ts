import { TerraformResource } from 'cdktf';
import { amazonLinuxAmi, Bastion, BastionProps } from '../../src/bastion/bastion';
import { emptyStack, onlyResource, ref, resolved, resources, synthJson, synthPreset, validationLines, warningsOf } from '../helpers/synth';

function bastion(props: Partial<BastionProps> = {}) {
  const stack = emptyStack();
  const host = new Bastion(stack, 'bastion', { vpcId: 'vpc-1234', subnetId: 'subnet-aaaa', vpcCidr: '10.0.0.0/16', ...props });
  return { stack, host, json: synthJson(stack) };
}

const SG = ref('aws_security_group.bastion_security_group.id');
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxKvl8Xr0bGm3xY9Jc5d0ZbWq6n1Rk0pQ2s3T4u5V6w admin@example';

/** Rules of the bastion's group as "direction proto port peer" lines. */
function rulesOf(json: ReturnType<typeof bastion>['json']) {
  const line = (dir: string) => (r: any) => `${dir} ${r.ip_protocol} ${r.from_port} ${r.cidr_ipv4 ?? r.referenced_security_group_id}`;
  const own = (r: any) => r.security_group_id === SG;
  return [
    ...Object.values(resources(json, 'aws_vpc_security_group_ingress_rule')).filter(own).map(line('in')),
    ...Object.values(resources(json, 'aws_vpc_security_group_egress_rule')).filter(own).map(line('out')),
  ].sort();
}

describe('Bastion defaults: SSM Session Manager, no inbound rule', () => {
  const { json, host, stack } = bastion();
  const instance = onlyResource(json, 'aws_instance');

  test('no inbound rule, HTTPS out only', () => {
    expect(rulesOf(json)).toEqual(['out tcp 443 0.0.0.0/0']);
    expect(host.access).toBe('ssm');
  });

  test('its own security group in the VPC, without inline rules', () => {
    const group = onlyResource(json, 'aws_security_group');
    expect(group).toMatchObject({ name: 'bastion-host', vpc_id: 'vpc-1234', tags: { Name: 'bastion-host' } });
    expect(group.ingress).toBeUndefined();
    expect(instance.vpc_security_group_ids).toEqual([SG]);
  });

  test('in the given subnet, no public IP, no key pair', () => {
    expect(instance).toMatchObject({ subnet_id: 'subnet-aaaa', associate_public_ip_address: false, instance_type: 't3.micro', tags: { Name: 'bastion-host' } });
    expect(instance.key_name).toBeUndefined();
    expect(resources(json, 'aws_key_pair')).toEqual({});
  });

  test('IMDSv2 required with a hop limit of 1, encrypted gp3 root volume', () => {
    expect(instance.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(instance.root_block_device).toMatchObject({ encrypted: true, volume_type: 'gp3' });
    expect(instance.root_block_device.volume_size).toBeUndefined();
  });

  test('Amazon Linux 2023 resolved from the public SSM parameter by a launch template, with no AMI data source', () => {
    expect(onlyResource(json, 'aws_launch_template').image_id).toBe('resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    expect(instance.launch_template).toEqual({ id: ref('aws_launch_template.bastion_launch_template.id'), version: ref('aws_launch_template.bastion_launch_template.latest_version') });
    expect(instance.ami).toBeUndefined();
    expect(Object.keys(json.data ?? {}).sort()).toEqual(['aws_iam_policy_document', 'aws_partition']);
  });

  test('an instance profile whose role EC2 assumes, with AmazonSSMManagedInstanceCore only', () => {
    expect(onlyResource(json, 'aws_iam_instance_profile')).toMatchObject({ name: 'bastion-host', role: ref('aws_iam_role.bastion_role.name') });
    expect(instance.iam_instance_profile).toBe(ref('aws_iam_instance_profile.bastion_instance_profile.name'));
    expect(json.data!.aws_iam_policy_document.bastion_trust.statement).toEqual([
      { effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] },
    ]);
    expect(onlyResource(json, 'aws_iam_role_policy_attachment').policy_arn).toBe(`arn:${ref('data.aws_partition.partition.partition')}:iam::aws:policy/AmazonSSMManagedInstanceCore`);
    expect(instance.depends_on).toEqual(['aws_iam_role_policy_attachment.bastion_AmazonSSMManagedInstanceCore']);
  });

  test('no rule on a cluster unless one is given; no warnings', () => {
    expect(Object.values(resources(json, 'aws_vpc_security_group_ingress_rule'))).toEqual([]);
    expect(warningsOf(stack)).toEqual([]);
  });

  test('attributes are references to the instance and group', () => {
    expect(resolved(stack, host.instanceId)).toBe(ref('aws_instance.bastion_instance.id'));
    expect(resolved(stack, host.securityGroupId)).toBe(SG);
    expect(host.privateKeyOpenssh).toBeUndefined();
  });
});

describe('Bastion options', () => {
  test('access to the private API: 443 from the bastion group on the cluster group, and out to it', () => {
    const { json } = bastion({ clusterSecurityGroupId: 'sg-cluster' });
    expect(resources(json, 'aws_vpc_security_group_ingress_rule').bastion_cluster_api_ingress).toMatchObject({
      security_group_id: 'sg-cluster',
      referenced_security_group_id: SG,
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
    });
    expect(rulesOf(json)).toEqual(['out tcp 443 0.0.0.0/0', 'out tcp 443 sg-cluster']);
  });

  test.each([
    ['t3.micro', 'x86_64'],
    ['m7i-flex.large', 'x86_64'],
    ['g5.xlarge', 'x86_64'],
    ['t4g.nano', 'arm64'],
    ['c7gn.large', 'arm64'],
    ['g5g.xlarge', 'arm64'],
    ['im4gn.large', 'arm64'],
  ])('%s gets the %s Amazon Linux 2023 image', (instanceType, arch) => {
    expect(amazonLinuxAmi(instanceType)).toBe(`resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`);
  });

  test('an explicit AMI ID', () => {
    const { json } = bastion({ ami: 'ami-0123456789abcdef0' });
    expect(onlyResource(json, 'aws_launch_template').image_id).toBe('ami-0123456789abcdef0');
  });

  test('SSH with your own public key from your blocks, public IP (book chapter 4 without 0.0.0.0/0)', () => {
    const { json, host } = bastion({ access: 'ssh', sshPublicKey: SSH_KEY, cidrBlocks: ['198.51.100.7/32'], associatePublicIpAddress: true });
    expect(onlyResource(json, 'aws_key_pair')).toMatchObject({ key_name: 'bastion-host', public_key: SSH_KEY });
    const instance = onlyResource(json, 'aws_instance');
    expect(instance).toMatchObject({ associate_public_ip_address: true, key_name: ref('aws_key_pair.bastion_key_pair.key_name') });
    expect(rulesOf(json)).toEqual(['in tcp 22 198.51.100.7/32', 'out tcp 443 0.0.0.0/0']);
    expect(host.privateKeyOpenssh).toBeUndefined();
  });

  test("the book's generated key: RSA 4096 tls_private_key, its public half in the key pair, no file written", () => {
    const { json, host, stack } = bastion({ access: 'ssh-generated-key', cidrBlocks: ['198.51.100.7/32'], associatePublicIpAddress: true });
    expect(onlyResource(json, 'tls_private_key')).toMatchObject({ algorithm: 'RSA', rsa_bits: 4096 });
    expect(onlyResource(json, 'aws_key_pair').public_key).toBe(ref('tls_private_key.bastion_private_key.public_key_openssh'));
    expect(resolved(stack, host.privateKeyOpenssh)).toBe(ref('tls_private_key.bastion_private_key.private_key_openssh'));
    expect(resources(json, 'local_file')).toEqual({});
  });

  test("chapter 16's NFS server: same module, t3.small, NFS ports from the VPC only, user data, bigger disk, no cluster access", () => {
    const userData = '#!/bin/bash\ndnf install -y nfs-utils\nmkdir -p /srv/nfs\necho "/srv/nfs 10.0.0.0/16(rw,sync,no_subtree_check)" > /etc/exports\nsystemctl enable --now nfs-server\n';
    const { json, stack } = bastion({ name: 'nfs-instance', instanceType: 't3.small', ports: [111, 2049], cidrBlocks: ['vpc'], userData, rootVolumeSizeGiB: 20 });
    const instance = onlyResource(json, 'aws_instance');
    expect(instance).toMatchObject({ instance_type: 't3.small', user_data: userData, user_data_replace_on_change: true, associate_public_ip_address: false, tags: { Name: 'nfs-instance' } });
    expect(instance.root_block_device).toMatchObject({ encrypted: true, volume_size: 20 });
    expect(rulesOf(json)).toEqual(['in tcp 111 10.0.0.0/16', 'in tcp 2049 10.0.0.0/16', 'out tcp 443 0.0.0.0/0']);
    expect(onlyResource(json, 'aws_security_group').name).toBe('nfs-instance');
    expect(warningsOf(stack)).toEqual([]);
  });

  test('0.0.0.0/0 only when explicitly allowed, with a warning', () => {
    const { json, stack } = bastion({ access: 'ssh', sshPublicKey: SSH_KEY, associatePublicIpAddress: true, cidrBlocks: ['0.0.0.0/0'], allowAccessFromAnywhere: true });
    expect(rulesOf(json)).toContain('in tcp 22 0.0.0.0/0');
    expect(warningsOf(stack)).toEqual([expect.stringContaining('accepts ports 22 from the whole internet')]);
  });

  test('other egress ports replace the default', () => {
    expect(rulesOf(bastion({ egressPorts: [80, 443] }).json)).toEqual(['out tcp 443 0.0.0.0/0', 'out tcp 80 0.0.0.0/0']);
  });
});

describe('Bastion validation', () => {
  const ssh = { access: 'ssh' as const, sshPublicKey: SSH_KEY, cidrBlocks: ['198.51.100.7/32'], associatePublicIpAddress: true };
  test.each<[string, Partial<BastionProps>, string]>([
    ['SSH without a key', { ...ssh, sshPublicKey: undefined }, `'sshPublicKey' is required with access "ssh": your OpenSSH public key`],
    ['a key with SSM access', { sshPublicKey: SSH_KEY }, `'sshPublicKey' ("${SSH_KEY}") applies only to access "ssh", not "ssm"`],
    ['a key with the generated key', { ...ssh, access: 'ssh-generated-key' }, `applies only to access "ssh", not "ssh-generated-key"`],
    ['SSH without a public IP', { ...ssh, associatePublicIpAddress: false }, `'associatePublicIpAddress' (false) must be true for access "ssh": SSH comes from outside the VPC`],
    ['SSH without source blocks', { ...ssh, cidrBlocks: undefined }, `'cidrBlocks' is required: ports 22 are open (access "ssh")`],
    ['source blocks with SSM and no port', { cidrBlocks: ['10.0.0.0/16'] }, `'cidrBlocks' (["10.0.0.0/16"]) opens nothing: access "ssm" needs no inbound port`],
    ['SSH from 0.0.0.0/0 without the explicit allowance', { ...ssh, cidrBlocks: ['0.0.0.0/0'] }, `'cidrBlocks' (["0.0.0.0/0"]) opens ports 22 to the whole internet; list your own blocks, or set 'allowAccessFromAnywhere'`],
    ['"vpc" without the VPC block', { ports: [2049], cidrBlocks: ['vpc'], vpcCidr: undefined }, `'cidrBlocks' (["vpc"]) contains "vpc" but no 'vpcCidr' was given`],
    ['an invalid block', { ...ssh, cidrBlocks: ['198.51.100.7'] }, `'cidrBlocks.0' ("198.51.100.7") is not an IPv4 CIDR block`],
    ['a malformed public key', { ...ssh, sshPublicKey: 'not a key' }, `'sshPublicKey' ("not a key") must be an OpenSSH public key line`],
    ['a malformed AMI', { ami: 'ubuntu-focal' }, `'ami' ("ubuntu-focal") must be an AMI ID ("ami-0123456789abcdef0") or an SSM parameter reference`],
    ['a malformed instance type', { instanceType: 'large' }, `'instanceType' ("large") must be an EC2 instance type`],
    ['a port out of range', { ports: [70000], cidrBlocks: ['vpc'] }, `'ports.0' (70000) must be a whole number between 1 and 65535`],
    ['an unknown access mode', { access: 'telnet' as never }, `'access' ("telnet") must be one of "ssm", "ssh", "ssh-generated-key"`],
    ['a name with spaces', { name: 'my bastion' }, `'name' ("my bastion") must be 1 to 56 letters, digits, "-" and "_"`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => bastion(props)).join('\n')).toContain(expected);
  });

  test('creates no resource when the input is invalid', () => {
    const stack = emptyStack();
    expect(() => new Bastion(stack, 'bastion', { vpcId: 'vpc-1', subnetId: 'subnet-1', access: 'ssh' })).toThrow();
    expect(stack.node.findAll().filter((c) => c instanceof TerraformResource)).toEqual([]);
  });
});

describe('Bastion monitoring, EBS optimization and egress', () => {
  test('defaults: detailed monitoring on, EBS-optimized (t3 is by default, at no cost), HTTPS out to the world', () => {
    const { json } = bastion();
    expect(onlyResource(json, 'aws_instance')).toMatchObject({ monitoring: true, ebs_optimized: true });
    expect(rulesOf(json)).toEqual(['out tcp 443 0.0.0.0/0']);
  });

  test('a family without EBS optimization by default (t2) leaves ebs_optimized unset; detailedMonitoring false turns monitoring off', () => {
    const instance = onlyResource(bastion({ instanceType: 't2.micro', detailedMonitoring: false }).json, 'aws_instance');
    expect(instance.ebs_optimized).toBeUndefined();
    expect(instance.monitoring).toBe(false);
  });

  test('egressCidrBlocks ["vpc"]: HTTPS out to the VPC only (VPC endpoints for SSM)', () => {
    expect(rulesOf(bastion({ egressCidrBlocks: ['vpc'] }).json)).toEqual(['out tcp 443 10.0.0.0/16']);
  });

  test('throws on "vpc" in egressCidrBlocks without vpcCidr', () => {
    expect(validationLines(() => bastion({ vpcCidr: undefined, egressCidrBlocks: ['vpc'] }))).toEqual([`'cidrBlocks' (undefined) contains "vpc" but no 'vpcCidr' was given`]);
  });
});

describe('the bastion of a stack, in a private subnet', () => {
  const NAT_ROUTE = 'aws_route.network_private_nat_route_1';
  test('with user data it boots after the subnet\'s NAT route (user data runs once)', () => {
    const { json } = synthPreset('default', { bastion: { userData: '#!/bin/bash\ndnf install -y jq\n' } });
    expect(json.resource!.aws_instance.bastion_instance.depends_on).toEqual(expect.arrayContaining([NAT_ROUTE, 'aws_route_table_association.network_private_route_table_association_1']));
  });

  test('without user data it waits for nothing more than its SSM policy (its agent retries on its own)', () => {
    const { json } = synthPreset('default', { bastion: {} });
    expect(json.resource!.aws_instance.bastion_instance.depends_on).toEqual(['aws_iam_role_policy_attachment.bastion_AmazonSSMManagedInstanceCore']);
  });
});
