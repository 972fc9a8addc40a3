// Rules that combine settings of several sections of the configuration; the rules within one
// module stay in that module. They run before any construct is built, so nothing is written
// when they fail.
import { addonEntry, type AddonRoleSettings, type AddonSettings } from '../../addons/catalogue';
import { BastionAccess } from '../../bastion/private/schema';
import type { EksConfig } from '../../config/schema';
import { ACCESS_ENTRY_MODES } from '../../controlplane/private/access-config';
import type { ControllerWithRole } from '../../controllers/private/schema';
import { issue, ValidationIssue } from '../../errors';
import { regionProblem } from '../../private/regions';
import { isUnresolved } from '../../private/validate';
import { SESSION_MANAGER_ENDPOINTS } from '../../dataplane/network/private/schema';
import { DEFAULT_WORKLOAD_IDENTITY, WorkloadIdentityMechanism } from '../../oidc/private/schema';

/** Where the bastion goes when `bastion.subnet` is not set: SSH needs a public IP, SSM does not. */
export function bastionSubnet(bastion: NonNullable<EksConfig['bastion']>): 'private' | 'public' {
  return bastion.subnet ?? ((bastion.access ?? 'ssm') === 'ssm' ? 'private' : 'public');
}

export function crossSectionIssues(config: EksConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const cpSubnets = config.controlPlane?.subnets ?? 'private';
  const access = config.controlPlane?.endpointAccess ?? 'private';
  if (config.network?.eniSubnetCidrs && cpSubnets !== 'eni') {
    issues.push(
      issue(['network', 'eniSubnetCidrs'], config.network.eniSubnetCidrs, `would create subnets nothing uses: 'controlPlane.subnets' is ${JSON.stringify(cpSubnets)}; set it to "eni" (book chapter 4) or remove 'eniSubnetCidrs'`),
    );
  }
  issues.push(...authenticationModeIssues(config), ...regionIssues(config), ...computeIssues(config));
  const bastion = config.bastion;
  if (bastion) {
    const mode: BastionAccess = bastion.access ?? 'ssm';
    if (access === 'public') {
      issues.push(
        issue(['controlPlane', 'endpointAccess'], access, `has no private endpoint for the 'bastion' to reach; use "private" or "hybrid" (book chapters 4-5), or remove 'bastion'`),
      );
    }
    if (mode !== 'ssm' && bastion.subnet === 'private') {
      issues.push(
        issue(['bastion', 'subnet'], bastion.subnet, `must be "public" for access ${JSON.stringify(mode)}: SSH comes from outside the VPC to a public IP (book chapter 4); use access "ssm" for a host in a private subnet`),
      );
    }
  }
  return issues;
}

/**
 * Where pods can run when the AWS stack's add-ons are installed: its node groups, managed and
 * self-managed. Karpenter's nodes come later, from the Kubernetes stack (and its controller needs
 * a node group of its own, controllers/private/checks.ts).
 */
export function computeAtAddonTime(config: EksConfig): string[] {
  return Object.keys(config.nodeGroups ?? {}).map((name) => `nodeGroups.${name}`);
}

/** Add-ons whose pods need a node to become ACTIVE, in a cluster that has none when they are installed. */
export function computeIssues(config: EksConfig): ValidationIssue[] {
  if (computeAtAddonTime(config).length > 0) return [];
  const waiting = Object.entries((config.addons ?? {}) as Record<string, unknown>).filter(([name, settings]) => settings !== undefined && addonEntry(name)?.needsNodes);
  return waiting.map(([name]) =>
    issue(
      ['addons', name],
      config.addons![name as keyof typeof config.addons],
      `needs a node to run its pods, and the cluster has none when the add-on is installed ('nodeGroups' is empty): EKS would report it DEGRADED after Terraform waits 20 minutes (terraform-aws-eks#3001); add a node group, or remove the add-on`,
    ),
  );
}

/** Regions the pinned AWS provider would refuse ("invalid AWS Region"), unless `skipRegionValidation`. */
export function regionIssues(config: EksConfig): ValidationIssue[] {
  if (config.skipRegionValidation) return [];
  const regions: [(string | number)[], string | undefined][] = [
    [['region'], config.region],
    [['backend', 'region'], config.backend?.type === 's3' && !config.backend.skipRegionValidation ? config.backend.region : undefined],
  ];
  return regions.flatMap(([path, value]) => {
    const problem = value === undefined || isUnresolved(value) ? undefined : regionProblem(value);
    return problem ? [issue(path, value, problem)] : [];
  });
}

/** A warning when an SSM host in a private subnet has neither a NAT gateway nor the SSM endpoints. */
export function sessionManagerWarning(config: EksConfig): string | undefined {
  const bastion = config.bastion;
  if (!bastion || (bastion.access ?? 'ssm') !== 'ssm' || bastionSubnet(bastion) !== 'private' || config.network?.natGateways !== 'none') return undefined;
  const endpoints = config.network?.vpcEndpoints ?? [];
  const missing = SESSION_MANAGER_ENDPOINTS.filter((s) => !endpoints.includes(s));
  if (missing.length === 0) return undefined;
  return `The bastion of ${config.clusterName} uses SSM Session Manager from a private subnet without a NAT gateway and without VPC endpoints for ${missing.join(', ')}: its agent cannot register, so no session will open; add them to 'network.vpcEndpoints'`;
}

/** Controllers with a role of their own (the keys of CONTROLLER_ACCOUNTS). */
export const CONTROLLERS_WITH_ROLES: readonly ControllerWithRole[] = ['awsLoadBalancerController', 'clusterAutoscaler', 'karpenter', 'vpcLattice', 'ackS3Controller'];

/** Where a service account role is configured, and the mechanism it resolves to. */
interface RoleUse {
  readonly path: (string | number)[];
  readonly mechanism: WorkloadIdentityMechanism;
  /** Whether the mechanism is the global `workloadIdentity` (then that is the field to name). */
  readonly inherited: boolean;
}

/** Every role the configuration creates for service accounts: its own roles, the controllers' and the add-ons'. */
export function roleUses(config: EksConfig): RoleUse[] {
  const global = config.workloadIdentity ?? DEFAULT_WORKLOAD_IDENTITY;
  const uses: RoleUse[] = [];
  for (const [key, role] of Object.entries(config.serviceAccountRoles ?? {})) {
    uses.push({ path: ['serviceAccountRoles', key, 'mechanism'], mechanism: role.mechanism ?? global, inherited: role.mechanism === undefined });
  }
  for (const key of CONTROLLERS_WITH_ROLES) {
    const controller = config.controllers?.[key];
    if (controller) uses.push({ path: ['controllers', key, 'mechanism'], mechanism: controller.mechanism ?? global, inherited: controller.mechanism === undefined });
  }
  // The application's backend gets a role when it has secrets to read.
  const app = config.application;
  if (app?.secrets) uses.push({ path: ['application', 'mechanism'], mechanism: app.mechanism ?? global, inherited: app.mechanism === undefined });
  for (const [name, addon] of Object.entries((config.addons ?? {}) as Record<string, AddonSettings | undefined>)) {
    const role = addon === undefined || !addonEntry(name)?.serviceAccount ? undefined : addonRoleSettings(name, addon);
    if (role) uses.push({ path: ['addons', name, 'serviceAccountRole', 'mechanism'], mechanism: role.mechanism ?? global, inherited: role.mechanism === undefined });
  }
  return uses;
}

/**
 * The role settings of an add-on, or undefined when it gets no role: `serviceAccountRole` true or
 * settings, or left out on an add-on whose catalogue entry makes a role by default.
 */
export function addonRoleSettings(name: string, addon: AddonSettings): AddonRoleSettings | undefined {
  if (addon.serviceAccountRole === false) return undefined;
  if (typeof addon.serviceAccountRole === 'object') return addon.serviceAccountRole;
  if (addon.serviceAccountRole === true) return {};
  if (addon.serviceAccountRoleArn !== undefined) return undefined;
  return addonEntry(name)?.serviceAccount?.byDefault ? {} : undefined;
}

/** IRSA needs the OIDC provider; Pod Identity needs the agent add-on (book chapter 15). */
export function identityIssues(config: EksConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const oidc = config.oidcProvider?.enabled ?? false;
  const agent = ((config.addons ?? {}) as Record<string, unknown>)['eks-pod-identity-agent'] !== undefined;
  const reported = new Set<string>();
  for (const use of roleUses(config)) {
    const path = use.inherited ? ['workloadIdentity'] : use.path;
    const key = `${path.join('.')}:${use.mechanism}`;
    if (reported.has(key)) continue;
    const where = use.inherited ? ` (for '${use.path.slice(0, -1).join('.')}')` : '';
    if (use.mechanism === 'irsa' && !oidc) {
      reported.add(key);
      issues.push(issue(path, use.mechanism, `needs the cluster's OIDC provider${where}: set 'oidcProvider.enabled' to true, or use "pod-identity"`));
    }
    if (use.mechanism === 'pod-identity' && !agent) {
      reported.add(key);
      issues.push(issue(path, use.mechanism, `needs the eks-pod-identity-agent add-on${where}: add 'addons.eks-pod-identity-agent', or use "irsa"`));
    }
  }
  return issues;
}

const MODE_PATH = ['controlPlane', 'accessConfig', 'authenticationMode'];

/**
 * What the authentication mode allows (book chapter 10): access entries (ours and the EC2_LINUX
 * entries of self-managed nodes) need an API mode, the aws-auth ConfigMap a CONFIG_MAP mode;
 * EKS takes one access entry per principal.
 */
export function authenticationModeIssues(config: EksConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const mode = config.controlPlane?.accessConfig?.authenticationMode;
  const entries = Object.entries(config.accessEntries ?? {});
  const selfManaged = Object.entries(config.nodeGroups ?? {})
    .filter(([, g]) => g.type === 'self-managed')
    .map(([n]) => n);
  const needing = [
    ...(entries.length > 0 ? [`'accessEntries' (${entries.map(([n]) => n).join(', ')}) need access entries`] : []),
    ...(selfManaged.length > 0 ? [`self-managed node groups (${selfManaged.join(', ')}) join through an EC2_LINUX access entry for their role`] : []),
  ];
  if (needing.length > 0 && (mode === undefined || !ACCESS_ENTRY_MODES.includes(mode))) {
    const tail = mode === undefined ? `unset, the cluster takes EKS's default, CONFIG_MAP, which reads only the aws-auth ConfigMap` : `CONFIG_MAP reads only the aws-auth ConfigMap (book chapter 10)`;
    const why = `must be "API" or "API_AND_CONFIG_MAP": ${needing.join('; ')}; ${tail}`;
    issues.push(mode === undefined ? { path: MODE_PATH, hasReceived: false, message: why } : issue(MODE_PATH, mode, why));
  }
  const awsAuth = config.kubernetes?.awsAuth;
  if (awsAuth && mode === 'API') {
    const mapped = [...(awsAuth.mapRoles ?? []).map((m) => m.rolearn ?? m.iamRole), ...(awsAuth.mapUsers ?? []).map((m) => m.userarn ?? m.iamUser)];
    issues.push(
      issue(
        ['kubernetes', 'awsAuth'],
        mapped,
        `would be ignored: authentication mode "API" ('controlPlane.accessConfig.authenticationMode') reads access entries only; declare these principals in 'accessEntries' (book chapter 10), or use "API_AND_CONFIG_MAP" to keep the ConfigMap`,
      ),
    );
  }
  const owners = new Map<string, string>();
  for (const [name, entry] of entries) {
    if (entry.principalArn === undefined || isUnresolved(entry.principalArn)) continue;
    const first = owners.get(entry.principalArn);
    if (first === undefined) owners.set(entry.principalArn, name);
    else {
      issues.push(
        issue(['accessEntries', name, 'principalArn'], entry.principalArn, `is also the principal of 'accessEntries.${first}': EKS takes one access entry per principal; put the groups and policies in one entry`),
      );
    }
  }
  return issues;
}

/**
 * Each access entry and aws-auth mapping names its principal once: an ARN, or a user or role of
 * `iamPrincipals`, which must exist there.
 */
export function principalReferenceIssues(config: EksConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const users = Object.keys(config.iamPrincipals?.users ?? {});
  const roles = Object.keys(config.iamPrincipals?.roles ?? {});
  const known = (kind: 'users' | 'roles', names: string[]) => (names.length > 0 ? names.map((n) => JSON.stringify(n)).join(', ') : `none: 'iamPrincipals.${kind}' is empty`);
  const check = (path: (string | number)[], ways: Record<string, string | undefined>, arnField: string) => {
    const given = Object.entries(ways).filter(([, v]) => v !== undefined);
    if (given.length === 0) issues.push({ path: [...path, arnField], hasReceived: false, message: `is required: name the principal by its ARN, or by ${Object.keys(ways).filter((k) => k !== arnField).map((k) => `'${k}'`).join(' or ')} (a principal of 'iamPrincipals')` });
    if (given.length > 1) issues.push(issue([...path, given[1][0]], given[1][1], `cannot be combined with '${given[0][0]}': name the principal once`));
    if (ways.iamUser !== undefined && !users.includes(ways.iamUser)) issues.push(issue([...path, 'iamUser'], ways.iamUser, `must name a user of 'iamPrincipals.users' (${known('users', users)})`));
    if (ways.iamRole !== undefined && !roles.includes(ways.iamRole)) issues.push(issue([...path, 'iamRole'], ways.iamRole, `must name a role of 'iamPrincipals.roles' (${known('roles', roles)})`));
  };
  for (const [name, e] of Object.entries(config.accessEntries ?? {})) {
    if (e) check(['accessEntries', name], { principalArn: e.principalArn, iamUser: e.iamUser, iamRole: e.iamRole }, 'principalArn');
  }
  const awsAuth = config.kubernetes?.awsAuth;
  (awsAuth?.mapRoles ?? []).forEach((m, i) => check(['kubernetes', 'awsAuth', 'mapRoles', i], { rolearn: m.rolearn, iamRole: m.iamRole }, 'rolearn'));
  (awsAuth?.mapUsers ?? []).forEach((m, i) => check(['kubernetes', 'awsAuth', 'mapUsers', i], { userarn: m.userarn, iamUser: m.iamUser }, 'userarn'));
  return issues;
}
