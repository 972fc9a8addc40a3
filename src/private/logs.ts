// CloudWatch Logs settings shared by the modules that create log groups.
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import * as v from 'valibot';
import { integer, isUnresolved } from './validate';

/** Retention periods CloudWatch Logs accepts (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** One year: what CIS-style scanners (checkov CKV_AWS_338) ask for at least. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

export const logRetentionDays = v.pipe(
  v.number('must be a number of days'),
  v.check(
    (n) => isUnresolved(n) || (LOG_RETENTION_DAYS as readonly number[]).includes(n),
    `must be a retention CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
  ),
);

/** A KMS key ARN (not an alias or key ID: log groups and EKS need the ARN). */
export const kmsKeyArn = v.pipe(
  v.string('must be a KMS key ARN'),
  v.check((s) => isUnresolved(s) || /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(s), 'must be a KMS key ARN: arn:aws:kms:<region>:<account>:key/<id>'),
);

/**
 * How long a log group outlives what wrote to it on destroy. A service that still delivers logs
 * after its resource is gone re-creates the group on its own, with no retention and no key, and
 * the next deploy fails with ResourceAlreadyExistsException (terraform-aws-modules/terraform-aws-eks#920,
 * #2486, #2763: EKS's service-linked role does it, so denying logs:CreateLogGroup to the cluster
 * role does not help, and the module dropped that deny in v20.24.2, #3163). Making the group depend
 * on the cluster cannot work either (PR #2764, closed): EKS would create it first. So the writer
 * depends on the group (it is deleted first) and the group waits this long before it goes. No AWS
 * document says when delivery stops; five minutes is a margin, not a guarantee.
 */
export const DEFAULT_LOG_GROUP_DELETION_DELAY_SECONDS = 300;

export const logGroupDeletionDelaySeconds = integer(0, 3600);

/**
 * A destroy-time `local-exec` that sleeps before `logGroup` is deleted (destroy provisioners run
 * before their resource is destroyed, after what depends on it). `sleep` needs a POSIX shell
 * (Linux, macOS, Terraform Cloud runs); where it fails the destroy goes on without waiting
 * (`on_failure = continue`). 0 adds nothing.
 */
export function waitBeforeDeletion(logGroup: CloudwatchLogGroup, seconds: number): void {
  if (seconds <= 0) return;
  // An override: CDKTF's LocalExecProvisioner type has no `on_failure`.
  logGroup.addOverride('provisioner', [{ 'local-exec': { when: 'destroy', on_failure: 'continue', command: `sleep ${seconds}` } }]);
}
