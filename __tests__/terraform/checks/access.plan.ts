// Cluster access (book chapters 9 and 10): access_config, access entries and access policy
// associations as Terraform plans them, and the authentication mode guard on changes it lets
// through (the refused ones are in ../access-transitions.test.ts).
import { guardedControlPlane, priorState } from '../../helpers/access-guard';
import type { TfJson } from '../../helpers/synth';
import { moduleName, type PlanChecks } from './plan-checks';

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
    if (c.address.kind !== 'check' || c.address.module !== `module.${moduleName(name)}`) continue;
    const problems = (c.instances ?? []).flatMap((i: any) => (i.problems ?? []).map((p: any) => p.message));
    results.set(c.address.name, { status: c.status, problems });
  }
  return results;
}

export function register(checks: PlanChecks): void {
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
