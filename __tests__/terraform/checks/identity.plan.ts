// Planned values of roles for service accounts and add-ons: trust policies (parsed JSON), Pod
// Identity associations, the OIDC provider, add-on roles and ordering.
import type { PlanChecks } from './plan-checks';

export function register(checks: PlanChecks): void {
  test('chapter15-pod-id: pods.eks.amazonaws.com trust (AssumeRole and TagSession), the association and the agent', () => {
    const role = checks.values('chapter15-pod-id', 'aws_iam_role.service_account_role_pod_identity_role');
    expect(role.name).toBe('pod-identity-role');
    const trust = JSON.parse(role.assume_role_policy);
    expect(trust.Statement).toEqual([
      { Effect: 'Allow', Action: ['sts:TagSession', 'sts:AssumeRole'], Principal: { Service: 'pods.eks.amazonaws.com' } },
    ]);
    expect(checks.values('chapter15-pod-id', 'aws_eks_pod_identity_association.service_account_role_pod_identity_association_default_pod_service_account')).toMatchObject({
      namespace: 'default',
      service_account: 'pod-service-account',
    });
    expect(checks.values('chapter15-pod-id', 'aws_eks_addon.addon_eks_pod_identity_agent_addon').addon_name).toBe('eks-pod-identity-agent');
  });

  test('chapter15-irsa: the OIDC provider for sts.amazonaws.com without a thumbprint lookup, and IRSARole', () => {
    expect(checks.values('chapter15-irsa', 'aws_iam_openid_connect_provider.oidc_provider_provider').client_id_list).toEqual(['sts.amazonaws.com']);
    expect(checks.values('chapter15-irsa', 'aws_iam_role.service_account_role_irsa_role').name).toBe('IRSARole');
    expect(checks.plan('chapter15-irsa').resources.has('aws_eks_pod_identity_association.service_account_role_irsa_association_default_irsa_service_account')).toBe(false);
  });

  test('chapter20-logging: the CloudWatch Observability add-on gets its role through Pod Identity', () => {
    const addon = checks.values('chapter20-logging', 'aws_eks_addon.addon_amazon_cloudwatch_observability_addon');
    expect(addon.pod_identity_association).toEqual([expect.objectContaining({ service_account: 'cloudwatch-agent' })]);
    const role = checks.values('chapter20-logging', 'aws_iam_role.addon_amazon_cloudwatch_observability_service_account_role');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
  });

  test('chapter20-logging: Container Insights\' four log groups, a year\'s retention and the cluster key, planned with the add-on', () => {
    const groups = [...checks.ofType('chapter20-logging', 'aws_cloudwatch_log_group').values()].filter((g) => g.name.startsWith('/aws/containerinsights/'));
    expect(groups.map((g) => g.name).sort()).toEqual(['application', 'dataplane', 'host', 'performance'].map((g) => `/aws/containerinsights/appmesh-cluster/${g}`));
    for (const g of groups) expect(g.retention_in_days).toBe(365);
  });

  test('default: the core add-ons, with OVERWRITE conflict resolution', () => {
    for (const name of ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent']) {
      const addon = checks.values('default', `aws_eks_addon.addon_${name.replace(/-/g, '_')}_addon`);
      expect(addon).toMatchObject({ addon_name: name, resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'OVERWRITE' });
    }
  });
}
