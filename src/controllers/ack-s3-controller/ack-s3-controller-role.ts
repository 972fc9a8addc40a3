// chapter15-irsa controlplane/irsa.tf (`IRSARole`, whose trust names ack-system/ack-service-account)
// for the ACK S3 controller of chapter 8: the AWS side the book leaves out ("The controller will
// need a service account to access the actual AWS service. We will discuss service accounts later
// in Chapter 15", L5066). The book's IRSARole carries AmazonS3FullAccess and SecretsManagerReadWrite
// and serves two service accounts; here the controller's account gets a role of its own, through
// IRSA or Pod Identity, limited by default to the buckets it is meant to manage.
import { Construct } from 'constructs';
import * as v from 'valibot';
import { throwIfIssues } from '../../errors';
import { PolicyStatement, ServiceAccountRef, ServiceAccountRole } from '../../oidc/service-account-role';
import { partitionOf } from '../../private/aws';
import { props, schemaIssues } from '../../private/validate';
import type { ControllerIdentity } from '../private/iam';
import { CONTROLLER_ACCOUNTS } from '../private/schema';
import { AckS3Permissions, bucketNamePrefix, bucketSettingsIssues, DEFAULT_ACK_S3_PERMISSIONS } from './buckets';

export interface AckS3ControllerRoleProps {
  /** Name of the role (book chapter15-irsa: `IRSARole`, shared with the chapter's sample pod). */
  readonly roleName: string;
  /** IRSA (the book's chapter 15) or Pod Identity (ACK's recommendation on EKS). */
  readonly identity: ControllerIdentity;
  /** The controller's service account. @default ack-system/ack-service-account */
  readonly serviceAccount?: ServiceAccountRef;
  /** @default "bucket-prefix" */
  readonly permissions?: AckS3Permissions;
  /** Start of the names of the buckets the role reaches; required with `bucket-prefix`. @default none */
  readonly bucketNamePrefix?: string;
}

/**
 * What ACK's Bucket resource reads and writes (s3-controller: the bucket and each of its
 * configurations: accelerate, analytics, CORS, encryption, intelligent tiering, inventory,
 * lifecycle, logging, metrics, notifications, ownership controls, policy, public access block,
 * replication, request payment, tagging, versioning, website). Bucket actions only: the controller
 * never reads or writes objects, and a named list keeps "s3:*" (trivy AVD-AWS-0345) out.
 */
export const ACK_S3_BUCKET_ACTIONS = [
  's3:CreateBucket',
  's3:DeleteBucket',
  's3:ListBucket',
  's3:GetBucket*',
  's3:PutBucket*',
  's3:DeleteBucket*',
  ...['Accelerate', 'Analytics', 'Encryption', 'IntelligentTiering', 'Inventory', 'Lifecycle', 'Metrics', 'Replication'].flatMap((c) => [`s3:Get${c}Configuration`, `s3:Put${c}Configuration`]),
];

/**
 * The statements of `bucket-prefix`: the bucket actions (ACK_S3_BUCKET_ACTIONS) on the buckets
 * whose names start with `prefix`, plus `s3:ListAllMyBuckets`, which the controller's read of a
 * Bucket calls (ListBuckets, pkg/resource/bucket/sdk.go) and which IAM grants only on `*`. Not
 * granted, as in ACK's recommended managed policy: `iam:PassRole` for replication rules (its
 * recommended inline policy adds it on `*`).
 */
export function ackS3BucketStatements(prefix: string, partition: string): PolicyStatement[] {
  return [
    { sid: 'ListBuckets', actions: ['s3:ListAllMyBuckets'], resources: ['*'] },
    { sid: 'ManagePrefixedBuckets', actions: ACK_S3_BUCKET_ACTIONS, resources: [`arn:${partition}:s3:::${prefix}*`] },
  ];
}

const propsSchema = props({ bucketNamePrefix: v.optional(bucketNamePrefix) });

/** The ACK S3 controller's role, for its service account only. */
export class AckS3ControllerRole extends Construct {
  readonly role: ServiceAccountRole;
  readonly serviceAccount: ServiceAccountRef;
  readonly permissions: AckS3Permissions;
  /** Start of the names of the buckets the role reaches; undefined with `AmazonS3FullAccess`. */
  readonly bucketNamePrefix?: string;

  constructor(scope: Construct, id: string, props: AckS3ControllerRoleProps) {
    super(scope, id);
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`AckS3ControllerRole '${this.node.path}'`, fieldIssues.length > 0 ? fieldIssues : bucketSettingsIssues(props));
    this.serviceAccount = props.serviceAccount ?? CONTROLLER_ACCOUNTS.ackS3Controller;
    this.permissions = props.permissions ?? DEFAULT_ACK_S3_PERMISSIONS;
    this.bucketNamePrefix = this.permissions === 'bucket-prefix' ? props.bucketNamePrefix : undefined;
    this.role = new ServiceAccountRole(this, 'controller', {
      ...props.identity,
      roleName: props.roleName,
      serviceAccounts: [this.serviceAccount],
      ...(this.bucketNamePrefix === undefined
        ? { managedPolicies: ['AmazonS3FullAccess'] }
        : { policyStatements: ackS3BucketStatements(this.bucketNamePrefix, partitionOf(this)) }),
    });
  }
}
