// `accessEntries` in the configuration (book chapter 10) and the rules of the authentication mode.
import { presetAsIs, ref, resources, synthApp, synthPreset, validationLines } from '../helpers/synth';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const ROLE = 'arn:aws:iam::111122223333:role/my-test-eks-role';
const API_AND_CONFIG_MAP = { accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } };

describe('accessEntries', () => {
  const { stack, json } = synthPreset('default', {
    controlPlane: API_AND_CONFIG_MAP,
    accessEntries: {
      alice: {
        principalArn: ALICE,
        kubernetesGroups: ['readonly-group'],
        policies: [{ policy: 'AmazonEKSAdminPolicy', scope: 'namespace', namespaces: ['test-ns'] }],
      },
      'test-role': { principalArn: ROLE, policies: [{ policy: 'AmazonEKSClusterAdminPolicy', scope: 'cluster' }] },
    },
  });

  test('one aws_eks_access_entry per name, on the cluster, addressed by the name', () => {
    const entries = resources(json, 'aws_eks_access_entry');
    expect(Object.keys(entries).sort()).toEqual(['access_entry_alice_entry', 'access_entry_test_role_entry']);
    expect(entries.access_entry_alice_entry).toMatchObject({
      cluster_name: ref('aws_eks_cluster.control_plane_cluster.name'),
      principal_arn: ALICE,
      type: 'STANDARD',
      kubernetes_groups: ['readonly-group'],
    });
    expect(Object.keys(stack.cluster.accessEntries)).toEqual(['alice', 'test-role']);
  });

  test('policy associations: the book scenarios of Alice (admin in test-ns) and the role (cluster admin)', () => {
    const associations = resources(json, 'aws_eks_access_policy_association');
    expect(associations.access_entry_alice_policy_AmazonEKSAdminPolicy).toMatchObject({
      principal_arn: ref('aws_eks_access_entry.access_entry_alice_entry.principal_arn'),
      policy_arn: 'arn:${data.aws_partition.partition.partition}:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy',
      access_scope: { type: 'namespace', namespaces: ['test-ns'] },
    });
    expect(associations.access_entry_test_role_policy_AmazonEKSClusterAdminPolicy.access_scope).toEqual({ type: 'cluster' });
  });

  test('none by default', () => {
    expect(resources(presetAsIs('default').json, 'aws_eks_access_entry')).toEqual({});
  });
});

describe('authentication mode rules', () => {
  const MODE = `'controlPlane.accessConfig.authenticationMode'`;
  test.each<[string, Record<string, unknown>, string]>([
    [
      'access entries in CONFIG_MAP mode',
      { controlPlane: { accessConfig: { authenticationMode: 'CONFIG_MAP' } }, accessEntries: { alice: { principalArn: ALICE, policies: [{ policy: 'AmazonEKSViewPolicy', scope: 'cluster' }] } } },
      `${MODE} ("CONFIG_MAP") must be "API" or "API_AND_CONFIG_MAP": 'accessEntries' (alice) need access entries; CONFIG_MAP reads only the aws-auth ConfigMap (book chapter 10)`,
    ],
    [
      'access entries without an authentication mode',
      { controlPlane: { accessConfig: null }, accessEntries: { alice: { principalArn: ALICE, kubernetesGroups: ['readonly-group'] } } },
      `${MODE} must be "API" or "API_AND_CONFIG_MAP": 'accessEntries' (alice) need access entries; unset, the cluster takes EKS's default, CONFIG_MAP`,
    ],
    [
      'aws-auth in API mode',
      { controlPlane: { accessConfig: { authenticationMode: 'API' } }, kubernetes: { awsAuth: { mapUsers: [{ userarn: ALICE, username: 'alice', groups: ['readonly-group'] }] } } },
      `'kubernetes.awsAuth' (["${ALICE}"]) would be ignored: authentication mode "API" ('controlPlane.accessConfig.authenticationMode') reads access entries only`,
    ],
    [
      'two entries for one principal',
      { controlPlane: API_AND_CONFIG_MAP, accessEntries: { a: { principalArn: ALICE, kubernetesGroups: ['x'] }, b: { principalArn: ALICE, kubernetesGroups: ['y'] } } },
      `'accessEntries.b.principalArn' ("${ALICE}") is also the principal of 'accessEntries.a': EKS takes one access entry per principal`,
    ],
    [
      'an access policy that does not exist',
      { controlPlane: API_AND_CONFIG_MAP, accessEntries: { alice: { principalArn: ALICE, policies: [{ policy: 'AmazonEKSReadOnly', scope: 'cluster' }] } } },
      `'accessEntries.alice.policies.0.policy' ("AmazonEKSReadOnly") is not an EKS access policy; known ones: AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy`,
    ],
    [
      'a namespace scope without namespaces',
      { controlPlane: API_AND_CONFIG_MAP, accessEntries: { alice: { principalArn: ALICE, policies: [{ policy: 'AmazonEKSAdminPolicy', scope: 'namespace' }] } } },
      `'accessEntries.alice.policies.0.namespaces' is required with scope "namespace"`,
    ],
    [
      'a system: group',
      { controlPlane: API_AND_CONFIG_MAP, accessEntries: { alice: { principalArn: ALICE, kubernetesGroups: ['system:masters'] } } },
      `'accessEntries.alice.kubernetesGroups.0' ("system:masters") must not start with "system:"`,
    ],
    [
      'an entry name that is no Terraform name',
      { controlPlane: API_AND_CONFIG_MAP, accessEntries: { 'alice smith': { principalArn: ALICE, kubernetesGroups: ['x'] } } },
      `access entry names must be 1 to 63 letters, digits, "-" or "_"`,
    ],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(expected);
  });

  test('API_AND_CONFIG_MAP takes both access entries and aws-auth', () => {
    const { stacks } = synthApp('default', {
      controlPlane: API_AND_CONFIG_MAP,
      accessEntries: { role: { principalArn: ROLE, policies: [{ policy: 'AmazonEKSClusterAdminPolicy', scope: 'cluster' }] } },
      kubernetes: { awsAuth: { mapUsers: [{ userarn: ALICE, username: 'alice', groups: ['readonly-group'] }] } },
    });
    expect(Object.keys(resources(stacks.aws, 'aws_eks_access_entry'))).toEqual(['access_entry_role_entry']);
    expect(stacks.kubernetes.resource).toBeDefined();
  });
});

describe('the authentication mode guard follows the backend', () => {
  const API = { accessConfig: { authenticationMode: 'API' } };
  test('a local state: Terraform reads the state file the backend writes', () => {
    const { json } = synthPreset('default', { controlPlane: API, backend: { type: 'local', path: 'state/eks.tfstate' } });
    expect(json.terraform!.backend).toEqual({ local: { path: '../../../state/eks.tfstate' } });
    expect(json.locals!.control_plane_prior_access_config).toContain('file("../../../state/eks.tfstate")');
    expect(json.resource!.aws_eks_cluster.control_plane_cluster.lifecycle.precondition).toHaveLength(1);
  });

  test('a remote state (S3, Terraform Cloud) cannot be read before it exists: no guard', () => {
    const { json } = synthPreset('default', { controlPlane: API, backend: { type: 's3', bucket: 'tf-state' } });
    expect(json.locals?.control_plane_prior_access_config).toBeUndefined();
    expect(json.check).toBeUndefined();
    expect(json.resource!.aws_eks_cluster.control_plane_cluster.lifecycle).toEqual({ ignore_changes: ['access_config[0].bootstrap_cluster_creator_admin_permissions'] });
  });
});

describe('principals of iamPrincipals, and of the documentation account', () => {
  const PRINCIPALS = { users: { alice: {} }, roles: { 'test-role': { assumedBy: ['alice'] } } };

  test('an access entry names a created user or role by name: its ARN from the stack', () => {
    const { json } = synthPreset('default', { controlPlane: API_AND_CONFIG_MAP, iamPrincipals: PRINCIPALS, accessEntries: { alice: { iamUser: 'alice', kubernetesGroups: ['g'] }, ops: { iamRole: 'test-role', kubernetesGroups: ['g'] } } });
    expect(json.resource!.aws_eks_access_entry.access_entry_alice_entry.principal_arn).toBe(ref('aws_iam_user.iam_principals_user_alice.arn'));
    expect(json.resource!.aws_eks_access_entry.access_entry_ops_entry.principal_arn).toBe(ref('aws_iam_role.iam_principals_role_test_role.arn'));
  });

  // CreateAccessEntry refuses it at apply ("The specified principalArn is invalid"), after the cluster is built.
  test('a principal ARN in account 111122223333 gets a synthesis warning (access entries and aws-auth)', () => {
    const { warnings } = synthApp('default', { controlPlane: API_AND_CONFIG_MAP, accessEntries: { alice: { principalArn: ALICE, kubernetesGroups: ['g'] } }, kubernetes: { awsAuth: { mapRoles: [{ rolearn: ROLE, username: 'r' }] } } });
    expect(warnings.aws).toEqual(expect.arrayContaining([expect.stringMatching(/^'accessEntries.alice.principalArn' names arn:aws:iam::111122223333:user\/alice, in 111122223333, the account of the AWS documentation's examples/)]));
    expect(warnings.kubernetes).toEqual(expect.arrayContaining([expect.stringMatching(/^'kubernetes.awsAuth.mapRoles.0.rolearn' names arn:aws:iam::111122223333:role\/my-test-eks-role/)]));
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['an entry without a principal', { accessEntries: { x: { kubernetesGroups: ['g'] } } }, `'accessEntries.x.principalArn' is required: name the principal by its ARN, or by 'iamUser' or 'iamRole' (a principal of 'iamPrincipals')`],
    ['an entry with two principals', { iamPrincipals: PRINCIPALS, accessEntries: { x: { principalArn: ALICE, iamUser: 'alice', kubernetesGroups: ['g'] } } }, `'accessEntries.x.iamUser' ("alice") cannot be combined with 'principalArn': name the principal once`],
    ['an unknown user', { iamPrincipals: PRINCIPALS, accessEntries: { x: { iamUser: 'bob', kubernetesGroups: ['g'] } } }, `'accessEntries.x.iamUser' ("bob") must name a user of 'iamPrincipals.users' ("alice")`],
    ['a role without iamPrincipals', { accessEntries: { x: { iamRole: 'ops', kubernetesGroups: ['g'] } } }, `'accessEntries.x.iamRole' ("ops") must name a role of 'iamPrincipals.roles' (none: 'iamPrincipals.roles' is empty)`],
    ['a role assumed by an unknown user', { iamPrincipals: { roles: { ops: { assumedBy: ['bob'] } } } }, `'iamPrincipals.roles.ops.assumedBy.0' ("bob") must name a user of 'users' (none)`],
    ['an aws-auth mapping without its user', { kubernetes: { awsAuth: { mapUsers: [{ username: 'u' }] } } }, `'kubernetes.awsAuth.mapUsers.0.userarn' is required: name the principal by its ARN, or by 'iamUser' (a principal of 'iamPrincipals')`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', { controlPlane: API_AND_CONFIG_MAP, ...overrides })).join('\n')).toContain(expected);
  });
});
