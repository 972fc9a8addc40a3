// chapter07-prefix cni-addon.tf and chapter08 addons.tf: which EKS add-ons a configuration may
// name, which of them nodes need before they start, and the field rules of `addons.<name>`.
// Valibot only: the configuration schema loads it without any provider class.
//
// Extending: add an entry to ADDON_CATALOGUE (name as EKS spells it, a description, whether node
// groups wait for it) and, for typed settings, a `settings` pair (valibot fields and the function
// that turns them into configuration values), as vpc-cni does.
import * as v from 'valibot';
import { policyStatementSchema, WORKLOAD_IDENTITY_MECHANISMS } from '../oidc/private/schema';
import { iamRoleName } from '../private/names';
import { map, matching, oneOf, settings, tagMap } from '../private/validate';
import { vpcCniConfiguration, vpcCniSettingsFields } from './vpc-cni';

/** Typed settings of one add-on: field rules and their `configuration_values`. */
export interface AddonSettingsSpec {
  readonly fields: v.ObjectEntries;
  readonly toConfiguration: (settings: Record<string, unknown>) => Record<string, unknown>;
}

/** The service account an add-on's AWS permissions are for, and the policies AWS recommends. */
export interface AddonServiceAccount {
  readonly namespace: string;
  readonly name: string;
  /** AWS managed policies of the role (`service-role/…` where AWS puts them there). */
  readonly managedPolicies: readonly string[];
  /**
   * Create the role unless the configuration says otherwise: the add-on cannot work without it
   * (the book's chapter16-ebs-efs and chapter20-logging lean on node role or shared roles instead).
   */
  readonly byDefault: boolean;
  /**
   * Other service accounts of the add-on that EKS gives the same role: the add-on takes one role
   * for all its accounts (aws/containers-roadmap#2820: the EFS add-on's node account). Pod Identity
   * associates each of them. @default []
   */
  readonly alsoUsedBy?: readonly string[];
  /**
   * The IRSA trust's subject for all of them, a `StringLike` pattern. @default `name` (StringEquals)
   */
  readonly irsaSubject?: string;
}

export interface AddonCatalogueEntry {
  readonly description: string;
  /** The service account its role is for, when it calls AWS APIs. @default none */
  readonly serviceAccount?: AddonServiceAccount;
  /**
   * Created before the node groups, which depend on it: the pod network (vpc-cni), service
   * routing (kube-proxy) and node agents. Others run pods, which need nodes to become ACTIVE.
   */
  readonly beforeNodes: boolean;
  /**
   * It runs a Deployment whose pods must be ready before EKS reports the add-on ACTIVE: without
   * any node (or Fargate) to run them, Terraform waits 20 minutes and fails on DEGRADED
   * (terraform-aws-eks#3001 for CoreDNS). DaemonSet-only add-ons are ACTIVE with no node. @default false
   */
  readonly needsNodes?: boolean;
  readonly settings?: AddonSettingsSpec;
  /**
   * CloudWatch log groups the add-on writes to, `{cluster}` standing for the cluster name: created
   * before it, with a retention and the cluster's key, instead of by the add-on's agents (no
   * retention, no key, left behind by a destroy). @default none
   */
  readonly logGroups?: readonly string[];
}

/**
 * EKS add-ons from AWS and the community add-ons EKS offers
 * (https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html and
 * community-addons.html, read 2026-11-21).
 */
export const ADDON_CATALOGUE = {
  'vpc-cni': {
    description: 'Amazon VPC CNI: pod networking from VPC addresses (book chapter 7)',
    beforeNodes: true,
    settings: { fields: vpcCniSettingsFields, toConfiguration: vpcCniConfiguration },
    // The node role holds AmazonEKS_CNI_Policy (book chapter 3), so the role is an opt-in here.
    serviceAccount: { namespace: 'kube-system', name: 'aws-node', managedPolicies: ['AmazonEKS_CNI_Policy'], byDefault: false },
  },
  'kube-proxy': { description: 'Service routing rules on every node', beforeNodes: true },
  coredns: { description: 'Cluster DNS', beforeNodes: false, needsNodes: true },
  'eks-pod-identity-agent': { description: 'EKS Pod Identity credentials for pods', beforeNodes: true },
  'aws-ebs-csi-driver': {
    description: 'Amazon EBS volumes',
    beforeNodes: false,
    needsNodes: true,
    serviceAccount: { namespace: 'kube-system', name: 'ebs-csi-controller-sa', managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'], byDefault: true },
  },
  'aws-efs-csi-driver': {
    description: 'Amazon EFS file systems',
    beforeNodes: false,
    needsNodes: true,
    // EKS annotates both of the add-on's accounts with its role; AWS's guide trusts them with
    // `StringLike` on system:serviceaccount:kube-system:efs-csi-* (EKS User Guide, "Amazon EFS CSI
    // driver" add-on, Required IAM permissions).
    serviceAccount: {
      namespace: 'kube-system',
      name: 'efs-csi-controller-sa',
      managedPolicies: ['service-role/AmazonEFSCSIDriverPolicy'],
      byDefault: true,
      alsoUsedBy: ['efs-csi-node-sa'],
      irsaSubject: 'efs-csi-*',
    },
  },
  'aws-mountpoint-s3-csi-driver': { description: 'Amazon S3 buckets as volumes', beforeNodes: false },
  'aws-fsx-csi-driver': { description: 'Amazon FSx for Lustre volumes', beforeNodes: false, needsNodes: true },
  'snapshot-controller': { description: 'CSI volume snapshots', beforeNodes: false, needsNodes: true },
  'aws-secrets-store-csi-driver-provider': { description: 'AWS Secrets Manager and Parameter Store secrets as volumes', beforeNodes: false },
  'amazon-cloudwatch-observability': {
    description: 'CloudWatch agent and Container Insights',
    beforeNodes: false,
    needsNodes: true,
    serviceAccount: { namespace: 'amazon-cloudwatch', name: 'cloudwatch-agent', managedPolicies: ['CloudWatchAgentServerPolicy', 'AWSXrayWriteOnlyAccess'], byDefault: true },
    // Container Insights' groups (CloudWatch User Guide, "Container Insights": Fluent Bit sends
    // application, host and dataplane logs, the agent performance log events).
    logGroups: ['application', 'dataplane', 'host', 'performance'].map((g) => `/aws/containerinsights/{cluster}/${g}`),
  },
  adot: { description: 'AWS Distro for OpenTelemetry', beforeNodes: false, needsNodes: true },
  'aws-guardduty-agent': { description: 'GuardDuty runtime monitoring', beforeNodes: false },
  'eks-node-monitoring-agent': { description: 'Node health monitoring for auto repair', beforeNodes: false },
  'aws-network-flow-monitoring-agent': { description: 'Network flow monitoring', beforeNodes: false },
  'metrics-server': { description: 'Resource metrics for autoscaling (community)', beforeNodes: false, needsNodes: true },
  'kube-state-metrics': { description: 'Kubernetes object metrics (community)', beforeNodes: false, needsNodes: true },
  'prometheus-node-exporter': { description: 'Node metrics for Prometheus (community)', beforeNodes: false },
  'cert-manager': { description: 'TLS certificates (community)', beforeNodes: false, needsNodes: true },
  'external-dns': {
    description: 'DNS records for Services and Ingresses (community)',
    beforeNodes: false,
    needsNodes: true,
    // AWS documents AmazonRoute53FullAccess; scope it down with 'policyStatements' on your zones.
    serviceAccount: { namespace: 'external-dns', name: 'external-dns', managedPolicies: [], byDefault: false },
  },
  'fluent-bit': { description: 'Log forwarding (community)', beforeNodes: false },
} as const satisfies Readonly<Record<string, AddonCatalogueEntry>>;

export type AddonName = keyof typeof ADDON_CATALOGUE;
export const ADDON_NAMES = Object.keys(ADDON_CATALOGUE) as AddonName[];

/** The catalogue entry of `name`, or undefined for a name EKS does not offer. */
export function addonEntry(name: string): AddonCatalogueEntry | undefined {
  return Object.prototype.hasOwnProperty.call(ADDON_CATALOGUE, name) ? (ADDON_CATALOGUE as Record<string, AddonCatalogueEntry>)[name] : undefined;
}

/** How an add-on's install handles existing Kubernetes objects it would own (e.g. the self-managed vpc-cni EKS installs). */
export const RESOLVE_CONFLICTS_ON_CREATE = ['NONE', 'OVERWRITE'] as const;
export const RESOLVE_CONFLICTS_ON_UPDATE = ['NONE', 'OVERWRITE', 'PRESERVE'] as const;
export type ResolveConflictsOnCreate = (typeof RESOLVE_CONFLICTS_ON_CREATE)[number];
export type ResolveConflictsOnUpdate = (typeof RESOLVE_CONFLICTS_ON_UPDATE)[number];

/** Fields every add-on takes (`addons.<name>`). */
export const addonFields = {
  /** `addon_version`, e.g. "v1.20.4-eksbuild.1". The book pins versions that age quickly; by default EKS picks the version for the cluster. */
  version: v.optional(matching(/^v\d+\.\d+\.\d+(-eksbuild\.\d+)?$/, 'must be an add-on version such as "v1.20.4-eksbuild.1"')),
  /** Raw configuration values (the add-on's JSON schema, `aws eks describe-addon-configuration`), merged under the typed settings. */
  configurationValues: v.optional(map(v.string(), v.unknown(), 'must be an object of configuration values')),
  resolveConflictsOnCreate: v.optional(oneOf(RESOLVE_CONFLICTS_ON_CREATE)),
  resolveConflictsOnUpdate: v.optional(oneOf(RESOLVE_CONFLICTS_ON_UPDATE)),
  /** IAM role of your own for the add-on's service account (IRSA); excludes 'serviceAccountRole'. */
  serviceAccountRoleArn: v.optional(matching(/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/, 'must be an IAM role ARN')),
  /**
   * A role created for the add-on's service account: `true` (the catalogue's policies), `false`
   * (none), or its settings. Defaults to true for add-ons that need AWS permissions.
   */
  serviceAccountRole: v.optional(
    v.union(
      [
        v.boolean(),
        settings({
          roleName: v.optional(iamRoleName),
          mechanism: v.optional(oneOf(WORKLOAD_IDENTITY_MECHANISMS)),
          managedPolicies: v.optional(v.array(matching(/^[\w+=,.@/-]{1,128}$/, 'must be an AWS managed policy name'))),
          policyArns: v.optional(v.array(matching(/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/, 'must be an IAM policy ARN'))),
          policyStatements: v.optional(v.array(policyStatementSchema)),
        }),
      ],
      'must be true, false or the role\'s settings',
    ),
  ),
  /** Keep the add-on's software in the cluster when the add-on is removed. */
  preserve: v.optional(v.boolean('must be true or false')),
  tags: v.optional(tagMap),
};

/** `addons`: known names only (an unknown one lists them), each with its fields and typed settings. */
export const addonsSchema = settings(
  Object.fromEntries(
    Object.entries(ADDON_CATALOGUE as Record<string, AddonCatalogueEntry>).map(([name, entry]) => [
      name,
      v.optional(settings(entry.settings ? { ...addonFields, settings: v.optional(settings(entry.settings.fields)) } : addonFields)),
    ]),
  ),
);

export type AddonSettings = v.InferOutput<v.ObjectSchema<typeof addonFields, undefined>> & { readonly settings?: Record<string, unknown> };
export type AddonRoleSettings = Exclude<NonNullable<AddonSettings['serviceAccountRole']>, boolean>;

/** The configuration values of an add-on: raw values, then typed settings over them. */
export function addonConfiguration(name: string, raw: Record<string, unknown> | undefined, typed: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const entry = addonEntry(name);
  const fromSettings = typed && entry?.settings ? entry.settings.toConfiguration(typed) : {};
  const merged = mergeObjects(raw ?? {}, fromSettings);
  return Object.keys(merged).length > 0 ? merged : undefined;
}

function mergeObjects(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, value] of Object.entries(over)) {
    const current = out[k];
    out[k] = isObject(current) && isObject(value) ? mergeObjects(current, value) : value;
  }
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** JSON with keys sorted at every level, so the same configuration always gives the same string (no plan diff). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}
