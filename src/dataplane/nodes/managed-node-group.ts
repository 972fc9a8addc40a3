// chapter03 data-plane/nodes/workers.tf, with chapter06-launch-template launch-template.tf and
// chapter06-graceful-upgrade: an EKS managed node group, on a launch template by default.
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../../errors';
import { isUnresolved, matching, props, schemaIssues } from '../../private/validate';
import { launchTemplateIssues, NodeLaunchTemplate, NodeLaunchTemplateProps } from './launch-template';
import { PodNetworking, SECONDARY_IP_NETWORKING } from './max-pods';
import {
  addNodeGroupWarnings,
  amiVersionIssues,
  instanceTypeIssues,
  nameIssues,
  remapTemplateIssues,
  resolveMaxPods,
  sizeIssues,
  versionIssues,
} from './private/node-checks';
import {
  AmiType,
  CapacityType,
  DEFAULT_AMI_TYPE,
  LaunchTemplateOptions,
  nodeGroupFields,
  RemoteAccessOptions,
  Taint,
} from './private/schema';
import type { ClusterConnection } from './private/user-data';
import { sshSecurityGroup } from './private/remote-access';

export { AMI_TYPES, CAPACITY_TYPES, DEFAULT_AMI_TYPE, nodeGroupFields, TAINT_EFFECTS } from './private/schema';
export type { AmiType, CapacityType, LaunchTemplateOptions, RemoteAccessOptions, Taint, TaintEffect, UserDataOptions } from './private/schema';

export const DEFAULT_CAPACITY_TYPE: CapacityType = 'ON_DEMAND';
/** General purpose, 2 vCPU / 8 GiB, 29 pods with the VPC CNI; the book's t3.small fits 11. */
export const DEFAULT_INSTANCE_TYPES = ['m6i.large'];
/** The EKS default root volume size. */
export const DEFAULT_DISK_SIZE_GIB = 20;
export const DEFAULT_DESIRED_SIZE = 2;
export const DEFAULT_MIN_SIZE = 2;
export const DEFAULT_MAX_SIZE = 4;
/** One node at a time during updates (book: `update_config.max_unavailable = 1`). */
export const DEFAULT_MAX_UNAVAILABLE = 1;
/**
 * Replacements are created before the old group goes (names get a unique suffix), as
 * terraform-aws-modules/eks does by default; the book replaces groups by hand (chapter 6,
 * "Graceful Node Group Update").
 */
export const DEFAULT_CREATE_BEFORE_DESTROY = true;

/** What a node group needs from its cluster (a ControlPlane satisfies it). */
export interface NodeGroupCluster {
  /** The cluster name, as a reference, so node groups are created after the cluster. */
  readonly clusterName: string;
  /** The name as a plain string, for launch template names and tags known at plan time. @default the `clusterName` reference */
  readonly knownName?: string;
  /** Version the nodes run, usually a reference to the cluster's. */
  readonly clusterVersion: string;
  /** The version as a plain string, when known, for AMI and version skew checks. @default none */
  readonly kubernetesVersion?: string;
  /** Security group EKS created; put on nodes whose template names security groups. @default none */
  readonly clusterSecurityGroupId?: string;
  /**
   * The cluster's own node security group (ControlPlane `nodeSecurityGroup`): when set, the launch
   * template puts the nodes in it instead of the cluster security group, so exactly one group
   * carries the cluster tag (the AWS Load Balancer Controller needs that). @default none
   */
  readonly nodeSecurityGroupId?: string;
  /** API endpoint, for nodes that join on their own (custom AMI). @default none */
  readonly clusterEndpoint?: string;
  /** Base64 PEM of the cluster CA, for nodes that join on their own. @default none */
  readonly certificateAuthorityData?: string;
  /** Service IPv4 block, for nodes that join on their own. @default none */
  readonly serviceIpv4Cidr?: string;
}

/** What a node group needs from its IAM role (a NodeRole satisfies it). */
export interface NodeGroupRole {
  readonly roleArn: string;
  /** Policy attachments the node group waits for. @default [] */
  readonly attachments?: ITerraformDependable[];
}

/** Props managed and self-managed node groups share. */
export interface NodeGroupCommonProps {
  /** Name of the group, or its prefix with `createBeforeDestroy` (book: `node_name`). */
  readonly nodeName: string;
  /** Subnets of the nodes, private ones unless nodes must be public (book: `subnet_ids`). */
  readonly subnetIds: string[];
  /** Instance types; list several for SPOT (book: `instance_types`). @default ["m6i.large"] */
  readonly instanceTypes?: string[];
  /** AMI family and architecture; with a custom AMI, the family its user data is written for. @default "AL2023_x86_64_STANDARD" */
  readonly amiType?: AmiType;
  /** Disk size (root volume, or Bottlerocket's data volume); in the launch template when there is one (EKS refuses both). @default 20 */
  readonly diskSizeGiB?: number;
  /** Nodes at creation; later changes by an autoscaler are kept (ignored after creation). @default 2 */
  readonly desiredSize?: number;
  /** @default 2 */
  readonly minSize?: number;
  /** @default 4 */
  readonly maxSize?: number;
  /** Kubernetes labels of the nodes (book: `labels = { name = var.label }`). @default {} */
  readonly labels?: Record<string, string>;
  /** Kubernetes taints of the nodes. @default [] */
  readonly taints?: Taint[];
  /** Tags of the group, also put on its instances and volumes (book: `Name = "worker-node"`). @default {} */
  readonly tags?: Record<string, string>;
  /**
   * Kubernetes version of the nodes, when it differs from the cluster's during an upgrade (book
   * chapter 6: nodes on 1.30 under a 1.31 cluster). @default the cluster's version
   */
  readonly version?: string;
  /** Name the group `<nodeName>-<suffix>` so a replacement exists before the old group is destroyed. @default true */
  readonly createBeforeDestroy?: boolean;
  /** SSH access; with a launch template, its key pair and a security group for port 22. @default none (use SSM Session Manager) */
  readonly remoteAccess?: RemoteAccessOptions;
  /** How the VPC CNI addresses pods, for `maxPods: "auto"` and its checks. @default secondary IPs */
  readonly podNetworking?: PodNetworking;
  /** VPC of the nodes, needed for the SSH security group of `remoteAccess`. @default none */
  readonly vpcId?: string;
  /** More tags for instances and volumes (e.g. the stack's default tags, which EC2 does not copy). @default {} */
  readonly instanceTags?: Record<string, string>;
  /** Resources the nodes need first, such as the vpc-cni add-on. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

export interface ManagedNodeGroupProps extends NodeGroupCommonProps {
  /** The cluster the nodes join (book: `cluster_name`). */
  readonly cluster: NodeGroupCluster;
  /** IAM role of the nodes (book: `nodes_role_arn`). */
  readonly nodeRole: NodeGroupRole;
  /** `ON_DEMAND`, `SPOT` or `CAPACITY_BLOCK`. @default "ON_DEMAND" */
  readonly capacityType?: CapacityType;
  /** Nodes updated at once (book: `update_config.max_unavailable`). @default 1 */
  readonly maxUnavailable?: number;
  /** Share of nodes updated at once, instead of `maxUnavailable`. @default none */
  readonly maxUnavailablePercentage?: number;
  /** EKS AMI release to pin (e.g. "1.35.0-20251120"). @default the latest release for the version */
  readonly releaseVersion?: string;
  /** `false`: EKS's own launch template (book chapter 6); else this project's. @default {} (IMDSv2, hop limit 1, encrypted gp3) */
  readonly launchTemplate?: false | LaunchTemplateOptions;
}

const NODE_GROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/;

export const nodeGroupNameRule = matching(NODE_GROUP_NAME, 'must be 1 to 63 characters: letters, digits, "-" and "_", starting with a letter or digit (EKS node group name rules)');

/** Field rules of the props both node group kinds share (NodeGroupCommonProps). */
export const nodeGroupPropsSchema = props({
  nodeName: nodeGroupNameRule,
  subnetIds: v.array(v.string(), 'must be a list of subnet IDs'),
  ...nodeGroupFields,
});


/**
 * A managed node group whose size an autoscaler may change without Terraform undoing it. By
 * default it runs from a launch template with IMDSv2 only (hop limit 1) and an encrypted gp3
 * disk, and a replacement is created before the old group is destroyed.
 */
export class ManagedNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly nodeGroupName: string;
  readonly nodeGroupArn: string;
  readonly nodeRoleArn: string;
  /** The launch template, unless `launchTemplate: false`. */
  readonly launchTemplate?: NodeLaunchTemplate;
  /** Max pods written into the user data, when asked for. */
  readonly maxPods?: number;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const capacityType = props.capacityType ?? DEFAULT_CAPACITY_TYPE;
    const instanceTypes = props.instanceTypes ?? DEFAULT_INSTANCE_TYPES;
    const amiType = props.amiType ?? DEFAULT_AMI_TYPE;
    const desiredSize = props.desiredSize ?? DEFAULT_DESIRED_SIZE;
    const minSize = props.minSize ?? DEFAULT_MIN_SIZE;
    const maxSize = props.maxSize ?? DEFAULT_MAX_SIZE;
    const createBeforeDestroy = props.createBeforeDestroy ?? DEFAULT_CREATE_BEFORE_DESTROY;
    const template = props.launchTemplate === false ? undefined : (props.launchTemplate ?? {});
    const networking = props.podNetworking ?? SECONDARY_IP_NETWORKING;
    const nodeVersion = props.version ?? props.cluster.kubernetesVersion;
    const customAmi = template?.amiId !== undefined;

    const subject = `ManagedNodeGroup '${this.node.path}'`;
    // Field rules first: the cross-field rules below read the fields as valid.
    throwIfIssues(subject, schemaIssues(nodeGroupPropsSchema, props));

    const maxPods = resolveMaxPods(template?.maxPods, instanceTypes, networking, ['launchTemplate', 'maxPods']);
    const templateProps = template && this.templateProps(props, template, amiType, maxPods.value);
    throwIfIssues(subject, [
      ...sizeIssues(minSize, desiredSize, maxSize),
      ...versionIssues(props.version, props.cluster.kubernetesVersion),
      ...(nodeVersion && !isUnresolved(nodeVersion) && !customAmi ? amiVersionIssues(amiType, nodeVersion) : []),
      ...instanceTypeIssues(amiType, instanceTypes),
      ...exclusiveIssues(props, template),
      ...nameIssues(props.nodeName, createBeforeDestroy),
      ...maxPods.issues,
      ...(templateProps ? remapTemplateIssues(launchTemplateIssues(templateProps)) : []),
    ]);
    addNodeGroupWarnings(this, props.nodeName, capacityType, instanceTypes, maxPods.warnings);
    if (template?.instanceMetadataTags) {
      Annotations.of(this).addWarning(
        `Node group ${props.nodeName} puts instance tags in the metadata service: EC2 refuses tag keys with "/", and EKS tags managed nodes with kubernetes.io/cluster/<name> (terraform-aws-modules/terraform-aws-eks#1785); nodes may fail to launch`,
      );
    }

    if (templateProps) {
      const ownGroups = [...(template!.securityGroupIds ?? []), ...sshSecurityGroupIds(this, props)];
      // A template naming no group gets the cluster security group from EKS; one naming groups
      // must name the nodes' base group itself: the node security group, else the cluster's.
      const nodeGroup = props.cluster.nodeSecurityGroupId;
      const base = nodeGroup ?? props.cluster.clusterSecurityGroupId!;
      this.launchTemplate = new NodeLaunchTemplate(this, 'launch', {
        ...templateProps,
        securityGroupIds: nodeGroup !== undefined || ownGroups.length > 0 ? [base, ...ownGroups] : undefined,
      });
      this.maxPods = maxPods.value;
    }

    const update = props.maxUnavailablePercentage === undefined ? { maxUnavailable: props.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE } : { maxUnavailablePercentage: props.maxUnavailablePercentage };
    this.nodeGroup = new EksNodeGroup(this, 'group', {
      clusterName: props.cluster.clusterName,
      // A custom AMI fixes the version and AMI itself; EKS refuses both fields with one.
      ...(customAmi
        ? {}
        : {
            version: props.version ?? props.cluster.clusterVersion,
            amiType,
            ...(props.releaseVersion ? { releaseVersion: props.releaseVersion } : {}),
          }),
      ...(createBeforeDestroy ? { nodeGroupNamePrefix: `${props.nodeName}-` } : { nodeGroupName: props.nodeName }),
      nodeRoleArn: props.nodeRole.roleArn,
      subnetIds: props.subnetIds,
      capacityType,
      instanceTypes,
      ...(this.launchTemplate
        ? { launchTemplate: { id: this.launchTemplate.launchTemplateId, version: this.launchTemplate.latestVersion } }
        : {
            diskSize: props.diskSizeGiB ?? DEFAULT_DISK_SIZE_GIB,
            ...(props.remoteAccess ? { remoteAccess: { ec2SshKey: props.remoteAccess.ec2SshKey, sourceSecurityGroupIds: props.remoteAccess.sourceSecurityGroupIds } } : {}),
          }),
      scalingConfig: { desiredSize, minSize, maxSize },
      updateConfig: update,
      labels: props.labels ?? {},
      ...(props.taints && props.taints.length > 0 ? { taint: props.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })) } : {}),
      tags: props.tags ?? {},
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'], createBeforeDestroy },
      dependsOn: [...(props.nodeRole.attachments ?? []), ...(props.dependsOn ?? [])],
    });
    this.nodeGroupName = this.nodeGroup.nodeGroupName;
    this.nodeGroupArn = this.nodeGroup.arn;
    this.nodeRoleArn = props.nodeRole.roleArn;
  }

  /** The launch template props the group's settings describe. */
  private templateProps(props: ManagedNodeGroupProps, template: LaunchTemplateOptions, amiType: AmiType, maxPods: number | undefined): NodeLaunchTemplateProps {
    const c = props.cluster;
    const joinCluster: ClusterConnection | undefined =
      template.amiId === undefined
        ? undefined
        : { name: c.clusterName, endpoint: c.clusterEndpoint ?? '', certificateAuthority: c.certificateAuthorityData ?? '', serviceIpv4Cidr: c.serviceIpv4Cidr ?? '' };
    return {
      launchTemplateName: template.name ?? `${c.knownName ?? c.clusterName}-${props.nodeName}`,
      amiType,
      amiId: template.amiId,
      joinCluster,
      maxPods,
      labels: joinCluster ? props.labels : undefined,
      taints: joinCluster ? props.taints : undefined,
      userData: template.userData,
      httpPutResponseHopLimit: template.httpPutResponseHopLimit,
      instanceMetadataTags: template.instanceMetadataTags,
      rootVolume: { ...template.rootVolume, ...(props.diskSizeGiB === undefined ? {} : { sizeGiB: props.diskSizeGiB }) },
      keyName: props.remoteAccess?.ec2SshKey,
      tags: props.tags ?? {},
      instanceTags: { Name: `${c.knownName ?? c.clusterName}-${props.nodeName}`, ...props.instanceTags, ...props.tags, ...template.tags },
    };
  }
}

function exclusiveIssues(props: ManagedNodeGroupProps, template: LaunchTemplateOptions | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (props.maxUnavailable !== undefined && props.maxUnavailablePercentage !== undefined) {
    issues.push(issue(['maxUnavailablePercentage'], props.maxUnavailablePercentage, `cannot be combined with 'maxUnavailable' (${props.maxUnavailable}); set one of them`));
  }
  if (props.diskSizeGiB !== undefined && template?.rootVolume?.sizeGiB !== undefined) {
    issues.push(issue(['diskSizeGiB'], props.diskSizeGiB, `cannot be combined with 'launchTemplate.rootVolume.sizeGiB' (${template.rootVolume.sizeGiB}): with a launch template the disk size is the template's; set one of them`));
  }
  if ((props.amiType ?? DEFAULT_AMI_TYPE) === 'CUSTOM' && template?.amiId === undefined) {
    issues.push(issue(['amiType'], 'CUSTOM', `needs 'launchTemplate.amiId' (a custom AMI)${template ? '' : ' and a launch template'}`));
  }
  if (template?.amiId !== undefined) {
    const amiId = template.amiId;
    if (amiId.startsWith('resolve:ssm:')) {
      issues.push(issue(['launchTemplate', 'amiId'], amiId, 'cannot be resolved by EKS managed node groups (aws/containers-roadmap#1951); give an AMI ID, or let EKS pick its AMI with \'amiType\' and \'version\''));
    }
    if (props.version !== undefined) issues.push(issue(['version'], props.version, `cannot be combined with 'launchTemplate.amiId': the custom AMI fixes the Kubernetes version (EKS refuses both)`));
    if (props.releaseVersion !== undefined) issues.push(issue(['releaseVersion'], props.releaseVersion, `cannot be combined with 'launchTemplate.amiId': the custom AMI fixes the release`));
  }
  if (props.remoteAccess && template && props.vpcId === undefined) {
    issues.push({ path: ['vpcId'], hasReceived: false, message: `is required for 'remoteAccess' with a launch template: the SSH security group is created in it` });
  }
  if (template && (template.securityGroupIds || props.remoteAccess) && props.cluster.clusterSecurityGroupId === undefined && props.cluster.nodeSecurityGroupId === undefined) {
    issues.push({
      path: ['cluster', 'clusterSecurityGroupId'],
      hasReceived: false,
      message: `is required with 'launchTemplate.securityGroupIds' or 'remoteAccess': EKS adds the cluster security group only to templates that name no security group`,
    });
  }
  if (template?.amiId !== undefined) {
    const c = props.cluster;
    const missing = (['clusterEndpoint', 'certificateAuthorityData', 'serviceIpv4Cidr'] as const).filter((k) => c[k] === undefined);
    for (const k of missing) issues.push({ path: ['cluster', k], hasReceived: false, message: `is required with 'launchTemplate.amiId': nodes on a custom AMI join the cluster through their user data` });
  }
  return issues;
}

/** The SSH security group of `remoteAccess`, as a list (empty without it). */
export function sshSecurityGroupIds(scope: Construct, props: Pick<NodeGroupCommonProps, 'remoteAccess' | 'vpcId'>): string[] {
  if (!props.remoteAccess) return [];
  return [sshSecurityGroup(scope, props.remoteAccess, props.vpcId!).id];
}
