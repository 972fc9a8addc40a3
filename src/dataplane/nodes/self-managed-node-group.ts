// chapter06-self-managed, done for real: the book's folder only puts a custom AMI into a *managed*
// node group. Here the nodes are an EC2 Auto Scaling group of our own: launch template with the
// bootstrap in its user data, instance profile, the `kubernetes.io/cluster/<name>` tag, and the
// EC2_LINUX access entry that lets the node role into the cluster.
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AccessEntryCluster, accessEntryIssues, ClusterAccessEntry } from '../../controlplane/access-entry';
import { issue, throwIfIssues, ValidationIssue } from '../../errors';
import { isUnresolved, schemaIssues } from '../../private/validate';
import { launchTemplateIssues, NodeLaunchTemplate, NodeLaunchTemplateProps } from './launch-template';
import {
  DEFAULT_AMI_TYPE,
  DEFAULT_DESIRED_SIZE,
  DEFAULT_INSTANCE_TYPES,
  DEFAULT_MAX_SIZE,
  DEFAULT_MIN_SIZE,
  NodeGroupCommonProps,
  nodeGroupPropsSchema,
  sshSecurityGroupIds,
} from './managed-node-group';
import { SECONDARY_IP_NETWORKING } from './max-pods';
import { amiFamily, amiSsmParameter } from './private/ami';
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
import { AmiType, LaunchTemplateOptions } from './private/schema';

/** Capacity types an Auto Scaling group buys here (capacity blocks are for managed node groups). */
export const SELF_MANAGED_CAPACITY_TYPES = ['ON_DEMAND', 'SPOT'] as const;
export type SelfManagedCapacityType = (typeof SELF_MANAGED_CAPACITY_TYPES)[number];
/** Keep 90 % of the nodes in service while an instance refresh replaces them. */
export const DEFAULT_MIN_HEALTHY_PERCENTAGE = 90;
/** Spot pools with capacity first, then price (the AWS recommendation for interruptible workloads). */
export const SPOT_ALLOCATION_STRATEGY = 'price-capacity-optimized';
/** Self-managed nodes are replaced like managed ones by default: the new group first. */
export const DEFAULT_SELF_MANAGED_CREATE_BEFORE_DESTROY = true;

/** What self-managed nodes need from their cluster to join it (a ControlPlane satisfies it). */
export interface SelfManagedNodeCluster extends AccessEntryCluster {
  /** The name as a plain string, for names and tags known at plan time. @default the `clusterName` reference */
  readonly knownName?: string;
  /** The version as a plain string: it picks the AMI. */
  readonly kubernetesVersion: string;
  readonly clusterEndpoint: string;
  readonly certificateAuthorityData: string;
  readonly serviceIpv4Cidr: string;
  /** Security group EKS created; self-managed nodes need it to talk to the control plane. */
  readonly clusterSecurityGroupId: string;
  /** The cluster's node security group, used instead of the cluster security group when set. @default none */
  readonly nodeSecurityGroupId?: string;
}

/** What self-managed nodes need from their role (a NodeRole satisfies it). */
export interface SelfManagedNodeRole {
  readonly roleArn: string;
  readonly attachments?: ITerraformDependable[];
  /** The instance profile the nodes launch with. */
  instanceProfile(): { readonly arn: string } & ITerraformDependable;
  /** The EC2_LINUX access entry of the role. */
  allowToJoin(cluster: AccessEntryCluster): ClusterAccessEntry;
}

export interface SelfManagedNodeGroupProps extends NodeGroupCommonProps {
  readonly cluster: SelfManagedNodeCluster;
  /** IAM role of the nodes; its instance profile and access entry are created once per role. */
  readonly nodeRole: SelfManagedNodeRole;
  /** `ON_DEMAND` or `SPOT`. @default "ON_DEMAND" */
  readonly capacityType?: SelfManagedCapacityType;
  /** Launch template settings. @default {} (EKS-optimized AMI through its SSM parameter, IMDSv2, hop limit 1, encrypted gp3) */
  readonly launchTemplate?: LaunchTemplateOptions;
}

/** Settings of a managed node group that an Auto Scaling group has no use for. */
const MANAGED_ONLY = {
  releaseVersion: 'pins an EKS AMI release of a managed node group; give self-managed nodes \'launchTemplate.amiId\'',
  maxUnavailable: "applies to managed node group updates; self-managed nodes are replaced by an instance refresh keeping 90 % in service",
  maxUnavailablePercentage: "applies to managed node group updates; self-managed nodes are replaced by an instance refresh keeping 90 % in service",
} as const;


/**
 * Self-managed nodes: an Auto Scaling group launching the EKS-optimized AMI of the cluster's
 * version (resolved by EC2 from its public SSM parameter at each launch, so no AMI ID is hard-coded
 * and no AWS API is called at plan time), joined to the cluster by their user data and an
 * EC2_LINUX access entry.
 */
export class SelfManagedNodeGroup extends Construct {
  readonly autoScalingGroup: AutoscalingGroup;
  readonly autoScalingGroupName: string;
  readonly launchTemplate: NodeLaunchTemplate;
  readonly accessEntry: ClusterAccessEntry;
  /** Max pods written into the user data, when asked for. */
  readonly maxPods?: number;

  constructor(scope: Construct, id: string, props: SelfManagedNodeGroupProps) {
    super(scope, id);
    const capacityType = props.capacityType ?? 'ON_DEMAND';
    const instanceTypes = props.instanceTypes ?? DEFAULT_INSTANCE_TYPES;
    const amiType = props.amiType ?? DEFAULT_AMI_TYPE;
    const desiredSize = props.desiredSize ?? DEFAULT_DESIRED_SIZE;
    const minSize = props.minSize ?? DEFAULT_MIN_SIZE;
    const maxSize = props.maxSize ?? DEFAULT_MAX_SIZE;
    const createBeforeDestroy = props.createBeforeDestroy ?? DEFAULT_SELF_MANAGED_CREATE_BEFORE_DESTROY;
    const template: LaunchTemplateOptions = props.launchTemplate ?? {};
    const version = props.version ?? props.cluster.kubernetesVersion;
    const networking = props.podNetworking ?? SECONDARY_IP_NETWORKING;

    const subject = `SelfManagedNodeGroup '${this.node.path}'`;
    throwIfIssues(subject, [...schemaIssues(nodeGroupPropsSchema, props), ...managedOnlyIssues(props as unknown as Record<string, unknown>)]);
    const maxPods = resolveMaxPods(template.maxPods, instanceTypes, networking, ['launchTemplate', 'maxPods']);
    const amiId = template.amiId ?? ssmAmi(amiType, version);
    const c = props.cluster;
    const name = c.knownName ?? c.clusterName;
    const templateProps: NodeLaunchTemplateProps = {
      launchTemplateName: template.name ?? `${name}-${props.nodeName}`,
      amiType,
      amiId,
      joinCluster: { name: c.clusterName, endpoint: c.clusterEndpoint, certificateAuthority: c.certificateAuthorityData, serviceIpv4Cidr: c.serviceIpv4Cidr },
      maxPods: maxPods.value,
      labels: props.labels,
      taints: props.taints,
      userData: template.userData,
      httpPutResponseHopLimit: template.httpPutResponseHopLimit,
      instanceMetadataTags: template.instanceMetadataTags,
      rootVolume: { ...template.rootVolume, ...(props.diskSizeGiB === undefined ? {} : { sizeGiB: props.diskSizeGiB }) },
      keyName: props.remoteAccess?.ec2SshKey,
      tags: props.tags ?? {},
      instanceTags: { Name: `${name}-${props.nodeName}`, ...props.instanceTags, ...props.tags, ...template.tags },
    };
    throwIfIssues(subject, [
      ...sizeIssues(minSize, desiredSize, maxSize),
      ...versionIssues(props.version, c.kubernetesVersion),
      ...(isUnresolved(version) ? [] : amiVersionIssues(amiType, version)),
      ...instanceTypeIssues(amiType, instanceTypes),
      ...nameIssues(props.nodeName, createBeforeDestroy),
      ...imageIssues(amiType, template, props),
      ...accessEntryIssues(c.authenticationMode, 'EC2_LINUX', {}),
      ...maxPods.issues,
      ...remapTemplateIssues(launchTemplateIssues(templateProps)),
    ]);
    addNodeGroupWarnings(this, props.nodeName, capacityType, instanceTypes, maxPods.warnings);

    const profile = props.nodeRole.instanceProfile();
    this.accessEntry = props.nodeRole.allowToJoin(c);
    // Unlike managed nodes, self-managed ones get no security group from EKS: the node security
    // group, else the cluster security group, lets them reach the control plane and each other.
    this.launchTemplate = new NodeLaunchTemplate(this, 'launch', {
      ...templateProps,
      iamInstanceProfileArn: profile.arn,
      securityGroupIds: [c.nodeSecurityGroupId ?? c.clusterSecurityGroupId, ...(template.securityGroupIds ?? []), ...sshSecurityGroupIds(this, props)],
    });
    this.maxPods = maxPods.value;

    const tags: Record<string, string> = {
      Name: `${name}-${props.nodeName}`,
      ...props.tags,
      // The in-tree cloud provider and the load balancer controller find the cluster's nodes by it.
      [`kubernetes.io/cluster/${name}`]: 'owned',
    };
    this.autoScalingGroup = new AutoscalingGroup(this, 'group', {
      ...(createBeforeDestroy ? { namePrefix: `${props.nodeName}-` } : { name: props.nodeName }),
      minSize,
      maxSize,
      desiredCapacity: desiredSize,
      vpcZoneIdentifier: props.subnetIds,
      mixedInstancesPolicy: {
        instancesDistribution: {
          onDemandBaseCapacity: 0,
          onDemandPercentageAboveBaseCapacity: capacityType === 'SPOT' ? 0 : 100,
          ...(capacityType === 'SPOT' ? { spotAllocationStrategy: SPOT_ALLOCATION_STRATEGY } : {}),
        },
        launchTemplate: {
          launchTemplateSpecification: { launchTemplateId: this.launchTemplate.launchTemplateId, version: this.launchTemplate.latestVersion },
          override: instanceTypes.map((instanceType) => ({ instanceType })),
        },
      },
      // A new template version (AMI, user data) replaces the nodes a few at a time.
      instanceRefresh: { strategy: 'Rolling', preferences: { minHealthyPercentage: DEFAULT_MIN_HEALTHY_PERCENTAGE } },
      tag: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
      lifecycle: { ignoreChanges: ['desired_capacity'], createBeforeDestroy },
      dependsOn: [...(props.nodeRole.attachments ?? []), this.accessEntry.accessEntry, ...(props.dependsOn ?? [])],
    });
    this.autoScalingGroupName = this.autoScalingGroup.name;
  }
}

function managedOnlyIssues(p: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [field, why] of Object.entries(MANAGED_ONLY)) {
    if (p[field] !== undefined) issues.push(issue([field], p[field], `${why} (type "self-managed")`));
  }
  if (p.launchTemplate === false) issues.push(issue(['launchTemplate'], false, 'cannot be false for self-managed nodes: the launch template is what starts and joins them'));
  if (p.capacityType === 'CAPACITY_BLOCK') issues.push(issue(['capacityType'], 'CAPACITY_BLOCK', `is for managed node groups; self-managed nodes buy ${SELF_MANAGED_CAPACITY_TYPES.map((t) => JSON.stringify(t)).join(' or ')}`));
  return issues;
}

/** `resolve:ssm:` reference to the EKS-optimized image, which EC2 resolves when it launches a node. */
function ssmAmi(amiType: AmiType, version: string): string | undefined {
  const parameter = isUnresolved(version) ? undefined : amiSsmParameter(amiType, version);
  return parameter && `resolve:ssm:${parameter}`;
}

function imageIssues(amiType: AmiType, template: LaunchTemplateOptions, p: SelfManagedNodeGroupProps): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const family = amiFamily(amiType);
  if (template.amiId === undefined && (family === 'custom' || family === 'windows')) {
    issues.push(issue(['amiType'], amiType, `has no EKS-optimized Linux image for self-managed nodes here; set 'launchTemplate.amiId' (and 'launchTemplate.userData.raw'), or use an AL2023 or Bottlerocket type`));
  }
  if (template.instanceMetadataTags) {
    issues.push(
      issue(
        ['launchTemplate', 'instanceMetadataTags'],
        true,
        'cannot be enabled on self-managed nodes: they carry the kubernetes.io/cluster/<name> tag, and EC2 refuses tag keys with "/" on instances whose tags are in the metadata service (terraform-aws-modules/terraform-aws-eks#1785)',
      ),
    );
  }
  if (p.remoteAccess && p.vpcId === undefined) {
    issues.push({ path: ['vpcId'], hasReceived: false, message: `is required for 'remoteAccess': the SSH security group is created in it` });
  }
  return issues;
}
