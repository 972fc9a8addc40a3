// Book chapter 10 (done there by hand with `aws eks create-access-entry`): an EKS access entry,
// which lets an IAM principal into the cluster without the aws-auth ConfigMap. Self-managed nodes
// join through an EC2_LINUX entry for their role (chapter06-self-managed).
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { Lazy, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { isUnresolved, matching, nonEmptyList, oneOf, props, schemaIssues, tagMap } from '../private/validate';
import { ACCESS_ENTRY_MODES, AuthenticationMode } from './private/access-config';

/**
 * Kinds of principal: people and workloads (`STANDARD`, with Kubernetes groups or access
 * policies) or nodes, whose permissions EKS fixes (`EC2_LINUX`, `EC2_WINDOWS`, `FARGATE_LINUX`,
 * `HYBRID_LINUX`).
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html
 */
export const ACCESS_ENTRY_TYPES = ['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'HYBRID_LINUX'] as const;
export type AccessEntryType = (typeof ACCESS_ENTRY_TYPES)[number];

export const DEFAULT_ACCESS_ENTRY_TYPE: AccessEntryType = 'STANDARD';

/** What an access entry needs from its cluster (a ControlPlane satisfies it). */
export interface AccessEntryCluster {
  readonly clusterName: string;
  /** The cluster's authentication mode; undefined is EKS's default, CONFIG_MAP. @default undefined */
  readonly authenticationMode?: AuthenticationMode;
}

export interface ClusterAccessEntryProps {
  readonly cluster: AccessEntryCluster;
  /** IAM role or user let in (`principal_arn`). */
  readonly principalArn: string;
  /** `STANDARD` or a node type such as `EC2_LINUX`. @default "STANDARD" */
  readonly type?: AccessEntryType;
  /** Kubernetes groups of a STANDARD entry (book chapter 10: `readonly-group`). @default [] */
  readonly kubernetesGroups?: string[];
  /** Kubernetes user name of a STANDARD entry. @default the one EKS derives from the ARN */
  readonly userName?: string;
  /**
   * Replace the entry when this resource is replaced: an entry is bound to the IAM role's unique
   * ID, so a role recreated under the same name is not let in by the old entry
   * (terraform-aws-modules/terraform-aws-eks#3329). @default none
   */
  readonly replaceWith?: TerraformResource;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({
  principalArn: matching(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/, 'must be an IAM role or user ARN'),
  type: v.optional(oneOf(ACCESS_ENTRY_TYPES)),
  kubernetesGroups: v.optional(nonEmptyList(matching(/^[^\s:][^\s]*$/, 'must be a Kubernetes group name'), 'group')),
  userName: v.optional(matching(/^\S+$/, 'must be a Kubernetes user name')),
  tags: v.optional(tagMap),
});

/** An access entry; later issues add access policy associations on top of it. */
export class ClusterAccessEntry extends Construct {
  readonly accessEntry: EksAccessEntry;
  readonly principalArn: string;
  readonly accessEntryArn: string;

  constructor(scope: Construct, id: string, props: ClusterAccessEntryProps) {
    super(scope, id);
    const type = props.type ?? DEFAULT_ACCESS_ENTRY_TYPE;
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`ClusterAccessEntry '${this.node.path}'`, [
      ...fieldIssues,
      ...(fieldIssues.length > 0 ? [] : accessEntryIssues(props.cluster.authenticationMode, type, props)),
    ]);

    this.accessEntry = new EksAccessEntry(this, 'entry', {
      clusterName: props.cluster.clusterName,
      principalArn: props.principalArn,
      type,
      ...(props.kubernetesGroups ? { kubernetesGroups: props.kubernetesGroups } : {}),
      ...(props.userName ? { userName: props.userName } : {}),
      tags: props.tags ?? {},
      ...(props.replaceWith ? { lifecycle: { replaceTriggeredBy: [bareAddress(props.replaceWith)] } } : {}),
    });
    this.principalArn = this.accessEntry.principalArn;
    this.accessEntryArn = this.accessEntry.accessEntryArn;
  }
}

/**
 * `aws_iam_role.name` as Terraform wants it in `replace_triggered_by` of a JSON configuration: CDKTF
 * 0.21 writes a resource there as "${aws_iam_role.name}", which Terraform refuses.
 */
function bareAddress(resource: TerraformResource): string {
  return Lazy.stringValue({ produce: () => `${resource.terraformResourceType}.${TerraformStack.of(resource).getLogicalId(resource)}` });
}

/** An entry needs an access-entry authentication mode; node entries take no groups or user name. */
export function accessEntryIssues(mode: AuthenticationMode | undefined, type: AccessEntryType, p: Pick<ClusterAccessEntryProps, 'kubernetesGroups' | 'userName'>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (mode === undefined || !ACCESS_ENTRY_MODES.includes(mode)) {
    issues.push(
      mode === undefined
        ? { path: ['cluster', 'authenticationMode'], hasReceived: false, message: `must be "API" or "API_AND_CONFIG_MAP" for access entries; the cluster leaves EKS's default, CONFIG_MAP (set 'controlPlane.accessConfig.authenticationMode')` }
        : issue(['cluster', 'authenticationMode'], mode, `must be "API" or "API_AND_CONFIG_MAP" for access entries (set 'controlPlane.accessConfig.authenticationMode')`),
    );
  }
  if (type !== 'STANDARD') {
    if (p.kubernetesGroups && !isUnresolved(p.kubernetesGroups)) issues.push(issue(['kubernetesGroups'], p.kubernetesGroups, `apply only to STANDARD entries; EKS gives ${type} entries their node permissions itself`));
    if (p.userName) issues.push(issue(['userName'], p.userName, `applies only to STANDARD entries; EKS names ${type} principals itself`));
  }
  return issues;
}
