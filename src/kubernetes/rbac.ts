// chapter09 readonly-binding.yml and chapter10 `kubectl create clusterrolebinding` (by hand in the
// book): Kubernetes RBAC objects, so the groups of access entries and aws-auth mappings get their
// permissions in code. ClusterRoles and ClusterRoleBindings; Roles and RoleBindings, one per listed
// namespace.
import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { props, schemaIssues } from '../private/validate';
import { RbacRule, rbacFields } from './private/schema';

/** Who a binding grants to: Kubernetes groups (of access entries, aws-auth) and user names. */
export interface RbacSubjects {
  /** @default [] */
  readonly groups?: string[];
  /** @default [] */
  readonly users?: string[];
}

export interface ClusterRoleBindingOptions extends RbacSubjects {
  /** The ClusterRole granted (book chapter 9: `readonly-role`; built in: `cluster-admin`, `admin`, `edit`, `view`). */
  readonly clusterRole: string;
}

export interface RoleOptions {
  /** Namespaces the Role is created in. */
  readonly namespaces: string[];
  readonly rules: RbacRule[];
}

export interface RoleBindingOptions extends RbacSubjects {
  /** Namespaces the binding is created in (book chapter 9: `default`). */
  readonly namespaces: string[];
  /** A ClusterRole granted within the namespaces (book: `admin`). @default none; one of clusterRole and role */
  readonly clusterRole?: string;
  /** A Role of `roles` (in the same namespaces). @default none; one of clusterRole and role */
  readonly role?: string;
}

export interface KubernetesRbacProps {
  /** ClusterRoles by name (book chapter 9: `readonly-role`). @default {} */
  readonly clusterRoles?: Record<string, { rules: RbacRule[] }>;
  /** ClusterRoleBindings by name (book chapter 9: `readonly-role-binding`). @default {} */
  readonly clusterRoleBindings?: Record<string, ClusterRoleBindingOptions>;
  /** Roles by name. @default {} */
  readonly roles?: Record<string, RoleOptions>;
  /** RoleBindings by name (book chapter 9: `admin-binding` in `default`). @default {} */
  readonly roleBindings?: Record<string, RoleBindingOptions>;
}

/** The ClusterRoles every cluster has for people (Kubernetes "User-facing roles"). */
export const BUILT_IN_CLUSTER_ROLES = ['cluster-admin', 'admin', 'edit', 'view'] as const;

/**
 * Core and apps resources as RBAC names them, to catch a singular name: RBAC matches names
 * exactly, so the book's `deployment` grants nothing.
 */
const KNOWN_PLURALS = new Set([
  'pods', 'services', 'nodes', 'namespaces', 'configmaps', 'secrets', 'serviceaccounts', 'persistentvolumes', 'persistentvolumeclaims', 'endpoints', 'events',
  'limitranges', 'resourcequotas', 'replicationcontrollers', 'podtemplates', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'controllerrevisions', 'jobs', 'cronjobs',
]);

const propsSchema = props(rbacFields);

/** ClusterRoles, Roles and their bindings. */
export class KubernetesRbac extends Construct {
  readonly clusterRoles: Record<string, ClusterRoleV1> = {};
  readonly clusterRoleBindings: Record<string, ClusterRoleBindingV1> = {};
  /** Roles by name, then namespace. */
  readonly roles: Record<string, Record<string, RoleV1>> = {};
  /** RoleBindings by name, then namespace. */
  readonly roleBindings: Record<string, Record<string, RoleBindingV1>> = {};

  constructor(scope: Construct, id: string, props: KubernetesRbacProps) {
    super(scope, id);
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`KubernetesRbac '${this.node.path}'`, [...fieldIssues, ...(fieldIssues.length > 0 ? [] : rbacIssues(props))]);
    const bindings: [string, RoleBindingOptions | ClusterRoleBindingOptions][] = [...Object.entries(props.clusterRoleBindings ?? {}), ...Object.entries(props.roleBindings ?? {})];
    for (const [name, binding] of bindings) {
      const known = binding.clusterRole
        ? props.clusterRoles?.[binding.clusterRole] !== undefined || (BUILT_IN_CLUSTER_ROLES as readonly string[]).includes(binding.clusterRole)
        : props.roles?.[(binding as RoleBindingOptions).role!] !== undefined;
      if (!known) {
        const [kind, ref] = binding.clusterRole ? ['ClusterRole', binding.clusterRole] : ['Role', (binding as RoleBindingOptions).role];
        Annotations.of(this).addWarning(`The binding ${name} grants ${kind} ${ref}, which 'rbac' does not declare and Kubernetes does not build in: it grants nothing until ${ref} exists`);
      }
    }

    for (const [name, { rules }] of Object.entries(props.clusterRoles ?? {})) {
      this.clusterRoles[name] = new ClusterRoleV1(this, `cluster-role-${name}`, { metadata: { name }, rule: rules.map(ruleOf) });
    }
    for (const [name, binding] of Object.entries(props.clusterRoleBindings ?? {})) {
      this.clusterRoleBindings[name] = new ClusterRoleBindingV1(this, `cluster-role-binding-${name}`, {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.clusterRoles[binding.clusterRole]?.metadata.name ?? binding.clusterRole },
        subject: subjectsOf(binding),
      });
    }
    for (const [name, role] of Object.entries(props.roles ?? {})) {
      this.roles[name] = Object.fromEntries(
        role.namespaces.map((namespace) => [namespace, new RoleV1(this, `role-${name}-${namespace}`, { metadata: { name, namespace }, rule: role.rules.map(namespacedRuleOf) })]),
      );
    }
    for (const [name, binding] of Object.entries(props.roleBindings ?? {})) {
      this.roleBindings[name] = Object.fromEntries(
        binding.namespaces.map((namespace) => {
          // A reference to a role of ours orders the binding after it.
          const roleName = binding.clusterRole ? (this.clusterRoles[binding.clusterRole]?.metadata.name ?? binding.clusterRole) : (this.roles[binding.role!]?.[namespace]?.metadata.name ?? binding.role!);
          const resource = new RoleBindingV1(this, `role-binding-${name}-${namespace}`, {
            metadata: { name, namespace },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: binding.clusterRole ? 'ClusterRole' : 'Role', name: roleName },
            subject: subjectsOf(binding),
          });
          return [namespace, resource];
        }),
      );
    }
  }
}

function ruleOf(rule: RbacRule) {
  return {
    ...(rule.apiGroups ? { apiGroups: rule.apiGroups } : {}),
    ...(rule.resources ? { resources: rule.resources } : {}),
    ...(rule.resourceNames ? { resourceNames: rule.resourceNames } : {}),
    ...(rule.nonResourceUrls ? { nonResourceUrls: rule.nonResourceUrls } : {}),
    verbs: rule.verbs,
  };
}

/** A Role's rule: resources only, checked present by rbacIssues. */
function namespacedRuleOf(rule: RbacRule) {
  return { ...ruleOf(rule), apiGroups: rule.apiGroups!, resources: rule.resources! };
}

function subjectsOf(s: RbacSubjects) {
  return [
    ...(s.groups ?? []).map((name) => ({ kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' })),
    ...(s.users ?? []).map((name) => ({ kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io' })),
  ];
}

/** Rules across fields: what a rule names, one role per binding, subjects, Roles in the binding's namespaces. */
export function rbacIssues(p: KubernetesRbacProps): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const checkRules = (rules: RbacRule[], path: (string | number)[], cluster: boolean) =>
    rules.forEach((rule, i) => issues.push(...ruleIssues(rule, [...path, 'rules', i], cluster)));
  for (const [name, role] of Object.entries(p.clusterRoles ?? {})) checkRules(role.rules, ['clusterRoles', name], true);
  for (const [name, role] of Object.entries(p.roles ?? {})) checkRules(role.rules, ['roles', name], false);
  const checkSubjects = (s: RbacSubjects, path: (string | number)[]) => {
    if (!s.groups && !s.users) issues.push({ path: [...path, 'groups'], hasReceived: false, message: `or 'users' is required: a binding without subjects grants nothing` });
  };
  for (const [name, binding] of Object.entries(p.clusterRoleBindings ?? {})) checkSubjects(binding, ['clusterRoleBindings', name]);
  for (const [name, binding] of Object.entries(p.roleBindings ?? {})) {
    const path = ['roleBindings', name];
    checkSubjects(binding, path);
    if ((binding.clusterRole === undefined) === (binding.role === undefined)) {
      issues.push(
        binding.role === undefined
          ? { path: [...path, 'clusterRole'], hasReceived: false, message: `or 'role' is required: the ClusterRole (e.g. "admin", book chapter 9) or Role the binding grants` }
          : issue([...path, 'role'], binding.role, `and 'clusterRole' (${JSON.stringify(binding.clusterRole)}) are mutually exclusive: a binding grants one role`),
      );
    }
    const role = binding.role ? p.roles?.[binding.role] : undefined;
    const missing = role ? binding.namespaces.filter((n) => !role.namespaces.includes(n)) : [];
    if (missing.length > 0) {
      issues.push(issue([...path, 'namespaces'], binding.namespaces, `include ${missing.join(', ')}, where Role ${binding.role} is not created ('roles.${binding.role}.namespaces': ${role!.namespaces.join(', ')})`));
    }
  }
  return issues;
}

function ruleIssues(rule: RbacRule, path: (string | number)[], cluster: boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (rule.nonResourceUrls && !cluster) issues.push(issue([...path, 'nonResourceUrls'], rule.nonResourceUrls, 'apply only to ClusterRoles (URLs such as /healthz belong to no namespace)'));
  if (!rule.resources && !rule.nonResourceUrls) issues.push({ path: [...path, 'resources'], hasReceived: false, message: `is required (or 'nonResourceUrls' in a ClusterRole): a rule must name what its verbs apply to` });
  if (rule.resources && !rule.apiGroups) issues.push({ path: [...path, 'apiGroups'], hasReceived: false, message: `is required with 'resources': "" for the core group (pods, nodes …), "apps" for deployments …` });
  (rule.resources ?? []).forEach((resource, i) => {
    const base = resource.split('/')[0];
    if (!KNOWN_PLURALS.has(base) && KNOWN_PLURALS.has(`${base}s`)) {
      issues.push(issue([...path, 'resources', i], resource, `must be the plural resource name ${JSON.stringify(resource.replace(base, `${base}s`))}: RBAC matches names exactly, so the singular grants nothing (the book's readonly-binding.yml writes "deployment")`));
    }
  });
  return issues;
}
