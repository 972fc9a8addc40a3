// Not in the book (its clusters encrypt nothing): the customer managed KMS key of a cluster, for
// envelope encryption of Kubernetes secrets and for its CloudWatch log groups.
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Fn, TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';
import { partitionOf } from '../../private/aws';

export interface ClusterKeyProps {
  readonly clusterName: string;
  readonly region: string;
  /**
   * ARN of a resource in the cluster's account (the cluster role's). The key policy needs the
   * account ID; reading it from an ARN avoids the aws_caller_identity data source, whose API call
   * would stop the stack from planning offline.
   */
  readonly sameAccountArn: string;
  readonly tags: Record<string, string>;
}

/** A KMS key with rotation whose policy lets the account administer it and CloudWatch Logs use it. */
export class ClusterKey extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ClusterKeyProps) {
    super(scope, id);
    const partition = partitionOf(this);
    // A local, so the policy's interpolations hold no quotes and the policy stays a JSON document.
    const account = new TerraformLocal(this, 'account-id', Fn.element(Fn.split(':', props.sameAccountArn), 4)).asString;
    // The key policy is written as the literal JSON of aws_kms_key.policy, not with
    // aws_iam_policy_document as the project's identity policies are: checkov judges every
    // aws_iam_policy_document as an identity policy (CKV_AWS_109, CKV_AWS_111, CKV_AWS_356 would
    // read the default key policy's "kms:*" on "*" as unbounded permissions; in a key policy "*"
    // is this key), and reads the key policy where it is one (CKV_AWS_33: no "*" principal).
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          // The default key policy: IAM policies of the account decide who may use the key.
          Sid: 'AccountAdministersTheKey',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
          Sid: 'CloudWatchLogsEncryptsLogGroups',
          Effect: 'Allow',
          Principal: { Service: `logs.${props.region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${props.region}:${account}:log-group:*` } },
        },
      ],
    };
    this.key = new KmsKey(this, 'key', {
      description: `EKS cluster ${props.clusterName}: Kubernetes secrets and CloudWatch log groups`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(policy),
      tags: props.tags,
    });
    this.keyArn = this.key.arn;
    new KmsAlias(this, 'alias', { name: `alias/eks/${props.clusterName}`, targetKeyId: this.key.keyId });
  }
}
