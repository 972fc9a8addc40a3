// Field rules of the storage modules (EFS, the NFS server, storage classes), shared with the
// configuration schema. No provider class here: the configuration loads this file on every
// synthesis, while the constructs load only when storage is configured.
import * as v from 'valibot';
import { bastionFields } from '../../bastion/private/schema';
import { kmsKeyArn } from '../../private/logs';
import { integer, isUnresolved, map, matching, nonEmptyList, oneOf, ruleCidrBlocks, settings, tagMap } from '../../private/validate';

export const EFS_PERFORMANCE_MODES = ['generalPurpose', 'maxIO'] as const;
export const EFS_THROUGHPUT_MODES = ['elastic', 'bursting'] as const;
/** When files move to the Infrequent Access class (the EFS API's values). */
export const EFS_TRANSITIONS = ['AFTER_1_DAY', 'AFTER_7_DAYS', 'AFTER_14_DAYS', 'AFTER_30_DAYS', 'AFTER_60_DAYS', 'AFTER_90_DAYS', 'AFTER_180_DAYS', 'AFTER_270_DAYS', 'AFTER_365_DAYS'] as const;

/** NFS over TCP: the only port EFS mount targets listen on, and all an NFSv4 server needs. */
export const NFS_PORT = 2049;

export const efsFields = {
  performanceMode: v.optional(oneOf(EFS_PERFORMANCE_MODES)),
  throughputMode: v.optional(oneOf(EFS_THROUGHPUT_MODES)),
  transitionToInfrequentAccess: v.optional(oneOf(EFS_TRANSITIONS)),
  backup: v.optional(v.boolean('must be true or false')),
};

/** The AWS managed keys, by alias: what `kmsKeyId` names to opt out of the cluster's key. */
export const EBS_AWS_MANAGED_KEY = 'alias/aws/ebs';
export const EFS_AWS_MANAGED_KEY = 'alias/aws/elasticfilesystem';

/** A customer managed key's ARN, or the alias of the service's AWS managed key. */
function keyOrAwsManaged(alias: string) {
  return v.pipe(
    v.string('must be a KMS key ARN'),
    v.check((s) => isUnresolved(s) || s === alias || v.is(kmsKeyArn, s), `must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or ${JSON.stringify(alias)} (the AWS managed key)`),
  );
}

/** `storage.efs`: the file system of book chapter16-ebs-efs (`efs.tf`). */
export const efsSettingsFields = {
  ...efsFields,
  /** Key of the file data: a key ARN or `alias/aws/elasticfilesystem`; the cluster's key by default. */
  kmsKeyId: v.optional(keyOrAwsManaged(EFS_AWS_MANAGED_KEY)),
  tags: v.optional(tagMap),
};

/** An absolute directory such as the book's `/mnt/nfs_share`, without `.` or `..`. */
function directoryPath(pattern: RegExp) {
  return v.pipe(
    matching(pattern, 'must be an absolute directory path of letters, digits, ".", "_" and "-", such as "/mnt/nfs_share"'),
    v.check((p) => isUnresolved(p) || !p.split('/').some((part) => part === '.' || part === '..'), 'must not contain "." or ".." components'),
  );
}
const exportPath = directoryPath(/^(\/[A-Za-z0-9._-]+)+$/);

/** The book's share (chapter16 nfs/ user data). */
export const DEFAULT_NFS_EXPORT_PATH = '/mnt/nfs_share';

/** `storage.nfsServer`: chapter 16's NFS server, a host of the bastion module in a private subnet. */
export const nfsServerFields = {
  // The host is the bastion module's: its naming, instance type and image rules.
  name: bastionFields.name,
  instanceType: bastionFields.instanceType,
  ami: bastionFields.ami,
  exportPath: v.optional(exportPath),
  /** Blocks besides the nodes' subnets that may mount the share (a VPN, another subnet); `"vpc"` is the VPC. */
  clientCidrs: v.optional(ruleCidrBlocks),
  rootVolumeSizeGiB: v.optional(integer(8, 16384)),
  /** Where the host may connect on 443 (SSM, package repositories); as the bastion's. @default ["0.0.0.0/0"] */
  egressCidrBlocks: bastionFields.egressCidrBlocks,
  /** CloudWatch detailed monitoring, as the bastion's. @default true */
  detailedMonitoring: bastionFields.detailedMonitoring,
  tags: v.optional(tagMap),
};

/** The NFS CSI driver's Helm chart (kubernetes-csi/csi-driver-nfs), pinned. */
export const NFS_CSI_CHART_REPOSITORY = 'https://raw.githubusercontent.com/kubernetes-csi/csi-driver-nfs/master/charts';
export const NFS_CSI_CHART = 'csi-driver-nfs';
/**
 * Chart version: 4.13.4, from tag v4.13.4 (2026-07-01), the newest tag of kubernetes-csi/csi-driver-nfs
 * in a copy read on 2026-08-22, and listed in charts/index.yaml on master; the book pipes v4.5.0's
 * install script into bash. Chart versions drop the leading "v" from 4.11.0 on.
 */
export const DEFAULT_NFS_CSI_CHART_VERSION = '4.13.4';

export const nfsCsiDriverFields = {
  version: v.optional(matching(/^v?\d+\.\d+\.\d+$/, 'must be a chart version such as "4.13.4"')),
  /**
   * Controller replicas. They use the host network and a fixed health port, so each needs a node
   * of its own; the book's install script runs one.
   */
  controllerReplicas: v.optional(integer(1, 10)),
  /**
   * Let the kubelet give volumes to a pod's `fsGroup` (the CSIDriver's `fsGroupPolicy: File`, chart
   * `feature.enableFSGroupPolicy`, on by default in the chart). Off here: on a server that squashes
   * root (the stack's NFS server) the kubelet's recursive chown is refused, and pods with an
   * `fsGroup` never leave ContainerCreating. Turn it on for a server without root squashing.
   */
  fsGroupPolicy: v.optional(v.boolean('must be true or false')),
};

/**
 * Mode the NFS CSI driver gives each volume's directory (StorageClass `mountPermissions`, octal)
 * on the stack's NFS server. The controller creates the directory as root, squashed to nobody, and
 * without the parameter leaves it 0755 (MkdirAll 0777 under the umask, no chmod: csi-driver-nfs
 * pkg/nfs/controllerserver.go at v4.13.4), which only nobody may write; 0777 lets the pods' own
 * users write (the project's workloads run as non-root). Each volume has a directory of its own.
 */
export const NFS_SERVER_MOUNT_PERMISSIONS = '0777';

/** Provisioners of the CSI drivers this project installs, and where each driver comes from. */
export const EBS_PROVISIONER = 'ebs.csi.aws.com';
export const EFS_PROVISIONER = 'efs.csi.aws.com';
export const NFS_PROVISIONER = 'nfs.csi.k8s.io';
export const PROVISIONERS = [EBS_PROVISIONER, EFS_PROVISIONER, NFS_PROVISIONER] as const;
export type Provisioner = (typeof PROVISIONERS)[number];

export const RECLAIM_POLICIES = ['Delete', 'Retain'] as const;
export const VOLUME_BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'] as const;

/** EBS volume types the EBS CSI driver creates (`standard` is the previous-generation magnetic type). */
export const EBS_VOLUME_TYPES = ['gp3', 'gp2', 'io2', 'io1', 'st1', 'sc1', 'standard'] as const;
export type EbsVolumeType = (typeof EBS_VOLUME_TYPES)[number];

const bool = v.boolean('must be true or false');

/**
 * Parameters of the EBS CSI driver's StorageClass, spelled as the driver documents them
 * (https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md).
 */
export const ebsParameterFields = {
  type: v.optional(oneOf(EBS_VOLUME_TYPES)),
  'csi.storage.k8s.io/fstype': v.optional(oneOf(['ext4', 'xfs', 'ext3', 'ext2'] as const)),
  iops: v.optional(integer(100, 256000)),
  iopsPerGB: v.optional(integer(1, 1000)),
  allowAutoIOPSPerGBIncrease: v.optional(bool),
  throughput: v.optional(integer(125, 2000)),
  /** Always true: written for the book's manifests, which set it. */
  encrypted: v.optional(v.literal(true, 'must be true: volumes are always encrypted (leave it out)')),
  /** A key ARN or `alias/aws/ebs`; the cluster's key by default. */
  kmsKeyId: v.optional(keyOrAwsManaged(EBS_AWS_MANAGED_KEY)),
};

/**
 * Parameters of the EFS CSI driver's StorageClass (dynamic provisioning with access points,
 * https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/master/docs/README.md#storage-class-parameters-for-dynamic-provisioning).
 */
export const efsParameterFields = {
  provisioningMode: v.optional(oneOf(['efs-ap'] as const)),
  /** An existing file system; by default the one of `storage.efs`. */
  fileSystemId: v.optional(matching(/^fs-[0-9a-f]{8,40}$/, 'must be an EFS file system ID such as "fs-0123456789abcdef0"')),
  directoryPerms: v.optional(matching(/^[0-7]{3,4}$/, 'must be an octal mode such as "700"')),
  uid: v.optional(integer(0, 2147483647)),
  gid: v.optional(integer(0, 2147483647)),
  gidRangeStart: v.optional(integer(1, 2147483647)),
  gidRangeEnd: v.optional(integer(1, 2147483647)),
  basePath: v.optional(matching(/^\/[A-Za-z0-9._/-]*$/, 'must be an absolute path such as "/dynamic_provisioning"')),
  subPathPattern: v.optional(matching(/^[A-Za-z0-9._/${}-]+$/, 'must be a path pattern such as "${.PVC.namespace}/${.PVC.name}"')),
  ensureUniqueDirectory: v.optional(bool),
  reuseAccessPoint: v.optional(bool),
};

/** Parameters of the NFS CSI driver (https://github.com/kubernetes-csi/csi-driver-nfs/blob/master/docs/driver-parameters.md). */
export const nfsParameterFields = {
  /** Server name or address; by default the private address of `storage.nfsServer`. */
  server: v.optional(matching(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/, 'must be a host name or an IPv4 address')),
  /** Exported directory (a trailing "/" as in the book's manifest is fine); by default `storage.nfsServer.exportPath`. */
  share: v.optional(directoryPath(/^(\/[A-Za-z0-9._-]+)+\/?$/)),
  subDir: v.optional(matching(/^[A-Za-z0-9._/${}-]+$/, 'must be a relative directory or pattern such as "${pvc.metadata.namespace}"')),
  mountPermissions: v.optional(matching(/^0?[0-7]{3}$/, 'must be an octal mode such as "0750"')),
  onDelete: v.optional(oneOf(['delete', 'retain', 'archive'] as const)),
};

const classFields = {
  /** Make it the cluster's default class (annotation `storageclass.kubernetes.io/is-default-class`). */
  default: v.optional(bool),
  reclaimPolicy: v.optional(oneOf(RECLAIM_POLICIES)),
  volumeBindingMode: v.optional(oneOf(VOLUME_BINDING_MODES)),
  allowVolumeExpansion: v.optional(bool),
  mountOptions: v.optional(nonEmptyList(matching(/^[A-Za-z0-9_.,=:-]+$/, 'must be a mount option such as "nfsvers=4.1"'), 'mount option')),
};

/** One StorageClass, by provisioner; each provisioner has its own typed parameters. */
export const storageClassSchema = v.variant(
  'provisioner',
  [
    settings({ provisioner: v.literal(EBS_PROVISIONER), ...classFields, parameters: v.optional(settings(ebsParameterFields)) }),
    settings({ provisioner: v.literal(EFS_PROVISIONER), ...classFields, parameters: v.optional(settings(efsParameterFields)) }),
    settings({ provisioner: v.literal(NFS_PROVISIONER), ...classFields, parameters: v.optional(settings(nfsParameterFields)) }),
  ],
  (i) => {
    const drivers = PROVISIONERS.map((p) => JSON.stringify(p)).join(', ');
    // The discriminator's own issue carries its key in the path; a value that is no object does not.
    const atKey = i.path?.[i.path.length - 1]?.key === 'provisioner';
    return atKey ? `must be one of ${drivers} (the CSI drivers this project installs)` : `must be an object with a 'provisioner': ${drivers}`;
  },
);

export type StorageClassSettings = v.InferOutput<typeof storageClassSchema>;
export type EbsParameters = v.InferOutput<v.ObjectSchema<typeof ebsParameterFields, undefined>>;
export type EfsParameters = v.InferOutput<v.ObjectSchema<typeof efsParameterFields, undefined>>;
export type NfsParameters = v.InferOutput<v.ObjectSchema<typeof nfsParameterFields, undefined>>;

/** StorageClass names are DNS subdomains. */
export const STORAGE_CLASS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** The `storage` section of the configuration. */
export const storageFields = {
  /** An EFS file system with a mount target in every private subnet (book chapter16-ebs-efs). */
  efs: v.optional(settings(efsSettingsFields)),
  /** The NFS server of book chapter 16, in the first private subnet. */
  nfsServer: v.optional(settings(nfsServerFields)),
  /** The NFS CSI driver, from its pinned Helm chart, in the Kubernetes stack. */
  nfsCsiDriver: v.optional(settings(nfsCsiDriverFields)),
  /** StorageClasses by name, in the Kubernetes stack. */
  classes: v.optional(
    map(
      matching(STORAGE_CLASS_NAME, 'storage class names must be lower-case letters, digits, "-" and ".", starting and ending with a letter or digit'),
      storageClassSchema,
      'must be a map of storage class names to settings',
      { addressKeys: true },
    ),
  ),
};

/** The `storage` section of the configuration. */
export const storageSchema = settings(storageFields);

export type StorageSettings = v.InferOutput<typeof storageSchema>;
