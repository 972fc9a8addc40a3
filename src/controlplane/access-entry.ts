// Book chapter 10 (done there by hand with `aws eks create-access-entry` and
// `associate-access-policy`): an EKS access entry, which lets an IAM principal into the cluster
// without the aws-auth ConfigMap, and its access policy associations. Self-managed nodes join
// through an EC2_LINUX entry for their role (chapter06-self-managed).
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { Annotations, Lazy, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { issue, throwIfIssues } from '../errors';
import { accessPolicyArn } from '../private/aws';
import { props, schemaIssues, settings } from '../private/validate';
import {
  AccessEntryType,
  accessEntryFields,
  accessEntryIssues,
  AccessPolicyAssociationOptions,
  accessPolicyFields,
  accessPolicyIssues,
  AuthenticationMode,
  DEFAULT_ACCESS_ENTRY_TYPE,
} from './private/access-config';

export { ACCESS_ENTRY_TYPES, DEFAULT_ACCESS_ENTRY_TYPE, accessEntryIssues, type AccessEntryType, type AccessPolicyAssociationOptions } from './private/access-config';

/** What an access entry needs from its cluster (a ControlPlane satisfies it). */
export interface AccessEntryCluster {
  readonly clusterName: string;
  /** The cluster's authentication mode; undefined is EKS's default, CONFIG_MAP. @default undefined */
  readonly authenticationMode?: AuthenticationMode;
}

export interface ClusterAccessEntryProps {
  readonly cluster: AccessEntryCluster;
  /** IAM role or user let in (`principal_arn`; book chapter 10: `user/alice`, `role/my-test-eks-role`). */
  readonly principalArn: string;
  /** `STANDARD` or a node type such as `EC2_LINUX`. @default "STANDARD" */
  readonly type?: AccessEntryType;
  /** Kubernetes groups of a STANDARD entry, bound to roles by RBAC (book chapter 10: `readonly-group`). @default [] */
  readonly kubernetesGroups?: string[];
  /** Kubernetes user name of a STANDARD entry. @default the one EKS derives from the ARN */
  readonly userName?: string;
  /** Access policies associated with a STANDARD entry (book chapter 10: `associate-access-policy`). @default [] */
  readonly policies?: AccessPolicyAssociationOptions[];
  /**
   * Replace the entry when this resource is replaced: an entry is bound to the IAM role's unique
   * ID, so a role recreated under the same name is not let in by the old entry
   * (terraform-aws-modules/terraform-aws-eks#3329). @default none
   */
  readonly replaceWith?: TerraformResource;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props(accessEntryFields);
const policySchema = settings(accessPolicyFields);

/** An access entry and its access policy associations. */
export class ClusterAccessEntry extends Construct {
  readonly accessEntry: EksAccessEntry;
  readonly principalArn: string;
  readonly accessEntryArn: string;
  /** Associations by policy name. */
  readonly policyAssociations: Record<string, EksAccessPolicyAssociation> = {};
  private readonly clusterName: string;
  private readonly type: AccessEntryType;

  constructor(scope: Construct, id: string, props: ClusterAccessEntryProps) {
    super(scope, id);
    const type = props.type ?? DEFAULT_ACCESS_ENTRY_TYPE;
    const policies = props.policies ?? [];
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`ClusterAccessEntry '${this.node.path}'`, [
      ...fieldIssues,
      ...(fieldIssues.length > 0 ? [] : accessEntryIssues(props.cluster.authenticationMode, type, props)),
    ]);
    if (type === 'STANDARD' && !props.kubernetesGroups && policies.length === 0) {
      Annotations.of(this).addWarning(
        `The access entry of ${props.principalArn} has neither Kubernetes groups nor access policies: it lets the principal authenticate and nothing more (book chapter 10); add 'policies' or 'kubernetesGroups'`,
      );
    }

    this.clusterName = props.cluster.clusterName;
    this.type = type;
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
    for (const association of policies) this.addPolicy(association);
  }

  /**
   * Associates an access policy with the entry (book chapter 10: `aws eks associate-access-policy
   * --policy-arn … --access-scope type=namespace,namespaces=test-ns`); each policy once per entry.
   */
  addPolicy(options: AccessPolicyAssociationOptions): EksAccessPolicyAssociation {
    const subject = `ClusterAccessEntry '${this.node.path}' policy`;
    const fieldIssues = schemaIssues(policySchema, options);
    throwIfIssues(subject, [
      ...fieldIssues,
      ...(fieldIssues.length > 0 ? [] : accessPolicyIssues(options, [], Object.keys(this.policyAssociations).map((p) => ({ policy: p }) as AccessPolicyAssociationOptions))),
      ...(this.type === 'STANDARD' ? [] : [issue(['policy'], options.policy, `applies only to STANDARD entries; EKS gives ${this.type} entries their node permissions itself`)]),
    ]);
    const association = new EksAccessPolicyAssociation(this, `policy-${options.policy}`, {
      clusterName: this.clusterName,
      // A reference to the entry: EKS needs the entry before the association.
      principalArn: this.accessEntry.principalArn,
      policyArn: accessPolicyArn(this, options.policy),
      accessScope: { type: options.scope, ...(options.scope === 'namespace' ? { namespaces: options.namespaces } : {}) },
    });
    this.policyAssociations[options.policy] = association;
    return association;
  }
}

/**
 * `aws_iam_role.name` as Terraform wants it in `replace_triggered_by` of a JSON configuration: CDKTF
 * 0.21 writes a resource there as "${aws_iam_role.name}", which Terraform refuses.
 */
function bareAddress(resource: TerraformResource): string {
  return Lazy.stringValue({ produce: () => `${resource.terraformResourceType}.${TerraformStack.of(resource).getLogicalId(resource)}` });
}
