// StorageClass rules shared by the StorageClass construct (Kubernetes stack) and the
// configuration checks that run before the AWS stack is built: defaults per provisioner, the
// rules between parameters, and which KMS key an EBS class encrypts with. No provider class here.
import { issue, ValidationIssue } from '../../errors';
import { isUnresolved } from '../../private/validate';
import {
  EBS_AWS_MANAGED_KEY,
  EBS_PROVISIONER,
  EbsParameters,
  EbsVolumeType,
  EFS_PROVISIONER,
  EfsParameters,
  NFS_PROVISIONER,
  Provisioner,
  StorageClassSettings,
} from './schema';

/** What each provisioner's classes get unless the configuration says otherwise. */
export interface ClassDefaults {
  readonly volumeBindingMode: 'Immediate' | 'WaitForFirstConsumer';
  readonly allowVolumeExpansion?: boolean;
  readonly mountOptions?: string[];
  readonly parameters: Readonly<Record<string, string>>;
}

export const CLASS_DEFAULTS: Readonly<Record<Provisioner, ClassDefaults>> = {
  // An EBS volume lives in one zone: WaitForFirstConsumer creates it where the pod is scheduled
  // (the book's ebs-app.yml does the same). gp3 replaces the book's gp2 and `standard` (magnetic):
  // 3,000 IOPS and 125 MiB/s at any size, for less per GiB than gp2.
  [EBS_PROVISIONER]: { volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true, parameters: { type: 'gp3', encrypted: 'true' } },
  // EFS is regional: any zone with a mount target can mount it at once. One access point per
  // volume, its root directory private to the volume (book efs-app.yml: directoryPerms 700).
  [EFS_PROVISIONER]: { volumeBindingMode: 'Immediate', parameters: { provisioningMode: 'efs-ap', directoryPerms: '700' } },
  // The book's persistent-provisioner.yml: Immediate. NFSv4.1 explicitly: the project's NFS
  // server exports NFSv4 only (no rpcbind to open).
  [NFS_PROVISIONER]: { volumeBindingMode: 'Immediate', allowVolumeExpansion: true, mountOptions: ['nfsvers=4.1'], parameters: {} },
};

/** Previous-generation EBS types: still created, but gp3 is cheaper and faster. */
const OLD_EBS_TYPES: readonly EbsVolumeType[] = ['gp2', 'standard'];
const IOPS_TYPES: readonly EbsVolumeType[] = ['gp3', 'io1', 'io2'];

/** Rules between the fields of one class (paths relative to the class). */
export function storageClassIssues(c: StorageClassSettings): ValidationIssue[] {
  if (c.provisioner === EBS_PROVISIONER) return ebsIssues(c.parameters ?? {});
  if (c.provisioner === EFS_PROVISIONER) return efsIssues(c.parameters ?? {}, c);
  return [];
}

function ebsIssues(p: EbsParameters): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const type = p.type ?? 'gp3';
  if (p.throughput !== undefined && type !== 'gp3') {
    issues.push(issue(['parameters', 'throughput'], p.throughput, `applies only to 'type' "gp3", not ${JSON.stringify(type)}`));
  }
  if ((p.iops !== undefined || p.iopsPerGB !== undefined) && !IOPS_TYPES.includes(type)) {
    const field = p.iops !== undefined ? 'iops' : 'iopsPerGB';
    issues.push(issue(['parameters', field], p[field], `applies only to 'type' "gp3", "io1" or "io2", not ${JSON.stringify(type)}`));
  }
  if (p.iops !== undefined && p.iopsPerGB !== undefined) {
    issues.push(issue(['parameters', 'iopsPerGB'], p.iopsPerGB, `cannot be combined with 'iops' (${p.iops}): give a fixed number or a number per GiB`));
  }
  if (p.allowAutoIOPSPerGBIncrease !== undefined && p.iopsPerGB === undefined) {
    issues.push(issue(['parameters', 'allowAutoIOPSPerGBIncrease'], p.allowAutoIOPSPerGBIncrease, `applies only with 'iopsPerGB'`));
  }
  return issues;
}

function efsIssues(p: EfsParameters, c: StorageClassSettings): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (p.gidRangeStart !== undefined && p.gidRangeEnd !== undefined && !isUnresolved(p.gidRangeStart) && p.gidRangeStart > p.gidRangeEnd) {
    issues.push(issue(['parameters', 'gidRangeStart'], p.gidRangeStart, `must be <= 'gidRangeEnd' (${p.gidRangeEnd})`));
  }
  if (p.gid !== undefined && (p.gidRangeStart !== undefined || p.gidRangeEnd !== undefined)) {
    issues.push(issue(['parameters', 'gid'], p.gid, `cannot be combined with 'gidRangeStart'/'gidRangeEnd': one fixed group, or a range to pick from`));
  }
  if (c.allowVolumeExpansion) {
    issues.push(issue(['allowVolumeExpansion'], true, 'is not supported by the EFS CSI driver: EFS volumes have no size to expand'));
  }
  return issues;
}

/** Warnings about a class that is valid but unwise. */
export function storageClassWarnings(name: string, c: StorageClassSettings): string[] {
  if (c.provisioner !== EBS_PROVISIONER) return [];
  const warnings: string[] = [];
  const type = c.parameters?.type;
  if (type && OLD_EBS_TYPES.includes(type)) {
    warnings.push(`Storage class ${name} creates ${type} volumes, a previous-generation EBS type (book chapter 16 uses gp2 and "standard"); gp3 gives 3,000 IOPS and 125 MiB/s at any size for less`);
  }
  if (c.volumeBindingMode === 'Immediate') {
    warnings.push(`Storage class ${name} creates EBS volumes before their pod is scheduled (volumeBindingMode "Immediate"): a volume lives in one zone, and the pod may then find no node there; "WaitForFirstConsumer" (the default) creates it where the pod runs`);
  }
  return warnings;
}

/**
 * The customer managed key an EBS class encrypts with: `parameters.kmsKeyId`, or the cluster's
 * key; undefined for the AWS managed key (`alias/aws/ebs`, or a cluster without a key), which
 * needs no grant.
 */
export function ebsClassKeyArn(c: StorageClassSettings, clusterKeyArn: string | undefined): string | undefined {
  if (c.provisioner !== EBS_PROVISIONER) return undefined;
  const key = c.parameters?.kmsKeyId;
  if (key === EBS_AWS_MANAGED_KEY) return undefined;
  return key ?? clusterKeyArn;
}
