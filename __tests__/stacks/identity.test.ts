// Roles for service accounts and add-ons through the configuration: IRSA or Pod Identity with one setting.
import { ref, synthPreset, validationLines } from '../helpers/synth';

const APP_ROLE = { serviceAccounts: [{ namespace: 'default', name: 'app' }], managedPolicies: ['AmazonS3ReadOnlyAccess'] };
const AGENT = { 'eks-pod-identity-agent': {} };
/** The default preset has the agent; `null` removes a preset's entry. */
const NO_AGENT = { 'eks-pod-identity-agent': null };

describe('serviceAccountRoles', () => {
  test('Pod Identity by default: role, association after the agent add-on, output', () => {
    const { json } = synthPreset('default', { addons: AGENT, serviceAccountRoles: { app: APP_ROLE } });
    expect(json.resource!.aws_iam_role.service_account_role_app_role.name).toBe('eks-default-app');
    expect(json.resource!.aws_eks_pod_identity_association.service_account_role_app_association_default_app).toMatchObject({
      cluster_name: ref('aws_eks_cluster.control_plane_cluster.name'),
      depends_on: ['aws_eks_addon.addon_eks_pod_identity_agent_addon'],
    });
    expect(json.resource!.aws_iam_openid_connect_provider).toBeUndefined();
    expect(json.output!.service_account_role_arns.value).toEqual({ app: ref('aws_iam_role.service_account_role_app_role.arn') });
  });

  test('IRSA everywhere with one setting: the OIDC provider and web identity trust', () => {
    const { json } = synthPreset('default', { workloadIdentity: 'irsa', oidcProvider: { enabled: true }, serviceAccountRoles: { app: APP_ROLE } });
    expect(json.resource!.aws_iam_openid_connect_provider.oidc_provider_provider.url).toBe(ref('aws_eks_cluster.control_plane_cluster.identity[0].oidc[0].issuer'));
    expect(json.data!.aws_iam_policy_document.service_account_role_app_trust.statement[0].actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(json.resource!.aws_eks_pod_identity_association).toBeUndefined();
    expect(json.output!.oidc_provider_arn.value).toBe(ref('aws_iam_openid_connect_provider.oidc_provider_provider.arn'));
  });

  test('a role may choose its own mechanism', () => {
    const { json } = synthPreset('default', { addons: AGENT, oidcProvider: { enabled: true }, serviceAccountRoles: { app: APP_ROLE, legacy: { ...APP_ROLE, mechanism: 'irsa' } } });
    expect(json.data!.aws_iam_policy_document.service_account_role_legacy_trust.statement[0].actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(json.data!.aws_iam_policy_document.service_account_role_app_trust.statement[0].actions).toEqual(['sts:AssumeRole', 'sts:TagSession']);
  });

  test('the book\'s thumbprint lookup brings in the tls provider', () => {
    const { json } = synthPreset('default', { workloadIdentity: 'irsa', oidcProvider: { enabled: true, thumbprintLookup: true } });
    expect(json.provider!.tls).toBeDefined();
    expect(json.data!.tls_certificate).toBeDefined();
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['IRSA without an OIDC provider', { workloadIdentity: 'irsa', serviceAccountRoles: { app: APP_ROLE } }, `'workloadIdentity' ("irsa") needs the cluster's OIDC provider (for 'serviceAccountRoles.app'): set 'oidcProvider.enabled' to true, or use "pod-identity"`],
    ['a role asking for IRSA without the provider', { addons: AGENT, serviceAccountRoles: { app: { ...APP_ROLE, mechanism: 'irsa' } } }, `'serviceAccountRoles.app.mechanism' ("irsa") needs the cluster's OIDC provider: set 'oidcProvider.enabled' to true`],
    ['a Pod Identity association without the agent', { addons: NO_AGENT, serviceAccountRoles: { app: APP_ROLE } }, `'workloadIdentity' ("pod-identity") needs the eks-pod-identity-agent add-on (for 'serviceAccountRoles.app'): add 'addons.eks-pod-identity-agent', or use "irsa"`],
    ['a wildcard with Pod Identity', { addons: AGENT, serviceAccountRoles: { app: { serviceAccounts: [{ namespace: 'apps', name: '*' }] } } }, `'serviceAccountRoles.app.serviceAccounts.0.name' ("*") cannot hold "*" with Pod Identity`],
    ['an unknown key', { serviceAccountRoles: { app: { ...APP_ROLE, policies: [] } } }, `'serviceAccountRoles.app.policies' is not a known setting`],
  ])('throws on %s', (_case, settings, expected) => {
    expect(validationLines(() => synthPreset('default', settings)).join('\n')).toContain(expected);
  });
});

describe('add-on roles', () => {
  test('EBS CSI gets its role through Pod Identity, in the add-on itself, after the agent', () => {
    const { json } = synthPreset('default', { addons: { ...AGENT, 'aws-ebs-csi-driver': {} } });
    const addon = json.resource!.aws_eks_addon.addon_aws_ebs_csi_driver_addon;
    expect(addon.pod_identity_association).toEqual([{ role_arn: ref('aws_iam_role.addon_aws_ebs_csi_driver_service_account_role.arn'), service_account: 'ebs-csi-controller-sa' }]);
    expect(addon.depends_on).toContain('aws_eks_addon.addon_eks_pod_identity_agent_addon');
    expect(addon.service_account_role_arn).toBeUndefined();
    expect(json.resource!.aws_iam_role_policy_attachment.addon_aws_ebs_csi_driver_service_account_policy_service_role_AmazonEBSCSIDriverPolicy).toMatchObject({
      policy_arn: `arn:${ref('data.aws_partition.partition.partition')}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`,
    });
    expect(json.resource!.aws_eks_pod_identity_association).toBeUndefined();
    expect(json.output!.service_account_role_arns.value).toEqual({ 'addon-aws-ebs-csi-driver': ref('aws_iam_role.addon_aws_ebs_csi_driver_service_account_role.arn') });
  });

  // EKS gives the EFS add-on's role to its controller and its node accounts (aws/containers-roadmap#2820).
  test('with IRSA the add-on gets service_account_role_arn; the EFS role trusts both of its accounts (StringLike efs-csi-*, AWS\'s guide)', () => {
    const { json } = synthPreset('default', { workloadIdentity: 'irsa', oidcProvider: { enabled: true }, addons: { 'aws-efs-csi-driver': {} } });
    const addon = json.resource!.aws_eks_addon.addon_aws_efs_csi_driver_addon;
    expect(addon.service_account_role_arn).toBe(ref('aws_iam_role.addon_aws_efs_csi_driver_service_account_role.arn'));
    expect(addon.pod_identity_association).toBeUndefined();
    expect(json.data!.aws_iam_policy_document.addon_aws_efs_csi_driver_service_account_trust.statement[0].condition[0]).toMatchObject({
      test: 'StringLike',
      values: ['system:serviceaccount:kube-system:efs-csi-*'],
    });
  });

  test('with Pod Identity the EFS add-on associates its role with both of its accounts', () => {
    const { json } = synthPreset('default', { addons: { ...AGENT, 'aws-efs-csi-driver': {} } });
    const role = ref('aws_iam_role.addon_aws_efs_csi_driver_service_account_role.arn');
    expect(json.resource!.aws_eks_addon.addon_aws_efs_csi_driver_addon.pod_identity_association).toEqual([
      { role_arn: role, service_account: 'efs-csi-controller-sa' },
      { role_arn: role, service_account: 'efs-csi-node-sa' },
    ]);
  });

  // Its agents would otherwise create them: no retention, no key, left behind by a destroy.
  test('CloudWatch observability: Container Insights\' log groups first, with the retention and key of the control plane\'s', () => {
    const { json } = synthPreset('chapter20-logging');
    const groups = Object.entries<any>(json.resource!.aws_cloudwatch_log_group).filter(([, g]) => g.name.startsWith('/aws/containerinsights/'));
    expect(groups.map(([, g]) => g.name)).toEqual(['application', 'dataplane', 'host', 'performance'].map((g) => `/aws/containerinsights/appmesh-cluster/${g}`));
    for (const [, g] of groups) {
      expect(g).toMatchObject({ retention_in_days: 365, kms_key_id: ref('aws_kms_key.control_plane_cluster_key_key.arn') });
      expect(g.provisioner).toEqual([{ 'local-exec': { when: 'destroy', on_failure: 'continue', command: 'sleep 300' } }]);
    }
    expect(json.resource!.aws_eks_addon.addon_amazon_cloudwatch_observability_addon.depends_on).toEqual(
      expect.arrayContaining(groups.map(([n]) => `aws_cloudwatch_log_group.${n}`)),
    );
    const retained = synthPreset('chapter20-logging', { controlPlane: { logRetentionDays: 731 } }).json.resource!.aws_cloudwatch_log_group;
    expect(retained.addon_amazon_cloudwatch_observability_log_group_performance.retention_in_days).toBe(731);
  });

  test('CloudWatch observability: CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess', () => {
    const { json } = synthPreset('default', { addons: { ...AGENT, 'amazon-cloudwatch-observability': {} } });
    const arns = Object.entries(json.resource!.aws_iam_role_policy_attachment)
      .filter(([n]) => n.startsWith('addon_amazon_cloudwatch_observability'))
      .map(([, a]: [string, any]) => a.policy_arn.split('/').pop());
    expect(arns.sort()).toEqual(['AWSXrayWriteOnlyAccess', 'CloudWatchAgentServerPolicy']);
  });

  test('no role where the node role serves (vpc-cni), unless asked for; none when turned off or given', () => {
    expect(synthPreset('default', { addons: { 'vpc-cni': {} } }).json.resource!.aws_iam_role.addon_vpc_cni_service_account_role).toBeUndefined();
    expect(synthPreset('default', { addons: { ...AGENT, 'vpc-cni': { serviceAccountRole: true } } }).json.resource!.aws_iam_role.addon_vpc_cni_service_account_role).toBeDefined();
    expect(synthPreset('default', { addons: { ...NO_AGENT, 'aws-ebs-csi-driver': { serviceAccountRole: false } } }).json.resource!.aws_iam_role.addon_aws_ebs_csi_driver_service_account_role).toBeUndefined();
    const given = synthPreset('default', { addons: { 'aws-ebs-csi-driver': { serviceAccountRoleArn: 'arn:aws:iam::111122223333:role/ebs' } } }).json;
    expect(given.resource!.aws_eks_addon.addon_aws_ebs_csi_driver_addon.service_account_role_arn).toBe('arn:aws:iam::111122223333:role/ebs');
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['an add-on role without the agent', { addons: { ...NO_AGENT, 'aws-ebs-csi-driver': {} } }, `'workloadIdentity' ("pod-identity") needs the eks-pod-identity-agent add-on (for 'addons.aws-ebs-csi-driver.serviceAccountRole')`],
    ['a role for an add-on that needs none', { addons: { coredns: { serviceAccountRole: true } } }, `'addons.coredns.serviceAccountRole' (true) is not needed by add-on "coredns"`],
    ['a role and a role ARN', { addons: { ...AGENT, 'aws-ebs-csi-driver': { serviceAccountRole: true, serviceAccountRoleArn: 'arn:aws:iam::111122223333:role/ebs' } } }, `'addons.aws-ebs-csi-driver.serviceAccountRoleArn' ("arn:aws:iam::111122223333:role/ebs") cannot be combined with 'serviceAccountRole'`],
  ])('throws on %s', (_case, settings, expected) => {
    expect(validationLines(() => synthPreset('default', settings)).join('\n')).toContain(expected);
  });
});
