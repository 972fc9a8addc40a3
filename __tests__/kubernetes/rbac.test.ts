// kubernetes.rbac: the book's readonly-binding.yml (chapter 9) and `kubectl create clusterrolebinding
// readonly --group=readonly-group` (chapter 10), in code.
import { synthApp, validationLines } from '../helpers/synth';

const CONFIG_MAP = { controlPlane: { accessConfig: { authenticationMode: 'CONFIG_MAP' } } };
const READONLY_ROLE = {
  rules: [
    { apiGroups: [''], resources: ['nodes', 'namespaces', 'pods'], verbs: ['get', 'list'] },
    { apiGroups: ['apps'], resources: ['deployments', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
  ],
};
const ALICE = { userarn: 'arn:aws:iam::111122223333:user/alice', username: 'alice', groups: ['readonly-group'] };

describe('kubernetes.rbac', () => {
  const { stacks, warnings } = synthApp('default', {
    ...CONFIG_MAP,
    kubernetes: {
      awsAuth: { mapUsers: [ALICE] },
      rbac: {
        clusterRoles: { 'readonly-role': READONLY_ROLE },
        clusterRoleBindings: { 'readonly-role-binding': { clusterRole: 'readonly-role', groups: ['readonly-group'], users: ['alice'] } },
        roles: { 'pod-reader': { namespaces: ['test-ns', 'default'], rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }] } },
        roleBindings: {
          'admin-binding': { namespaces: ['default'], clusterRole: 'admin', groups: ['readonly-group'] },
          'pod-reader': { namespaces: ['test-ns'], role: 'pod-reader', users: ['alice'] },
        },
      },
    },
  });
  const k8s = stacks.kubernetes.resource!;

  test('the ClusterRole of readonly-binding.yml, with the plural "deployments"', () => {
    expect(k8s.kubernetes_cluster_role_v1.rbac_cluster_role_readonly_role).toMatchObject({
      metadata: { name: 'readonly-role' },
      rule: [
        { api_groups: [''], resources: ['nodes', 'namespaces', 'pods'], verbs: ['get', 'list'] },
        { api_groups: ['apps'], resources: ['deployments', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
      ],
    });
  });

  test('the ClusterRoleBinding refers to the ClusterRole (created first) and names its group and user', () => {
    expect(k8s.kubernetes_cluster_role_binding_v1.rbac_cluster_role_binding_readonly_role_binding).toMatchObject({
      metadata: { name: 'readonly-role-binding' },
      role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: '${kubernetes_cluster_role_v1.rbac_cluster_role_readonly_role.metadata[0].name}' },
      subject: [
        { api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'readonly-group' },
        { api_group: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      ],
    });
  });

  test('Roles and RoleBindings, one per namespace; a RoleBinding to a built-in ClusterRole (book: admin-binding in default)', () => {
    expect(Object.keys(k8s.kubernetes_role_v1).sort()).toEqual(['rbac_role_pod-reader_default', 'rbac_role_pod-reader_test-ns'].map((a) => a.replace(/-/g, '_')));
    expect(k8s.kubernetes_role_binding_v1.rbac_role_binding_admin_binding_default).toMatchObject({
      metadata: { name: 'admin-binding', namespace: 'default' },
      role_ref: { kind: 'ClusterRole', name: 'admin' },
    });
    expect(k8s.kubernetes_role_binding_v1.rbac_role_binding_pod_reader_test_ns.role_ref).toEqual({
      api_group: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: '${kubernetes_role_v1.rbac_role_pod_reader_test_ns.metadata[0].name}',
    });
  });

  test('no warning when every bound group has members and every member group a binding', () => {
    expect(warnings.kubernetes.filter((w) => w.startsWith('Group'))).toEqual([]);
  });
});

describe('kubernetes.rbac warnings', () => {
  test('a bound group nobody is in, a group nobody binds, a role nothing declares', () => {
    const { warnings } = synthApp('default', {
      ...CONFIG_MAP,
      kubernetes: {
        awsAuth: { mapUsers: [{ ...ALICE, groups: ['editors'] }] },
        rbac: { clusterRoleBindings: { readonly: { clusterRole: 'readonly-role', groups: ['readonly-group'] } } },
      },
    });
    expect(warnings.kubernetes).toEqual(
      expect.arrayContaining([
        `Group readonly-group is bound by 'kubernetes.rbac.clusterRoleBindings.readonly', but no access entry or aws-auth mapping puts anyone in it`,
        `Group editors of the aws-auth mapping of alice has no binding in 'kubernetes.rbac': it grants nothing unless bound elsewhere`,
        `The binding readonly grants ClusterRole readonly-role, which 'rbac' does not declare and Kubernetes does not build in: it grants nothing until readonly-role exists`,
      ]),
    );
  });
});

describe('kubernetes.rbac validation', () => {
  const RBAC = (rbac: Record<string, unknown>) => ({ ...CONFIG_MAP, kubernetes: { rbac } });
  test.each<[string, Record<string, unknown>, string]>([
    [
      'the book\'s singular "deployment"',
      { clusterRoles: { 'readonly-role': { rules: [{ apiGroups: ['apps'], resources: ['deployment', 'daemonsets'], verbs: ['get'] }] } } },
      `'kubernetes.rbac.clusterRoles.readonly-role.rules.0.resources.0' ("deployment") must be the plural resource name "deployments": RBAC matches names exactly`,
    ],
    ['an unknown verb', { clusterRoles: { r: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['read'] }] } } }, `'kubernetes.rbac.clusterRoles.r.rules.0.verbs.0' ("read") must be one of "get", "list"`],
    ['resources without API groups', { clusterRoles: { r: { rules: [{ resources: ['pods'], verbs: ['get'] }] } } }, `'kubernetes.rbac.clusterRoles.r.rules.0.apiGroups' is required with 'resources'`],
    ['a rule naming nothing', { clusterRoles: { r: { rules: [{ apiGroups: [''], verbs: ['get'] }] } } }, `'kubernetes.rbac.clusterRoles.r.rules.0.resources' is required (or 'nonResourceUrls' in a ClusterRole)`],
    [
      'non-resource URLs in a Role',
      { roles: { r: { namespaces: ['a'], rules: [{ nonResourceUrls: ['/healthz'], verbs: ['get'] }] } } },
      `'kubernetes.rbac.roles.r.rules.0.nonResourceUrls' (["/healthz"]) apply only to ClusterRoles`,
    ],
    ['a binding without subjects', { clusterRoleBindings: { b: { clusterRole: 'view' } } }, `'kubernetes.rbac.clusterRoleBindings.b.groups' or 'users' is required`],
    ['a RoleBinding with both a Role and a ClusterRole', { roleBindings: { b: { namespaces: ['a'], role: 'r', clusterRole: 'view', groups: ['g'] } } }, `'kubernetes.rbac.roleBindings.b.role' ("r") and 'clusterRole' ("view") are mutually exclusive`],
    ['a RoleBinding with no role', { roleBindings: { b: { namespaces: ['a'], groups: ['g'] } } }, `'kubernetes.rbac.roleBindings.b.clusterRole' or 'role' is required`],
    [
      'a RoleBinding outside its Role\'s namespaces',
      { roles: { r: { namespaces: ['a'], rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } }, roleBindings: { b: { namespaces: ['a', 'b'], role: 'r', groups: ['g'] } } },
      `'kubernetes.rbac.roleBindings.b.namespaces' (["a","b"]) include b, where Role r is not created`,
    ],
    ['a system: role name', { clusterRoles: { 'system:mine': { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } } }, `must not start with "system:"`],
    ['an unknown key', { clusterRoles: { r: { rule: [] } } }, `'kubernetes.rbac.clusterRoles.r.rule' is not a known setting; allowed here: rules`],
  ])('throws on %s', (_case, rbac, expected) => {
    expect(validationLines(() => synthApp('default', RBAC(rbac))).join('\n')).toContain(expected);
  });
});

describe('the Kubernetes stack without creator admin', () => {
  test('warns that the identity running Terraform needs an access entry', () => {
    const { warnings } = synthApp('default', {
      controlPlane: { accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false } },
      kubernetes: { rbac: { clusterRoleBindings: { viewers: { clusterRole: 'view', groups: ['viewers'] } } } },
    });
    expect(warnings.kubernetes.join('\n')).toContain(`gets no cluster access with 'bootstrapClusterCreatorAdminPermissions' false`);
  });
});
