// chapter06-launch-template nodes/launch-template.tf and user-data.sh: the launch template of a
// node group, with the project's security baseline (IMDSv2 only, hop limit 1, encrypted gp3 disk).
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../../errors';
import { integer, isUnresolved, oneOf, props, schemaIssues, tagMap } from '../../private/validate';
import { amiFamily, dataDeviceName } from './private/ami';
import { AMI_TYPES, AmiType, DEFAULT_AMI_TYPE, launchTemplateFields, launchTemplateName, RootVolumeOptions, Taint, UserDataOptions } from './private/schema';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { renderUserData, userDataIssues, type ClusterConnection, type UserDataSpec } from './private/user-data';
import { base64Text } from '../../private/terraform-strings';

export type { ClusterConnection } from './private/user-data';

/** Pods reach the metadata service only through IRSA or Pod Identity, never with the node's role. */
export const DEFAULT_HTTP_PUT_RESPONSE_HOP_LIMIT = 1;
/** The EKS default disk size. */
export const DEFAULT_ROOT_VOLUME_SIZE_GIB = 20;

export interface NodeLaunchTemplateProps {
  /** Name of the template (book: `name = "custom-launch-template"`). */
  readonly launchTemplateName: string;
  /** AMI family (user data format, disk device) and architecture. @default "AL2023_x86_64_STANDARD" */
  readonly amiType?: AmiType;
  /** Custom AMI or `resolve:ssm:<parameter>` (book: `image_id`). @default none: EKS picks its AMI for the node group */
  readonly amiId?: string;
  /**
   * The cluster, when the user data must join it (custom AMI, self-managed nodes).
   * @default none: EKS adds the connection to a managed node group on an EKS AMI
   */
  readonly joinCluster?: ClusterConnection;
  /** Kubelet max pods (book: `--max-pods=120`). @default the AMI's own value */
  readonly maxPods?: number;
  /** Kubelet node labels, for nodes that join on their own. @default {} */
  readonly labels?: Record<string, string>;
  /** Kubelet taints, for nodes that join on their own. @default [] */
  readonly taints?: Taint[];
  /** Extra user data, or complete user data (`raw`). @default none */
  readonly userData?: UserDataOptions;
  /** IMDSv2 hop limit (book: 1; 2 lets pods reach the metadata service). @default 1 */
  readonly httpPutResponseHopLimit?: number;
  /** Instance tags in the metadata service (book: `instance_metadata_tags = "enabled"`). @default false */
  readonly instanceMetadataTags?: boolean;
  /** Disk of the nodes: root volume (Amazon Linux, Windows) or data volume (Bottlerocket). @default 20 GiB gp3, encrypted */
  readonly rootVolume?: RootVolumeOptions;
  /**
   * Security groups of the nodes, complete (EKS adds the cluster security group only when a
   * template names none). @default none
   */
  readonly securityGroupIds?: string[];
  /** EC2 key pair for SSH. @default none */
  readonly keyName?: string;
  /** Instance profile of self-managed nodes. @default none (a managed node group passes its role) */
  readonly iamInstanceProfileArn?: string;
  /** Tags of the template itself. @default {} */
  readonly tags?: Record<string, string>;
  /** Tags of the instances and volumes launched from it (book: `tag_specifications`). @default {} */
  readonly instanceTags?: Record<string, string>;
}

const { name: _name, maxPods: _maxPods, tags: _tags, ...templateFields } = launchTemplateFields;
const propsSchema = props({
  launchTemplateName,
  amiType: v.optional(oneOf(AMI_TYPES)),
  ...templateFields,
  maxPods: v.optional(integer(1, 1000)),
  tags: v.optional(tagMap),
  instanceTags: v.optional(tagMap),
});

/** Every problem with `props`, paths relative to them; a node group checks its settings with it before creating anything. */
export function launchTemplateIssues(p: NodeLaunchTemplateProps): ValidationIssue[] {
  const fieldIssues = schemaIssues(propsSchema, p);
  if (fieldIssues.some((i) => ['amiType', 'userData', 'maxPods'].includes(String(i.path[0])))) return fieldIssues;
  const spec = userDataSpec(p);
  return [...fieldIssues, ...metadataTagIssues(p), ...(spec ? userDataIssues(spec) : [])];
}

/** Tag keys EC2 accepts on instances whose tags are in the metadata service (no "/", no spaces). */
export const METADATA_TAG_KEY = /^[A-Za-z0-9+\-=.,_:@]+$/;

/** With tags in the metadata service, EC2 refuses instance tag keys such as `kubernetes.io/cluster/<name>`. */
function metadataTagIssues(p: NodeLaunchTemplateProps): ValidationIssue[] {
  if (!p.instanceMetadataTags) return [];
  const bad = Object.keys(p.instanceTags ?? {}).filter((k) => !isUnresolved(k) && !METADATA_TAG_KEY.test(k));
  if (bad.length === 0) return [];
  return [
    issue(
      ['instanceMetadataTags'],
      true,
      `cannot be combined with instance tag keys outside letters, digits and + - = . , _ : @ (${bad.map((k) => JSON.stringify(k)).join(', ')}): EC2 refuses to launch such instances (terraform-aws-modules/terraform-aws-eks#1785); leave it off or rename the tags`,
    ),
  ];
}

/** What the user data must say, or undefined when the template needs none (EKS's AMI, nothing to add). */
function userDataSpec(p: NodeLaunchTemplateProps): UserDataSpec | undefined {
  if (p.joinCluster === undefined && p.maxPods === undefined && p.userData === undefined) return undefined;
  return { family: amiFamily(p.amiType ?? DEFAULT_AMI_TYPE), join: p.joinCluster, maxPods: p.maxPods, labels: p.labels, taints: p.taints, options: p.userData };
}

/**
 * A launch template for EKS nodes: IMDSv2 required with a hop limit of 1, an encrypted gp3 disk
 * on the device the AMI really uses, tags on instances and volumes, and user data written for the
 * AMI family.
 */
export class NodeLaunchTemplate extends Construct {
  /** The `aws_launch_template` resource. */
  readonly launchTemplate: LaunchTemplate;
  readonly launchTemplateId: string;
  readonly launchTemplateName: string;
  /** The newest version, as a string; node groups roll their nodes when it changes. */
  readonly latestVersion: string;
  /** The user data text before base64 encoding (it may hold references), when there is any. */
  readonly userDataText?: string;

  constructor(scope: Construct, id: string, props: NodeLaunchTemplateProps) {
    super(scope, id);
    const amiType = props.amiType ?? DEFAULT_AMI_TYPE;
    const hopLimit = props.httpPutResponseHopLimit ?? DEFAULT_HTTP_PUT_RESPONSE_HOP_LIMIT;
    const root = props.rootVolume ?? {};
    throwIfIssues(`NodeLaunchTemplate '${this.node.path}'`, launchTemplateIssues(props));

    const family = amiFamily(amiType);
    const spec = userDataSpec(props);
    this.userDataText = spec && renderUserData(spec);
    const instanceTags = props.instanceTags ?? {};

    this.launchTemplate = new LaunchTemplate(this, 'template', {
      name: props.launchTemplateName,
      description: `EKS nodes (${amiType})`,
      updateDefaultVersion: true,
      ...(props.amiId ? { imageId: props.amiId } : {}),
      ...(props.keyName ? { keyName: props.keyName } : {}),
      ...(props.iamInstanceProfileArn ? { iamInstanceProfile: { arn: props.iamInstanceProfileArn } } : {}),
      ...(props.securityGroupIds && props.securityGroupIds.length > 0 ? { vpcSecurityGroupIds: props.securityGroupIds } : {}),
      // IMDSv2 only. Hop limit 1: a pod (one hop further) cannot fetch the node role's credentials.
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: hopLimit,
        instanceMetadataTags: props.instanceMetadataTags ? 'enabled' : 'disabled',
      },
      // The book sizes /dev/sdf, an extra unformatted volume; the AMI's own disk is sized here.
      blockDeviceMappings: [
        {
          deviceName: dataDeviceName(family),
          ebs: {
            volumeSize: root.sizeGiB ?? DEFAULT_ROOT_VOLUME_SIZE_GIB,
            volumeType: 'gp3',
            encrypted: 'true',
            deleteOnTermination: 'true',
            ...(root.iops === undefined ? {} : { iops: root.iops }),
            ...(root.throughputMiBps === undefined ? {} : { throughput: root.throughputMiBps }),
            ...(root.kmsKeyId === undefined ? {} : { kmsKeyId: root.kmsKeyId }),
          },
        },
      ],
      ...(this.userDataText === undefined ? {} : { userData: base64Text(this.userDataText) }),
      // Instances and volumes get no provider default_tags and no node group tags otherwise.
      tagSpecifications: Object.keys(instanceTags).length === 0 ? undefined : ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: instanceTags })),
      tags: props.tags ?? {},
    });
    this.launchTemplateId = this.launchTemplate.id;
    this.launchTemplateName = this.launchTemplate.name;
    this.latestVersion = Token.asString(this.launchTemplate.latestVersion);
  }
}
