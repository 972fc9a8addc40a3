// chapter03 data-plane/nodes/workers.tf: an EKS managed node group.
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../../errors';
import { integer, isUnresolved, matching, nonEmptyList, oneOf, props, schemaIssues, tagMap } from '../../private/validate';

/** Purchase options (book chapter 3: `capacity_type = "ON_DEMAND" #or "SPOT"`). */
export const CAPACITY_TYPES = ['ON_DEMAND', 'SPOT', 'CAPACITY_BLOCK'] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/**
 * AMI types of managed node groups, as accepted by the AWS provider 5.100.0.
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

export const DEFAULT_CAPACITY_TYPE: CapacityType = 'ON_DEMAND';
/** Amazon Linux 2023, the EKS default AMI family since Kubernetes 1.30. */
export const DEFAULT_AMI_TYPE: AmiType = 'AL2023_x86_64_STANDARD';
/** General purpose, 2 vCPU / 8 GiB, 29 pods with the VPC CNI; the book's t3.small fits 11. */
export const DEFAULT_INSTANCE_TYPES = ['m6i.large'];
/** The EKS default root volume size. */
export const DEFAULT_DISK_SIZE_GIB = 20;
export const DEFAULT_DESIRED_SIZE = 2;
export const DEFAULT_MIN_SIZE = 2;
export const DEFAULT_MAX_SIZE = 4;
/** One node at a time during updates (book: `update_config.max_unavailable = 1`). */
export const DEFAULT_MAX_UNAVAILABLE = 1;

/** Kubernetes label keys (`prefix/name`) and values (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set). */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  return LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && LABEL_PREFIX.test(prefix)));
}

/** Field rules shared with the configuration file schema. */
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
  labels: v.optional(
    v.record(
      v.pipe(
        v.string(),
        v.check(isLabelKey, 'is not a Kubernetes label key: [prefix/]name, the name up to 63 letters, digits, "-", "_" or "."'),
      ),
      matching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, 'must be a Kubernetes label value: up to 63 letters, digits, "-", "_" or "."'),
      'must be a map of Kubernetes labels',
    ),
  ),
  tags: v.optional(tagMap),
};

/** What a node group needs from its cluster (a ControlPlane satisfies it). */
export interface NodeGroupCluster {
  readonly clusterName: string;
  /** Version the nodes run, usually a reference to the cluster's. */
  readonly clusterVersion: string;
  /** The version as a plain string, when known, for AMI checks. @default none */
  readonly kubernetesVersion?: string;
}

/** What a node group needs from its IAM role (a NodeRole satisfies it). */
export interface NodeGroupRole {
  readonly roleArn: string;
  /** Policy attachments the node group waits for. @default [] */
  readonly attachments?: ITerraformDependable[];
}

export interface ManagedNodeGroupProps {
  /** The cluster the nodes join (book: `cluster_name`). */
  readonly cluster: NodeGroupCluster;
  /** Name of the node group (book: `node_name`). */
  readonly nodeName: string;
  /** IAM role of the nodes (book: `nodes_role_arn`). */
  readonly nodeRole: NodeGroupRole;
  /** Subnets of the nodes, private ones unless nodes must be public (book: `subnet_ids`). */
  readonly subnetIds: string[];
  /** `ON_DEMAND`, `SPOT` or `CAPACITY_BLOCK`. @default "ON_DEMAND" */
  readonly capacityType?: CapacityType;
  /** Instance types; list several for SPOT (book: `instance_types`). @default ["m6i.large"] */
  readonly instanceTypes?: string[];
  /** AMI family and architecture. @default "AL2023_x86_64_STANDARD" */
  readonly amiType?: AmiType;
  /** Root volume size. @default 20 */
  readonly diskSizeGiB?: number;
  /** Nodes at creation; later changes by an autoscaler are kept (`desired_size` is ignored after creation). @default 2 */
  readonly desiredSize?: number;
  /** @default 2 */
  readonly minSize?: number;
  /** @default 4 */
  readonly maxSize?: number;
  /** Nodes updated at once (book: `update_config.max_unavailable`). @default 1 */
  readonly maxUnavailable?: number;
  /** Kubernetes labels of the nodes (book: `labels = { name = var.label }`). @default {} */
  readonly labels?: Record<string, string>;
  /** Tags of the node group resource (book: `Name = "worker-node"`). @default {} */
  readonly tags?: Record<string, string>;
}

const NODE_GROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/;

const propsSchema = props({
  nodeName: matching(NODE_GROUP_NAME, 'must be 1 to 63 characters: letters, digits, "-" and "_", starting with a letter or digit (EKS node group name rules)'),
  subnetIds: v.array(v.string(), 'must be a list of subnet IDs'),
  ...nodeGroupFields,
});

/** A managed node group whose size an autoscaler may change without Terraform undoing it. */
export class ManagedNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly nodeGroupName: string;
  readonly nodeGroupArn: string;
  readonly nodeRoleArn: string;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const capacityType = props.capacityType ?? DEFAULT_CAPACITY_TYPE;
    const instanceTypes = props.instanceTypes ?? DEFAULT_INSTANCE_TYPES;
    const amiType = props.amiType ?? DEFAULT_AMI_TYPE;
    const desiredSize = props.desiredSize ?? DEFAULT_DESIRED_SIZE;
    const minSize = props.minSize ?? DEFAULT_MIN_SIZE;
    const maxSize = props.maxSize ?? DEFAULT_MAX_SIZE;

    const subject = `ManagedNodeGroup '${this.node.path}'`;
    const fieldIssues = schemaIssues(propsSchema, props);
    const invalid = new Set(fieldIssues.map((i) => i.path[0]));
    throwIfIssues(subject, [
      ...fieldIssues,
      ...(['minSize', 'desiredSize', 'maxSize'].some((f) => invalid.has(f)) ? [] : sizeIssues(minSize, desiredSize, maxSize)),
      ...(invalid.has('amiType') ? [] : amiIssues(amiType, props.cluster.kubernetesVersion ?? props.cluster.clusterVersion)),
    ]);
    if (capacityType === 'SPOT' && instanceTypes.length === 1) {
      Annotations.of(this).addWarning(
        `Node group ${props.nodeName} buys SPOT capacity of one instance type (${instanceTypes[0]}): when that pool is reclaimed every node goes at once; list several similar types in 'instanceTypes'`,
      );
    }

    this.nodeGroup = new EksNodeGroup(this, 'group', {
      clusterName: props.cluster.clusterName,
      version: props.cluster.clusterVersion,
      nodeGroupName: props.nodeName,
      nodeRoleArn: props.nodeRole.roleArn,
      subnetIds: props.subnetIds,
      capacityType,
      instanceTypes,
      amiType,
      diskSize: props.diskSizeGiB ?? DEFAULT_DISK_SIZE_GIB,
      scalingConfig: { desiredSize, minSize, maxSize },
      updateConfig: { maxUnavailable: props.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE },
      labels: props.labels ?? {},
      tags: props.tags ?? {},
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      dependsOn: props.nodeRole.attachments ?? [],
    });
    this.nodeGroupName = this.nodeGroup.nodeGroupName;
    this.nodeGroupArn = this.nodeGroup.arn;
    this.nodeRoleArn = props.nodeRole.roleArn;
  }
}

function sizeIssues(min: number, desired: number, max: number): ValidationIssue[] {
  if ([min, desired, max].some(isUnresolved)) return [];
  const issues: ValidationIssue[] = [];
  if (min > desired) issues.push(issue(['minSize'], min, `must be <= 'desiredSize' (${desired})`));
  if (desired > max) issues.push(issue(['desiredSize'], desired, `must be <= 'maxSize' (${max})`));
  if (min > max) issues.push(issue(['minSize'], min, `must be <= 'maxSize' (${max})`));
  return issues;
}

/** EKS publishes no Amazon Linux 2 AMIs for Kubernetes 1.33 and later. */
function amiIssues(amiType: AmiType, clusterVersion: string): ValidationIssue[] {
  if (!amiType.startsWith('AL2_') || isUnresolved(clusterVersion)) return [];
  const [major, minor] = clusterVersion.split('.').map(Number);
  if (major === 1 && minor >= 33) {
    return [issue(['amiType'], amiType, `has no EKS AMI for Kubernetes ${clusterVersion} (Amazon Linux 2 ends at 1.32); use "AL2023_x86_64_STANDARD" or a Bottlerocket type`)];
  }
  return [];
}
