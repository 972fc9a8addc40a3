// Book chapter 16's AWS side, wired to the cluster: the EFS file system (chapter16-ebs-efs
// `efs.tf`), the NFS server host (`nfs/`) and the key grants the EBS CSI driver needs for
// customer managed keys of the storage classes.
import type { StorageConfig } from '../../config/schema';
import type { PolicyStatement } from '../../oidc/service-account-role';
import { EfsStorage } from '../../storage/efs-storage';
import { NfsServer } from '../../storage/nfs-server';
import { ebsClassKeyArn } from '../../storage/private/classes';
import { EFS_AWS_MANAGED_KEY } from '../../storage/private/schema';
import type { EksCluster } from '../eks-cluster';

/**
 * The EFS file system with a mount target in every private subnet, NFS from the nodes' security
 * group, encrypted with the cluster's key unless `kmsKeyId` names another (or the AWS managed key).
 */
export function addEfs(cluster: EksCluster, settings: NonNullable<StorageConfig['efs']>): EfsStorage {
  const { kmsKeyId, ...options } = settings;
  // The cluster key's policy delegates to the account's IAM policies, which is what EFS needs:
  // it uses the key through grants made with the credentials that create the file system.
  const key = kmsKeyId === EFS_AWS_MANAGED_KEY ? undefined : (kmsKeyId ?? cluster.controlPlane.kmsKeyArn);
  return new EfsStorage(cluster, 'efs', {
    ...options,
    kmsKeyArn: key,
    clusterName: cluster.knownName,
    vpcId: cluster.network.vpcId,
    subnetIds: cluster.network.privateSubnetIds,
    clientSecurityGroupIds: [cluster.controlPlane.nodesSecurityGroupId],
  });
}

/**
 * A bastion-module host in the first private subnet, exporting to the subnets of the node groups
 * (`nodeSubnets`: the pools of the configured groups; none configured means the private ones).
 */
export function addNfsServer(cluster: EksCluster, settings: NonNullable<StorageConfig['nfsServer']>, nodeSubnets: ReadonlySet<'private' | 'public'>): NfsServer {
  const network = cluster.network;
  const nodeSubnetCidrs = [
    ...(nodeSubnets.size === 0 || nodeSubnets.has('private') ? network.privateSubnetCidrs : []),
    ...(nodeSubnets.has('public') ? network.publicSubnetCidrs : []),
  ];
  return new NfsServer(cluster, 'nfs-server', {
    name: `${cluster.knownName}-nfs`.slice(0, 56),
    ...settings,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    subnetId: network.privateSubnetIds[0],
    nodeSubnetCidrs,
    clientSecurityGroupIds: [cluster.controlPlane.nodesSecurityGroupId],
    dependsOn: network.privateEgress,
  });
}

/**
 * What the EBS CSI driver's role needs on the customer managed keys of the storage classes
 * (https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html): grants for EC2 to attach the
 * volumes, and the key operations of creating them. None with the AWS managed key.
 */
export function ebsVolumeKeyStatements(classes: StorageConfig['classes'], clusterKeyArn: string | undefined): PolicyStatement[] {
  if (!classes) return [];
  const keys = [...new Set(Object.values(classes).map((c) => ebsClassKeyArn(c, clusterKeyArn)).filter((k): k is string => k !== undefined))];
  if (keys.length === 0) return [];
  return [
    {
      sid: 'EbsVolumeKeyGrants',
      actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      resources: keys,
      conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
    },
    { sid: 'EbsVolumeKeyUse', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], resources: keys },
  ];
}
