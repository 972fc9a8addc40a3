// Planned values of seed 001's AWS side (preset mastering-terraform): the registry, the roles of the
// load balancer controller and of the application's backend, the secret without a value. The
// backend's policy names the secret's ARN, known only once the secret exists, so the policy
// itself is planned in a scenario of its own: the role reading two existing secrets (matched by
// name in a literal account) and decrypting with a customer managed key.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretReaderRole } from '../../../src/application/secret-reader-role';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { emptyStack, synthJson, TfJson } from '../../helpers/synth';
import type { PlanChecks } from './plan-checks';

const PRESET = 'mastering-terraform';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

export const scenarios: Record<string, () => TfJson> = {
  'secret-reader-role': () => {
    const stack = emptyStack();
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    // Pod Identity: a trust known at plan (IRSA's names the OIDC provider's ARN, known after apply;
    // jest asserts on its document).
    const agent = new EksAddon(stack, 'agent', { clusterName: 'demo', addonName: 'eks-pod-identity-agent' });
    new SecretReaderRole(stack, 'reader', {
      roleName: 'demo-application',
      identity: { mechanism: 'pod-identity', clusterName: 'demo', podIdentityAgent: agent },
      serviceAccount: { namespace: 'app', name: 'backend' },
      secretNames: ['app/db', 'api-key'],
      region: 'eu-west-1',
      accountId: '111122223333',
      kmsKeyArn: KEY,
    });
    return synthJson(stack);
  },
};

export function register(checks: PlanChecks): void {
  test('secret-reader-role: GetSecretValue and DescribeSecret on the two secrets by name, kms:Decrypt through Secrets Manager of the region', () => {
    const policy = JSON.parse(checks.values('secret-reader-role', 'aws_iam_role_policy.reader_workload_identity_inline_policy').policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'ReadTheApplicationSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-??????', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:api-key-??????'],
      },
      {
        Sid: 'DecryptThemThroughSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: KEY,
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      },
    ]);
  });

  test('secret-reader-role: trusted by EKS Pod Identity, associated with app/backend of the cluster, no managed policy', () => {
    const trust = JSON.parse(checks.values('secret-reader-role', 'aws_iam_role.reader_workload_identity_role').assume_role_policy);
    expect(trust.Statement).toEqual([{ Effect: 'Allow', Action: ['sts:TagSession', 'sts:AssumeRole'], Principal: { Service: 'pods.eks.amazonaws.com' } }]);
    expect(checks.values('secret-reader-role', 'aws_eks_pod_identity_association.reader_workload_identity_association_app_backend')).toMatchObject({
      cluster_name: 'demo',
      namespace: 'app',
      service_account: 'backend',
    });
    expect(checks.ofType('secret-reader-role', 'aws_iam_role_policy_attachment').size).toBe(0);
  });

  test(`${PRESET}: the backend's role and its inline policy, the controller's role, in the book's names and tags`, () => {
    const role = checks.values(PRESET, 'aws_iam_role.application_role_workload_identity_role');
    expect(role).toMatchObject({ name: 'fleet-portal-dev-workload-identity', tags_all: { application: 'fleet-portal', environment: 'dev', cluster: 'eks-fleet-portal-dev' } });
    expect(checks.values(PRESET, 'aws_iam_role_policy.application_role_workload_identity_inline_policy').name).toBe('inline');
    expect(checks.values(PRESET, 'aws_iam_role.aws_load_balancer_controller_controller_role').name).toBe('aws-load-balancer-controller-role');
    // Only the node role and the cluster role have managed policies; the application's has none.
    const attached = [...checks.ofType(PRESET, 'aws_iam_role_policy_attachment').keys()];
    expect(attached.filter((a) => !/\.(nodes|control_plane)_/.test(a))).toEqual([]);
  });

  test(`${PRESET}: the connection string secret is created with a description, no recovery window (the tutorial redeploys) and no value`, () => {
    expect(checks.values(PRESET, 'aws_secretsmanager_secret.application_secrets_secret_fleet_portal_dev_connection_string')).toMatchObject({
      name: 'fleet-portal-dev-connection-string',
      description: 'Read by app/fleet-portal on eks-fleet-portal-dev; its value is set outside Terraform',
      recovery_window_in_days: 0,
    });
    expect(checks.ofType(PRESET, 'aws_secretsmanager_secret_version').size).toBe(0);
  });

  test(`${PRESET}: the two repositories (immutable, scanned, KMS) with their lifecycle policies, the push group and its policy`, () => {
    const repos = [...checks.ofType(PRESET, 'aws_ecr_repository').values()];
    expect(repos.map((r) => r.name).sort()).toEqual(['ecr-fleet-portal-dev-backend', 'ecr-fleet-portal-dev-frontend']);
    for (const repo of repos) expect(repo).toMatchObject({ image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: [{ scan_on_push: true }], encryption_configuration: [{ encryption_type: 'KMS' }] });
    expect(checks.ofType(PRESET, 'aws_ecr_lifecycle_policy').size).toBe(2);
    expect(checks.values(PRESET, 'aws_iam_group.registry_push_group').name).toBe('fleet-portal-dev-ecr-image-pushers');
    expect(checks.values(PRESET, 'aws_iam_group_policy.registry_push_policy').name).toBe('push-images');
  });

  test(`${PRESET}: the OIDC provider for the sts audience, and no Pod Identity association (IRSA)`, () => {
    expect(checks.values(PRESET, 'aws_iam_openid_connect_provider.oidc_provider_provider').client_id_list).toEqual(['sts.amazonaws.com']);
    expect(checks.ofType(PRESET, 'aws_eks_pod_identity_association').size).toBe(0);
  });
}
