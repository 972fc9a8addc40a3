import { TerraformResource } from 'cdktf';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { OidcProvider } from '../../src/oidc/oidc-provider';
import { ServiceAccountRole, ServiceAccountRoleProps } from '../../src/oidc/service-account-role';
import { emptyStack, ref, resolved, resources, synthJson, validationLines } from '../helpers/synth';

function setup() {
  const stack = emptyStack();
  const oidc = new OidcProvider(stack, 'oidc', { issuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC' });
  const agent = new EksAddon(stack, 'agent', { clusterName: 'demo', addonName: 'eks-pod-identity-agent' });
  return { stack, oidc, agent };
}

function role(props: Partial<ServiceAccountRoleProps>) {
  const { stack, oidc, agent } = setup();
  const r = new ServiceAccountRole(stack, 'app', {
    roleName: 'demo-app',
    serviceAccounts: [{ namespace: 'default', name: 'irsa-service-account' }],
    oidcProvider: oidc,
    clusterName: 'demo',
    podIdentityAgent: agent,
    ...props,
  });
  return { stack, role: r, json: synthJson(stack) };
}

const issuerHost = '${replace(aws_iam_openid_connect_provider.oidc_provider.url, "https://", "")}';

describe('OidcProvider', () => {
  test('audience sts.amazonaws.com, no thumbprint lookup (no tls provider needed)', () => {
    const { json } = role({});
    expect(resources(json, 'aws_iam_openid_connect_provider').oidc_provider).toEqual(
      expect.objectContaining({ url: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC', client_id_list: ['sts.amazonaws.com'] }),
    );
    expect(resources(json, 'aws_iam_openid_connect_provider').oidc_provider.thumbprint_list).toBeUndefined();
    expect(json.data?.tls_certificate).toBeUndefined();
  });

  test('the book\'s thumbprint lookup is an opt-in through tls_certificate', () => {
    const stack = emptyStack();
    new OidcProvider(stack, 'oidc', { issuerUrl: 'https://issuer', thumbprintLookup: true, clientIds: ['sts.amazonaws.com', 'other'] });
    const json = synthJson(stack);
    expect(json.data!.tls_certificate.oidc_issuer_certificate.url).toBe('https://issuer');
    expect(resources(json, 'aws_iam_openid_connect_provider').oidc_provider).toMatchObject({
      client_id_list: ['sts.amazonaws.com', 'other'],
      thumbprint_list: ['${data.tls_certificate.oidc_issuer_certificate.certificates[0].sha1_fingerprint}'],
    });
  });

  test('issuerHost drops https:// from the provider URL', () => {
    const { stack, oidc } = setup();
    expect(resolved(stack, oidc.issuerHost)).toBe(issuerHost);
  });
});

describe('ServiceAccountRole with IRSA', () => {
  test('trust: AssumeRoleWithWebIdentity from the OIDC provider with :sub and :aud conditions', () => {
    const { json, role: r, stack } = role({ mechanism: 'irsa' });
    expect(json.data!.aws_iam_policy_document.app_trust.statement).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [{ type: 'Federated', identifiers: [ref('aws_iam_openid_connect_provider.oidc_provider.arn')] }],
        condition: [
          { test: 'StringEquals', variable: `${issuerHost}:sub`, values: ['system:serviceaccount:default:irsa-service-account'] },
          { test: 'StringEquals', variable: `${issuerHost}:aud`, values: ['sts.amazonaws.com'] },
        ],
      },
    ]);
    expect(resources(json, 'aws_iam_role').app_role.assume_role_policy).toBe(ref('data.aws_iam_policy_document.app_trust.json'));
    expect(resources(json, 'aws_eks_pod_identity_association')).toEqual({});
    expect(resolved(stack, r.serviceAccountAnnotations)).toEqual({ 'eks.amazonaws.com/role-arn': ref('aws_iam_role.app_role.arn') });
  });

  test('a wildcard service account (slides: all accounts of a namespace) uses StringLike', () => {
    const { json } = role({ mechanism: 'irsa', serviceAccounts: [{ namespace: 'ack-system', name: '*' }, { namespace: 'default', name: 'app' }] });
    const sub = json.data!.aws_iam_policy_document.app_trust.statement[0].condition[0];
    expect(sub).toEqual({ test: 'StringLike', variable: `${issuerHost}:sub`, values: ['system:serviceaccount:ack-system:*', 'system:serviceaccount:default:app'] });
  });

  test('throws without an OIDC provider', () => {
    expect(validationLines(() => role({ mechanism: 'irsa', oidcProvider: undefined })).join('\n')).toContain(
      `'mechanism' ("irsa") needs the cluster's OIDC provider ('oidcProvider'); enable it, or use "pod-identity"`,
    );
  });
});

describe('ServiceAccountRole with Pod Identity (default)', () => {
  const { json } = role({ serviceAccounts: [{ namespace: 'default', name: 'pod-service-account' }, { namespace: 'apps', name: 'api' }] });

  test('trust: pods.eks.amazonaws.com with AssumeRole and TagSession', () => {
    expect(json.data!.aws_iam_policy_document.app_trust.statement).toEqual([
      { effect: 'Allow', actions: ['sts:AssumeRole', 'sts:TagSession'], principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }] },
    ]);
  });

  test('one association per service account, after the agent add-on', () => {
    const associations = resources(json, 'aws_eks_pod_identity_association');
    expect(Object.keys(associations).sort()).toEqual(['app_association_apps_api', 'app_association_default_pod_service_account']);
    expect(associations.app_association_apps_api).toMatchObject({
      cluster_name: 'demo',
      namespace: 'apps',
      service_account: 'api',
      role_arn: ref('aws_iam_role.app_role.arn'),
      depends_on: ['aws_eks_addon.agent'],
    });
  });

  test.each<[string, Partial<ServiceAccountRoleProps>, string]>([
    ['a missing agent add-on', { podIdentityAgent: undefined }, `'mechanism' ("pod-identity") needs the eks-pod-identity-agent add-on on the cluster`],
    ['a missing cluster', { clusterName: undefined }, `'clusterName' is required with mechanism "pod-identity"`],
    ['a wildcard service account', { serviceAccounts: [{ namespace: 'default', name: 'app-*' }] }, `'serviceAccounts.0.name' ("app-*") cannot hold "*" with Pod Identity`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => role(props)).join('\n')).toContain(expected);
  });
});

describe('ServiceAccountRole policies', () => {
  test('managed policies by name (partition-aware), customer ARNs, and an inline policy document', () => {
    const { json } = role({
      managedPolicies: ['AmazonS3ReadOnlyAccess', 'service-role/AmazonEBSCSIDriverPolicy'],
      policyArns: ['arn:aws:iam::123456789012:policy/app-secrets'],
      policyStatements: [
        { sid: 'ReadSecret', actions: ['secretsmanager:GetSecretValue'], resources: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:app-*'] },
        { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'], conditions: [{ test: 'StringNotEquals', variable: 'aws:PrincipalTag/team', values: ['a'] }] },
      ],
    });
    const arns = Object.values(resources(json, 'aws_iam_role_policy_attachment')).map((a) => a.policy_arn).sort();
    const partition = ref('data.aws_partition.partition.partition');
    expect(arns).toEqual(
      [
        'arn:aws:iam::123456789012:policy/app-secrets',
        `arn:${partition}:iam::aws:policy/AmazonS3ReadOnlyAccess`,
        `arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`,
      ].sort(),
    );
    expect(resources(json, 'aws_iam_role_policy').app_inline_policy).toMatchObject({ role: ref('aws_iam_role.app_role.name'), policy: ref('data.aws_iam_policy_document.app_inline_policy_document.json') });
    expect(json.data!.aws_iam_policy_document.app_inline_policy_document.statement).toEqual([
      { sid: 'ReadSecret', effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:app-*'] },
      { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'], condition: [{ test: 'StringNotEquals', variable: 'aws:PrincipalTag/team', values: ['a'] }] },
    ]);
  });

  test.each<[string, Partial<ServiceAccountRoleProps>, string]>([
    ['a malformed policy ARN', { policyArns: ['arn:aws:iam:::policy/x'] }, `'policyArns.0' ("arn:aws:iam:::policy/x") must be an IAM policy ARN`],
    ['an invalid action', { policyStatements: [{ actions: ['GetObject'], resources: ['*'] }] }, `'policyStatements.0.actions.0' ("GetObject") must be an IAM action such as "s3:GetObject"`],
    ['an invalid resource', { policyStatements: [{ actions: ['s3:GetObject'], resources: ['bucket'] }] }, `'policyStatements.0.resources.0' ("bucket") must be "*" or an ARN`],
    ['no service account', { serviceAccounts: [] }, `'serviceAccounts' ([]) must list at least one service account`],
    ['an invalid namespace', { serviceAccounts: [{ namespace: 'Default', name: 'x' }] }, `'serviceAccounts.0.namespace' ("Default") must be a Kubernetes namespace`],
    ['an unknown mechanism', { mechanism: 'kiam' as never }, `'mechanism' ("kiam") must be one of "pod-identity", "irsa"`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => role(props)).join('\n')).toContain(expected);
  });

  test('creates no role when the input is invalid', () => {
    const { stack, oidc } = setup();
    expect(() => new ServiceAccountRole(stack, 'bad', { roleName: 'r', serviceAccounts: [], oidcProvider: oidc, mechanism: 'irsa' })).toThrow();
    expect(stack.node.findAll().filter((c) => c instanceof TerraformResource && c.terraformResourceType === 'aws_iam_role')).toEqual([]);
  });
});
