// Rules of the `storage` section that involve other sections (add-ons, the NFS server, the EFS
// file system) or several classes. They run before any construct is built, so nothing is
// written when they fail. No provider class here.
import type { EksConfig } from '../../config/schema';
import { issue, ValidationIssue } from '../../errors';
import { contains, parseCidr } from '../../private/cidr';
import { isUnresolved, VPC_CIDR } from '../../private/validate';
import { storageClassIssues } from './classes';
import { DEFAULT_NFS_EXPORT_PATH, EBS_PROVISIONER, EFS_PROVISIONER, NFS_PROVISIONER, Provisioner } from './schema';

/** Where each provisioner's driver comes from: an EKS add-on, or a setting of this section. */
const DRIVERS: Readonly<Record<Provisioner, { readonly field: string; readonly addon?: string; readonly what: string }>> = {
  [EBS_PROVISIONER]: { field: 'addons.aws-ebs-csi-driver', addon: 'aws-ebs-csi-driver', what: 'the EBS CSI driver' },
  [EFS_PROVISIONER]: { field: 'addons.aws-efs-csi-driver', addon: 'aws-efs-csi-driver', what: 'the EFS CSI driver' },
  [NFS_PROVISIONER]: { field: 'storage.nfsCsiDriver', what: 'the NFS CSI driver (its pinned Helm chart)' },
};

/** Private address space (RFC 1918 and the carrier-grade NAT block RFC 6598): where NFS may come from. */
const PRIVATE_BLOCKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(parseCidr);

export function storageIssues(config: EksConfig): ValidationIssue[] {
  const storage = config.storage;
  if (!storage) return [];
  const issues: ValidationIssue[] = [];
  const addons = (config.addons ?? {}) as Record<string, unknown>;
  const classes = Object.entries(storage.classes ?? {});
  const defaults = classes.filter(([, c]) => c.default).map(([n]) => n);

  for (const [name, c] of classes) {
    const at = ['storage', 'classes', name];
    issues.push(...storageClassIssues(c).map((i) => ({ ...i, path: [...at, ...i.path] })));
    const driver = DRIVERS[c.provisioner];
    const installed = driver.addon ? addons[driver.addon] !== undefined : storage.nfsCsiDriver !== undefined;
    if (!installed) {
      issues.push(issue([...at, 'provisioner'], c.provisioner, `needs ${driver.what}: add '${driver.field}', or remove the class`));
    }
    if (c.provisioner === EFS_PROVISIONER && !c.parameters?.fileSystemId && !storage.efs) {
      issues.push({ path: [...at, 'parameters', 'fileSystemId'], hasReceived: false, message: `is required without 'storage.efs': add 'storage.efs' for a file system of this stack, or name an existing one` });
    }
    if (c.provisioner === NFS_PROVISIONER) issues.push(...nfsClassIssues(at, c.parameters ?? {}, storage.nfsServer));
    if (c.default && defaults[0] !== name) {
      issues.push(issue([...at, 'default'], true, `cannot be set on more than one class: 'storage.classes.${defaults[0]}.default' is true too`));
    }
  }
  (storage.nfsServer?.clientCidrs ?? []).forEach((cidr, i) => {
    if (cidr === VPC_CIDR || isUnresolved(cidr)) return;
    const block = parseCidr(cidr);
    if (!PRIVATE_BLOCKS.some((p) => contains(p, block))) {
      const why = block.prefix === 0 ? 'opens NFS to the whole internet' : 'is not a private (RFC 1918 or RFC 6598) block';
      issues.push(issue(['storage', 'nfsServer', 'clientCidrs', i], cidr, `${why}: NFS trusts the client's word for user IDs, so it stays inside private networks; list the blocks of your VPN or subnets, or "vpc"`));
    }
  });
  return issues;
}

type NfsServerSettings = NonNullable<NonNullable<EksConfig['storage']>['nfsServer']>;

function nfsClassIssues(at: string[], p: { server?: string; share?: string }, server: NfsServerSettings | undefined): ValidationIssue[] {
  if (p.server) return [];
  if (!server) {
    return [{ path: [...at, 'parameters', 'server'], hasReceived: false, message: `is required without 'storage.nfsServer': add 'storage.nfsServer' (book chapter 16), or name your NFS server` }];
  }
  const exported = server.exportPath ?? DEFAULT_NFS_EXPORT_PATH;
  if (p.share && p.share !== exported && !p.share.startsWith(`${exported}/`)) {
    return [issue([...at, 'parameters', 'share'], p.share, `is not exported by the NFS server of 'storage.nfsServer': use its export ${JSON.stringify(exported)} or a directory under it`)];
  }
  return [];
}
