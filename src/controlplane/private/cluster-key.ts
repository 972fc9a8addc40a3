// Not in the book (its clusters encrypt nothing): the customer managed KMS key of a cluster, for
// envelope encryption of Kubernetes secrets and for its CloudWatch log groups.
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Fn } from 'cdktf';
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
    const account = Fn.element(Fn.split(':', props.sameAccountArn), 4);
    const policy = new DataAwsIamPolicyDocument(this, 'policy', {
      statement: [
        {
          // The default key policy: IAM policies of the account decide who may use the key.
          sid: 'AccountAdministersTheKey',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [`arn:${partition}:iam::${account}:root`] }],
          actions: ['kms:*'],
          resources: ['*'],
        },
        {
          // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
          sid: 'CloudWatchLogsEncryptsLogGroups',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: [`logs.${props.region}.amazonaws.com`] }],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          condition: [
            {
              test: 'ArnLike',
              variable: 'kms:EncryptionContext:aws:logs:arn',
              values: [`arn:${partition}:logs:${props.region}:${account}:log-group:*`],
            },
          ],
        },
      ],
    });
    this.key = new KmsKey(this, 'key', {
      description: `EKS cluster ${props.clusterName}: Kubernetes secrets and CloudWatch log groups`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
      tags: props.tags,
    });
    this.keyArn = this.key.arn;
    new KmsAlias(this, 'alias', { name: `alias/eks/${props.clusterName}`, targetKeyId: this.key.keyId });
  }
}
