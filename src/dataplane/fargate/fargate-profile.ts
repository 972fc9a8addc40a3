// No book module (the book runs every pod on EC2 nodes): an EKS Fargate profile, the twin of AWS
// CDK's eks.FargateProfile and terraform-aws-eks's fargate-profile submodule. Pods that match a
// selector run on Fargate, in private subnets, with a pod execution role of their own.
// https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksFargateProfile } from '@cdktf/provider-aws/lib/eks-fargate-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { throwIfIssues } from '../../errors';
import { awsManagedPolicyArn } from '../../private/aws';
import { iamRoleName } from '../../private/names';
import { isUnresolved, matching, nonEmptyList, props, schemaIssues, settings, tagMap } from '../../private/validate';
import { DNS_LABEL } from '../../workloads/private/schema';
import { nodeGroupFields } from '../nodes/private/schema';

/** What Fargate's infrastructure needs to pull images (ECR read-only), attached to every pod execution role. */
export const FARGATE_POD_EXECUTION_POLICY = 'AmazonEKSFargatePodExecutionRolePolicy';
/** The service that assumes a pod execution role. */
export const FARGATE_PODS_SERVICE = 'eks-fargate-pods.amazonaws.com';
/** EKS takes at most five selectors per profile (CreateFargateProfile). */
export const MAX_FARGATE_SELECTORS = 5;

/** Pods a profile runs on Fargate: those in `namespace` that carry every one of `labels`. */
export interface FargateSelector {
  /** Kubernetes namespace (a DNS-1123 label). */
  readonly namespace: string;
  /** Labels the pods must all carry. @default {} (every pod of the namespace) */
  readonly labels?: Record<string, string>;
}

const selectorSchema = settings({
  namespace: matching(DNS_LABEL, 'must be a Kubernetes namespace name: 1 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit'),
  labels: nodeGroupFields.labels,
});

/** Field rules shared with the configuration (`addFargateProfile` options). */
export const fargateProfileFields = {
  /** Pods to run on Fargate: 1 to 5 selectors. */
  selectors: v.pipe(
    nonEmptyList(selectorSchema, 'selector'),
    v.check((s) => isUnresolved(s) || s.length <= MAX_FARGATE_SELECTORS, `must list at most ${MAX_FARGATE_SELECTORS} selectors (an EKS limit per Fargate profile)`),
  ),
  podExecutionRoleName: v.optional(iamRoleName),
  tags: v.optional(tagMap),
};

/** Fargate profile names: 1 to 63 letters, digits, "-" and "_", as node group names. */
export const fargateProfileName = matching(/^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/, 'must be 1 to 63 letters, digits, "-" or "_", starting with a letter or digit');

/** What a profile needs from its cluster (a ControlPlane satisfies it). */
export interface FargateProfileCluster {
  readonly clusterName: string;
  /** `arn:<partition>:eks:<region>:<account>:cluster/<name>`: the pod execution role's trust is scoped to its profiles. */
  readonly clusterArn: string;
}

export interface FargateProfileProps {
  readonly cluster: FargateProfileCluster;
  /** Name of the profile, unique in the cluster. Profiles are immutable: a change replaces it. */
  readonly profileName: string;
  /** Pods to run on Fargate: 1 to 5 selectors, each a namespace and optional labels. */
  readonly selectors: FargateSelector[];
  /** Subnets of the pods; private ones only, since Fargate gives pods no public IP address. */
  readonly subnetIds: string[];
  /** Name of the pod execution role (IAM names are unique per account: include the cluster's). */
  readonly podExecutionRoleName: string;
  /** Tags on the profile and its role. @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({
  ...fargateProfileFields,
  profileName: fargateProfileName,
  subnetIds: nonEmptyList(v.string('must be a subnet ID'), 'subnet'),
  podExecutionRoleName: iamRoleName,
});

/** A Fargate profile with its pod execution role. */
export class FargateProfile extends Construct {
  readonly profile: EksFargateProfile;
  readonly profileName: string;
  readonly profileArn: string;
  readonly podExecutionRole: IamRole;
  readonly podExecutionRoleArn: string;

  constructor(scope: Construct, id: string, props: FargateProfileProps) {
    super(scope, id);
    throwIfIssues(`FargateProfile '${this.node.path}'`, schemaIssues(propsSchema, props));
    const tags = props.tags ?? {};
    // Only the cluster's own profiles may use the role (the confused deputy guard of
    // https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html); the profile ARN
    // pattern is the cluster's ARN with `fargateprofile` for `cluster`, so no account lookup.
    const profiles = `${Fn.replace(props.cluster.clusterArn, ':cluster/', ':fargateprofile/')}/*`;
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: [FARGATE_PODS_SERVICE] }],
          condition: [{ test: 'ArnLike', variable: 'aws:SourceArn', values: [profiles] }],
        },
      ],
    });
    this.podExecutionRole = new IamRole(this, 'pod-execution-role', { name: props.podExecutionRoleName, assumeRolePolicy: trust.json, tags });
    const attachment = new IamRolePolicyAttachment(this, 'pod-execution-policy', {
      role: this.podExecutionRole.name,
      policyArn: awsManagedPolicyArn(this, FARGATE_POD_EXECUTION_POLICY),
    });
    // With an API authentication mode EKS creates the role's FARGATE_LINUX access entry itself.
    this.profile = new EksFargateProfile(this, 'profile', {
      clusterName: props.cluster.clusterName,
      fargateProfileName: props.profileName,
      podExecutionRoleArn: this.podExecutionRole.arn,
      subnetIds: props.subnetIds,
      selector: props.selectors.map((s) => ({ namespace: s.namespace, ...(s.labels && Object.keys(s.labels).length > 0 ? { labels: s.labels } : {}) })),
      tags,
      // Pods scheduled before the policy is attached could not pull their images.
      dependsOn: [attachment],
    });
    this.profileName = this.profile.fargateProfileName;
    this.profileArn = this.profile.arn;
    this.podExecutionRoleArn = this.podExecutionRole.arn;
  }
}
