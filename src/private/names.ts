// Naming rules shared by several modules, with the AWS documentation they come from.
import * as v from 'valibot';
import { isUnresolved, matching } from './validate';

/**
 * EKS cluster names: 1–100 characters, starting with a letter or digit, then letters, digits,
 * hyphens and underscores (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html).
 */
export const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

export const clusterName = matching(
  CLUSTER_NAME,
  'must be 1 to 100 characters: letters, digits, "-" and "_", starting with a letter or digit (EKS cluster name rules)',
);

/** IAM role names: 1–64 characters from [\w+=,.@-] (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export const iamRoleName = matching(IAM_ROLE_NAME, 'must be 1 to 64 characters from letters, digits and +=,.@_- (IAM role name rules)');

/**
 * The shape of AWS region codes (us-east-1, us-gov-west-1, eu-isoe-west-1, eusc-de-east-1); whether
 * the provider knows the region is checked with the whole configuration (private/regions.ts), so
 * `skipRegionValidation` can allow a newer one.
 */
export const region = matching(/^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/, 'must be an AWS region code such as "us-east-1"');

/** S3 reserves these starts and ends of general purpose bucket names. */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];
const quoted = (list: string[]) => list.map((s) => JSON.stringify(s)).join(', ');

/**
 * Why `name` is not a general purpose bucket name, or undefined
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
export function bucketNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
    return 'must be an S3 bucket name: 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit';
  }
  return bucketNameStartProblem(name) ?? (RESERVED_SUFFIXES.some((s) => name.endsWith(s)) ? `must not end with ${quoted(RESERVED_SUFFIXES)} (reserved by S3)` : undefined);
}

/** The S3 naming rules a bucket name and its start share (adjacent periods, IP form, reserved starts). */
export function bucketNameStartProblem(s: string): string | undefined {
  if (s.includes('..')) return 'must not hold two adjacent periods (S3 bucket naming rules)';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) return 'must not be formatted as an IP address (S3 bucket naming rules)';
  if (RESERVED_PREFIXES.some((p) => s.startsWith(p))) return `must not start with ${quoted(RESERVED_PREFIXES)} (reserved by S3)`;
  return undefined;
}

/** A string that `problem` finds nothing wrong with (tokens pass). */
export const checkedName = (problem: (s: string) => string | undefined) =>
  v.pipe(
    v.string('must be a string'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed || isUnresolved(dataset.value)) return;
      const message = problem(dataset.value);
      if (message) addIssue({ message });
    }),
  );

/** An S3 general purpose bucket name (a Terraform state bucket, ACK's buckets). */
export const bucketName = checkedName((name) => (name.startsWith('s3://') ? 'must be the bucket name alone, without "s3://"' : bucketNameProblem(name)));
