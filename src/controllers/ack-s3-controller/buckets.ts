// chapter08 pod/s3.yml (book "ACK Controller Deployment", L4978-L5065): the names of the buckets the
// ACK S3 controller may manage and of the chapter's sample bucket, with S3's naming rules. Valibot
// only: the configuration schema loads it without any provider class.
import { issue, ValidationIssue } from '../../errors';
import { bucketName, bucketNameProblem, bucketNameStartProblem, checkedName } from '../../private/names';
import { isUnresolved } from '../../private/validate';

export { bucketName, bucketNameProblem };

/**
 * What the controller's role may do: `bucket-prefix` (default) reaches the buckets whose names
 * start with `bucketNamePrefix`; `AmazonS3FullAccess` is ACK's recommended managed policy
 * (s3-controller config/iam/recommended-policy-arn), every bucket and object of the account.
 */
export const ACK_S3_PERMISSIONS = ['bucket-prefix', 'AmazonS3FullAccess'] as const;
export type AckS3Permissions = (typeof ACK_S3_PERMISSIONS)[number];
export const DEFAULT_ACK_S3_PERMISSIONS: AckS3Permissions = 'bucket-prefix';

/** The book's bucket and object name (`Bucket` `ack-s3`). */
export const BOOK_BUCKET_NAME = 'ack-s3';

/** Why `prefix` cannot start bucket names, or undefined: it must leave room for one more character. */
export function bucketNamePrefixProblem(prefix: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{0,61}$/.test(prefix)) {
    return 'must be the start of S3 bucket names: 1 to 62 lower-case letters, digits, "." and "-", starting with a letter or digit';
  }
  return bucketNameStartProblem(prefix);
}

export const bucketNamePrefix = checkedName(bucketNamePrefixProblem);

/**
 * The cluster's name in S3's alphabet (lower case, `-` for `_`) and a `-`: buckets of two clusters
 * in one account stay apart.
 */
export function defaultBucketNamePrefix(clusterName: string): string {
  return `${clusterName.toLowerCase().replace(/_/g, '-').slice(0, 40)}-`;
}

/** `<prefix>ack-s3`: the book's name, inside the prefix the role reaches. */
export function defaultSampleBucketName(prefix: string): string {
  return `${prefix}${BOOK_BUCKET_NAME}`;
}

/** The settings the rules below read (configuration and construct props alike). */
export interface AckS3BucketSettings {
  readonly permissions?: AckS3Permissions;
  readonly bucketNamePrefix?: string;
  readonly sampleApp?: boolean;
  readonly sampleBucketName?: string;
}

/**
 * Rules between the bucket settings, paths relative to the controller's settings. `defaultPrefix`
 * is what `bucketNamePrefix` falls back to, and what the sample's default name starts with (none:
 * the prefix is required with `bucket-prefix`).
 */
export function bucketSettingsIssues(s: AckS3BucketSettings, defaultPrefix?: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fullAccess = (s.permissions ?? DEFAULT_ACK_S3_PERMISSIONS) === 'AmazonS3FullAccess';
  if (s.sampleBucketName !== undefined && !s.sampleApp) {
    issues.push(issue(['sampleBucketName'], s.sampleBucketName, `needs 'sampleApp' true: it names the sample's bucket`));
  }
  if (fullAccess && s.bucketNamePrefix !== undefined) {
    issues.push(issue(['bucketNamePrefix'], s.bucketNamePrefix, `cannot be combined with 'permissions' "AmazonS3FullAccess" (every bucket of the account); remove one`));
  }
  const prefix = fullAccess ? defaultPrefix : (s.bucketNamePrefix ?? defaultPrefix);
  if (prefix === undefined) {
    if (!fullAccess) issues.push({ path: ['bucketNamePrefix'], hasReceived: false, message: `is required with 'permissions' "bucket-prefix": the role reaches only buckets whose names start with it` });
    return issues;
  }
  if (isUnresolved(prefix)) return issues;
  const defaultProblem = s.bucketNamePrefix === undefined && !fullAccess ? bucketNamePrefixProblem(prefix) : undefined;
  if (defaultProblem) {
    issues.push({ path: ['bucketNamePrefix'], hasReceived: false, message: `is required: the default made of the cluster name (${JSON.stringify(prefix)}) ${defaultProblem}` });
  }
  if (s.sampleApp && s.sampleBucketName === undefined) {
    const sample = defaultSampleBucketName(prefix);
    const problem = bucketNameProblem(sample);
    if (problem) issues.push({ path: ['sampleBucketName'], hasReceived: false, message: `is required: the default (${JSON.stringify(sample)}) ${problem}` });
  }
  if (!fullAccess && s.sampleApp && s.sampleBucketName !== undefined && !isUnresolved(s.sampleBucketName) && !s.sampleBucketName.startsWith(prefix)) {
    issues.push(issue(['sampleBucketName'], s.sampleBucketName, `must start with 'bucketNamePrefix' (${JSON.stringify(prefix)}): the controller's role reaches only buckets named so`));
  }
  return issues;
}
