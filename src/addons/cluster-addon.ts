// chapter07-prefix controlplane/cni-addon.tf and chapter08 dataplane/nodes/addons.tf: an EKS
// managed add-on (`aws_eks_addon`), with typed settings serialized to `configuration_values`.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { type IrsaIssuer, type PolicyStatement, ServiceAccountRole, type WorkloadIdentityMechanism } from '../oidc/service-account-role';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { DEFAULT_LOG_GROUP_DELETION_DELAY_SECONDS, DEFAULT_LOG_RETENTION_DAYS, waitBeforeDeletion } from '../private/logs';
import { props, schemaIssues, settings } from '../private/validate';
import {
  ADDON_NAMES,
  addonConfiguration,
  addonEntry,
  addonFields,
  canonicalJson,
  ResolveConflictsOnCreate,
  ResolveConflictsOnUpdate,
} from './catalogue';

/**
 * Take over the objects of the self-managed add-on EKS installs with every cluster (book L711),
 * and keep Terraform's configuration on updates (book chapter07-prefix: OVERWRITE both).
 */
export const DEFAULT_RESOLVE_CONFLICTS_ON_CREATE: ResolveConflictsOnCreate = 'OVERWRITE';
export const DEFAULT_RESOLVE_CONFLICTS_ON_UPDATE: ResolveConflictsOnUpdate = 'OVERWRITE';

/** What an add-on needs from its cluster (a ControlPlane satisfies it). */
export interface AddonCluster {
  /** The cluster name, as a reference, so the add-on is created after the cluster (the book's chapter07-prefix refers across modules and fails to validate). */
  readonly clusterName: string;
}

export interface ClusterAddonProps {
  readonly cluster: AddonCluster;
  /** Add-on name as EKS spells it (book: `addon_name = "vpc-cni"`); checked against the known add-ons. */
  readonly addonName: string;
  /** Add-on version (book: `addon_version`). @default the version EKS picks for the cluster's Kubernetes version */
  readonly addonVersion?: string;
  /** Raw configuration values (book: `configuration_values = jsonencode({...})`). @default none */
  readonly configurationValues?: Record<string, unknown>;
  /** Typed settings of add-ons that have them (vpc-cni), written over `configurationValues`. @default none */
  readonly settings?: Record<string, unknown>;
  /** @default "OVERWRITE" */
  readonly resolveConflictsOnCreate?: ResolveConflictsOnCreate;
  /** @default "OVERWRITE" */
  readonly resolveConflictsOnUpdate?: ResolveConflictsOnUpdate;
  /** IAM role of your own for the add-on's service account (IRSA). @default none: the node role's permissions */
  readonly serviceAccountRoleArn?: string;
  /**
   * A role created for the add-on's service account (the catalogue names the account and the AWS
   * managed policies), trusted through IRSA (`service_account_role_arn`) or Pod Identity (the add-on's
   * `pod_identity_association`). @default none
   */
  readonly serviceAccountRole?: AddonRoleOptions;
  /** Keep the add-on's software when the add-on is removed. @default false */
  readonly preserve?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
  /** Resources to create first (e.g. node groups for add-ons that run pods). @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** How the log groups the catalogue names for the add-on are made. @default none: no such groups are created */
  readonly logGroups?: AddonLogGroupOptions;
}

/** The log groups an add-on writes to (the catalogue's `logGroups`). */
export interface AddonLogGroupOptions {
  /** The cluster name as a plain string: it is part of the group names. */
  readonly clusterName: string;
  /** @default 365 */
  readonly retentionDays?: number;
  /** The cluster's key; none leaves them unencrypted. @default none */
  readonly kmsKeyArn?: string;
  /** Seconds a group outlives the add-on on destroy (its agents may still send). @default 300 */
  readonly deletionDelaySeconds?: number;
}

/** How the role of an add-on's service account is made. */
export interface AddonRoleOptions {
  readonly mechanism: WorkloadIdentityMechanism;
  readonly roleName: string;
  /** Required with IRSA. */
  readonly oidcProvider?: IrsaIssuer;
  /** The eks-pod-identity-agent add-on; required with Pod Identity. */
  readonly podIdentityAgent?: ITerraformDependable;
  /** @default the catalogue's policies */
  readonly managedPolicies?: string[];
  /** @default [] */
  readonly policyArns?: string[];
  /** @default none */
  readonly policyStatements?: PolicyStatement[];
}

const propsSchema = props({
  addonName: v.pipe(v.string('must be a string'), v.check((n) => addonEntry(n) !== undefined, `is not an EKS add-on this project knows; known add-ons: ${ADDON_NAMES.join(', ')}`)),
  addonVersion: addonFields.version,
  configurationValues: addonFields.configurationValues,
  resolveConflictsOnCreate: addonFields.resolveConflictsOnCreate,
  resolveConflictsOnUpdate: addonFields.resolveConflictsOnUpdate,
  serviceAccountRoleArn: addonFields.serviceAccountRoleArn,
  preserve: addonFields.preserve,
  tags: addonFields.tags,
});

/** An EKS managed add-on. */
export class ClusterAddon extends Construct {
  readonly addon: EksAddon;
  readonly addonName: string;
  readonly addonArn: string;
  /** Whether node groups should wait for it (catalogue: vpc-cni, kube-proxy, Pod Identity agent). */
  readonly beforeNodes: boolean;
  /** The configuration values written, before serialization. */
  readonly configuration?: Record<string, unknown>;
  /** The role created for its service account, when asked for. */
  readonly serviceAccountRole?: ServiceAccountRole;
  /** The log groups it writes to, by name, created before it (with `logGroups`). */
  readonly logGroups: Readonly<Record<string, CloudwatchLogGroup>> = {};

  constructor(scope: Construct, id: string, props: ClusterAddonProps) {
    super(scope, id);
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`ClusterAddon '${this.node.path}'`, [...fieldIssues, ...(fieldIssues.length > 0 ? [] : settingsIssues(props))]);
    const entry = addonEntry(props.addonName)!;

    this.configuration = addonConfiguration(props.addonName, props.configurationValues, props.settings);
    const account = entry.serviceAccount;
    if (props.serviceAccountRole && account) {
      const o = props.serviceAccountRole;
      // IRSA trusts a subject (a pattern for add-ons with several accounts); Pod Identity associates each account.
      const names = o.mechanism === 'irsa' ? [account.irsaSubject ?? account.name] : [account.name, ...(account.alsoUsedBy ?? [])];
      this.serviceAccountRole = new ServiceAccountRole(this, 'service-account', {
        roleName: o.roleName,
        mechanism: o.mechanism,
        serviceAccounts: names.map((name) => ({ namespace: account.namespace, name })),
        oidcProvider: o.oidcProvider,
        podIdentityAgent: o.podIdentityAgent,
        associate: false,
        managedPolicies: o.managedPolicies ?? [...account.managedPolicies],
        policyArns: o.policyArns,
        policyStatements: o.policyStatements,
        tags: props.tags,
      });
    }
    const role = this.serviceAccountRole;
    const groups = props.logGroups ? addLogGroups(this, entry.logGroups ?? [], props.logGroups, props.tags ?? {}) : {};
    this.logGroups = groups;
    const dependsOn = [...(props.dependsOn ?? []), ...Object.values(groups)];
    this.addon = new EksAddon(this, 'addon', {
      clusterName: props.cluster.clusterName,
      addonName: props.addonName,
      ...(props.addonVersion ? { addonVersion: props.addonVersion } : {}),
      ...(this.configuration ? { configurationValues: canonicalJson(this.configuration) } : {}),
      resolveConflictsOnCreate: props.resolveConflictsOnCreate ?? DEFAULT_RESOLVE_CONFLICTS_ON_CREATE,
      resolveConflictsOnUpdate: props.resolveConflictsOnUpdate ?? DEFAULT_RESOLVE_CONFLICTS_ON_UPDATE,
      ...(props.serviceAccountRoleArn ? { serviceAccountRoleArn: props.serviceAccountRoleArn } : {}),
      ...(role?.mechanism === 'irsa' ? { serviceAccountRoleArn: role.roleArn } : {}),
      ...(role?.mechanism === 'pod-identity'
        ? { podIdentityAssociation: [account!.name, ...(account!.alsoUsedBy ?? [])].map((serviceAccount) => ({ roleArn: role.roleArn, serviceAccount })) }
        : {}),
      ...(props.preserve === undefined ? {} : { preserve: props.preserve }),
      tags: props.tags ?? {},
      // Pod Identity hands out credentials through the agent: it must run before the add-on's pods.
      ...(role?.mechanism === 'pod-identity' || dependsOn.length > 0
        ? { dependsOn: [...dependsOn, ...(role?.mechanism === 'pod-identity' ? [props.serviceAccountRole!.podIdentityAgent!] : [])] }
        : {}),
    });
    this.addonName = props.addonName;
    this.addonArn = this.addon.arn;
    this.beforeNodes = entry.beforeNodes;
  }
}

/** The add-on's log groups, each `{cluster}` replaced, addressed by its last path segment. */
function addLogGroups(scope: Construct, templates: readonly string[], o: AddonLogGroupOptions, tags: Record<string, string>): Record<string, CloudwatchLogGroup> {
  const groups: Record<string, CloudwatchLogGroup> = {};
  for (const template of templates) {
    const name = template.replace('{cluster}', o.clusterName);
    const group = new CloudwatchLogGroup(scope, `log-group-${template.split('/').pop()}`, {
      name,
      retentionInDays: o.retentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      ...(o.kmsKeyArn ? { kmsKeyId: o.kmsKeyArn } : {}),
      tags,
    });
    waitBeforeDeletion(group, o.deletionDelaySeconds ?? DEFAULT_LOG_GROUP_DELETION_DELAY_SECONDS);
    groups[name] = group;
  }
  return groups;
}

/** Typed settings exist only for some add-ons, and follow their own field rules; so do roles. */
function settingsIssues(p: ClusterAddonProps): ValidationIssue[] {
  const roleIssues: ValidationIssue[] = [];
  if (p.serviceAccountRole && !addonEntry(p.addonName)?.serviceAccount) {
    roleIssues.push(issue(['serviceAccountRole'], true, `is not needed by add-on "${p.addonName}": it calls no AWS API, or its permissions belong to the workloads`));
  }
  if (p.serviceAccountRole && p.serviceAccountRoleArn) {
    roleIssues.push(issue(['serviceAccountRoleArn'], p.serviceAccountRoleArn, `cannot be combined with 'serviceAccountRole': give your own role or let one be created`));
  }
  return [...roleIssues, ...typedSettingsIssues(p)];
}

function typedSettingsIssues(p: ClusterAddonProps): ValidationIssue[] {
  if (p.settings === undefined) return [];
  const spec = addonEntry(p.addonName)?.settings;
  if (!spec) {
    return [issue(['settings'], p.settings, `are not defined for add-on "${p.addonName}"; use 'configurationValues'`)];
  }
  return schemaIssues(settings(spec.fields), p.settings).map((i) => ({ ...i, path: ['settings', ...i.path] }));
}
