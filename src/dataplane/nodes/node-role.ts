// chapter03 data-plane/nodes/iam.tf: the IAM role of the worker nodes.
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { type AccessEntryCluster, ClusterAccessEntry } from '../../controlplane/access-entry';
import { throwIfIssues } from '../../errors';
import { awsManagedPolicyArn, serviceTrustPolicy } from '../../private/aws';
import { iamRoleName } from '../../private/names';
import { matching, props, schemaIssues, tagMap } from '../../private/validate';

/**
 * What a node needs to join the cluster and pull images (book chapter 3, "IAM"):
 * WorkerNode and CNI are mandatory, ECR read-only pulls images, SSM gives shell access
 * without SSH.
 */
export const NODE_ROLE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonSSMManagedInstanceCore',
] as const;

export interface NodeRoleProps {
  /** Name of the role (book: `"${cluster_name}-nodes"`). */
  readonly roleName: string;
  /** Further AWS managed policies, by name (e.g. `CloudWatchAgentServerPolicy`). @default [] */
  readonly extraManagedPolicies?: string[];
  /** Tags on the role. @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({
  roleName: iamRoleName,
  extraManagedPolicies: v.optional(v.array(matching(/^[\w+=,.@/-]{1,128}$/, 'must be an AWS managed policy name such as "CloudWatchAgentServerPolicy"'))),
  tags: v.optional(tagMap),
});

/** An EC2 role for worker nodes, with the managed policies every node needs. */
export class NodeRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  /** The policy attachments; node groups depend on them so nodes never start without them. */
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: NodeRoleProps) {
    super(scope, id);
    throwIfIssues(`NodeRole '${this.node.path}'`, schemaIssues(propsSchema, props));
    const trust = serviceTrustPolicy(this, 'trust', ['ec2.amazonaws.com']);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: trust.json,
      tags: props.tags ?? {},
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    const policies = [...NODE_ROLE_POLICIES, ...(props.extraManagedPolicies ?? [])];
    this.attachments = [...new Set(policies)].map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy.replace(/\//g, '-'), {
          role: this.role.name,
          policyArn: awsManagedPolicyArn(this, policy),
        }),
    );
  }

  /** The instance profile self-managed nodes launch with, created on first use. */
  instanceProfile(): IamInstanceProfile {
    const existing = this.node.tryFindChild('instance-profile') as IamInstanceProfile | undefined;
    if (existing) return existing;
    return new IamInstanceProfile(this, 'instance-profile', { name: this.role.name, role: this.role.name, tags: this.role.tagsInput ?? {} });
  }

  /**
   * Lets nodes with this role join `cluster` (book chapter06-self-managed): an EC2_LINUX access
   * entry, created on first use. Managed node groups do not need it: EKS creates their entry.
   */
  allowToJoin(cluster: AccessEntryCluster): ClusterAccessEntry {
    const existing = this.node.tryFindChild('access') as ClusterAccessEntry | undefined;
    if (existing) return existing;
    return new ClusterAccessEntry(this, 'access', { cluster, principalArn: this.roleArn, type: 'EC2_LINUX', replaceWith: this.role });
  }
}
