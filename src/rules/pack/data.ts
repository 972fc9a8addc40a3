// Rules on encryption and retention: KMS keys, CloudWatch log groups, ECR repositories, EFS,
// Secrets Manager and SQS. As ../shared/tools/seccheck.py ports them.
import { first, int, isExpression, isTrue, list, principalsOf, statementsOf, type Block, type StackModel } from '../private/model';
import type { SecurityRule } from '../private/rule';

/** cloudsplaining ResourcePolicyDocument.internet_accessible_actions, as the port simplifies it. */
function internetAccessible(s: { Effect?: string; Condition?: unknown; Principal?: unknown }): boolean {
  if (s.Effect === 'Deny') return false;
  if (s.Condition && Object.keys(s.Condition as object).length > 0) {
    return Object.values(s.Condition as Record<string, unknown>).some((ops) => ops && typeof ops === 'object' && Object.values(ops as object).some((v) => String(v).includes('*')));
  }
  return Object.values(principalsOf(s)).some((ids) => ids.some((x) => x === '*' || (typeof x === 'string' && x.startsWith('arn:') && x.split(':')[4] === '*')));
}
const anyPrincipal = (s: { Principal?: unknown }) => s.Principal === '*' || (principalsOf(s).AWS ?? []).includes('*');

export const DATA_RULES: readonly SecurityRule[] = [
  {
    id: 'KMS-ROTATION',
    scannerIds: ['CKV_AWS_7'],
    title: 'KMS key rotation off',
    fix: `keys of this project rotate; set enable_key_rotation on your own`,
    types: ['aws_kms_key'],
    check: (b) => {
      const spec = b.customer_master_key_spec;
      const symmetric = !spec || String(spec).includes('SYMMETRIC_DEFAULT') || String(spec).includes('HMAC');
      return symmetric && !isTrue(b.enable_key_rotation) && !isExpression(b.enable_key_rotation) ? 'key rotation off' : undefined;
    },
  },
  {
    id: 'KMS-KEY-POLICY-ANY-PRINCIPAL',
    scannerIds: ['CKV_AWS_33'],
    title: 'key policy allows any principal',
    fix: `name the principals in the key policy`,
    types: ['aws_kms_key'],
    check: (b, _a, model) =>
      statementsOf(model.literalPolicy(b.policy)).some((s) => s.Effect !== 'Deny' && !s.Condition && anyPrincipal(s)) ? 'key policy allows any principal without a condition' : undefined,
  },
  {
    id: 'KMS-KEY-POLICY',
    scannerIds: ['CKV2_AWS_64'],
    title: 'KMS key without a key policy',
    fix: `the cluster key has its own policy`,
    types: ['aws_kms_key'],
    check: (b, address, model) => (b.policy || model.connected(address, new Set(['aws_kms_key_policy'])).length > 0 ? undefined : 'no key policy defined'),
  },
  {
    id: 'LOGS-ENCRYPTION',
    scannerIds: ['CKV_AWS_158'],
    title: 'log group not encrypted with KMS',
    fix: `log groups of this project use the cluster key`,
    types: ['aws_cloudwatch_log_group'],
    check: (b) => (b.kms_key_id ? undefined : 'log group not KMS-encrypted'),
  },
  {
    id: 'LOGS-RETENTION-SET',
    scannerIds: ['CKV_AWS_66'],
    title: 'log group kept forever',
    fix: `controlPlane.logRetentionDays / network.flowLogs.retentionDays (365 by default)`,
    types: ['aws_cloudwatch_log_group'],
    check: (b) => (b.retention_in_days === undefined || b.retention_in_days === null ? 'no retention set' : undefined),
  },
  {
    id: 'LOGS-RETENTION-YEAR',
    scannerIds: ['CKV_AWS_338'],
    title: 'log group kept less than a year',
    fix: `controlPlane.logRetentionDays / network.flowLogs.retentionDays 365 or more (the default)`,
    types: ['aws_cloudwatch_log_group'],
    check: (b) => {
      const r = b.retention_in_days;
      return r === undefined || r === null || (typeof r === 'number' && Number.isInteger(r) && !(r === 0 || r >= 365)) ? `retention ${r ?? 'unset'} < 365 days` : undefined;
    },
  },
  {
    id: 'ECR-IMMUTABLE-TAGS',
    scannerIds: ['CKV_AWS_51', 'AVD-AWS-0031'],
    title: 'ECR image tags mutable',
    fix: `registry.imageTagMutability "IMMUTABLE" (the default)`,
    types: ['aws_ecr_repository'],
    check: (b) => (b.image_tag_mutability !== 'IMMUTABLE' ? 'mutable tags' : undefined),
  },
  {
    id: 'ECR-SCAN-ON-PUSH',
    scannerIds: ['CKV_AWS_163', 'AVD-AWS-0030'],
    title: 'ECR images not scanned on push',
    fix: `registry.scanOnPush true (the default)`,
    types: ['aws_ecr_repository'],
    check: (b) => (isTrue(first(b.image_scanning_configuration).scan_on_push) ? undefined : 'no scan on push'),
  },
  {
    id: 'ECR-KMS',
    scannerIds: ['CKV_AWS_136'],
    title: 'ECR repository not encrypted with KMS',
    fix: `repositories of this project use KMS encryption`,
    types: ['aws_ecr_repository'],
    check: (b) => (first(b.encryption_configuration).encryption_type !== 'KMS' ? 'not KMS-encrypted' : undefined),
  },
  {
    id: 'ECR-POLICY-PUBLIC',
    scannerIds: ['CKV_AWS_32'],
    title: 'ECR repository policy open to everyone',
    fix: `name the principals in the repository policy`,
    types: ['aws_ecr_repository_policy'],
    check: (b, _a, model) => (statementsOf(model.literalPolicy(b.policy)).some(internetAccessible) ? 'repository policy open to everyone' : undefined),
  },
  {
    id: 'ECR-POLICY-ANY-PRINCIPAL',
    scannerIds: ['AVD-AWS-0032'],
    title: 'ECR repository policy grants ecr: actions to any principal',
    fix: `name the principals in the repository policy`,
    types: ['aws_ecr_repository_policy'],
    foldsInto: ['ECR-POLICY-PUBLIC'],
    check: (b, _a, model) =>
      statementsOf(model.resolvedPolicy(b.policy)).some((s) => list(s.Action).some((x) => String(x).toLowerCase().startsWith('ecr:')) && anyPrincipal(s)) ? 'repository policy open to everyone' : undefined,
  },
  {
    id: 'EFS-ENCRYPTED',
    scannerIds: ['CKV_AWS_42', 'AVD-AWS-0037'],
    title: 'EFS file system not encrypted',
    fix: `storage.efs file systems are encrypted`,
    types: ['aws_efs_file_system'],
    check: (b) => (isTrue(b.encrypted) ? undefined : 'EFS unencrypted'),
  },
  {
    id: 'EFS-CMK',
    scannerIds: ['CKV_AWS_184'],
    title: 'EFS not encrypted with a customer managed key',
    fix: `storage.efs.kmsKeyId unset (the cluster key) or your key`,
    types: ['aws_efs_file_system'],
    check: (b) => (b.kms_key_id ? undefined : 'EFS not encrypted with a customer managed key'),
  },
  {
    id: 'EFS-BACKUP',
    scannerIds: ['CKV2_AWS_18'],
    title: 'EFS file system in no AWS Backup plan',
    fix: `storage.efs.backup true (the default)`,
    types: ['aws_efs_file_system'],
    check: (_b, address, model) => (model.connected(address, new Set(['aws_backup_selection'])).length > 0 ? undefined : 'not in an AWS Backup plan (aws_backup_selection)'),
  },
  {
    id: 'EFS-ACCESS-POINT-ROOT',
    scannerIds: ['CKV_AWS_329'],
    title: 'EFS access point at the file system root',
    fix: `give the access point a root directory`,
    types: ['aws_efs_access_point'],
    check: (b) => ([undefined, null, '/'].includes(first(b.root_directory).path) ? 'access point at the file system root' : undefined),
  },
  {
    id: 'EFS-ACCESS-POINT-USER',
    scannerIds: ['CKV_AWS_330'],
    title: 'EFS access point without a POSIX user',
    fix: `give the access point a POSIX user`,
    types: ['aws_efs_access_point'],
    check: (b) => (first(b.posix_user).gid === undefined || first(b.posix_user).gid === null ? 'access point without a POSIX user' : undefined),
  },
  {
    id: 'SECRET-CMK',
    scannerIds: ['CKV_AWS_149'],
    title: 'secret not encrypted with a customer managed key',
    fix: `application.secrets.kmsKeyArn unset for created secrets (the cluster key), or your key`,
    types: ['aws_secretsmanager_secret'],
    check: (b) => (!b.kms_key_id || String(b.kms_key_id).includes('aws/') ? 'not encrypted with a customer managed KMS key' : undefined),
  },
  {
    id: 'SECRET-ROTATION',
    scannerIds: ['CKV2_AWS_57'],
    title: 'secret without automatic rotation',
    fix: `application.secrets.rotation with your rotation Lambda function`,
    types: ['aws_secretsmanager_secret'],
    check: (_b, address, model) => (model.connected(address, new Set(['aws_secretsmanager_secret_rotation'])).length > 0 ? undefined : 'no automatic rotation'),
  },
  {
    id: 'SECRET-ROTATION-INTERVAL',
    scannerIds: ['CKV_AWS_304'],
    title: 'secret rotated less often than every 90 days',
    fix: `application.secrets.rotation.afterDays 90 or less (30 by default)`,
    types: ['aws_secretsmanager_secret_rotation'],
    check: (b) => {
      const rules = first(b.rotation_rules);
      const days = int(rules.automatically_after_days);
      const expression = String(rules.schedule_expression ?? '');
      const rate = /^rate\((\d+) (hours?|days?)\)/.exec(expression);
      const ok = (days !== undefined && days <= 90) || expression.startsWith('cron(') || (rate !== null && Number(rate[1]) <= (rate[2].startsWith('hour') ? 90 * 24 : 90));
      return ok ? undefined : 'rotation interval over 90 days (or none)';
    },
  },
  {
    id: 'SQS-ENCRYPTED',
    scannerIds: ['CKV_AWS_27', 'AVD-AWS-0096'],
    title: 'SQS queue not encrypted',
    fix: `queues of this project use SQS-managed encryption`,
    types: ['aws_sqs_queue'],
    check: (b) => (!isTrue(b.sqs_managed_sse_enabled) && !b.kms_master_key_id ? 'queue not encrypted' : undefined),
  },
  {
    id: 'SQS-AWS-MANAGED-KEY',
    scannerIds: ['CKV2_AWS_73', 'AVD-AWS-0135'],
    title: 'SQS queue on the AWS managed key',
    fix: `SQS-managed encryption or a customer managed key`,
    types: ['aws_sqs_queue'],
    check: (b) => (b.kms_master_key_id === 'alias/aws/sqs' ? 'AWS-managed SQS key' : undefined),
  },
  ...queuePolicyRules(),
];

/** Queue policies, inline (aws_sqs_queue.policy) or as aws_sqs_queue_policy. */
function queuePolicyRules(): SecurityRule[] {
  const policyOf = (b: Block, address: string) => (address.startsWith('aws_sqs_queue.') && !('policy' in b) ? undefined : b.policy);
  const types = ['aws_sqs_queue', 'aws_sqs_queue_policy'];
  const on = (b: Block, address: string, model: StackModel) => statementsOf(model.literalPolicy(policyOf(b, address)));
  return [
    {
      id: 'SQS-POLICY-PUBLIC',
      scannerIds: ['CKV_AWS_168'],
      title: 'queue policy open to everyone',
      fix: `name the principals in the queue policy`,
      types,
      check: (b, a, model) => (on(b, a, model).some(internetAccessible) ? 'queue policy open to everyone' : undefined),
    },
    {
      id: 'SQS-POLICY-ANY-PRINCIPAL',
      scannerIds: ['CKV_AWS_387'],
      title: 'queue policy lets anyone use SQS actions',
      fix: `name the principals in the queue policy`,
      types,
      check: (b, a, model) =>
        on(b, a, model).some((s) => s.Effect === 'Allow' && list(s.Action).some((x) => x === '*' || String(x).toLowerCase().startsWith('sqs:')) && !s.Condition && anyPrincipal(s))
          ? 'queue policy lets anyone use SQS actions'
          : undefined,
    },
    {
      id: 'SQS-POLICY-FIRST-STATEMENT-WILDCARD',
      scannerIds: ['CKV_AWS_72'],
      title: 'queue policy whose first statement allows action "*"',
      fix: `list the SQS actions`,
      types: ['aws_sqs_queue_policy'],
      check: (b, a, model) => {
        const s = on(b, a, model)[0];
        return s && (s.Action === '*' || JSON.stringify(list(s.Action)) === '["*"]') ? 'first statement allows action "*"' : undefined;
      },
    },
    {
      id: 'SQS-POLICY-WILDCARD',
      scannerIds: ['AVD-AWS-0097'],
      title: 'queue policy allows "*" or "sqs:*"',
      fix: `list the SQS actions`,
      types,
      foldsInto: ['SQS-POLICY-FIRST-STATEMENT-WILDCARD'],
      check: (b, a, model) =>
        statementsOf(model.resolvedPolicy(policyOf(b, a))).some((s) => s.Effect === 'Allow' && list(s.Action).some((x) => ['*', 'sqs:*'].includes(String(x).toLowerCase())))
          ? 'queue policy allows "*" or "sqs:*"'
          : undefined,
    },
  ];
}
