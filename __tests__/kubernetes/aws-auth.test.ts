import { synthApp, validationLines } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
/** EKS writes aws-auth itself (managed node groups) in this mode only: the stack patches it. */
const CONFIG_MAP = { controlPlane: { accessConfig: { authenticationMode: 'CONFIG_MAP' } } };

const ROLE = { rolearn: 'arn:aws:iam::123456789012:role/myIAMrole', username: 'admin', groups: ['system:masters'] };
const ALICE = { userarn: 'arn:aws:iam::123456789012:user/alice', username: 'alice', groups: ['readonly-group'] };

describe('aws-auth ConfigMap (book chapter 9)', () => {
  const { stacks, warnings } = synthApp('default', { ...CONFIG_MAP, kubernetes: { awsAuth: { mapRoles: [ROLE], mapUsers: [ALICE] } } });
  const cm = stacks.kubernetes.resource!.kubernetes_config_map_v1_data.aws_auth_config_map;

  test('patches kube-system/aws-auth, taking over what EKS wrote', () => {
    expect(cm.metadata).toEqual({ name: 'aws-auth', namespace: 'kube-system' });
    expect(cm.force).toBe(true);
  });

  test('node roles first (bootstrappers and nodes), then the configured roles and users', () => {
    const nodeRole = remote('cross_stack_output_aws_iam_role_nodes_role_arn');
    expect(cm.data.mapRoles).toBe(
      '${yamlencode([{"rolearn" = ' + nodeRole.slice(2, -1) + ', "username" = "system:node:{{EC2PrivateDNSName}}", "groups" = ["system:bootstrappers", "system:nodes"]}, {"rolearn" = "arn:aws:iam::123456789012:role/myIAMrole", "username" = "admin", "groups" = ["system:masters"]}])}',
    );
    expect(cm.data.mapUsers).toBe('${yamlencode([{"userarn" = "arn:aws:iam::123456789012:user/alice", "username" = "alice", "groups" = ["readonly-group"]}])}');
  });

  test('warns about system:masters grants', () => {
    expect(warnings.kubernetes.join('\n')).toContain('aws-auth grants system:masters to admin');
  });

  test.each([
    [{ mapUsers: [{ ...ALICE, userarn: 'arn:aws:iam::123:user/alice' }] }, `'kubernetes.awsAuth.mapUsers.0.userarn' ("arn:aws:iam::123:user/alice") must be an IAM user ARN`],
    [{ mapRoles: [{ ...ROLE, groups: [] }] }, `'kubernetes.awsAuth.mapRoles.0.groups' ([]) must list at least one group`],
    [{ mapUsers: [{ ...ALICE, username: 'alice smith' }] }, `'kubernetes.awsAuth.mapUsers.0.username' ("alice smith") must be a Kubernetes user name without spaces`],
    [{ mapUsers: [{ ...ALICE, arn: 'x' }] }, `'kubernetes.awsAuth.mapUsers.0.arn' is not a known setting; allowed here: userarn, iamUser, username, groups`],
    [
      { mapRoles: [{ ...ROLE, rolearn: 'arn:aws:iam::123456789012:role/team/admins' }] },
      `'kubernetes.awsAuth.mapRoles.0.rolearn' ("arn:aws:iam::123456789012:role/team/admins") must not include the role path: aws-auth matches arn:aws:iam::<account>:role/<name> only`,
    ],
  ])('throws on %j', (awsAuth, expected) => {
    expect(validationLines(() => synthApp('default', { ...CONFIG_MAP, kubernetes: { awsAuth } })).join('\n')).toContain(expected);
  });

  test('a user mapped without groups, bound by name (book chapter 9, "Using Custom Groups")', () => {
    const { stacks: s } = synthApp('default', { ...CONFIG_MAP, kubernetes: { awsAuth: { mapUsers: [{ userarn: ALICE.userarn, username: 'alice' }] } } });
    expect(s.kubernetes.resource!.kubernetes_config_map_v1_data.aws_auth_config_map.data.mapUsers).toBe('${yamlencode([{"userarn" = "arn:aws:iam::123456789012:user/alice", "username" = "alice"}])}');
  });
});

describe('aws-auth where EKS writes none (access entries enabled)', () => {
  const API_AND_CONFIG_MAP = { controlPlane: { accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } } };

  test('API_AND_CONFIG_MAP: the stack creates kube-system/aws-auth (node roles have access entries, so EKS writes no ConfigMap)', () => {
    const k8s = synthApp('default', { ...API_AND_CONFIG_MAP, kubernetes: { awsAuth: { mapUsers: [ALICE] } } }).stacks.kubernetes.resource!;
    expect(k8s.kubernetes_config_map_v1_data).toBeUndefined();
    expect(k8s.kubernetes_config_map_v1.aws_auth_config_map).toMatchObject({ metadata: { name: 'aws-auth', namespace: 'kube-system' } });
    expect(k8s.kubernetes_config_map_v1.aws_auth_config_map.data.mapUsers).toContain('"username" = "alice"');
  });

  test('create: false patches the ConfigMap of a cluster moved from CONFIG_MAP, which has one', () => {
    const k8s = synthApp('default', { ...API_AND_CONFIG_MAP, kubernetes: { awsAuth: { create: false, mapUsers: [ALICE] } } }).stacks.kubernetes.resource!;
    expect(k8s.kubernetes_config_map_v1_data.aws_auth_config_map.force).toBe(true);
    expect(k8s.kubernetes_config_map_v1).toBeUndefined();
  });
});
