// chapter16-ebs-efs dataplane/nodes/efs.tf: an EFS file system for the EFS CSI driver, with a
// mount target in every private subnet (the book creates one, so pods in the other zones cannot
// mount) and a security group that lets only the nodes in on NFS (the book opens 2049 to the world).
import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues } from '../errors';
import { awsManagedPolicyArn, serviceTrustPolicy } from '../private/aws';
import { kmsKeyArn } from '../private/logs';
import { clusterName } from '../private/names';
import { isUnresolved, props, schemaIssues } from '../private/validate';
import { EFS_PERFORMANCE_MODES, EFS_THROUGHPUT_MODES, EFS_TRANSITIONS, efsFields, NFS_PORT } from './private/schema';

export type EfsPerformanceMode = (typeof EFS_PERFORMANCE_MODES)[number];
export type EfsThroughputMode = (typeof EFS_THROUGHPUT_MODES)[number];
export type EfsTransition = (typeof EFS_TRANSITIONS)[number];

export { NFS_PORT } from './private/schema';

/** Daily at 05:00 UTC, the start of EFS's automatic backup window. */
export const EFS_BACKUP_SCHEDULE = 'cron(0 5 ? * * *)';
/** How long backups are kept: EFS's automatic backups keep 35 days. */
export const EFS_BACKUP_RETENTION_DAYS = 35;

export interface EfsStorageProps {
  /** Cluster using the file system; names it and its security group. */
  readonly clusterName: string;
  readonly vpcId: string;
  /** Subnets that get a mount target: one per zone the nodes run in (book: `subnets_id[0]` only). */
  readonly subnetIds: string[];
  /** Security groups whose members (the nodes) may mount the file system. */
  readonly clientSecurityGroupIds: string[];
  /** `generalPurpose` or `maxIO` (book: generalPurpose). @default "generalPurpose" */
  readonly performanceMode?: EfsPerformanceMode;
  /** `elastic` (scales with use) or `bursting` (book). @default "elastic" */
  readonly throughputMode?: EfsThroughputMode;
  /** Move files not read for this long to Infrequent Access. @default none */
  readonly transitionToInfrequentAccess?: EfsTransition;
  /**
   * Daily AWS Backup of the file system, kept 35 days (EFS's automatic backups: the same schedule
   * and retention), in a vault of its own encrypted with `kmsKeyArn`. @default true
   */
  readonly backup?: boolean;
  /** Customer managed KMS key for encryption at rest. @default the AWS managed key `aws/elasticfilesystem` */
  readonly kmsKeyArn?: string;
  /** Tags on the file system and its security group. @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({
  clusterName,
  subnetIds: v.array(v.string(), 'must be a list of subnet IDs'),
  clientSecurityGroupIds: v.array(v.string(), 'must be a list of security group IDs'),
  kmsKeyArn: v.optional(kmsKeyArn),
  ...efsFields,
});

/** An encrypted EFS file system reachable from the nodes in every zone (book tag: `EfsStorage`). */
export class EfsStorage extends Construct {
  readonly fileSystem: EfsFileSystem;
  readonly fileSystemId: string;
  readonly fileSystemArn: string;
  /** Security group of the mount targets. */
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: EfsStorageProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`EfsStorage '${this.node.path}'`, [
      ...fieldIssues,
      ...(isUnresolved(props.subnetIds) || props.subnetIds.length > 0 ? [] : [issue(['subnetIds'], props.subnetIds, 'must list at least one subnet for a mount target')]),
      ...(isUnresolved(props.clientSecurityGroupIds) || props.clientSecurityGroupIds.length > 0
        ? []
        : [issue(['clientSecurityGroupIds'], props.clientSecurityGroupIds, 'must list the security group of the nodes that mount the file system')]),
    ]);

    this.fileSystem = new EfsFileSystem(this, 'file-system', {
      creationToken: `${props.clusterName}-efs`,
      encrypted: true,
      ...(props.kmsKeyArn ? { kmsKeyId: props.kmsKeyArn } : {}),
      performanceMode: props.performanceMode ?? 'generalPurpose',
      throughputMode: props.throughputMode ?? 'elastic',
      ...(props.transitionToInfrequentAccess ? { lifecyclePolicy: [{ transitionToIa: props.transitionToInfrequentAccess }] } : {}),
      tags: { ...tags, Name: `${props.clusterName}-efs` },
    });
    this.fileSystemId = this.fileSystem.id;
    this.fileSystemArn = this.fileSystem.arn;
    if (props.backup ?? true) this.addBackup(props.clusterName, props.kmsKeyArn, tags);

    const sg = new SecurityGroup(this, 'security-group', {
      name: `${props.clusterName}-efs`,
      description: `EFS mount targets of ${props.clusterName}: NFS from the nodes`,
      vpcId: props.vpcId,
      tags: { ...tags, Name: `${props.clusterName}-efs` },
    });
    this.securityGroupId = sg.id;
    props.clientSecurityGroupIds.forEach(
      (source, i) =>
        new VpcSecurityGroupIngressRule(this, `nfs-from-clients-${i + 1}`, {
          securityGroupId: sg.id,
          referencedSecurityGroupId: source,
          ipProtocol: 'tcp',
          fromPort: NFS_PORT,
          toPort: NFS_PORT,
          description: 'NFS from the nodes',
        }),
    );
    props.subnetIds.forEach(
      (subnetId, i) =>
        new EfsMountTarget(this, `mount-target-${i + 1}`, { fileSystemId: this.fileSystem.id, subnetId, securityGroups: [sg.id] }),
    );
  }

  /**
   * EFS's automatic backups (aws_efs_backup_policy) as an AWS Backup plan of our own: the same
   * daily backup and 35 days, written so that scanners see it (checkov CKV2_AWS_18 counts only an
   * aws_backup_selection naming the file system), in a vault encrypted with the file system's key.
   */
  private addBackup(clusterName: string, kmsKey: string | undefined, tags: Record<string, string>): void {
    const name = `${clusterName}-efs`.slice(0, 50);
    const vault = new BackupVault(this, 'backup-vault', { name, ...(kmsKey ? { kmsKeyArn: kmsKey } : {}), tags });
    const plan = new BackupPlan(this, 'backup-plan', {
      name,
      rule: [{ ruleName: 'daily', targetVaultName: vault.name, schedule: EFS_BACKUP_SCHEDULE, lifecycle: { deleteAfter: EFS_BACKUP_RETENTION_DAYS } }],
      tags,
    });
    const role = new IamRole(this, 'backup-role', { name: `${name}-backup`, assumeRolePolicy: serviceTrustPolicy(this, 'backup-trust', ['backup.amazonaws.com']).json, tags });
    const attachments = ['service-role/AWSBackupServiceRolePolicyForBackup', 'service-role/AWSBackupServiceRolePolicyForRestores'].map(
      (policy) => new IamRolePolicyAttachment(this, `backup-role-${policy.split('/')[1]}`, { role: role.name, policyArn: awsManagedPolicyArn(this, policy) }),
    );
    new BackupSelection(this, 'backup-selection', { name, planId: plan.id, iamRoleArn: role.arn, resources: [this.fileSystemArn], dependsOn: attachments });
  }
}
