// chapter19-karpenter control-plane/pod-id.tf, policy.tf and cluster-sg tag, data-plane/nodes/iam.tf:
// the AWS side of Karpenter. Added to the book, after Karpenter's getting started template: the
// interruption queue with its EventBridge rules (the book has none, so spot interruptions and
// scheduled maintenance kill nodes without a drain), and a node role of its own with an EC2_LINUX
// access entry (the book reuses the managed node group's role, whose entry EKS owns).
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Ec2Tag } from '@cdktf/provider-aws/lib/ec2-tag';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { AccessEntryCluster, ClusterAccessEntry } from '../../controlplane/access-entry';
import { NodeRole } from '../../dataplane/nodes/node-role';
import { ServiceAccountRef, ServiceAccountRole } from '../../oidc/service-account-role';
import { partitionOf } from '../../private/aws';
import { ControllerIdentity } from '../private/iam';
import { CONTROLLER_ACCOUNTS } from '../private/schema';
import { karpenterControllerStatements } from './controller-policy';
import { DISCOVERY_TAG } from './discovery';

/**
 * Events Karpenter handles by draining the node before EC2 takes it (getting started template,
 * v1.14.1): the five rules of `cloudformation.yaml`, the capacity reservation one included.
 */
export const INTERRUPTION_EVENTS = {
  'scheduled-change': { source: 'aws.health', detailType: 'AWS Health Event' },
  'spot-interruption': { source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  rebalance: { source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  'instance-state-change': { source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
  'capacity-reservation-interruption': { source: 'aws.ec2', detailType: 'EC2 Capacity Reservation Instance Interruption Warning' },
} as const;

/** What Karpenter's AWS side needs from the cluster (a ControlPlane satisfies it). */
export interface KarpenterCluster extends AccessEntryCluster {
  readonly clusterArn: string;
  /** The security group Karpenter's nodes get: EKS's cluster security group. */
  readonly clusterSecurityGroupId: string;
}

export interface KarpenterInfrastructureProps {
  readonly cluster: KarpenterCluster;
  /** The cluster's name as a plain string (queue name, tags, policy conditions). */
  readonly clusterName: string;
  readonly region: string;
  /** Controller role name (book: `KarpenterControllerRole-<cluster>`). */
  readonly roleName: string;
  /** Node role name, which the EC2NodeClass names (book: `KarpenterNodeRole-<cluster>`). */
  readonly nodeRoleName: string;
  /** Pod Identity (the book) or IRSA. */
  readonly identity: ControllerIdentity;
  /** Create the interruption queue and rules. @default true */
  readonly interruptionQueue?: boolean;
}

/** Karpenter's controller role, node role and access entry, interruption queue and the discovery tag. */
export class KarpenterInfrastructure extends Construct {
  readonly controllerRole: ServiceAccountRole;
  readonly serviceAccount: ServiceAccountRef = CONTROLLER_ACCOUNTS.karpenter;
  readonly nodeRole: NodeRole;
  readonly accessEntry: ClusterAccessEntry;
  /** The queue's name, for the chart's `settings.interruptionQueue`. */
  readonly queueName?: string;
  readonly queue?: SqsQueue;

  constructor(scope: Construct, id: string, props: KarpenterInfrastructureProps) {
    super(scope, id);
    const withQueue = props.interruptionQueue ?? true;
    const partition = partitionOf(this);

    // The managed node group's role gets its access entry from EKS; Karpenter's nodes need theirs.
    this.nodeRole = new NodeRole(this, 'nodes', { roleName: props.nodeRoleName });
    this.accessEntry = this.nodeRole.allowToJoin(props.cluster);

    if (withQueue) this.queue = this.addInterruptionQueue(props.clusterName);
    this.queueName = this.queue?.name;

    this.controllerRole = new ServiceAccountRole(this, 'controller', {
      ...props.identity,
      roleName: props.roleName,
      serviceAccounts: [this.serviceAccount],
      policyStatements: karpenterControllerStatements({
        partition,
        region: props.region,
        // The account from an ARN, not an aws_caller_identity lookup: the stack plans offline.
        accountId: Fn.element(Fn.split(':', props.cluster.clusterArn), 4),
        clusterName: props.clusterName,
        clusterArn: props.cluster.clusterArn,
        nodeRoleArn: this.nodeRole.roleArn,
        queueArn: this.queue?.arn,
      }),
    });

    // Book: aws_ec2_tag on the cluster security group, which the EC2NodeClass selects.
    new Ec2Tag(this, 'security-group-discovery-tag', {
      resourceId: props.cluster.clusterSecurityGroupId,
      key: DISCOVERY_TAG,
      value: props.clusterName,
    });
  }

  /** SQS queue (SSE-SQS, 5-minute retention, TLS only) fed by the interruption rules. */
  private addInterruptionQueue(clusterName: string): SqsQueue {
    const queue = new SqsQueue(this, 'interruption-queue', {
      name: clusterName.slice(0, 80),
      messageRetentionSeconds: 300,
      sqsManagedSseEnabled: true,
    });
    const policy = new DataAwsIamPolicyDocument(this, 'interruption-queue-policy-document', {
      statement: [
        {
          sid: 'EC2InterruptionPolicy',
          effect: 'Allow',
          actions: ['sqs:SendMessage'],
          resources: [queue.arn],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com', 'sqs.amazonaws.com'] }],
        },
        {
          sid: 'DenyHTTP',
          effect: 'Deny',
          actions: ['sqs:*'],
          resources: [queue.arn],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new SqsQueuePolicy(this, 'interruption-queue-policy', { queueUrl: queue.url, policy: policy.json });
    for (const [key, event] of Object.entries(INTERRUPTION_EVENTS)) {
      const rule = new CloudwatchEventRule(this, `${key}-rule`, {
        name: `${clusterName}-karpenter-${key}`.slice(0, 64),
        description: `Karpenter interruption handling: ${event.detailType}`,
        eventPattern: JSON.stringify({ source: [event.source], 'detail-type': [event.detailType] }),
      });
      new CloudwatchEventTarget(this, `${key}-target`, { rule: rule.name, arn: queue.arn, targetId: 'KarpenterInterruptionQueueTarget' });
    }
    return queue;
  }
}
