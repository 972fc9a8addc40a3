// chapter12 (done by hand there: `aws ecr create-repository --repository-name docker-images`) and
// seed 001 "Container registry": ECR repositories provisioned by Terraform, and an IAM group whose
// members (the CI user, people) may push to them. Nodes pull with AmazonEC2ContainerRegistryReadOnly.
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicy } from '@cdktf/provider-aws/lib/iam-group-policy';
import { IamUserGroupMembership } from '@cdktf/provider-aws/lib/iam-user-group-membership';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { throwIfIssues } from '../errors';
import { kmsKeyArn } from '../private/logs';
import { clusterName } from '../private/names';
import { props, schemaIssues } from '../private/validate';
import { registryFields, repositoryKey, TAG_MUTABILITY } from './private/schema';

export type ImageTagMutability = (typeof TAG_MUTABILITY)[number];

export const DEFAULT_KEEP_IMAGES = 30;
export const DEFAULT_EXPIRE_UNTAGGED_AFTER_DAYS = 14;

export interface ContainerRegistryProps {
  /** Cluster the images are for; names the push group. */
  readonly clusterName: string;
  /** Repository names (book chapter 12: `docker-images`). */
  readonly repositories: string[];
  /** `IMMUTABLE`: a pushed tag can never point at another image. @default "IMMUTABLE" */
  readonly imageTagMutability?: ImageTagMutability;
  /** Scan every pushed image for vulnerabilities (basic scanning). @default true */
  readonly scanOnPush?: boolean;
  /** Images kept per repository; older ones expire. @default 30 */
  readonly keepImages?: number;
  /** Untagged images expire after this many days. @default 14 */
  readonly expireUntaggedAfterDays?: number;
  /** KMS key of the repositories. @default the AWS managed key `aws/ecr` (encryption type KMS) */
  readonly kmsKeyArn?: string;
  /** IAM group allowed to push (seed 001). @default `${clusterName}-image-push` */
  readonly pushGroupName?: string;
  /** Existing IAM users added to the push group (the CI user, people). @default [] */
  readonly pushUsers?: string[];
  /** Let `terraform destroy` delete repositories that still hold images. @default false */
  readonly forceDelete?: boolean;
  /** Tags on the repositories. @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({ clusterName, kmsKeyArn: v.optional(kmsKeyArn), ...registryFields });

/** ECR repositories with scanning, immutable tags, KMS encryption and a lifecycle policy, plus a push group. */
export class ContainerRegistry extends Construct {
  readonly repositories: Readonly<Record<string, EcrRepository>>;
  /** Repository URLs by name, for image references (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`). */
  readonly repositoryUrls: Readonly<Record<string, string>>;
  readonly pushGroupName: string;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    throwIfIssues(`ContainerRegistry '${this.node.path}'`, schemaIssues(propsSchema, props));
    const keep = props.keepImages ?? DEFAULT_KEEP_IMAGES;
    const untaggedDays = props.expireUntaggedAfterDays ?? DEFAULT_EXPIRE_UNTAGGED_AFTER_DAYS;
    // Lifecycle rules are data for ECR, not an IAM policy: ascending priorities, `any` last.
    const lifecycle = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: `Expire untagged images after ${untaggedDays} days`,
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedDays },
          action: { type: 'expire' },
        },
        {
          rulePriority: 2,
          description: `Keep the last ${keep} images`,
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keep },
          action: { type: 'expire' },
        },
      ],
    });

    const repositories: Record<string, EcrRepository> = {};
    for (const name of props.repositories) {
      const key = repositoryKey(name);
      const repo = new EcrRepository(this, `repository-${key}`, {
        name,
        imageTagMutability: props.imageTagMutability ?? 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: props.scanOnPush ?? true },
        encryptionConfiguration: [{ encryptionType: 'KMS', ...(props.kmsKeyArn ? { kmsKey: props.kmsKeyArn } : {}) }],
        forceDelete: props.forceDelete ?? false,
        tags: props.tags ?? {},
      });
      new EcrLifecyclePolicy(this, `lifecycle-${key}`, { repository: repo.name, policy: lifecycle });
      repositories[name] = repo;
    }
    this.repositories = repositories;
    this.repositoryUrls = Object.fromEntries(Object.entries(repositories).map(([name, r]) => [name, r.repositoryUrl]));

    // ECR user guide, "IAM permissions for pushing an image": the token on *, the rest on these repositories only.
    const push = new DataAwsIamPolicyDocument(this, 'push-document', {
      statement: [
        { sid: 'GetRegistryToken', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        {
          sid: 'PushToTheseRepositories',
          effect: 'Allow',
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage'],
          resources: Object.values(repositories).map((r) => r.arn),
        },
      ],
    });
    const group = new IamGroup(this, 'push-group', { name: props.pushGroupName ?? `${props.clusterName}-image-push` });
    this.pushGroupName = group.name;
    new IamGroupPolicy(this, 'push-policy', { group: group.name, name: 'push-images', policy: push.json });
    for (const user of props.pushUsers ?? []) {
      // Per-user membership: the exclusive aws_iam_group_membership would remove members added elsewhere.
      new IamUserGroupMembership(this, `push-member-${user}`, { user, groups: [group.name] });
    }
  }
}
