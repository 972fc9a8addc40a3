// The AWS side of seed 001's secrets: the secrets without their value, and the role that reads them.
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ApplicationSecrets, ApplicationSecretsProps } from '../../src/application/application-secrets';
import { SECRET_READ_ACTIONS, secretArnPattern, SecretReaderRole, SecretReaderRoleProps } from '../../src/application/secret-reader-role';
import { OidcProvider } from '../../src/oidc/oidc-provider';
import { emptyStack, ref, synthJson, validationLines } from '../helpers/synth';

const PARTITION = ref('data.aws_partition.partition.partition');
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function secrets(props: Partial<ApplicationSecretsProps> = {}) {
  const stack = emptyStack();
  new ApplicationSecrets(stack, 'secrets', { names: ['app/db', 'api-key'], ...props });
  return synthJson(stack);
}

function reader(props: Partial<SecretReaderRoleProps> = {}, stack = emptyStack()) {
  const oidc = new OidcProvider(stack, 'oidc', { issuerUrl: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC' });
  const agent = new EksAddon(stack, 'agent', { clusterName: 'demo', addonName: 'eks-pod-identity-agent' });
  const role = new SecretReaderRole(stack, 'reader', {
    roleName: 'demo-application',
    identity: { mechanism: 'irsa', oidcProvider: oidc, clusterName: 'demo', podIdentityAgent: agent },
    serviceAccount: { namespace: 'app', name: 'backend' },
    secretNames: ['app/db'],
    region: 'eu-west-1',
    accountId: '111122223333',
    ...props,
  });
  const json = synthJson(stack);
  return { role, json, statements: json.data!.aws_iam_policy_document.reader_workload_identity_inline_policy_document.statement as any[] };
}

describe('ApplicationSecrets', () => {
  test('one secret per name, with a description and no value anywhere (no secret version, no secret string)', () => {
    const json = secrets();
    const created = json.resource!.aws_secretsmanager_secret;
    expect(Object.keys(created).sort()).toEqual(['secrets_secret_api_key', 'secrets_secret_app_db']);
    expect(created.secrets_secret_app_db).toMatchObject({ name: 'app/db', description: "Read by the application; its value is set outside Terraform", tags: {} });
    expect(created.secrets_secret_app_db.kms_key_id).toBeUndefined();
    expect(created.secrets_secret_app_db.recovery_window_in_days).toBeUndefined();
    expect(json.resource!.aws_secretsmanager_secret_version).toBeUndefined();
    expect(JSON.stringify(json)).not.toMatch(/secret_string|secret_binary|random_password/);
  });

  test('a customer managed key, a recovery window, the reader in the description', () => {
    const json = secrets({ kmsKeyArn: KEY, recoveryWindowDays: 7, reader: 'app/backend', tags: { team: 'web' } });
    expect(json.resource!.aws_secretsmanager_secret.secrets_secret_api_key).toMatchObject({
      kms_key_id: KEY,
      recovery_window_in_days: 7,
      description: 'Read by app/backend; its value is set outside Terraform',
      tags: { team: 'web' },
    });
  });

  test.each<[string, Partial<ApplicationSecretsProps>, string]>([
    ['an empty name list', { names: [] }, `'names' ([]) must list at least one secret name`],
    ['a name with a space', { names: ['db password'] }, `'names.0' ("db password") must be a Secrets Manager secret name`],
    ['two names of one address', { names: ['app/db', 'app-db'] }, `'names.1' ("app-db") must not differ from "app/db" only in case or punctuation`],
    ['a recovery window Secrets Manager refuses', { recoveryWindowDays: 3 }, `'recoveryWindowDays' (3) must be 0 or between 7 and 30 (Secrets Manager)`],
    ['a key alias', { kmsKeyArn: 'alias/aws/secretsmanager' }, `'kmsKeyArn' ("alias/aws/secretsmanager") must be a KMS key ARN`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => secrets(props)).join('\n')).toContain(expected);
  });
});

describe('SecretReaderRole', () => {
  test('reads the named secrets only: GetSecretValue and DescribeSecret on name-?????? in the region and account, partition from the data source', () => {
    const { statements } = reader({ secretNames: ['app/db', 'api-key'] });
    expect(SECRET_READ_ACTIONS).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    expect(statements).toEqual([
      {
        sid: 'ReadTheApplicationSecrets',
        effect: 'Allow',
        actions: SECRET_READ_ACTIONS,
        resources: [`arn:${PARTITION}:secretsmanager:eu-west-1:111122223333:secret:app/db-??????`, `arn:${PARTITION}:secretsmanager:eu-west-1:111122223333:secret:api-key-??????`],
      },
    ]);
    expect(secretArnPattern('aws-cn', 'cn-north-1', '1', 'x')).toBe('arn:aws-cn:secretsmanager:cn-north-1:1:secret:x-??????');
  });

  test('secrets created in the stack are named by their exact ARN', () => {
    const stack = emptyStack();
    const created = new ApplicationSecrets(stack, 'secrets', { names: ['app/db'] });
    const { statements } = reader({ secretNames: ['app/db', 'api-key'], secretArns: created.secretArns }, stack);
    expect(statements[0].resources).toEqual([ref('aws_secretsmanager_secret.secrets_secret_app_db.arn'), `arn:${PARTITION}:secretsmanager:eu-west-1:111122223333:secret:api-key-??????`]);
  });

  test('a customer managed key: kms:Decrypt on it through Secrets Manager of the region only (DNS suffix of the partition)', () => {
    const { statements } = reader({ kmsKeyArn: KEY });
    expect(statements[1]).toEqual({
      sid: 'DecryptThemThroughSecretsManager',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: [KEY],
      condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.eu-west-1.${ref('data.aws_partition.partition.dns_suffix')}`] }],
    });
  });

  test('no key, no KMS statement; nothing but the inline policy is attached', () => {
    const { statements, json } = reader();
    expect(statements).toHaveLength(1);
    expect(json.resource!.aws_iam_role_policy_attachment).toBeUndefined();
    expect(json.resource!.aws_iam_role.reader_workload_identity_role.name).toBe('demo-application');
  });

  test('IRSA: trusted by the one service account (sub and aud); the role exposes the annotation', () => {
    const { json, role } = reader();
    const trust = json.data!.aws_iam_policy_document.reader_workload_identity_trust.statement[0];
    expect(trust.condition.map((c: any) => c.values)).toEqual([['system:serviceaccount:app:backend'], ['sts.amazonaws.com']]);
    expect(Object.keys(role.role.serviceAccountAnnotations)).toEqual(['eks.amazonaws.com/role-arn']);
  });

  test('Pod Identity: an association for the service account, after the agent; no annotation', () => {
    const stack = emptyStack();
    const agent = new EksAddon(stack, 'agent', { clusterName: 'demo', addonName: 'eks-pod-identity-agent' });
    const role = new SecretReaderRole(stack, 'reader', {
      roleName: 'r',
      identity: { mechanism: 'pod-identity', clusterName: 'demo', podIdentityAgent: agent },
      serviceAccount: { namespace: 'app', name: 'backend' },
      secretNames: ['db'],
      region: 'eu-west-1',
      accountId: '111122223333',
    });
    expect(synthJson(stack).resource!.aws_eks_pod_identity_association.reader_workload_identity_association_app_backend).toMatchObject({
      namespace: 'app',
      service_account: 'backend',
      depends_on: ['aws_eks_addon.agent'],
    });
    expect(role.role.serviceAccountAnnotations).toEqual({});
  });

  test.each<[string, Partial<SecretReaderRoleProps>, string]>([
    ['no secret', { secretNames: [] }, `'secretNames' ([]) must list at least one secret`],
    ['an ARN for a secret it does not read', { secretArns: { other: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:other-AbCdEf' } }, `'secretArns.other' ("other") is not one of 'secretNames' ("app/db")`],
    ['a wildcard service account', { serviceAccount: { namespace: 'app', name: 'back*' } }, `'serviceAccount.name' ("back*") must name one service account`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => reader(props)).join('\n')).toContain(expected);
  });
});

describe('ApplicationSecrets rotation', () => {
  test('by default no rotation resource', () => {
    expect(secrets().resource!.aws_secretsmanager_secret_rotation).toBeUndefined();
  });

  test('rotation: one aws_secretsmanager_secret_rotation per secret, every 30 days unless afterDays says otherwise', () => {
    const lambdaArn = 'arn:aws:lambda:eu-west-1:111122223333:function:rotate-db';
    const rotations = Object.values<any>(secrets({ rotation: { lambdaArn } }).resource!.aws_secretsmanager_secret_rotation);
    expect(rotations.map((r) => [r.secret_id, r.rotation_lambda_arn, r.rotation_rules.automatically_after_days]).sort()).toEqual([
      [ref('aws_secretsmanager_secret.secrets_secret_api_key.id'), lambdaArn, 30],
      [ref('aws_secretsmanager_secret.secrets_secret_app_db.id'), lambdaArn, 30],
    ]);
    expect(Object.values<any>(secrets({ rotation: { lambdaArn, afterDays: 7 } }).resource!.aws_secretsmanager_secret_rotation)[0].rotation_rules.automatically_after_days).toBe(7);
  });

  test('throws on a rotation function that is no Lambda ARN', () => {
    expect(validationLines(() => secrets({ rotation: { lambdaArn: 'rotate-db' } }))).toEqual([`'rotation.lambdaArn' ("rotate-db") must be a Lambda function ARN`]);
  });
});
