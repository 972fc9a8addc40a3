// Cluster access (book chapters 9 and 10): access_config, access entries and access policy
// associations as Terraform plans them, and the authentication mode guard on changes it lets
// through (the refused ones are in ../access-transitions.test.ts).
import { guardedControlPlane, priorState } from '../../helpers/access-guard';
import type { TfJson } from '../../helpers/synth';
import type { PlanChecks } from './plan-checks';

export const scenarios: Record<string, () => TfJson> = {
  // Forward, skipping API_AND_CONFIG_MAP, with the creator flag changed after creation.
  'access-guard-forward': () =>
    guardedControlPlane({ authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false }, priorState('forward', { authenticationMode: 'CONFIG_MAP' })),
  'access-guard-unchanged': () => guardedControlPlane({ authenticationMode: 'API_AND_CONFIG_MAP' }, priorState('unchanged', { authenticationMode: 'API_AND_CONFIG_MAP' })),
};

/** Results of the check blocks of one planned stack, by check name. */
function checkResults(checks: PlanChecks, name: string): Map<string, { status: string; problems: string[] }> {
  const results = new Map<string, { status: string; problems: string[] }>();
  for (const c of checks.plan(name).raw.checks ?? []) {
    if (c.address.kind !== 'check' || c.address.module !== `module.${checks.module(name)}`) continue;
    const problems = (c.instances ?? []).flatMap((i: any) => (i.problems ?? []).map((p: any) => p.message));
    results.set(c.address.name, { status: c.status, problems });
  }
  return results;
}

export function register(checks: PlanChecks): void {
  test.each([
    ['default', { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true }],
    ['chapter09', { authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true }],
    ['chapter10', { authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true }],
    ['chapter11', { authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true }],
  ])('%s: planned access_config', (preset, accessConfig) => {
    expect(checks.values(preset, 'aws_eks_cluster.control_plane_cluster').access_config).toEqual([accessConfig]);
  });

  // The principals are created with the stack: their ARNs are known after apply only.
  test('chapter10: user alice and my-test-eks-role are planned with the stack, and their access entries', () => {
    expect(checks.values('chapter10', 'aws_iam_user.iam_principals_user_alice').name).toBe('alice');
    expect(checks.values('chapter10', 'aws_iam_role.iam_principals_role_my_test_eks_role').name).toBe('my-test-eks-role');
    const alice = checks.values('chapter10', 'aws_eks_access_entry.access_entry_alice_entry');
    expect(alice).toMatchObject({ cluster_name: 'public-endpoint-cluster', type: 'STANDARD', kubernetes_groups: ['readonly-group'] });
    expect(alice.principal_arn).toBeUndefined();
    expect(checks.values('chapter10', 'aws_eks_access_entry.access_entry_my_test_eks_role_entry')).toMatchObject({ type: 'STANDARD' });
  });

  test('chapter10: policy associations with policy ARNs of the partition, and their scopes', () => {
    expect(checks.values('chapter10', 'aws_eks_access_policy_association.access_entry_alice_policy_AmazonEKSAdminPolicy')).toMatchObject({
      cluster_name: 'public-endpoint-cluster',
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy',
      access_scope: [{ type: 'namespace', namespaces: ['test-ns'] }],
    });
    expect(checks.values('chapter10', 'aws_eks_access_policy_association.access_entry_my_test_eks_role_policy_AmazonEKSClusterAdminPolicy')).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: [{ type: 'cluster' }],
    });
  });

  test('presets without access entries plan none (EKS makes the creator\'s and the managed node role\'s)', () => {
    for (const preset of ['default', 'chapter09', 'chapter11']) expect(checks.ofType(preset, 'aws_eks_access_entry').size).toBe(0);
  });

  test('a forward authentication mode change plans; a changed creator flag is ignored and warned about', () => {
    expect(checks.values('access-guard-forward', 'aws_eks_cluster.control_plane_cluster').access_config).toEqual([
      { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
    ]);
    const bootstrap = checkResults(checks, 'access-guard-forward').get('control_plane_prior_access_config_bootstrap');
    expect(bootstrap?.status).toBe('fail');
    expect(bootstrap?.problems.join('\n')).toContain('bootstrap_cluster_creator_admin_permissions is false in the configuration but the cluster was created with true');
  });

  test('the same mode and flag as in the state: the guard and the check pass', () => {
    expect(checkResults(checks, 'access-guard-unchanged').get('control_plane_prior_access_config_bootstrap')?.status).toBe('pass');
  });
}
