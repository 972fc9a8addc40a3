// Book chapters 9, 10 and 11: cluster access (aws-auth, access entries, RBAC) and the chapter 8
// cluster they run on (book-map chapter09, chapter10, chapter11).
import { findPreset } from '../../src/presets';
import { ref, resources, synthApp } from '../helpers/synth';

// The book creates them by hand; the presets create them, so they apply in any account.
const ALICE = ref('aws_iam_user.iam_principals_user_alice.arn');
const ROLE = ref('aws_iam_role.iam_principals_role_my_test_eks_role.arn');
const REMOTE_ALICE = 'data.terraform_remote_state.cross_stack_reference_input_aws.outputs.cross_stack_output_aws_iam_user_iam_principals_user_alice_arn';
const BOOK_ACCESS_CONFIG = { authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true };
const READONLY_RULES = [
  { api_groups: [''], resources: ['nodes', 'namespaces', 'pods'], verbs: ['get', 'list'] },
  { api_groups: ['apps'], resources: ['deployments', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
];
const ingress = (json: any) => Object.values(resources(json, 'aws_vpc_security_group_ingress_rule')).map((e) => `${e.ip_protocol}/${e.from_port}/${e.cidr_ipv4}`);
const apps = new Map(['chapter09', 'chapter10', 'chapter11'].map((p) => [p, synthApp(p)]));

describe.each(['chapter09', 'chapter10', 'chapter11'])('%s: the cluster', (preset) => {
  const aws = apps.get(preset)!.stacks.aws;

  test('public-endpoint-cluster in API_AND_CONFIG_MAP mode with creator admin (book access_config)', () => {
    expect(aws.resource!.aws_eks_cluster.control_plane_cluster).toMatchObject({ name: 'public-endpoint-cluster', version: '1.35', access_config: BOOK_ACCESS_CONFIG });
    expect(aws.resource!.aws_vpc.network_vpc.tags.Name).toBe('private-endpoint-cluster-vpc');
  });

  test('the preset names its book chapter folder', () => {
    expect(findPreset(preset)?.chapter).toBe(preset);
  });
});

describe.each(['chapter09', 'chapter11'])('%s: the chapter 8 cluster without add-ons', (preset) => {
  const aws = apps.get(preset)!.stacks.aws;

  test('private-node-group: ON_DEMAND t3.small 1/2/1 labelled nodes; R3 + 443 in from the VPC; no add-on', () => {
    expect(aws.resource!.aws_eks_node_group.node_group_private_node_group_group).toMatchObject({
      node_group_name: 'private-node-group',
      capacity_type: 'ON_DEMAND',
      instance_types: ['t3.small'],
      scaling_config: { desired_size: 1, max_size: 2, min_size: 1 },
      labels: { name: 'nodes' },
    });
    expect(ingress(aws)).toEqual(['tcp/443/10.0.0.0/16']);
    expect(resources(aws, 'aws_eks_addon')).toEqual({});
    expect(resources(aws, 'aws_eks_access_entry')).toEqual({});
  });
});

describe('chapter11: no Kubernetes stack', () => {
  test('only the AWS stack', () => {
    expect(Object.keys(apps.get('chapter11')!.stacks)).toEqual(['aws']);
  });
});

describe('chapter09: aws-auth and the readonly role in the Kubernetes stack', () => {
  const { stacks, warnings } = apps.get('chapter09')!;
  const k8s = stacks.kubernetes.resource!;

  test('aws-auth created (access entries on: EKS writes none), node role and alice in readonly-group (not system:masters)', () => {
    const cm = k8s.kubernetes_config_map_v1.aws_auth_config_map;
    expect(cm.metadata).toEqual({ name: 'aws-auth', namespace: 'kube-system' });
    expect(cm.data.mapUsers).toBe(`\${yamlencode([{"userarn" = ${REMOTE_ALICE}, "username" = "alice", "groups" = ["readonly-group"]}])}`);
    expect(cm.data.mapRoles).toContain('"groups" = ["system:bootstrappers", "system:nodes"]');
    expect(warnings.kubernetes.join('\n')).not.toContain('system:masters');
  });

  test('readonly-role of readonly-binding.yml ("deployments", not the book\'s "deployment"), bound to readonly-group', () => {
    expect(k8s.kubernetes_cluster_role_v1.rbac_cluster_role_readonly_role).toMatchObject({ metadata: { name: 'readonly-role' }, rule: READONLY_RULES });
    expect(k8s.kubernetes_cluster_role_binding_v1.rbac_cluster_role_binding_readonly_role_binding).toMatchObject({
      metadata: { name: 'readonly-role-binding' },
      role_ref: { kind: 'ClusterRole', name: ref('kubernetes_cluster_role_v1.rbac_cluster_role_readonly_role.metadata[0].name') },
      subject: [{ kind: 'Group', name: 'readonly-group' }],
    });
    expect(warnings.kubernetes).toEqual([]);
  });
});

describe('chapter10: access entries and policies in configuration', () => {
  const { stacks, warnings } = apps.get('chapter10')!;
  const aws = stacks.aws;

  test('t3.medium nodes, 1/2/1 (the book sets no instance type), rules R3 without 443 in', () => {
    expect(aws.resource!.aws_eks_node_group.node_group_private_node_group_group).toMatchObject({ instance_types: ['t3.medium'], scaling_config: { desired_size: 1, max_size: 2, min_size: 1 } });
    expect(ingress(aws)).toEqual([]);
  });

  test('alice: an entry with readonly-group and AmazonEKSAdminPolicy in test-ns', () => {
    expect(aws.resource!.aws_eks_access_entry.access_entry_alice_entry).toMatchObject({ principal_arn: ALICE, type: 'STANDARD', kubernetes_groups: ['readonly-group'] });
    expect(aws.resource!.aws_eks_access_policy_association.access_entry_alice_policy_AmazonEKSAdminPolicy).toMatchObject({
      principal_arn: ref('aws_eks_access_entry.access_entry_alice_entry.principal_arn'),
      access_scope: { type: 'namespace', namespaces: ['test-ns'] },
    });
  });

  test('my-test-eks-role: AmazonEKSClusterAdminPolicy on the cluster', () => {
    expect(aws.resource!.aws_eks_access_entry.access_entry_my_test_eks_role_entry.principal_arn).toBe(ROLE);
    expect(aws.resource!.aws_eks_access_policy_association.access_entry_my_test_eks_role_policy_AmazonEKSClusterAdminPolicy).toMatchObject({
      policy_arn: 'arn:${data.aws_partition.partition.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: { type: 'cluster' },
    });
  });

  test('the Kubernetes stack binds readonly-group to readonly-role (kubectl create clusterrolebinding readonly), no aws-auth', () => {
    const k8s = stacks.kubernetes.resource!;
    expect(k8s.kubernetes_cluster_role_v1.rbac_cluster_role_readonly_role.rule).toEqual(READONLY_RULES);
    expect(k8s.kubernetes_cluster_role_binding_v1.rbac_cluster_role_binding_readonly).toMatchObject({ metadata: { name: 'readonly' }, subject: [{ kind: 'Group', name: 'readonly-group' }] });
    expect(k8s.kubernetes_config_map_v1).toBeUndefined();
    expect(k8s.kubernetes_config_map_v1_data).toBeUndefined();
    expect(warnings.kubernetes).toEqual([]);
  });
});

describe('default: access entries only', () => {
  test('authentication mode API with creator admin, no entry it cannot know, no Kubernetes stack', () => {
    const { stacks } = synthApp('default');
    expect(stacks.aws.resource!.aws_eks_cluster.control_plane_cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true });
    expect(resources(stacks.aws, 'aws_eks_access_entry')).toEqual({});
    expect(Object.keys(stacks)).toEqual(['aws']);
  });
});

// The book's `aws iam create-user --user-name alice`, eks-describe-policy and `create-role
// --role-name my-test-eks-role` trusted by alice, in the stack: the access entries name principals
// that exist in the account the stack is applied to.
describe.each(['chapter09', 'chapter10'])('%s: the book\'s test principals, created by the stack', (preset) => {
  const { stacks, warnings } = synthApp(preset);
  const aws = stacks.aws;
  test('user alice, in a group allowed eks:DescribeCluster on this cluster only (no policy on the user, no access key)', () => {
    expect(aws.resource!.aws_iam_user.iam_principals_user_alice).toMatchObject({ name: 'alice' });
    expect(aws.resource!.aws_iam_user_group_membership.iam_principals_user_alice_groups.groups).toEqual([ref('aws_iam_group.iam_principals_describe_group.name')]);
    expect(aws.data!.aws_iam_policy_document.iam_principals_describe_cluster.statement).toEqual([{ effect: 'Allow', actions: ['eks:DescribeCluster'], resources: [ref('aws_eks_cluster.control_plane_cluster.arn')] }]);
    expect(aws.resource!.aws_iam_user_policy).toBeUndefined();
    expect(aws.resource!.aws_iam_access_key).toBeUndefined();
  });

  test('no principal of the documentation account 111122223333, and no warning about one', () => {
    expect(JSON.stringify(stacks)).not.toContain('111122223333');
    expect([...warnings.aws, ...(warnings.kubernetes ?? [])].filter((w) => w.includes('111122223333'))).toEqual([]);
  });
});

test('chapter10: my-test-eks-role, assumable by alice only, allowed eks:DescribeCluster', () => {
  const aws = synthApp('chapter10').stacks.aws;
  expect(aws.data!.aws_iam_policy_document.iam_principals_role_my_test_eks_role_trust.statement).toEqual([
    { effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: [ALICE] }] },
  ]);
  expect(aws.resource!.aws_iam_role_policy.iam_principals_role_my_test_eks_role_describe.policy).toBe(ref('data.aws_iam_policy_document.iam_principals_describe_cluster.json'));
});
