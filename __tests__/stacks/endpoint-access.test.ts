// The configuration keys of endpoint access, cluster subnets, security groups and the bastion,
// wired through AwsStack.
import { presetAsIs, ref, resources, synthPreset, validationLines } from '../helpers/synth';

const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxKvl8Xr0bGm3xY9Jc5d0ZbWq6n1Rk0pQ2s3T4u5V6w admin@example';
const subnetRefs = (kind: string) => [1, 2].map((i) => ref(`aws_subnet.network_${kind}_subnet_${i}.id`));

describe('controlPlane.subnets', () => {
  test.each([
    ['private', 'private'],
    ['eni', 'eni'],
    ['public', 'public'],
  ])('%s puts the control plane ENIs in the %s subnets; nodes stay private', (subnets, kind) => {
    const { json } = synthPreset('default', { controlPlane: { subnets } });
    expect(json.resource!.aws_eks_cluster.control_plane_cluster.vpc_config.subnet_ids).toEqual(subnetRefs(kind));
    expect(json.resource!.aws_eks_node_group.node_group_default_group.subnet_ids).toEqual(subnetRefs('private'));
  });

  test('ENI subnets exist only when the control plane uses them', () => {
    expect(Object.keys(resources(presetAsIs('default').json, 'aws_subnet')).filter((n) => n.includes('eni'))).toEqual([]);
    expect(Object.keys(resources(synthPreset('default', { controlPlane: { subnets: 'eni' } }).json, 'aws_subnet')).filter((n) => n.includes('eni'))).toHaveLength(2);
  });

  test('the groups are created in the network VPC', () => {
    const { json } = synthPreset('default', { controlPlane: { additionalSecurityGroup: true, nodeSecurityGroup: true } });
    for (const group of Object.values(resources(json, 'aws_security_group'))) expect(group.vpc_id).toBe(ref('aws_vpc.network_vpc.id'));
  });
});

describe('bastion section', () => {
  test('default: SSM host in the first private subnet, allowed to the API, port-forward command as output, no warning', () => {
    const { json, warnings } = synthPreset('default', { bastion: {} });
    expect(json.resource!.aws_instance.bastion_instance).toMatchObject({ subnet_id: subnetRefs('private')[0], associate_public_ip_address: false, tags: { Name: 'eks-default-bastion' } });
    expect(json.resource!.aws_vpc_security_group_ingress_rule.bastion_cluster_api_ingress).toMatchObject({
      security_group_id: ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id'),
      referenced_security_group_id: ref('aws_security_group.bastion_security_group.id'),
      from_port: 443,
    });
    expect(json.output!.bastion_port_forward_command.value).toBe(
      `aws ssm start-session --region us-east-1 --target ${ref('aws_instance.bastion_instance.id')} --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters '{"host":["${ref('replace(aws_eks_cluster.control_plane_cluster.endpoint, "https://", "")')}"],"portNumber":["443"],"localPortNumber":["8443"]}'`,
    );
    expect(json.output!.bastion_instance_id.value).toBe(ref('aws_instance.bastion_instance.id'));
    expect(json.output!.bastion_public_ip).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  test('SSH with your key: first public subnet, public IP as output, no tls provider', () => {
    const { json } = synthPreset('default', { bastion: { access: 'ssh', sshPublicKey: SSH_KEY, cidrBlocks: ['198.51.100.7/32'] } });
    expect(json.resource!.aws_instance.bastion_instance).toMatchObject({ subnet_id: subnetRefs('public')[0], associate_public_ip_address: true });
    expect(json.output!.bastion_public_ip.value).toBe(ref('aws_instance.bastion_instance.public_ip'));
    expect(json.provider!.tls).toBeUndefined();
  });

  // The offline Terraform mirror has no tls provider, so this mode is covered here, on the
  // synthesized JSON only (docs/testing.md).
  test("the book's generated key: tls provider in the stack, private key a sensitive output", () => {
    const { json } = synthPreset('default', { bastion: { access: 'ssh-generated-key', cidrBlocks: ['198.51.100.7/32'] } });
    expect(json.provider!.tls).toEqual([{}]);
    expect(json.terraform!.required_providers.tls).toEqual(expect.objectContaining({ source: 'hashicorp/tls' }));
    expect(json.output!.bastion_ssh_private_key).toEqual({
      value: ref('tls_private_key.bastion_private_key.private_key_openssh'),
      description: expect.stringContaining('stored in the Terraform state'),
      sensitive: true,
    });
  });

  test('a hybrid endpoint with a bastion (book chapter 5)', () => {
    const { warnings } = synthPreset('default', { controlPlane: { endpointAccess: 'hybrid', publicAccessCidrs: ['193.16.23.22/32'] }, bastion: {} });
    expect(warnings).toEqual([]);
  });

  test('warns when the SSM host cannot reach SSM: no NAT gateway and no SSM endpoints', () => {
    const nodeEndpoints = ['s3', 'ecr.api', 'ecr.dkr', 'ec2'];
    const { warnings } = synthPreset('default', { network: { natGateways: 'none', vpcEndpoints: nodeEndpoints }, bastion: {} });
    expect(warnings).toEqual([expect.stringContaining('without VPC endpoints for ssm, ssmmessages, ec2messages')]);
    const fixed = synthPreset('default', { network: { natGateways: 'none', vpcEndpoints: [...nodeEndpoints, 'ssm', 'ssmmessages', 'ec2messages'] }, bastion: {} });
    expect(fixed.warnings).toEqual([]);
  });
});

describe('bad input across sections names the fields', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['ENI blocks while the control plane uses other subnets', { network: { eniSubnetCidrs: ['10.0.200.0/28', '10.0.201.0/28'] } }, `'network.eniSubnetCidrs' (["10.0.200.0/28","10.0.201.0/28"]) would create subnets nothing uses: 'controlPlane.subnets' is "private"`],
    ['a bastion with a public-only endpoint', { controlPlane: { endpointAccess: 'public', publicAccessCidrs: ['193.16.23.22/32'] }, bastion: {} }, `'controlPlane.endpointAccess' ("public") has no private endpoint for the 'bastion' to reach`],
    ['an SSH bastion in a private subnet', { bastion: { access: 'ssh', sshPublicKey: SSH_KEY, cidrBlocks: ['198.51.100.7/32'], subnet: 'private' } }, `'bastion.subnet' ("private") must be "public" for access "ssh"`],
    ['an SSH key choice without a key', { bastion: { access: 'ssh', cidrBlocks: ['198.51.100.7/32'] } }, `'bastion.sshPublicKey' is required with access "ssh"`],
    ['SSH from anywhere', { bastion: { access: 'ssh-generated-key', cidrBlocks: ['0.0.0.0/0'] } }, `'bastion.cidrBlocks' (["0.0.0.0/0"]) opens ports 22 to the whole internet`],
    ['an invalid bastion block', { bastion: { access: 'ssh', sshPublicKey: SSH_KEY, cidrBlocks: ['198.51.100.7/33'] } }, `'bastion.cidrBlocks.0' ("198.51.100.7/33") is not an IPv4 CIDR block`],
    ['a public CIDR list on a private endpoint', { controlPlane: { publicAccessCidrs: ['193.16.23.22/32'] } }, `'controlPlane.publicAccessCidrs' (["193.16.23.22/32"]) applies only to endpointAccess "public" or "hybrid"`],
    ['a private block on the public endpoint', { controlPlane: { endpointAccess: 'hybrid', publicAccessCidrs: ['192.168.1.0/24'] } }, `'controlPlane.publicAccessCidrs.0' ("192.168.1.0/24") is a private (RFC 1918) block`],
    ['an unknown control plane subnet choice', { controlPlane: { subnets: 'eni-subnets' } }, `'controlPlane.subnets' ("eni-subnets") must be one of "private", "eni", "public"`],
    ['an unknown bastion key', { bastion: { sshKey: 'x' } }, `'bastion.sshKey' is not a known setting; allowed here: access, name,`],
    ['a NodePort rule open to the world', { controlPlane: { nodePorts: { cidrBlocks: ['0.0.0.0/0'] } } }, `'controlPlane.nodePorts.cidrBlocks' (["0.0.0.0/0"]) opens NodePort services to the whole internet`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthPreset('default', overrides)).join('\n')).toContain(expected);
  });
});
