// Field rules of the Kubernetes-side modules, shared with the configuration schema. Imports no
// provider class: the configuration loads it even when no Kubernetes stack is synthesized.
import * as v from 'valibot';
import { isUnresolved, map, matching, nonEmptyList, oneOf, settings } from '../../private/validate';
import { workloadsSchema } from '../../workloads/private/schema';

/**
 * An exact chart version (`1.2.3`, `v1.0.7`, `1.2.3-rc.1`): the book installs "latest" (ACK, the
 * AWS Load Balancer Controller, Istio), which changes under a running cluster.
 */
export const PINNED_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** A chart version field: exact versions only. */
export const chartVersion = matching(PINNED_VERSION, 'must be an exact chart version such as "1.2.3" (no ranges, no "latest"): an unpinned chart changes under a running cluster');

/**
 * How the kubernetes and helm providers get a token: `exec` runs `aws eks get-token` where
 * Terraform runs (needs the AWS CLI); `token` opens the ephemeral aws_eks_cluster_auth (Terraform
 * >= 1.10; needs AWS credentials in Terraform, as in Terraform Cloud remote runs, which have no AWS CLI).
 */
export const KUBERNETES_AUTH_MODES = ['exec', 'token'] as const;
export type KubernetesAuthMode = (typeof KUBERNETES_AUTH_MODES)[number];

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** aws-auth matches role ARNs without their path (EKS User Guide, "Grant IAM users access to Kubernetes with a ConfigMap"). */
const ROLE_ARN_WITH_PATH = /:role\/[^/]+\//;
const USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/[\w+=,.@/-]+$/;
/** Kubernetes user and group names in aws-auth: no spaces; `{{SessionName}}`-style placeholders allowed. */
const SUBJECT = /^[\w:{}@.=+,\/-]{1,256}$/;

const subjectFields = {
  username: matching(SUBJECT, 'must be a Kubernetes user name without spaces (placeholders such as {{SessionName}} allowed)'),
  /** Kubernetes groups; none leaves the principal to bindings on its user name (book chapter 9's custom group example). */
  groups: v.optional(nonEmptyList(matching(SUBJECT, 'must be a Kubernetes group name without spaces'), 'group')),
};

const roleArn = v.pipe(
  matching(ROLE_ARN, 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)'),
  v.check((s) => isUnresolved(s) || !ROLE_ARN_WITH_PATH.test(s), 'must not include the role path: aws-auth matches arn:aws:iam::<account>:role/<name> only'),
);

export const awsAuthFields = {
  /**
   * Create the ConfigMap instead of patching the one EKS writes: EKS writes aws-auth for managed
   * node groups only in CONFIG_MAP mode, so a new API_AND_CONFIG_MAP cluster has none.
   */
  create: v.optional(v.boolean('must be true or false')),
  mapRoles: v.optional(v.array(settings({ rolearn: roleArn, ...subjectFields }))),
  mapUsers: v.optional(
    v.array(settings({ userarn: matching(USER_ARN, 'must be an IAM user ARN (arn:aws:iam::<account>:user/<name>)'), ...subjectFields })),
  ),
};

/** `kubernetes.awsAuth` in the configuration: each mapping's principal as an ARN or as a role or user of `iamPrincipals`. */
export const awsAuthConfigFields = {
  ...awsAuthFields,
  mapRoles: v.optional(v.array(settings({ rolearn: v.optional(roleArn), iamRole: v.optional(v.string('must be the name of a role of iamPrincipals.roles')), ...subjectFields }))),
  mapUsers: v.optional(
    v.array(
      settings({
        userarn: v.optional(matching(USER_ARN, 'must be an IAM user ARN (arn:aws:iam::<account>:user/<name>)')),
        iamUser: v.optional(v.string('must be the name of a user of iamPrincipals.users')),
        ...subjectFields,
      }),
    ),
  ),
};

/**
 * Verbs RBAC rules take (Kubernetes "Authorization" and "Using RBAC Authorization"); `*` is all.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
 */
export const RBAC_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'bind', 'escalate', 'use', 'approve', 'sign', '*'] as const;

/** Kubernetes object names: DNS subdomains, and ':' as in `eks:` roles. */
const RBAC_NAME = /^[a-z0-9]([-a-z0-9.:]{0,251}[a-z0-9])?$/;
const rbacName = v.pipe(
  matching(RBAC_NAME, 'must be a Kubernetes object name (lower-case letters, digits, "-", "." and ":")'),
  v.check((s) => !s.startsWith('system:'), 'must not start with "system:" (reserved for Kubernetes)'),
);
const NAMESPACE = matching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name (lower-case letters, digits and "-", at most 63)');

/** One rule of a Role or ClusterRole (book chapter 9 readonly-binding.yml: `apiGroups`, `resources`, `verbs`). */
export const rbacRuleFields = {
  /** `""` is the core group (pods, nodes …), `apps` holds deployments and daemonsets. */
  apiGroups: v.optional(v.array(matching(/^(\*|[a-z0-9.-]*)$/, 'must be an API group such as "", "apps" or "batch"'), 'must be a list of API groups')),
  resources: v.optional(nonEmptyList(matching(/^(\*|[a-z0-9]+(\/[a-z0-9]+)?)$/, 'must be a plural resource name such as "pods" or "deployments/scale"'), 'resource')),
  resourceNames: v.optional(nonEmptyList(matching(/^\S+$/, 'must be an object name'), 'name')),
  nonResourceUrls: v.optional(nonEmptyList(matching(/^\/\S*$/, 'must be a URL path such as "/healthz"'), 'URL')),
  verbs: nonEmptyList(oneOf(RBAC_VERBS), 'verb'),
};
export type RbacRule = v.InferOutput<ReturnType<typeof settings<typeof rbacRuleFields>>>;

const rules = nonEmptyList(settings(rbacRuleFields), 'rule');
const subjects = {
  groups: v.optional(nonEmptyList(matching(SUBJECT, 'must be a Kubernetes group name without spaces'), 'group')),
  users: v.optional(nonEmptyList(matching(SUBJECT, 'must be a Kubernetes user name without spaces'), 'user')),
};
const nameMap = <S extends v.GenericSchema>(item: S, what: string) => map(rbacName, item, `must be a map of ${what} names to settings`, { addressKeys: true });

/** Kubernetes RBAC of the cluster (book chapter 9 readonly-binding.yml, chapter 10 `kubectl create clusterrolebinding`). */
export const rbacFields = {
  clusterRoles: v.optional(nameMap(settings({ rules }), 'ClusterRole')),
  clusterRoleBindings: v.optional(nameMap(settings({ clusterRole: rbacName, ...subjects }), 'ClusterRoleBinding')),
  /** Roles, one per listed namespace. */
  roles: v.optional(nameMap(settings({ namespaces: nonEmptyList(NAMESPACE, 'namespace'), rules }), 'Role')),
  /** RoleBindings, one per listed namespace, to a ClusterRole (book: `admin`) or a Role of those namespaces. */
  roleBindings: v.optional(
    nameMap(settings({ namespaces: nonEmptyList(NAMESPACE, 'namespace'), clusterRole: v.optional(rbacName), role: v.optional(rbacName), ...subjects }), 'RoleBinding'),
  ),
};

export const kubernetesFields = {
  auth: v.optional(oneOf(KUBERNETES_AUTH_MODES)),
  awsAuth: v.optional(settings(awsAuthConfigFields)),
  rbac: v.optional(settings(rbacFields)),
  /** Namespaces, Pods, Deployments, ReplicaSets and Services (book chapters 12-17). */
  workloads: v.optional(workloadsSchema),
};

/** The configuration's `kubernetes` section. */
export const kubernetesSettingsSchema = settings(kubernetesFields);
