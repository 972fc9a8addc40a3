// The configuration a user writes (EKS_CONFIG file, cdktf.json context) and presets are made of.
// Each section reuses the field rules of the module it configures, so the same value is judged
// the same way in a file and through the TypeScript API.
import * as v from 'valibot';
import { addonsSchema } from '../addons/catalogue';
import { applicationSchema } from '../application/private/schema';
import { bastionSettingsSchema } from '../bastion/private/schema';
import { controllersSchema } from '../controllers/private/schema';
import { kubernetesSettingsSchema } from '../kubernetes/private/schema';
import { oidcProviderFields, serviceAccountRoleFields, WORKLOAD_IDENTITY_MECHANISMS } from '../oidc/private/schema';
import { controlPlaneFields } from '../controlplane/control-plane';
import { accessEntryConfigFields, iamPrincipalsFields } from '../controlplane/private/access-config';
import { flowLogSettings, networkFields } from '../dataplane/network/private/schema';
import { nodeGroupFields } from '../dataplane/nodes/private/schema';
import { bucketName, clusterName, iamRoleName, region } from '../private/names';
import { kubernetesVersion, map, matching, nonEmptyList, oneOf, settings, tagMap } from '../private/validate';
import { registrySettingsSchema } from '../registry/private/schema';
import { SECURITY_RULE_IDS } from '../rules/pack';
import { storageSchema } from '../storage/private/schema';

const text = (what: string) => matching(/^\S(.*\S)?$/s, `must be a non-empty ${what} without surrounding spaces`);

/** Where Terraform keeps state. */
export const backendSchema = v.variant(
  'type',
  [
    settings({
      type: v.literal('local'),
      /** State file, relative to the project directory (or absolute). */
      path: v.optional(text('path')),
    }),
    settings({
      type: v.literal('s3'),
      bucket: bucketName,
      key: v.optional(text('object key')),
      region: v.optional(region),
      /** S3 native locking (Terraform >= 1.10), no DynamoDB table. */
      useLockfile: v.optional(v.boolean('must be true or false')),
      kmsKeyId: v.optional(text('KMS key ID or ARN')),
      /** The S3 backend's `skip_region_validation`; the top-level `skipRegionValidation` sets it too. */
      skipRegionValidation: v.optional(v.boolean('must be true or false')),
    }),
    settings({
      type: v.literal('cloud'),
      organization: v.optional(text('organization name')),
      workspace: v.optional(text('workspace name')),
      workspaceTags: v.optional(nonEmptyList(text('tag'), 'tag')),
      project: v.optional(text('project name')),
      hostname: v.optional(text('hostname')),
    }),
  ],
  'must be an object whose \'type\' is "local", "s3" or "cloud"',
);

/** Where a node group's nodes live. */
export const NODE_SUBNETS = ['private', 'public'] as const;

/**
 * Where the control plane's network interfaces go: the nodes' private subnets (chapter 3), the
 * dedicated /28 ENI subnets (chapter 4: `eni_subnets`) or the public subnets (chapter 14-pub).
 */
export const CONTROL_PLANE_SUBNETS = ['private', 'eni', 'public'] as const;
/** Who runs the nodes: EKS (managed node group) or an Auto Scaling group of ours (book chapter 6). */
export const NODE_GROUP_TYPES = ['managed', 'self-managed'] as const;
export type NodeGroupType = (typeof NODE_GROUP_TYPES)[number];

export const nodeGroupSettings = settings({
  ...nodeGroupFields,
  /** Private subnets (default) or, as in book chapter 14-pub, public ones. */
  subnets: v.optional(oneOf(NODE_SUBNETS)),
  /** `managed` (default) or `self-managed`. */
  type: v.optional(oneOf(NODE_GROUP_TYPES)),
});

export const configSchema = settings({
  /** EKS cluster name (book: `cluster_name`). */
  clusterName,
  /** Kubernetes minor version (book: `cluster_version`). */
  clusterVersion: v.optional(kubernetesVersion()),
  /** AWS region; else AWS_REGION, else us-east-1 (the book's region). */
  region: v.optional(region),
  /**
   * Accept a region the pinned AWS provider does not list (one AWS opened after it): no check
   * here, and the provider's and S3 backend's `skip_region_validation`. @default false
   */
  skipRegionValidation: v.optional(v.boolean('must be true or false')),
  /**
   * The project's security rule pack, run on every synthesis (docs/security.md): `suppress` maps a
   * rule id to the reason its findings are accepted; each finding then prints as accepted, not as
   * a warning. @default {} (every finding is a warning)
   */
  securityRules: v.optional(
    settings({
      suppress: v.optional(
        map(
          v.pipe(
            v.string(),
            v.check((id) => SECURITY_RULE_IDS.includes(id), 'is not a rule of the pack (docs/security.md lists them, e.g. "EKS-PUBLIC-ENDPOINT")'),
          ),
          matching(/^\S(.*\S)?$/s, 'must give the reason the findings are accepted (a text without surrounding spaces)'),
          'must be a map of rule ids to the reasons their findings are accepted',
        ),
      ),
    }),
  ),
  /** Tags on every resource, through the provider's default_tags. */
  tags: v.optional(tagMap),
  backend: v.optional(backendSchema),
  /** ClusterNetwork settings, plus `flowLogs` (VPC flow logs, on by default). */
  network: v.optional(settings({ ...networkFields, flowLogs: v.optional(flowLogSettings) })),
  controlPlane: v.optional(
    settings({
      ...controlPlaneFields,
      subnets: v.optional(oneOf(CONTROL_PLANE_SUBNETS)),
    }),
  ),
  nodeRole: v.optional(
    settings({
      roleName: v.optional(iamRoleName),
      /** Role of self-managed nodes, kept apart so EKS's own access entries for managed groups never collide with ours. */
      selfManagedRoleName: v.optional(iamRoleName),
      extraManagedPolicies: v.optional(v.array(matching(/^[\w+=,.@/-]{1,128}$/, 'must be an AWS managed policy name'))),
    }),
  ),
  /** Managed node groups by name (book: `node_name`); `null` in a file removes a preset's group. */
  nodeGroups: v.optional(
    map(
      matching(/^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/, 'node group names must be 1 to 63 letters, digits, "-" or "_", starting with a letter or digit'),
      nodeGroupSettings,
      'must be a map of node group names to settings',
      { addressKeys: true },
    ),
  ),
  /** A bastion host in the VPC (book chapters 4–5), reached through SSM (default) or SSH. */
  bastion: v.optional(bastionSettingsSchema),
  /**
   * ECR repositories for the cluster's images and the IAM group allowed to push to them (book
   * chapter 12, by hand there; seed 001 "Container registry"). Nodes pull through their role.
   */
  registry: v.optional(registrySettingsSchema),
  /**
   * How pods get AWS credentials, for every role that does not say (book chapter 15): EKS Pod
   * Identity (default) or IRSA (needs `oidcProvider`).
   */
  workloadIdentity: v.optional(oneOf(WORKLOAD_IDENTITY_MECHANISMS)),
  /** The cluster's IAM OIDC provider, for IRSA (book chapters 14-alb, 15-irsa, 16-ebs-efs, 19-autoscaler). */
  oidcProvider: v.optional(settings(oidcProviderFields)),
  /** IAM roles for Kubernetes service accounts, by name (book chapter 15: `IRSARole`, `pod-identity-role`). */
  serviceAccountRoles: v.optional(
    map(
      matching(/^[a-z0-9][a-z0-9-]{0,39}$/, 'role keys must be up to 40 lower-case letters, digits and "-"'),
      settings(serviceAccountRoleFields),
      'must be a map of role names to settings',
      { addressKeys: true },
    ),
  ),
  /**
   * IAM users and roles the stack creates for `accessEntries` and `kubernetes.awsAuth` to name
   * (book chapters 9 and 10 create alice and my-test-eks-role by hand).
   */
  iamPrincipals: v.optional(settings(iamPrincipalsFields)),
  /**
   * Access entries by a stable name (book chapter 10: `create-access-entry`, `associate-access-policy`);
   * the name is part of their Terraform addresses; `null` in a file removes a preset's entry.
   */
  accessEntries: v.optional(
    map(
      matching(/^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/, 'access entry names must be 1 to 63 letters, digits, "-" or "_", starting with a letter or digit'),
      settings(accessEntryConfigFields),
      'must be a map of access entry names to settings',
      { addressKeys: true },
    ),
  ),
  /**
   * The Kubernetes stack (seed 001's second code base): provider authentication and the
   * Kubernetes-side resources. Synthesized only when something in it is set besides `auth`.
   */
  kubernetes: v.optional(kubernetesSettingsSchema),
  /**
   * Storage (book chapter 16): an EFS file system and the NFS server host in the AWS stack;
   * StorageClasses and the NFS CSI driver in the Kubernetes stack.
   */
  storage: v.optional(storageSchema),
  /**
   * Controllers installed with Helm in the Kubernetes stack, with their AWS side (roles, queues,
   * security group rules) in the AWS stack (book chapters 14-alb, 19, 20). Any of them makes the
   * Kubernetes stack.
   */
  controllers: v.optional(controllersSchema),
  /**
   * Seed 001's application in the Kubernetes stack (frontend, backend, Ingress, secrets volume),
   * with the backend's role and secrets in the AWS stack.
   */
  application: v.optional(applicationSchema),
  /** EKS managed add-ons by name (book chapter 7-prefix and 8: `aws_eks_addon`); `null` in a file removes a preset's add-on. */
  addons: v.optional(addonsSchema),
});

/**
 * The settings of one cluster, everything but where Terraform keeps its state: the props of the
 * EksCluster construct. Its own `region` is required.
 */
const { backend: _backend, ...clusterFields } = configSchema.entries;
const requiredRegion = v.pipe(v.string((i) => (i.input === undefined ? "is required: the region of the stack's AWS provider" : 'must be a string')), region);
export const clusterSettingsSchema = settings({ ...clusterFields, region: requiredRegion });

/** A configuration as written in a file or preset. */
export type EksConfigInput = v.InferInput<typeof configSchema>;
/** A checked configuration. */
export type EksConfig = v.InferOutput<typeof configSchema>;
export type BackendConfig = v.InferOutput<typeof backendSchema>;
export type NodeGroupSettings = v.InferOutput<typeof nodeGroupSettings>;
export type BastionSettings = NonNullable<EksConfig['bastion']>;
export type RegistrySettings = NonNullable<EksConfig['registry']>;
export type StorageConfig = v.InferOutput<typeof storageSchema>;
export type ServiceAccountRoleSettings = NonNullable<EksConfig['serviceAccountRoles']>[string];
export type AccessEntrySettings = NonNullable<EksConfig['accessEntries']>[string];
export type AddonsConfig = v.InferOutput<typeof addonsSchema>;
export type ControllersConfig = v.InferOutput<typeof controllersSchema>;
export type ApplicationConfig = v.InferOutput<typeof applicationSchema>;

/** A checked configuration with everything taken from the environment filled in. */
export interface ResolvedConfig extends EksConfig {
  readonly region: string;
  readonly backend: BackendConfig;
}
