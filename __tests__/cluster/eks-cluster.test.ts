// EksCluster in stacks of a user's own (with their provider), one or two of them, and its add*()
// methods: each returns what it creates, checks its options as the configuration would, and
// creates nothing on bad input.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformResource } from 'cdktf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterAddon } from '../../src/addons/cluster-addon';
import { EksCluster, EksClusterProps } from '../../src/cluster/eks-cluster';
import { loadConfig } from '../../src/config/load';
import { ClusterAccessEntry } from '../../src/controlplane/access-entry';
import { FargateProfile } from '../../src/dataplane/fargate/fargate-profile';
import { ManagedNodeGroup } from '../../src/dataplane/nodes/managed-node-group';
import { SelfManagedNodeGroup } from '../../src/dataplane/nodes/self-managed-node-group';
import { ServiceAccountRole } from '../../src/oidc/service-account-role';
import { ReadableIdStack } from '../../src/stacks/readable-ids';
import { addresses, ref, resolved, synthJson, testApp, TODAY, validationLines } from '../helpers/synth';

const DEFAULT_ADDRESSES = readFileSync(join(__dirname, '..', '__fixtures__', 'addresses', 'default.txt'), 'utf8').trim().split('\n');

/** A preset's settings as EksCluster props (the configuration without its backend). */
function presetProps(preset: string, overrides: Record<string, unknown> = {}): EksClusterProps {
  const { backend: _backend, ...settings } = loadConfig({ env: { EKS_PRESET: preset }, cwd: process.cwd(), overrides }).config;
  return { ...settings, today: TODAY };
}

/** A stack of the user's own: a ReadableIdStack with its AWS provider, no backend. */
function userStack(): ReadableIdStack {
  const stack = new ReadableIdStack(testApp(), 'platform');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  return stack;
}

/** A small cluster in a stack of its own, for the add*() methods. */
function cluster(overrides: Partial<EksClusterProps> = {}) {
  const stack = userStack();
  const c = new EksCluster(stack, 'Default', { clusterName: 'demo', region: 'us-east-1', today: TODAY, ...overrides });
  return { stack, cluster: c };
}

const resourcesOf = (stack: ReadableIdStack) => stack.node.findAll().filter((c) => c instanceof TerraformResource);

describe("EksCluster in a user's stack", () => {
  test('one cluster with the id Default: the default preset at its committed addresses', () => {
    const stack = userStack();
    new EksCluster(stack, 'Default', presetProps('default'));
    expect(addresses(synthJson(stack))).toEqual(DEFAULT_ADDRESSES);
  });

  test('two clusters, dev and prod: each address under its id, the partition lookup shared, nothing named twice', () => {
    const stack = userStack();
    const dev = new EksCluster(stack, 'dev', presetProps('default', { clusterName: 'dev-eks' }));
    const prod = new EksCluster(stack, 'prod', presetProps('default', { clusterName: 'prod-eks', network: { vpcCidr: '10.1.0.0/16' } }));
    const json = synthJson(stack);
    const shared = 'data.aws_partition.partition';
    const own = (prefix: string) => DEFAULT_ADDRESSES.filter((a) => a !== shared).map((a) => a.replace(/^(data\.)?(\w+)\./, `$1$2.${prefix}_`));
    expect(addresses(json)).toEqual([...own('dev'), ...own('prod'), shared].sort());
    const clusters = json.resource!.aws_eks_cluster;
    expect([clusters.dev_control_plane_cluster.name, clusters.prod_control_plane_cluster.name]).toEqual(['dev-eks', 'prod-eks']);
    expect(json.resource!.aws_vpc.prod_network_vpc.cidr_block).toBe('10.1.0.0/16');
    expect(Object.values<any>(json.resource!.aws_iam_role).map((r) => r.name).sort()).toEqual(
      ['dev-eks-nodes', 'dev-eks-role', 'dev-eks-vpc-flow-logs', 'prod-eks-nodes', 'prod-eks-role', 'prod-eks-vpc-flow-logs'].sort(),
    );
    expect(resolved(stack, [dev.clusterName, prod.clusterName])).toEqual([ref('aws_eks_cluster.dev_control_plane_cluster.name'), ref('aws_eks_cluster.prod_control_plane_cluster.name')]);
  });

  test('typed attributes reference the resources they come from', () => {
    const { stack, cluster: c } = cluster();
    expect(resolved(stack, [c.clusterEndpoint, c.vpcId, c.nodeRoleArn, c.clusterArn])).toEqual([
      ref('aws_eks_cluster.control_plane_cluster.endpoint'),
      ref('aws_vpc.network_vpc.id'),
      ref('aws_iam_role.nodes_role.arn'),
      ref('aws_eks_cluster.control_plane_cluster.arn'),
    ]);
    expect(resolved(stack, c.privateSubnetIds)).toEqual([ref('aws_subnet.network_private_subnet_1.id'), ref('aws_subnet.network_private_subnet_2.id')]);
    expect(c.knownName).toBe('demo');
  });

  test('it creates no provider and no backend: the stack has only its own', () => {
    const stack = userStack();
    new EksCluster(stack, 'Default', presetProps('default'));
    const json = synthJson(stack);
    expect(Object.keys(json.provider!)).toEqual(['aws']);
    expect(json.provider!.aws).toEqual([{ region: 'us-east-1' }]);
    expect(json.terraform!.backend).toBeUndefined();
  });
});

describe('EksCluster validation, before anything is created', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['an unknown setting', { nodeGroup: {} }, `'nodeGroup' is not a known setting`],
    ['a cluster name EKS refuses', { clusterName: 'my cluster' }, `'clusterName' ("my cluster") must be`],
    ['no region', { region: undefined }, `'region' is required: the region of the stack's AWS provider`],
  ])('throws on %s, naming the field', (_case, props, message) => {
    const stack = userStack();
    const lines = validationLines(() => new EksCluster(stack, 'Default', { clusterName: 'demo', region: 'us-east-1', ...props } as EksClusterProps));
    expect(lines).toEqual([expect.stringContaining(message)]);
    expect(resourcesOf(stack)).toEqual([]);
  });

  test('throws on settings that contradict each other, as the configuration does', () => {
    const stack = userStack();
    const lines = validationLines(() => new EksCluster(stack, 'Default', { clusterName: 'demo', region: 'us-east-1', serviceAccountRoles: { app: { serviceAccounts: [{ namespace: 'a', name: 'b' }] } } }));
    expect(lines).toEqual([`'workloadIdentity' ("pod-identity") needs the eks-pod-identity-agent add-on (for 'serviceAccountRoles.app'): add 'addons.eks-pod-identity-agent', or use "irsa"`]);
    expect(resourcesOf(stack)).toEqual([]);
  });

  test('throws when the settings need the tls provider and the stack has none; passes with one', () => {
    const bastion = { access: 'ssh-generated-key' as const, cidrBlocks: ['198.51.100.7/32'] };
    const controlPlane = { endpointAccess: 'hybrid' as const, publicAccessCidrs: ['203.0.113.10/32'] };
    const without = userStack();
    expect(validationLines(() => new EksCluster(without, 'Default', { clusterName: 'demo', region: 'us-east-1', bastion, controlPlane }))).toEqual([
      `'bastion.access' ("ssh-generated-key") needs the tls provider in the stack 'platform': add new TlsProvider(stack, 'tls') (@cdktf/provider-tls/lib/provider) before the EksCluster, as AwsStack does`,
    ]);
    const withTls = userStack();
    new TlsProvider(withTls, 'tls');
    new EksCluster(withTls, 'Default', { clusterName: 'demo', region: 'us-east-1', bastion, controlPlane, today: TODAY });
    expect(Object.keys(synthJson(withTls).resource!.tls_private_key)).toEqual(['bastion_private_key']);
  });
});

describe('EksCluster add methods return what they create', () => {
  test('addNodeGroup: a managed group with the node role, after the add-ons the nodes need; listed in nodeGroups', () => {
    const { stack, cluster: c } = cluster({ addons: { 'vpc-cni': {} } });
    const group = c.addNodeGroup('workers', { instanceTypes: ['m7i.large'], maxSize: 4 });
    expect(group).toBeInstanceOf(ManagedNodeGroup);
    expect(c.nodeGroups).toEqual({ workers: group });
    const ng = synthJson(stack).resource!.aws_eks_node_group.node_group_workers_group;
    expect(ng.node_role_arn).toBe(ref('aws_iam_role.nodes_role.arn'));
    expect(ng.depends_on).toContain('aws_eks_addon.addon_vpc_cni_addon');
  });

  test('addNodeGroup of type self-managed: an Auto Scaling group with the self-managed nodes\' role', () => {
    const { stack, cluster: c } = cluster({ controlPlane: { accessConfig: { authenticationMode: 'API' } } });
    expect(c.addNodeGroup('batch', { type: 'self-managed' })).toBeInstanceOf(SelfManagedNodeGroup);
    expect(synthJson(stack).resource!.aws_iam_role.self_managed_nodes_role.name).toBe('demo-self-managed-nodes');
  });

  test('addAddon: after the node groups there are, unless the nodes need it', () => {
    const { stack, cluster: c } = cluster({ nodeGroups: { default: {} } });
    const coredns = c.addAddon('coredns', {});
    const proxy = c.addAddon('kube-proxy', {});
    expect([coredns, proxy].every((a) => a instanceof ClusterAddon)).toBe(true);
    expect(Object.keys(c.addons)).toEqual(['coredns', 'kube-proxy']);
    const addons = synthJson(stack).resource!.aws_eks_addon;
    expect(addons.addon_coredns_addon.depends_on).toEqual(['aws_eks_node_group.node_group_default_group']);
    expect(addons.addon_kube_proxy_addon.depends_on).toBeUndefined();
  });

  test('addAccessEntry and addServiceAccountRole', () => {
    const { stack, cluster: c } = cluster({ controlPlane: { accessConfig: { authenticationMode: 'API' } }, addons: { 'eks-pod-identity-agent': {} } });
    const entry = c.addAccessEntry('alice', { principalArn: 'arn:aws:iam::123456789012:user/alice', policies: [{ policy: 'AmazonEKSViewPolicy', scope: 'cluster' }] });
    const role = c.addServiceAccountRole('app', { serviceAccounts: [{ namespace: 'shop', name: 'backend' }] });
    expect(entry).toBeInstanceOf(ClusterAccessEntry);
    expect(role).toBeInstanceOf(ServiceAccountRole);
    expect(c.accessEntries).toEqual({ alice: entry });
    expect(c.serviceAccountRoles).toEqual({ app: role });
    const json = synthJson(stack);
    expect(Object.keys(json.resource!.aws_eks_access_entry)).toEqual(['access_entry_alice_entry']);
    expect(json.resource!.aws_iam_role.service_account_role_app_role.name).toBe('demo-app');
  });

  test("addAccessEntry naming a user of iamPrincipals: the user's ARN, known at apply", () => {
    const { stack, cluster: c } = cluster({ controlPlane: { accessConfig: { authenticationMode: 'API' } }, iamPrincipals: { users: { alice: {} } } });
    c.addAccessEntry('alice', { iamUser: 'alice' });
    expect(synthJson(stack).resource!.aws_eks_access_entry.access_entry_alice_entry.principal_arn).toBe(ref('aws_iam_user.iam_principals_user_alice.arn'));
  });

  test('addFargateProfile: a profile in the private subnets, listed in fargateProfiles', () => {
    const { stack, cluster: c } = cluster();
    const profile = c.addFargateProfile('batch', { selectors: [{ namespace: 'batch' }] });
    expect(profile).toBeInstanceOf(FargateProfile);
    expect(c.fargateProfiles).toEqual({ batch: profile });
    const json = synthJson(stack);
    expect(json.resource!.aws_eks_fargate_profile.fargate_profile_batch_profile.subnet_ids).toEqual([
      ref('aws_subnet.network_private_subnet_1.id'),
      ref('aws_subnet.network_private_subnet_2.id'),
    ]);
    expect(json.resource!.aws_iam_role.fargate_profile_batch_pod_execution_role.name).toBe('demo-fargate-batch');
  });
});

describe('EksCluster add methods refuse bad options with the configuration\'s paths, creating nothing', () => {
  test.each<[string, (c: EksCluster) => unknown, string]>([
    ['a node group option out of range', (c) => c.addNodeGroup('workers', { minSize: -1 }), `'nodeGroups.workers.minSize' (-1) must be`],
    ['a node group name EKS refuses', (c) => c.addNodeGroup('-workers', {}), `'nodeGroups.-workers'`],
    ['a node group added twice', (c) => c.addNodeGroup('default', {}), `'nodeGroups.default' ("default") is already in 'nodeGroups' of this cluster`],
    ['an add-on the catalogue does not have', (c) => c.addAddon('no-such-addon', {}), `'addons.no-such-addon' is not a known setting`],
    ['an access entry without principal', (c) => c.addAccessEntry('bob', {}), `'accessEntries.bob.principalArn' is required: name the principal by its ARN, or by 'iamUser' or 'iamRole'`],
    ['an access entry naming a user the cluster does not create', (c) => c.addAccessEntry('bob', { iamUser: 'bob' }), `'accessEntries.bob.iamUser' ("bob") must name a user of 'iamPrincipals.users'`],
    ['a role key with capitals', (c) => c.addServiceAccountRole('App', { serviceAccounts: [{ namespace: 'a', name: 'b' }] }), `'serviceAccountRoles.App'`],
    ['a Fargate profile without selectors', (c) => c.addFargateProfile('batch', { selectors: [] }), `'fargateProfiles.batch.selectors' ([]) must list at least one selector`],
  ])('%s', (_case, add, message) => {
    const { stack, cluster: c } = cluster({ nodeGroups: { default: {} } });
    const before = resourcesOf(stack).length;
    expect(validationLines(() => add(c))).toEqual([expect.stringContaining(message)]);
    expect(resourcesOf(stack).length).toBe(before);
  });

  test('a node group the subnets cannot hold next to the others: the arithmetic, nothing created', () => {
    const { stack, cluster: c } = cluster({ network: { privateSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/24'], publicSubnetCidrs: ['10.0.2.0/24', '10.0.3.0/24'] }, nodeGroups: { default: { maxSize: 10 } } });
    const before = resourcesOf(stack).length;
    const [line] = validationLines(() => c.addNodeGroup('more', { maxSize: 10 }));
    expect(line).toMatch(/^'network\.privateSubnetCidrs' \(\["10\.0\.0\.0\/24","10\.0\.1\.0\/24"\]\) hold 502 usable addresses .*default: 10 nodes x .*more: 10 nodes x /);
    expect(resourcesOf(stack).length).toBe(before);
  });
});
