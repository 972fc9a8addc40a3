// chapter16 nfs/ (the bastion module with the NFS user data): an NFS server for the NFS CSI
// driver, built on the Bastion construct. The book's host sits in a public subnet with a public
// IP, opens 111, 2049 and 22 to 0.0.0.0/0, writes its SSH key to key.pem and exports a chmod 777
// share; this one is in a private subnet without a public IP, reached through SSM, exports
// NFSv4 only (2049, no rpcbind) to the nodes, and keeps root squashing on a share owned by nobody.
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { Bastion } from '../bastion/bastion';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { isUnresolved, props, schemaIssues, VPC_CIDR } from '../private/validate';
import { DEFAULT_NFS_EXPORT_PATH, NFS_PORT, nfsServerFields } from './private/schema';

/** The book's NFS server size (chapter16 nfs/ `instance-type`). */
export const DEFAULT_NFS_INSTANCE_TYPE = 't3.small';
/** Room for the share on the root volume (the Amazon Linux 2023 image brings 8 GiB). */
export const DEFAULT_NFS_ROOT_VOLUME_GIB = 20;
/** Export options: read-write, synchronous writes, root squashed to nobody (the nfs-utils default, stated). */
export const NFS_EXPORT_OPTIONS = 'rw,sync,no_subtree_check,root_squash';

export interface NfsServerProps {
  readonly vpcId: string;
  /** A private subnet (book: `public_subnet_ids[0]` with a public IP). */
  readonly subnetId: string;
  /** The VPC block, for `"vpc"` in `clientCidrs`. */
  readonly vpcCidr: string;
  /** Subnets of the nodes: the share is exported to them (book: to 10.0.0.0/16, the whole VPC). */
  readonly nodeSubnetCidrs: string[];
  /** Security groups of the nodes, admitted on NFS (2049) by the server's group (book: 0.0.0.0/0). */
  readonly clientSecurityGroupIds: string[];
  /** Further blocks allowed to mount (exported to and admitted on 2049); `"vpc"` is the VPC. @default [] */
  readonly clientCidrs?: string[];
  /** Names the instance, role, profile, security group and launch template. @default "nfs-server" */
  readonly name?: string;
  /** @default "t3.small" (the book's) */
  readonly instanceType?: string;
  /** AMI ID or `resolve:ssm:` parameter; the user data is written for Amazon Linux 2023 (dnf, nfs-utils). @default Amazon Linux 2023 */
  readonly ami?: string;
  /** Exported directory. @default "/mnt/nfs_share" (the book's) */
  readonly exportPath?: string;
  /** Encrypted gp3 root volume holding the share. @default 20 */
  readonly rootVolumeSizeGiB?: number;
  /** Where the host may connect on 443 (SSM, package repositories). @default ["0.0.0.0/0"] (Bastion's) */
  readonly egressCidrBlocks?: string[];
  /** CloudWatch detailed monitoring. @default true (Bastion's) */
  readonly detailedMonitoring?: boolean;
  /**
   * What gives the server's subnet its way out (ClusterNetwork.privateEgress): the host waits for
   * it, since its user data installs nfs-utils from the package repositories at first boot. @default []
   */
  readonly dependsOn?: ITerraformDependable[];
  /** @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({
  ...nfsServerFields,
  nodeSubnetCidrs: v.array(v.string(), 'must be a list of CIDR blocks'),
  clientSecurityGroupIds: v.array(v.string(), 'must be a list of security group IDs'),
});

/** An NFSv4 server in the VPC, exporting one directory to the nodes (book chapter 16). */
export class NfsServer extends Construct {
  readonly host: Bastion;
  readonly instanceId: string;
  /** The address the NFS CSI StorageClass mounts (book: edited into the manifest by hand). */
  readonly privateIp: string;
  readonly securityGroupId: string;
  readonly exportPath: string;
  /** Blocks the share is exported to, as written into the exports file. */
  readonly exportedTo: string[];

  constructor(scope: Construct, id: string, props: NfsServerProps) {
    super(scope, id);
    const exportPath = props.exportPath ?? DEFAULT_NFS_EXPORT_PATH;
    const clientCidrs = props.clientCidrs ?? [];
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`NfsServer '${this.node.path}'`, [...fieldIssues, ...clientIssues(props)]);

    const blocks = [...props.nodeSubnetCidrs, ...clientCidrs.map((c) => (c === VPC_CIDR ? props.vpcCidr : c))];
    this.exportedTo = [...new Set(blocks)];
    this.host = new Bastion(this, 'host', {
      name: props.name ?? 'nfs-server',
      access: 'ssm',
      vpcId: props.vpcId,
      vpcCidr: props.vpcCidr,
      subnetId: props.subnetId,
      associatePublicIpAddress: false,
      instanceType: props.instanceType ?? DEFAULT_NFS_INSTANCE_TYPE,
      ami: props.ami,
      // No port from blocks (the bastion's kind of rule): NFS is opened below, per client; the
      // host keeps the module's 443 out, for SSM and the package repositories.
      rootVolumeSizeGiB: props.rootVolumeSizeGiB ?? DEFAULT_NFS_ROOT_VOLUME_GIB,
      userData: nfsUserData(exportPath, this.exportedTo),
      egressCidrBlocks: props.egressCidrBlocks,
      detailedMonitoring: props.detailedMonitoring,
      dependsOn: props.dependsOn,
      tags: props.tags,
    });
    const nfs = { securityGroupId: this.host.securityGroupId, ipProtocol: 'tcp', fromPort: NFS_PORT, toPort: NFS_PORT };
    props.clientSecurityGroupIds.forEach(
      (source, i) => new VpcSecurityGroupIngressRule(this, `nfs-from-nodes-${i + 1}`, { ...nfs, referencedSecurityGroupId: source, description: 'NFSv4 from the nodes' }),
    );
    clientCidrs.forEach(
      (cidr) =>
        new VpcSecurityGroupIngressRule(this, `nfs-from-${cidr === VPC_CIDR ? 'vpc' : cidr.replace(/[./]/g, '_')}`, {
          ...nfs,
          cidrIpv4: cidr === VPC_CIDR ? props.vpcCidr : cidr,
          description: 'NFSv4 from an allowed client block',
        }),
    );
    this.instanceId = this.host.instanceId;
    this.privateIp = this.host.privateIp;
    this.securityGroupId = this.host.securityGroupId;
    this.exportPath = exportPath;
  }
}

function clientIssues(p: NfsServerProps): ValidationIssue[] {
  if (isUnresolved(p.nodeSubnetCidrs) || isUnresolved(p.clientSecurityGroupIds)) return [];
  const issues: ValidationIssue[] = [];
  if (p.clientSecurityGroupIds.length === 0) issues.push(issue(['clientSecurityGroupIds'], [], 'must list the security group of the nodes that mount the share'));
  if (p.nodeSubnetCidrs.length === 0) issues.push(issue(['nodeSubnetCidrs'], [], 'must list the subnets of the nodes, which the share is exported to'));
  if (p.clientCidrs?.includes('0.0.0.0/0')) {
    issues.push(issue(['clientCidrs'], p.clientCidrs, 'opens NFS to the whole internet (book chapter 16); list the blocks of your clients, or "vpc"'));
  }
  return issues;
}

/**
 * Amazon Linux 2023 user data of an NFSv4-only server (the book's apt script for Ubuntu 20.04,
 * made safe): no NFSv3, so rpcbind (111) and statd are masked; the share belongs to nobody with
 * mode 755, not 777: root on the clients is squashed to nobody, so the NFS CSI driver (which
 * creates each volume's directory as root) can write it, and nobody else can. The package install
 * is retried for five minutes: user data runs once, and a NAT gateway or a repository mirror can
 * answer late even after the routes exist.
 * @see https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/9/html/configuring_and_using_network_file_services/deploying-an-nfs-server_configuring-and-using-network-file-services
 */
export function nfsUserData(exportPath: string, clients: string[]): string {
  const line = `${exportPath} ${clients.map((c) => `${c}(${NFS_EXPORT_OPTIONS})`).join(' ')}`;
  return [
    '#!/bin/bash',
    '# NFS server of book chapter 16 (nfs/), NFSv4 only',
    'set -euo pipefail',
    'for attempt in $(seq 1 30); do dnf install -y nfs-utils && break; [ "$attempt" -lt 30 ] || exit 1; sleep 10; done',
    `mkdir -p ${exportPath}`,
    `chown nobody:nobody ${exportPath}`,
    `chmod 0755 ${exportPath}`,
    `echo '${line}' > /etc/exports.d/eks.exports`,
    'nfsconf --set nfsd vers3 n',
    'systemctl mask --now rpc-statd.service rpcbind.service rpcbind.socket',
    'systemctl enable --now nfs-server',
    'exportfs -ra',
    '',
  ].join('\n');
}
