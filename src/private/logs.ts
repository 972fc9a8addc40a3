// CloudWatch Logs settings shared by the modules that create log groups.
import * as v from 'valibot';
import { isUnresolved } from './validate';

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
