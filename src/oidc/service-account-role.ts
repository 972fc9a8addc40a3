// chapter15-irsa controlplane/irsa.tf and chapter15-pod-id pod-id.tf: an IAM role for the pods of
// Kubernetes service accounts, through IRSA or EKS Pod Identity, with one setting to switch.
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { awsManagedPolicyArn } from '../private/aws';
import { iamRoleName } from '../private/names';
import { props, schemaIssues } from '../private/validate';
import { DEFAULT_WORKLOAD_IDENTITY, serviceAccountRoleFields, WorkloadIdentityMechanism } from './private/schema';

export { DEFAULT_WORKLOAD_IDENTITY, WORKLOAD_IDENTITY_MECHANISMS, type WorkloadIdentityMechanism } from './private/schema';

/** A Kubernetes service account; `name` may hold `*` wildcards with IRSA (slides: multi-account trust). */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** A statement of an inline policy, the subset of IAM the configuration file can express. */
export interface PolicyStatement {
  readonly sid?: string;
  /** @default "Allow" */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly resources: string[];
  readonly conditions?: { test: string; variable: string; values: string[] }[];
}

/** What IRSA needs from the OIDC provider (an OidcProvider satisfies it). */
export interface IrsaIssuer {
  readonly providerArn: string;
  /** Issuer without `https://`. */
  readonly issuerHost: string;
}

export interface ServiceAccountRoleProps {
  /** Name of the IAM role. */
  readonly roleName: string;
  /** `pod-identity` or `irsa`. @default "pod-identity" */
  readonly mechanism?: WorkloadIdentityMechanism;
  /** Service accounts whose pods may use the role. */
  readonly serviceAccounts: ServiceAccountRef[];
  /** The cluster's OIDC provider; required for `irsa`. @default none */
  readonly oidcProvider?: IrsaIssuer;
  /** The cluster the Pod Identity associations belong to; required for `pod-identity`. @default none */
  readonly clusterName?: string;
  /**
   * The `eks-pod-identity-agent` add-on; required for `pod-identity`: without the agent on the
   * nodes the associations hand out no credentials. @default none
   */
  readonly podIdentityAgent?: ITerraformDependable;
  /** AWS managed policies by name (`AmazonS3ReadOnlyAccess`, `service-role/AmazonEBSCSIDriverPolicy`). @default [] */
  readonly managedPolicies?: string[];
  /** Customer managed policy ARNs. @default [] */
  readonly policyArns?: string[];
  /** Statements of an inline policy. @default none */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Create the Pod Identity associations here. EKS add-ons carry theirs in the add-on itself
   * (`pod_identity_association`), which then passes false. @default true
   */
  readonly associate?: boolean;
  /** Tags on the role. @default {} */
  readonly tags?: Record<string, string>;
}

/** How a role is trusted: the ServiceAccountRole settings a stack decides, not the module that owns the role. */
export type ServiceAccountRoleIdentity = Pick<ServiceAccountRoleProps, 'mechanism' | 'oidcProvider' | 'clusterName' | 'podIdentityAgent' | 'tags'>;

const propsSchema = props({ ...serviceAccountRoleFields, roleName: iamRoleName });

/** An IAM role for Kubernetes service accounts, trusted through IRSA or EKS Pod Identity. */
export class ServiceAccountRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  readonly mechanism: WorkloadIdentityMechanism;
  /** Annotations the service accounts need (`eks.amazonaws.com/role-arn` with IRSA; none with Pod Identity). */
  readonly serviceAccountAnnotations: Record<string, string>;

  constructor(scope: Construct, id: string, props: ServiceAccountRoleProps) {
    super(scope, id);
    const mechanism = props.mechanism ?? DEFAULT_WORKLOAD_IDENTITY;
    const subject = `ServiceAccountRole '${this.node.path}'`;
    const fieldIssues = schemaIssues(propsSchema, props);
    const associate = props.associate ?? true;
    throwIfIssues(subject, [...fieldIssues, ...(fieldIssues.length > 0 ? [] : mechanismIssues(mechanism, associate, props))]);
    this.mechanism = mechanism;

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [mechanism === 'irsa' ? irsaTrust(props.oidcProvider!, props.serviceAccounts) : podIdentityTrust()],
    });
    this.role = new IamRole(this, 'role', { name: props.roleName, assumeRolePolicy: trust.json, tags: props.tags ?? {} });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    const attachments = [
      ...(props.managedPolicies ?? []).map((name) => ({ key: name, arn: awsManagedPolicyArn(this, name) })),
      ...(props.policyArns ?? []).map((arn) => ({ key: arn.split(':policy/')[1], arn })),
    ];
    for (const { key, arn } of attachments) {
      new IamRolePolicyAttachment(this, `policy-${key.replace(/\//g, '-')}`, { role: this.role.name, policyArn: arn });
    }
    if (props.policyStatements?.length) {
      const doc = new DataAwsIamPolicyDocument(this, 'inline-policy-document', {
        statement: props.policyStatements.map((s) => ({
          ...(s.sid ? { sid: s.sid } : {}),
          effect: s.effect ?? 'Allow',
          actions: s.actions,
          resources: s.resources,
          ...(s.conditions ? { condition: s.conditions } : {}),
        })),
      });
      new IamRolePolicy(this, 'inline-policy', { role: this.role.name, name: 'inline', policy: doc.json });
    }

    if (mechanism === 'pod-identity' && associate) {
      for (const sa of props.serviceAccounts) {
        new EksPodIdentityAssociation(this, `association-${sa.namespace}-${sa.name}`, {
          clusterName: props.clusterName!,
          namespace: sa.namespace,
          serviceAccount: sa.name,
          roleArn: this.role.arn,
          dependsOn: [props.podIdentityAgent!],
        });
      }
    }
    this.serviceAccountAnnotations = mechanism === 'irsa' ? { 'eks.amazonaws.com/role-arn': this.role.arn } : {};
  }
}

/** Slides (seed 002): `StringEquals <issuer>:sub` for one account, `StringLike` with wildcards; plus `:aud`. */
function irsaTrust(issuer: IrsaIssuer, accounts: ServiceAccountRef[]): DataAwsIamPolicyDocumentStatement {
  const subjects = accounts.map((sa) => `system:serviceaccount:${sa.namespace}:${sa.name}`);
  return {
    effect: 'Allow',
    actions: ['sts:AssumeRoleWithWebIdentity'],
    principals: [{ type: 'Federated', identifiers: [issuer.providerArn] }],
    condition: [
      { test: subjects.some((s) => s.includes('*')) ? 'StringLike' : 'StringEquals', variable: `${issuer.issuerHost}:sub`, values: subjects },
      { test: 'StringEquals', variable: `${issuer.issuerHost}:aud`, values: ['sts.amazonaws.com'] },
    ],
  };
}

/** EKS Pod Identity: the pods.eks.amazonaws.com service assumes the role and tags the session. */
function podIdentityTrust(): DataAwsIamPolicyDocumentStatement {
  return {
    effect: 'Allow',
    actions: ['sts:AssumeRole', 'sts:TagSession'],
    principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
  };
}

function mechanismIssues(mechanism: WorkloadIdentityMechanism, associate: boolean, p: ServiceAccountRoleProps): ValidationIssue[] {
  if (mechanism === 'irsa') {
    return p.oidcProvider
      ? []
      : [issue(['mechanism'], mechanism, `needs the cluster's OIDC provider ('oidcProvider'); enable it, or use "pod-identity"`)];
  }
  const issues: ValidationIssue[] = [];
  if (!p.clusterName && associate) issues.push({ path: ['clusterName'], hasReceived: false, message: 'is required with mechanism "pod-identity"' });
  if (!p.podIdentityAgent) {
    issues.push(issue(['mechanism'], mechanism, `needs the eks-pod-identity-agent add-on on the cluster ('podIdentityAgent'); add it, or use "irsa"`));
  }
  p.serviceAccounts.forEach((sa, i) => {
    if (sa.name.includes('*')) issues.push(issue(['serviceAccounts', i, 'name'], sa.name, 'cannot hold "*" with Pod Identity: each association names one service account (wildcards need "irsa")'));
  });
  return issues;
}

