// Field rules of the node modules (managed and self-managed node groups, their launch templates),
// shared by the constructs and the configuration file schema. Valibot only: the configuration
// schema imports this file without loading any provider class.
import * as v from 'valibot';
import { integer, kubernetesVersion, map, matching, nonEmptyList, oneOf, settings, tagMap } from '../../../private/validate';

/** Purchase options (book chapter 3: `capacity_type = "ON_DEMAND" #or "SPOT"`). */
export const CAPACITY_TYPES = ['ON_DEMAND', 'SPOT', 'CAPACITY_BLOCK'] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/**
 * AMI types of managed node groups, as accepted by the AWS provider 5.100.0. They also name the
 * AMI family (and so the user data format) and the architecture of launch templates and
 * self-managed nodes.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
 */
export const AMI_TYPES = [
  'AL2023_x86_64_STANDARD',
  'AL2023_ARM_64_STANDARD',
  'AL2023_x86_64_NEURON',
  'AL2023_x86_64_NVIDIA',
  'AL2023_ARM_64_NVIDIA',
  'BOTTLEROCKET_x86_64',
  'BOTTLEROCKET_ARM_64',
  'BOTTLEROCKET_x86_64_FIPS',
  'BOTTLEROCKET_ARM_64_FIPS',
  'BOTTLEROCKET_x86_64_NVIDIA',
  'BOTTLEROCKET_ARM_64_NVIDIA',
  'WINDOWS_CORE_2019_x86_64',
  'WINDOWS_FULL_2019_x86_64',
  'WINDOWS_CORE_2022_x86_64',
  'WINDOWS_FULL_2022_x86_64',
  'AL2_x86_64',
  'AL2_x86_64_GPU',
  'AL2_ARM_64',
  'CUSTOM',
] as const;
export type AmiType = (typeof AMI_TYPES)[number];
/** Amazon Linux 2023, the EKS default AMI family since Kubernetes 1.30. */
export const DEFAULT_AMI_TYPE: AmiType = 'AL2023_x86_64_STANDARD';

/** Kubernetes taint effects, spelled as the EKS API spells them. */
export const TAINT_EFFECTS = ['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE'] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

/** A Kubernetes taint (book chapter06-self-managed: `statefulset-no-schedule=true:NO_SCHEDULE`, commented out). */
export interface Taint {
  readonly key: string;
  /** @default none */
  readonly value?: string;
  readonly effect: TaintEffect;
}

/** Kubernetes label keys (`prefix/name`) and values (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set). */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  return LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && LABEL_PREFIX.test(prefix)));
}
const LABEL_KEY_RULE = 'is not a Kubernetes label key: [prefix/]name, the name up to 63 letters, digits, "-", "_" or "."';
const labelValue = matching(LABEL_VALUE, 'must be a Kubernetes label value: up to 63 letters, digits, "-", "_" or "."');

const text = (what: string) => matching(/^\S(.*\S)?$/s, `must be a non-empty ${what} without surrounding spaces`);
const content = (what: string) => matching(/\S/, `must be a non-empty ${what}`);
const securityGroupId = matching(/^sg-[0-9a-f]{8,17}$/, 'must be a security group ID such as "sg-0123456789abcdef0"');
const bool = v.boolean('must be true or false');

/** How many pods the kubelet accepts: a number, or `auto` to compute it from the instance type table. */
const MAX_PODS_RULE = 'must be "auto" or a whole number between 1 and 1000';
// v.lazy picks the schema by input, so a wrong number gets its own message (a union would only say it matched nothing).
export const maxPodsField = v.lazy((input) => (typeof input === 'number' ? integer(1, 1000) : v.literal('auto', MAX_PODS_RULE)));

/** User data added to what the node group generates, or replacing it (`raw`). */
export const userDataFields = {
  /** Shell commands run before the node joins (Amazon Linux 2 and 2023). */
  script: v.optional(content('shell script')),
  /** NodeConfig `spec` fields merged into the generated one (Amazon Linux 2023, nodeadm). */
  nodeConfig: v.optional(map(v.string(), v.unknown(), 'must be an object of NodeConfig spec fields')),
  /** Settings merged under `[settings]` of the generated TOML (Bottlerocket). */
  bottlerocketSettings: v.optional(map(v.string(), v.unknown(), 'must be an object of Bottlerocket settings')),
  /** Complete user data, used as is: the only way to bootstrap an AMI of type CUSTOM. */
  raw: v.optional(content('user data')),
};

/** The root volume (the book adds an unused second volume at /dev/sdf instead). */
export const rootVolumeFields = {
  sizeGiB: v.optional(integer(1, 16384)),
  /** gp3 IOPS (3000 included). */
  iops: v.optional(integer(3000, 80000)),
  /** gp3 throughput (125 MiB/s included). */
  throughputMiBps: v.optional(integer(125, 2000)),
  /** KMS key for the encryption. @default the account's default EBS key */
  kmsKeyId: v.optional(text('KMS key ID, alias or ARN')),
};

/** Launch template names (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html). */
export const launchTemplateName = matching(/^[A-Za-z0-9().\/_-]{3,128}$/, 'must be 3 to 128 characters: letters, digits and ( ) . / _ - (launch template name rules)');

/** Launch template settings (book chapter06-launch-template `launch-template.tf`). */
export const launchTemplateFields = {
  /** Template name (book: `name = "custom-launch-template"`). */
  name: v.optional(launchTemplateName),
  /** Custom AMI (book: `image_id`); `resolve:ssm:<parameter>` for self-managed nodes. */
  amiId: v.optional(matching(/^(ami-[0-9a-f]{8,17}|resolve:ssm:\S+)$/, 'must be an AMI ID such as "ami-0123456789abcdef0" or "resolve:ssm:<parameter>"')),
  /** IMDSv2 response hop limit: 1 keeps pods off the node role; 2 lets pods reach the metadata service. */
  httpPutResponseHopLimit: v.optional(integer(1, 64)),
  /** Expose instance tags through the metadata service (book: `instance_metadata_tags = "enabled"`). */
  instanceMetadataTags: v.optional(bool),
  rootVolume: v.optional(settings(rootVolumeFields)),
  /** Security groups added to the nodes, next to the cluster security group. */
  securityGroupIds: v.optional(nonEmptyList(securityGroupId, 'security group ID')),
  maxPods: v.optional(maxPodsField),
  userData: v.optional(settings(userDataFields)),
  /** Tags of the instances and volumes launched (the node group's own tags stay on the group). */
  tags: v.optional(tagMap),
};

/** SSH access (`remote_access`); moved into the launch template when there is one. */
export const remoteAccessFields = {
  /** EC2 key pair name. */
  ec2SshKey: text('key pair name'),
  /** Security groups allowed to reach port 22; required (EKS would otherwise open it to 0.0.0.0/0). */
  sourceSecurityGroupIds: nonEmptyList(securityGroupId, 'security group ID'),
};

/** Field rules shared with the configuration file schema, for managed and self-managed node groups. */
export const nodeGroupFields = {
  capacityType: v.optional(oneOf(CAPACITY_TYPES)),
  instanceTypes: v.optional(
    nonEmptyList(matching(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, 'must be an EC2 instance type such as "m6i.large"'), 'instance type'),
  ),
  amiType: v.optional(oneOf(AMI_TYPES)),
  diskSizeGiB: v.optional(integer(1, 16384)),
  desiredSize: v.optional(integer(0, 1000)),
  minSize: v.optional(integer(0, 1000)),
  maxSize: v.optional(integer(1, 1000)),
  maxUnavailable: v.optional(integer(1, 100)),
  maxUnavailablePercentage: v.optional(integer(1, 100)),
  labels: v.optional(
    map(v.pipe(v.string(), v.check(isLabelKey, LABEL_KEY_RULE)), labelValue, 'must be a map of Kubernetes labels'),
  ),
  taints: v.optional(
    v.pipe(
      v.array(
        settings({
          key: v.pipe(v.string('must be a string'), v.check((k) => isLabelKey(k) && k.length <= 63, `${LABEL_KEY_RULE}, at most 63 characters`)),
          value: v.optional(labelValue),
          effect: oneOf(TAINT_EFFECTS),
        }),
        'must be a list of taints {key, value, effect}',
      ),
      v.check((a) => a.length <= 50, 'must hold at most 50 taints (EKS limit)'),
    ),
  ),
  tags: v.optional(tagMap),
  /** Kubernetes version of the nodes, when it differs from the cluster's (upgrades). */
  version: v.optional(kubernetesVersion(/^1\.\d{1,2}$/, 'must be a Kubernetes minor version such as "1.34"')),
  /** EKS AMI release, to pin the nodes' AMI (e.g. "1.35.0-20251120"). */
  releaseVersion: v.optional(matching(/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/, 'must be an EKS AMI release version such as "1.35.0-20251120"')),
  /** Name the group with a prefix, so a replacement is created before the old group is destroyed. */
  createBeforeDestroy: v.optional(bool),
  remoteAccess: v.optional(settings(remoteAccessFields)),
  /** `false`: EKS's own launch template (book chapter 6); an object: this project's template. */
  launchTemplate: v.optional(
    v.lazy((input) =>
      typeof input === 'object' && input !== null && !Array.isArray(input) ? settings(launchTemplateFields) : v.literal(false, 'must be false or an object of launch template settings'),
    ),
  ),
};

export type UserDataOptions = v.InferOutput<v.ObjectSchema<typeof userDataFields, undefined>>;
export type RootVolumeOptions = v.InferOutput<v.ObjectSchema<typeof rootVolumeFields, undefined>>;
export type LaunchTemplateOptions = v.InferOutput<v.ObjectSchema<typeof launchTemplateFields, undefined>>;
export type RemoteAccessOptions = v.InferOutput<v.ObjectSchema<typeof remoteAccessFields, undefined>>;
export type MaxPodsSetting = v.InferOutput<typeof maxPodsField>;
