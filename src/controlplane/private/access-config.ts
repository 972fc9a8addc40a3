// Book chapters 9 and 10: how IAM principals authenticate to the cluster, and the field rules of
// access entries. Field rules only, so the configuration schema and ControlPlane load no access
// entry provider class.
import * as v from 'valibot';
import { issue, ValidationIssue } from '../../errors';
import { iamRoleName } from '../../private/names';
import { isUnresolved, map, matching, nonEmptyList, oneOf, settings, tagMap } from '../../private/validate';
import { ACCESS_SCOPE_TYPES, AccessPolicyName, accessPolicyProblem, AccessScopeType } from '../access-policies';

/**
 * Where EKS looks up IAM principals (book chapter 10): the aws-auth ConfigMap, access entries
 * (`API`), or both. Changing it is one-way: CONFIG_MAP → API_AND_CONFIG_MAP → API.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
 */
export const AUTHENTICATION_MODES = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'] as const;
export type AuthenticationMode = (typeof AUTHENTICATION_MODES)[number];

/** Modes in which access entries (aws_eks_access_entry) work. */
export const ACCESS_ENTRY_MODES: readonly AuthenticationMode[] = ['API', 'API_AND_CONFIG_MAP'];

/** The cluster's `access_config` (book chapters 06-self-managed, 08, 10: API_AND_CONFIG_MAP). */
export const accessConfigFields = {
  authenticationMode: oneOf(AUTHENTICATION_MODES),
  /**
   * Give the identity creating the cluster cluster-admin through an access entry. Read at
   * creation only: later changes are ignored (the book destroys and recreates the cluster).
   */
  bootstrapClusterCreatorAdminPermissions: v.optional(v.boolean('must be true or false')),
};

export interface AccessConfig {
  /** `CONFIG_MAP`, `API_AND_CONFIG_MAP` or `API`. */
  readonly authenticationMode: AuthenticationMode;
  /** Cluster-admin for the cluster creator; read at creation only. @default true (the EKS default) */
  readonly bootstrapClusterCreatorAdminPermissions?: boolean;
}

/**
 * Kinds of principal: people and workloads (`STANDARD`, with Kubernetes groups or access
 * policies) or nodes, whose permissions EKS fixes (`EC2_LINUX`, `EC2_WINDOWS`, `FARGATE_LINUX`,
 * `HYBRID_LINUX`).
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html
 */
export const ACCESS_ENTRY_TYPES = ['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'HYBRID_LINUX'] as const;
export type AccessEntryType = (typeof ACCESS_ENTRY_TYPES)[number];

export const DEFAULT_ACCESS_ENTRY_TYPE: AccessEntryType = 'STANDARD';

/** An IAM role (with or without a path) or user; STS session ARNs are refused by EKS. */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
/** Service-linked roles, which access entries do not support (EKS User Guide, "Create access entries"). */
const SERVICE_LINKED_ROLE = /:role\/aws-service-role\//;
/** Prefixes EKS reserves in access entry user names (EKS User Guide, "Create access entries"). */
const RESERVED_USER_NAME_PREFIXES = ['system:', 'eks:', 'aws:', 'amazon:', 'iam:'];
/** Kubernetes namespace names: DNS-1123 labels. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const principalArn = v.pipe(
  matching(PRINCIPAL_ARN, 'must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name> or arn:aws:iam::<account>:user/<name>)'),
  v.check((s) => isUnresolved(s) || !SERVICE_LINKED_ROLE.test(s), 'is a service-linked role, which access entries do not support'),
);

const kubernetesGroup = v.pipe(
  matching(/^\S{1,256}$/, 'must be a Kubernetes group name without spaces'),
  v.check(
    (s) => isUnresolved(s) || !s.startsWith('system:'),
    'must not start with "system:": EKS refuses such groups on access entries; bind a role to a group of your own (kubernetes.rbac) or associate AmazonEKSClusterAdminPolicy instead of system:masters',
  ),
);

const userName = v.pipe(
  matching(/^\S{1,256}$/, 'must be a Kubernetes user name without spaces'),
  v.check(
    (s) => isUnresolved(s) || !RESERVED_USER_NAME_PREFIXES.some((p) => s.startsWith(p)),
    `must not start with ${RESERVED_USER_NAME_PREFIXES.map((p) => JSON.stringify(p)).join(', ')} (reserved by EKS)`,
  ),
  v.check(
    (s) => isUnresolved(s) || !/\{\{SessionName(Raw)?\}\}/.test(s) || s.slice(0, s.search(/\{\{SessionName/)).includes(':'),
    'must have a ":" before {{SessionName}} (EKS rule, e.g. "admin:{{SessionName}}")',
  ),
);

export const accessPolicyName = v.pipe(
  v.string('must be the name of an EKS access policy such as "AmazonEKSViewPolicy"'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || isUnresolved(dataset.value)) return;
    const problem = accessPolicyProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);

/** One access policy association (book chapter 10: `associate-access-policy --access-scope …`). */
export const accessPolicyFields = {
  policy: accessPolicyName,
  scope: oneOf(ACCESS_SCOPE_TYPES),
  namespaces: v.optional(nonEmptyList(matching(NAMESPACE, 'must be a Kubernetes namespace name (lower-case letters, digits and "-", at most 63)'), 'namespace')),
};

/** An access entry and its policies, as in `accessEntries.<name>`. */
export const accessEntryFields = {
  principalArn,
  type: v.optional(oneOf(ACCESS_ENTRY_TYPES)),
  kubernetesGroups: v.optional(nonEmptyList(kubernetesGroup, 'group')),
  userName: v.optional(userName),
  policies: v.optional(v.array(settings(accessPolicyFields), 'must be a list of access policy associations {policy, scope, namespaces}')),
  tags: v.optional(tagMap),
};

/**
 * `accessEntries.<name>` in the configuration: the principal as an ARN, or as a user or role of
 * `iamPrincipals` (created by the stack, its ARN known at apply); exactly one of the three.
 */
export const accessEntryConfigFields = {
  ...accessEntryFields,
  principalArn: v.optional(principalArn),
  /** A user of `iamPrincipals.users` (book chapter 10: alice). */
  iamUser: v.optional(v.string('must be the name of a user of iamPrincipals.users')),
  /** A role of `iamPrincipals.roles` (book chapter 10: my-test-eks-role). */
  iamRole: v.optional(v.string('must be the name of a role of iamPrincipals.roles')),
};


/** An access policy association of an access entry. */
export interface AccessPolicyAssociationOptions {
  /** An EKS access policy (book Table 10-1: `AmazonEKSClusterAdminPolicy`, `AmazonEKSAdminPolicy` …). */
  readonly policy: AccessPolicyName;
  /** `cluster` (every namespace) or `namespace` (the listed ones). */
  readonly scope: AccessScopeType;
  /** The namespaces of a `namespace` scope (book: `test-ns`). @default none; required with scope "namespace" */
  readonly namespaces?: string[];
}

/**
 * Rules across the fields of one entry: node entries take a role and nothing else; a namespace
 * scope lists namespaces, a cluster scope none; each policy once per entry.
 */
export function accessEntryIssues(
  mode: AuthenticationMode | undefined,
  type: AccessEntryType,
  p: { principalArn?: string; kubernetesGroups?: string[]; userName?: string; policies?: readonly AccessPolicyAssociationOptions[] },
): ValidationIssue[] {
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
    if (p.policies && p.policies.length > 0) issues.push(issue(['policies'], p.policies.map((a) => a.policy), `apply only to STANDARD entries; EKS gives ${type} entries their node permissions itself`));
    if (p.principalArn && !isUnresolved(p.principalArn) && /:user\//.test(p.principalArn)) {
      issues.push(issue(['principalArn'], p.principalArn, `must be an IAM role for ${type} entries (nodes assume roles)`));
    }
  }
  (p.policies ?? []).forEach((association, i) => issues.push(...accessPolicyIssues(association, ['policies', i], p.policies!.slice(0, i))));
  return issues;
}

/** Scope rules of one association; `earlier` are the entry's associations before it. */
export function accessPolicyIssues(a: AccessPolicyAssociationOptions, path: (string | number)[], earlier: readonly AccessPolicyAssociationOptions[] = []): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (a.scope === 'namespace' && a.namespaces === undefined) {
    issues.push({ path: [...path, 'namespaces'], hasReceived: false, message: `is required with scope "namespace": list the namespaces ${a.policy} applies in (book chapter 10: [test-ns]), or use scope "cluster"` });
  }
  if (a.scope === 'cluster' && a.namespaces !== undefined) {
    issues.push(issue([...path, 'namespaces'], a.namespaces, `applies only to scope "namespace" (scope "cluster" covers every namespace); set 'scope' to "namespace" or remove 'namespaces'`));
  }
  if (earlier.some((e) => e.policy === a.policy)) {
    issues.push(issue([...path, 'policy'], a.policy, `is associated twice with this entry; EKS takes each policy once per principal: give it one scope (several namespaces go in one 'namespaces' list)`));
  }
  return issues;
}

// Book chapters 9 and 10's test principals (the `iamPrincipals` section), created by IamPrincipals.
/** IAM user names: up to 64 of letters, digits and +=,.@_- (IAM API, CreateUser). */
const iamUserName = matching(/^[\w+=,.@-]{1,64}$/, 'must be an IAM user name: up to 64 letters, digits and +=,.@_-');

export const iamPrincipalsFields = {
  /** IAM users by name (book chapter 9: `alice`), each allowed eks:DescribeCluster on this cluster. @default {} */
  users: v.optional(map(iamUserName, settings({}), 'must be a map of IAM user names to settings ({})', { addressKeys: true })),
  /** IAM roles by name (book chapter 10: `my-test-eks-role`), each allowed eks:DescribeCluster on this cluster. @default {} */
  roles: v.optional(
    map(
      iamRoleName,
      settings({
        /** Users of `users` who may assume the role (book chapter 10: alice). */
        assumedBy: nonEmptyList(iamUserName, 'user'),
      }),
      'must be a map of IAM role names to settings ({assumedBy})',
      { addressKeys: true },
    ),
  ),
};


/** The AWS documentation account (IAM User Guide examples): no principal there exists in yours. */
export const DOCUMENTATION_ACCOUNT = '111122223333';

/** The warning for a principal ARN of the documentation account, or undefined. */
export function documentationAccountWarning(where: string, arn: string | undefined): string | undefined {
  if (!arn || !arn.includes(`:${DOCUMENTATION_ACCOUNT}:`)) return undefined;
  return `${where} names ${arn}, in ${DOCUMENTATION_ACCOUNT}, the account of the AWS documentation's examples: the plan passes and the apply fails (CreateAccessEntry: "The specified principalArn is invalid"; aws-auth maps nobody); name a principal of your account, or let the stack create it ('iamPrincipals')`;
}
