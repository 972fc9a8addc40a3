import { TerraformResource } from 'cdktf';
import { ControlPlane, ControlPlaneProps } from '../../src/controlplane/control-plane';
import { KUBERNETES_VERSIONS } from '../../src/controlplane/kubernetes-versions';
import { SecurityGroupRule } from '../../src/controlplane/security-group-rules';
import { emptyStack, onlyResource, ref, resolved, resources, synthJson, TODAY, validationLines, warningsOf } from '../helpers/synth';

const SUBNETS = ['subnet-aaaa', 'subnet-bbbb'];

function controlPlane(props: Partial<ControlPlaneProps> = {}) {
  const stack = emptyStack();
  const cp = new ControlPlane(stack, 'control-plane', { clusterName: 'demo', region: 'us-east-1', subnetIds: SUBNETS, vpcCidr: '10.0.0.0/16', today: TODAY, ...props });
  return { stack, cp, json: synthJson(stack) };
}

const partitionArn = (policy: string) => `arn:${ref('data.aws_partition.partition.partition')}:iam::aws:policy/${policy}`;

describe('ControlPlane defaults', () => {
  const { json, cp, stack } = controlPlane();
  const cluster = onlyResource(json, 'aws_eks_cluster');

  test('private-only endpoint, no public access list', () => {
    expect(cluster.vpc_config).toEqual({ subnet_ids: SUBNETS, endpoint_private_access: true, endpoint_public_access: false });
    expect(cp.endpointAccess).toBe('private');
  });

  test('Kubernetes 1.35 by default, with the cluster name', () => {
    expect(cluster).toMatchObject({ name: 'demo', version: '1.35' });
    expect(cp.kubernetesVersion).toBe('1.35');
  });

  test('cluster role named like the book, trusted by eks.amazonaws.com through a policy document', () => {
    const role = resources(json, 'aws_iam_role').control_plane_cluster_role;
    expect(role.name).toBe('demo-role');
    expect(role.assume_role_policy).toBe(ref('data.aws_iam_policy_document.control_plane_cluster_trust.json'));
    const doc = json.data!.aws_iam_policy_document.control_plane_cluster_trust;
    expect(doc.statement).toEqual([{ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }] }]);
  });

  test('AmazonEKSClusterPolicy and AmazonEKSVPCResourceController attached with partition-aware ARNs', () => {
    const attachments = Object.values(resources(json, 'aws_iam_role_policy_attachment'));
    expect(attachments.map((a) => a.policy_arn).sort()).toEqual([partitionArn('AmazonEKSClusterPolicy'), partitionArn('AmazonEKSVPCResourceController')]);
    for (const a of attachments) expect(a.role).toBe(ref('aws_iam_role.control_plane_cluster_role.name'));
    expect(json.data!.aws_partition.partition).toBeDefined();
  });

  test('the cluster waits for its policy attachments, its KMS permissions and its log group, not just the role', () => {
    expect(cluster.depends_on.sort()).toEqual([
      'aws_cloudwatch_log_group.control_plane_log_group',
      'aws_iam_role_policy.control_plane_cluster_role_kms',
      'aws_iam_role_policy_attachment.control_plane_cluster_role_AmazonEKSClusterPolicy',
      'aws_iam_role_policy_attachment.control_plane_cluster_role_AmazonEKSVPCResourceController',
    ]);
  });

  test('attributes are references to the cluster', () => {
    expect(resolved(stack, cp.clusterName)).toBe(ref('aws_eks_cluster.control_plane_cluster.name'));
    expect(resolved(stack, cp.clusterSecurityGroupId)).toBe(ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id'));
    expect(resolved(stack, cp.oidcIssuerUrl)).toBe(ref('aws_eks_cluster.control_plane_cluster.identity[0].oidc[0].issuer'));
    expect(resolved(stack, cp.certificateAuthorityData)).toBe(ref('aws_eks_cluster.control_plane_cluster.certificate_authority[0].data'));
  });

  test('no security group rules unless asked for', () => {
    expect(resources(json, 'aws_vpc_security_group_egress_rule')).toEqual({});
    expect(resources(json, 'aws_vpc_security_group_ingress_rule')).toEqual({});
  });
});

describe('ControlPlane logging and encryption', () => {
  const { json } = controlPlane();
  const cluster = onlyResource(json, 'aws_eks_cluster');
  const keyArn = ref('aws_kms_key.control_plane_cluster_key_key.arn');

  test('all five control plane log types', () => {
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
  });

  test('the log group EKS writes to, created first, kept a year, encrypted with the cluster key', () => {
    expect(resources(json, 'aws_cloudwatch_log_group').control_plane_log_group).toMatchObject({ name: '/aws/eks/demo/cluster', retention_in_days: 365, kms_key_id: keyArn });
  });

  // EKS still delivers logs after the cluster is deleted and re-creates a missing group without
  // retention or key (terraform-aws-modules/terraform-aws-eks#920, #2486, #2763).
  test('on destroy the log group goes after the cluster (which depends on it), five minutes later', () => {
    expect(cluster.depends_on).toContain('aws_cloudwatch_log_group.control_plane_log_group');
    expect(resources(json, 'aws_cloudwatch_log_group').control_plane_log_group.provisioner).toEqual([
      { 'local-exec': { when: 'destroy', on_failure: 'continue', command: 'sleep 300' } },
    ]);
  });

  test.each([
    [60, [{ 'local-exec': { when: 'destroy', on_failure: 'continue', command: 'sleep 60' } }]],
    [0, undefined],
  ])('logGroupDeletionDelaySeconds %s', (seconds, provisioner) => {
    expect(resources(controlPlane({ logGroupDeletionDelaySeconds: seconds }).json, 'aws_cloudwatch_log_group').control_plane_log_group.provisioner).toEqual(provisioner);
  });

  test('Kubernetes secrets encrypted with the cluster key', () => {
    expect(cluster.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: keyArn } });
  });

  test('a KMS key with rotation, a 30-day deletion window and an alias', () => {
    expect(resources(json, 'aws_kms_key').control_plane_cluster_key_key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(resources(json, 'aws_kms_alias').control_plane_cluster_key_alias).toMatchObject({ name: 'alias/eks/demo', target_key_id: ref('aws_kms_key.control_plane_cluster_key_key.key_id') });
  });

  test('key policy: the account administers the key, CloudWatch Logs of the region uses it for log groups; no API call for the account ID', () => {
    const account = ref('local.control_plane_cluster_key_account_id');
    const partition = ref('data.aws_partition.partition.partition');
    expect(json.locals!.control_plane_cluster_key_account_id).toBe('${element(split(":", aws_iam_role.control_plane_cluster_role.arn), 4)}');
    const policy = JSON.parse(resources(json, 'aws_kms_key').control_plane_cluster_key_key.policy);
    const [admin, logs] = policy.Statement;
    expect(admin).toEqual({ Sid: 'AccountAdministersTheKey', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' });
    expect(logs.Principal).toEqual({ Service: 'logs.us-east-1.amazonaws.com' });
    expect(logs.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:us-east-1:${account}:log-group:*` } });
    expect(json.data!.aws_caller_identity).toBeUndefined();
  });

  test('the key policy is the literal JSON of aws_kms_key.policy, not an aws_iam_policy_document (checkov judges those as identity policies)', () => {
    expect(json.data!.aws_iam_policy_document.control_plane_cluster_key_policy).toBeUndefined();
    expect(JSON.parse(resources(json, 'aws_kms_key').control_plane_cluster_key_key.policy).Version).toBe('2012-10-17');
  });

  test('the cluster role may use the key for envelope encryption', () => {
    expect(json.data!.aws_iam_policy_document.control_plane_cluster_role_kms_document.statement).toEqual([
      { effect: 'Allow', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [keyArn] },
    ]);
  });

  test('a key of your own replaces the created one', () => {
    const mine = 'arn:aws:kms:us-east-1:123456789012:key/0f0f0f0f-1111-2222-3333-444444444444';
    const { json: j } = controlPlane({ kmsKeyArn: mine });
    expect(resources(j, 'aws_kms_key')).toEqual({});
    expect(onlyResource(j, 'aws_eks_cluster').encryption_config.provider.key_arn).toBe(mine);
    expect(resources(j, 'aws_cloudwatch_log_group').control_plane_log_group.kms_key_id).toBe(mine);
  });

  test('no logs and no encryption: no key, no log group', () => {
    const { json: j } = controlPlane({ enabledClusterLogTypes: [], encryptSecrets: false });
    expect(resources(j, 'aws_kms_key')).toEqual({});
    expect(resources(j, 'aws_cloudwatch_log_group')).toEqual({});
    expect(onlyResource(j, 'aws_eks_cluster').encryption_config).toBeUndefined();
    expect(onlyResource(j, 'aws_eks_cluster').enabled_cluster_log_types).toEqual([]);
  });

  test('selected log types and retention', () => {
    const { json: j } = controlPlane({ enabledClusterLogTypes: ['audit', 'authenticator'], logRetentionDays: 90 });
    expect(onlyResource(j, 'aws_eks_cluster').enabled_cluster_log_types).toEqual(['audit', 'authenticator']);
    expect(onlyResource(j, 'aws_cloudwatch_log_group').retention_in_days).toBe(90);
  });

  test.each<[string, Partial<ControlPlaneProps>, string]>([
    ['an unknown log type', { enabledClusterLogTypes: ['kubelet' as never] }, `'enabledClusterLogTypes.0' ("kubelet") must be one of "api", "audit", "authenticator", "controllerManager", "scheduler"`],
    ['a repeated log type', { enabledClusterLogTypes: ['api', 'api'] }, `'enabledClusterLogTypes' (["api","api"]) must not list a log type twice`],
    ['a deletion delay over an hour', { logGroupDeletionDelaySeconds: 7200 }, `'logGroupDeletionDelaySeconds' (7200) must be a whole number between 0 and 3600`],
    ['a retention CloudWatch does not offer', { logRetentionDays: 10 }, `'logRetentionDays' (10) must be a retention CloudWatch Logs accepts: 1, 3, 5, 7, 14`],
    ['a KMS key that is not an ARN', { kmsKeyArn: 'alias/eks' }, `'kmsKeyArn' ("alias/eks") must be a KMS key ARN`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => controlPlane(props)).join('\n')).toContain(expected);
  });
});

describe('ControlPlane endpoint access', () => {
  test('hybrid: both endpoints, public one restricted to the given blocks', () => {
    const { json } = controlPlane({ endpointAccess: 'hybrid', publicAccessCidrs: ['193.16.23.22/32'] });
    expect(onlyResource(json, 'aws_eks_cluster').vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: ['193.16.23.22/32'],
    });
  });

  test('public open to the world only when explicitly allowed, with a warning', () => {
    const { json, stack } = controlPlane({ endpointAccess: 'public', publicAccessCidrs: ['0.0.0.0/0'], allowPublicAccessFromAnywhere: true });
    expect(onlyResource(json, 'aws_eks_cluster').vpc_config).toMatchObject({ endpoint_private_access: false, endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] });
    expect(warningsOf(stack).join('\n')).toContain('public to the whole internet');
  });

  test.each<[string, Partial<ControlPlaneProps>, string]>([
    ['a public list on a private endpoint', { publicAccessCidrs: ['1.2.3.4/32'] }, `'publicAccessCidrs' (["1.2.3.4/32"]) applies only to endpointAccess "public" or "hybrid"`],
    ['a public endpoint without a list', { endpointAccess: 'public' }, `'publicAccessCidrs' is required with endpointAccess "public"`],
    ['0.0.0.0/0 without the explicit allowance', { endpointAccess: 'hybrid', publicAccessCidrs: ['0.0.0.0/0'] }, `opens the API to the whole internet; narrow it, or set 'allowPublicAccessFromAnywhere'`],
    ['an invalid public block', { endpointAccess: 'hybrid', publicAccessCidrs: ['1.2.3.4/40'] }, `'publicAccessCidrs.0' ("1.2.3.4/40") is not an IPv4 CIDR block`],
    ['an unknown mode', { endpointAccess: 'open' as never }, `'endpointAccess' ("open") must be one of "private", "public", "hybrid"`],
    ['a private block on the public endpoint', { endpointAccess: 'hybrid', publicAccessCidrs: ['193.16.23.22/32', '10.0.0.0/16'] }, `'publicAccessCidrs.1' ("10.0.0.0/16") is a private (RFC 1918) block, not an internet address`],
    ['a carrier-grade NAT block on the public endpoint', { endpointAccess: 'public', publicAccessCidrs: ['100.64.0.0/10'] }, `'publicAccessCidrs.0' ("100.64.0.0/10") is a carrier-grade NAT (RFC 6598) block`],
    ['a loopback block on the public endpoint', { endpointAccess: 'public', publicAccessCidrs: ['127.0.0.1/32'] }, `'publicAccessCidrs.0' ("127.0.0.1/32") is a loopback block`],
    ['access paths on a public-only endpoint', { endpointAccess: 'public', publicAccessCidrs: ['193.16.23.22/32'], privateApiAccess: ['vpn'] }, `'privateApiAccess' (["vpn"]) applies only to endpointAccess "private" or "hybrid"`],
    ['an unknown access path', { privateApiAccess: ['carrier-pigeon' as never] }, `'privateApiAccess.0' ("carrier-pigeon") must be one of "bastion", "vpn", "direct-connect", "transit-gateway", "peering", "in-vpc"`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => controlPlane(props)).join('\n')).toContain(expected);
  });
});

describe('ControlPlane: how the private endpoint is reached', () => {
  test('a private endpoint that names no way in gets a warning saying how to reach the API', () => {
    const warning = warningsOf(controlPlane().stack).join('\n');
    expect(warning).toContain('The Kubernetes API endpoint of demo is private and nothing names how you will reach it');
    expect(warning).toContain("Add a bastion (the 'bastion' setting: an SSM Session Manager host, book chapter 4)");
    expect(warning).toContain("'privateApiAccess'");
    expect(warning).toContain(`Naming your way in (a 'bastion', or 'controlPlane.privateApiAccess', e.g. ["in-vpc"]) silences this warning`);
  });

  test.each<[string, Partial<ControlPlaneProps>]>([
    ['a bastion', { privateApiAccess: ['bastion'] }],
    ['a VPN and peering', { privateApiAccess: ['vpn', 'peering'] }],
    ['a hybrid endpoint', { endpointAccess: 'hybrid', publicAccessCidrs: ['193.16.23.22/32'] }],
    ['a public endpoint', { endpointAccess: 'public', publicAccessCidrs: ['193.16.23.22/32'] }],
  ])('no warning with %s', (_case, props) => {
    expect(warningsOf(controlPlane(props).stack)).toEqual([]);
  });
});

describe('ControlPlane NodePort access (book chapter 14-pub)', () => {
  test("the whole NodePort range from the given blocks, on the cluster security group when there is no node group", () => {
    const { json } = controlPlane({ nodePorts: { cidrBlocks: ['198.51.100.0/24', 'vpc'] } });
    const rules = Object.entries(resources(json, 'aws_vpc_security_group_ingress_rule'));
    expect(rules.map(([, r]) => [r.from_port, r.to_port, r.cidr_ipv4, r.ip_protocol]).sort()).toEqual([
      [30000, 32767, '10.0.0.0/16', 'tcp'],
      [30000, 32767, '198.51.100.0/24', 'tcp'],
    ]);
    for (const [name, r] of rules) {
      expect(name).toMatch(/^control_plane_node_ports_ingress_tcp_30000_32767_/);
      expect(r.security_group_id).toBe(ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id'));
    }
  });

  test("one port, as the book's 30001", () => {
    const { json } = controlPlane({ nodePorts: { cidrBlocks: ['198.51.100.7/32'], fromPort: 30001 } });
    expect(Object.values(resources(json, 'aws_vpc_security_group_ingress_rule'))).toEqual([expect.objectContaining({ from_port: 30001, to_port: 30001, cidr_ipv4: '198.51.100.7/32' })]);
  });

  test('open to the internet only when explicitly allowed, with a warning', () => {
    const { stack } = controlPlane({ endpointAccess: 'public', publicAccessCidrs: ['193.16.23.22/32'], nodePorts: { cidrBlocks: ['0.0.0.0/0'], fromPort: 30001, allowFromAnywhere: true } });
    expect(warningsOf(stack)).toEqual([expect.stringContaining('NodePort services of demo are open to the whole internet')]);
  });

  test.each<[string, Partial<ControlPlaneProps>['nodePorts'], string]>([
    ['0.0.0.0/0 without the explicit allowance', { cidrBlocks: ['0.0.0.0/0'] }, `'nodePorts.cidrBlocks' (["0.0.0.0/0"]) opens NodePort services to the whole internet`],
    ['a port outside the NodePort range', { cidrBlocks: ['vpc'], fromPort: 8080 }, `'nodePorts.fromPort' (8080) must be a whole number between 30000 and 32767`],
    ['toPort below fromPort', { cidrBlocks: ['vpc'], fromPort: 30010, toPort: 30001 }, `'nodePorts.toPort' (30001) must be >= 'fromPort' (30010)`],
    ['an invalid block', { cidrBlocks: ['1.2.3.4'] }, `'nodePorts.cidrBlocks.0' ("1.2.3.4") is not an IPv4 CIDR block`],
    ['an unknown key', { cidrBlocks: ['vpc'], port: 1 } as never, `'nodePorts.port' is not a known setting; allowed here: cidrBlocks, fromPort, toPort, allowFromAnywhere`],
  ])('throws on %s', (_case, nodePorts, expected) => {
    expect(validationLines(() => controlPlane({ nodePorts })).join('\n')).toContain(expected);
  });
});

describe('ControlPlane validation', () => {
  test.each<[string, Partial<ControlPlaneProps>, string]>([
    ['a cluster name starting with a hyphen', { clusterName: '-demo' }, `'clusterName' ("-demo") must be 1 to 100 characters`],
    ['a cluster name with a dot', { clusterName: 'my.cluster' }, `'clusterName' ("my.cluster") must be 1 to 100 characters`],
    ['a version EKS does not offer', { clusterVersion: '1.28' }, `'clusterVersion' ("1.28") is not a Kubernetes version EKS offers for new clusters; use one of "1.36", "1.35"`],
    ['a malformed version', { clusterVersion: 'latest' }, `'clusterVersion' ("latest") is not a Kubernetes version EKS offers`],
    ['a single subnet', { subnetIds: ['subnet-a'] }, `'subnetIds' (["subnet-a"]) must list at least two subnets`],
    ['a derived role name over 64 characters', { clusterName: 'c'.repeat(60) }, `'clusterRoleName' ("${'c'.repeat(60)}-role") (derived from 'clusterName') is longer than 64 characters`],
    ['an invalid role name', { clusterRoleName: 'role name' }, `'clusterRoleName' ("role name") must be 1 to 64 characters`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => controlPlane(props)).join('\n')).toContain(expected);
  });

  test('throws once a version is past the end of extended support', () => {
    const lines = validationLines(() => controlPlane({ clusterVersion: '1.31', today: new Date('2026-12-01') }));
    expect(lines.join('\n')).toContain(`'clusterVersion' ("1.31") reached the end of EKS extended support on 2026-11-26`);
  });

  test('warns when a version is in extended support', () => {
    const { stack } = controlPlane({ clusterVersion: '1.32' });
    expect(warningsOf(stack).join('\n')).toContain('Kubernetes 1.32 left EKS standard support on 2026-03-23');
  });

  test('every version in the table is accepted on the day the table was read', () => {
    for (const { version } of KUBERNETES_VERSIONS) expect(() => controlPlane({ clusterVersion: version })).not.toThrow();
  });

  test('creates no resource when the input is invalid', () => {
    const stack = emptyStack();
    expect(() => new ControlPlane(stack, 'cp', { clusterName: 'x', region: 'us-east-1', subnetIds: [], vpcCidr: '10.0.0.0/16' })).toThrow();
    expect(stack.node.findAll().filter((c) => c instanceof TerraformResource)).toEqual([]);
  });
});

describe('ControlPlane options', () => {
  test('custom role name, no VPC resource controller policy, tags', () => {
    const { json } = controlPlane({ clusterRoleName: 'public-endpoint-cluster-role', attachVpcResourceControllerPolicy: false, tags: { env: 'dev' } });
    expect(resources(json, 'aws_iam_role').control_plane_cluster_role).toMatchObject({ name: 'public-endpoint-cluster-role', tags: { env: 'dev' } });
    expect(Object.values(resources(json, 'aws_iam_role_policy_attachment')).map((a) => a.policy_arn)).toEqual([partitionArn('AmazonEKSClusterPolicy')]);
    expect(onlyResource(json, 'aws_eks_cluster').tags).toEqual({ env: 'dev' });
  });
});

describe('cluster security group rules', () => {
  const rules: SecurityGroupRule[] = [
    { type: 'egress', protocol: 'tcp', fromPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'HTTPS' },
    { type: 'egress', protocol: 'udp', fromPort: 53, cidrBlocks: ['vpc'], description: 'DNS' },
    { type: 'ingress', protocol: 'tcp', fromPort: 30000, toPort: 32767, cidrBlocks: ['10.1.0.0/16', '10.2.0.0/16'], description: 'NodePorts' },
    { type: 'ingress', protocol: 'all', cidrBlocks: ['vpc'], description: 'All from the VPC' },
  ];
  const { json } = controlPlane({ clusterSecurityGroupRules: rules });
  const sg = ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id');

  test('one resource per rule and block, on the cluster security group, "vpc" standing for the VPC block', () => {
    expect(resources(json, 'aws_vpc_security_group_egress_rule')).toEqual({
      'control_plane_egress_tcp_443_443_0_0_0_0_0': expect.objectContaining({ security_group_id: sg, ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0', description: 'HTTPS' }),
      control_plane_egress_udp_53_53_vpc: expect.objectContaining({ ip_protocol: 'udp', from_port: 53, to_port: 53, cidr_ipv4: '10.0.0.0/16' }),
    });
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule');
    expect(Object.values(ingress).map((r) => r.cidr_ipv4).sort()).toEqual(['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16']);
    expect(ingress.control_plane_ingress_all_all_vpc).toEqual(expect.objectContaining({ ip_protocol: '-1' }));
    expect(ingress.control_plane_ingress_all_all_vpc.from_port).toBeUndefined();
  });

  test.each<[string, SecurityGroupRule, string]>([
    ['ports with protocol all', { type: 'ingress', protocol: 'all', fromPort: 1, cidrBlocks: ['vpc'], description: 'x' }, `'clusterSecurityGroupRules.0.fromPort' (1) must be omitted when 'protocol' is "all"`],
    ['a tcp rule without a port', { type: 'ingress', protocol: 'tcp', cidrBlocks: ['vpc'], description: 'x' }, `'clusterSecurityGroupRules.0.fromPort' is required for protocol "tcp"`],
    ['toPort below fromPort', { type: 'ingress', protocol: 'tcp', fromPort: 10, toPort: 5, cidrBlocks: ['vpc'], description: 'x' }, `'clusterSecurityGroupRules.0.toPort' (5) must be >= 'fromPort' (10)`],
    ['a port over 65535', { type: 'ingress', protocol: 'tcp', fromPort: 70000, cidrBlocks: ['vpc'], description: 'x' }, `'clusterSecurityGroupRules.0.fromPort' (70000) must be a whole number between 0 and 65535`],
    ['an unknown direction', { type: 'sideways' as never, protocol: 'tcp', fromPort: 1, cidrBlocks: ['vpc'], description: 'x' }, `'clusterSecurityGroupRules.0.type' ("sideways") must be one of "ingress", "egress"`],
    ['an invalid block', { type: 'ingress', protocol: 'tcp', fromPort: 1, cidrBlocks: ['10.0.0.0'], description: 'x' }, `'clusterSecurityGroupRules.0.cidrBlocks.0' ("10.0.0.0") is not an IPv4 CIDR block; expected a.b.c.d/n`],
  ])('throws on %s', (_case, rule, expected) => {
    expect(validationLines(() => controlPlane({ clusterSecurityGroupRules: [rule] })).join('\n')).toContain(expected);
  });

  test('throws on a repeated rule', () => {
    const rule: SecurityGroupRule = { type: 'egress', protocol: 'tcp', fromPort: 53, cidrBlocks: ['vpc'], description: 'DNS' };
    expect(validationLines(() => controlPlane({ clusterSecurityGroupRules: [rule, { ...rule, description: 'again' }] })).join('\n')).toContain(
      `'clusterSecurityGroupRules.1.cidrBlocks' ("vpc") repeats a rule listed earlier`,
    );
  });
});
