// Not in the book (its VPCs log nothing): VPC flow logs to an encrypted CloudWatch log group,
// which CIS AWS 3.9 and the common Terraform scanners (checkov CKV2_AWS_11) ask for.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { throwIfIssues } from '../../errors';
import { serviceTrustPolicy } from '../../private/aws';
import { DEFAULT_LOG_RETENTION_DAYS } from '../../private/logs';
import { clusterName } from '../../private/names';
import { props, schemaIssues } from '../../private/validate';
import { flowLogFields, FlowLogTrafficType } from './private/schema';

export interface VpcFlowLogsProps {
  /** Cluster the VPC belongs to; names the log group and the role. */
  readonly clusterName: string;
  readonly vpcId: string;
  /** Which traffic to record. @default "ALL" */
  readonly trafficType?: FlowLogTrafficType;
  /** Retention of the log group. @default 365 */
  readonly retentionDays?: number;
  /** KMS key of the log group (the cluster's key). @default none: CloudWatch's own encryption */
  readonly kmsKeyArn?: string;
  /** Tags on the log group and the role. @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({ clusterName, ...flowLogFields });

/** Flow logs of the whole VPC, with the log group and the role that writes to it. */
export class VpcFlowLogs extends Construct {
  readonly flowLog: FlowLog;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    throwIfIssues(`VpcFlowLogs '${this.node.path}'`, schemaIssues(propsSchema, props));
    const tags = props.tags ?? {};
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/vpc/${props.clusterName}/flow-logs`,
      retentionInDays: props.retentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      ...(props.kmsKeyArn ? { kmsKeyId: props.kmsKeyArn } : {}),
      tags,
    });
    const role = new IamRole(this, 'role', {
      name: `${props.clusterName}-vpc-flow-logs`.slice(0, 64),
      assumeRolePolicy: serviceTrustPolicy(this, 'trust', ['vpc-flow-logs.amazonaws.com']).json,
      tags,
    });
    // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html, scoped to the one log group.
    const write = new DataAwsIamPolicyDocument(this, 'write-document', {
      statement: [
        {
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
          resources: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
      ],
    });
    new IamRolePolicy(this, 'write', { role: role.name, name: 'write-flow-logs', policy: write.json });
    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      tags,
    });
  }
}
