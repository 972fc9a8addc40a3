// Book chapter 16 "Persistent volumes", folder chapter16-ebs-efs (the book's
// Chapter11-out-of-tree): EBS and EFS CSI add-ons with IRSA roles, an EFS file system, spot
// nodes, resource for resource, with the safe variants that keep its architecture (see docs/presets.md).
import type { Preset } from '.';
import { BOOK_PUBLIC_ENDPOINT, bookNetwork, bookNodes, PUBLIC_ENDPOINT_FINDINGS, R3_RULES } from './book';

/** The book's add-on tags (addons.tf). */
const addonTags = (name: string) => ({ eks_addon: name, terraform: 'true' });

export const preset: Preset = {
  name: 'chapter16-ebs-efs',
  chapter: 'chapter16-ebs-efs',
  description: 'Book chapter 16: EBS and EFS CSI add-ons with IRSA roles, encrypted EFS in every private subnet, gp3 and EFS StorageClasses, spot nodes',
  config: {
    securityRules: PUBLIC_ENDPOINT_FINDINGS,
    clusterName: 'public-endpoint-cluster',
    // The book pins 1.30, past the end of its EKS extended support.
    clusterVersion: '1.35',
    // Network N3: its ENI subnets are left out, since this chapter's control plane uses the
    // private subnets and nothing else uses them.
    network: bookNetwork('private-endpoint-cluster-vpc'),
    controlPlane: {
      ...BOOK_PUBLIC_ENDPOINT,
      clusterRoleName: 'public-endpoint-cluster-role',
      // R3 (with DNS over UDP). The book's ingress 2049 from 0.0.0.0/0 on the cluster security
      // group is left out: the file system has its own group, admitting NFS from the nodes only.
      // The book's AmazonEBSCSIDriverPolicy and AmazonEFSCSIDriverPolicy on the cluster role are
      // left out too: the drivers' own roles hold them.
      clusterSecurityGroupRules: R3_RULES,
    },
    // oidc.tf: IRSA, as in the book (without the tls_certificate thumbprint lookup, which needs
    // network access at plan time; IAM no longer uses the thumbprint for EKS issuers).
    workloadIdentity: 'irsa',
    oidcProvider: { enabled: true },
    addons: {
      // addons.tf: prefix delegation, OVERWRITE on create and update.
      'vpc-cni': { settings: { enablePrefixDelegation: true, warmPrefixTarget: 1 } },
      // One role per driver, trusted for its own service account only, with its own policy (the
      // book attaches both policies and the CNI policy to one role named vpc-cni-roles, trusted
      // for both accounts, and leaves ebs-role and efs-role without policies). No pinned
      // versions (v1.31.0-eksbuild.1 and v2.0.2-eksbuild.1 predate Kubernetes 1.35): EKS picks them.
      'aws-ebs-csi-driver': { tags: addonTags('ebs-csi') },
      'aws-efs-csi-driver': { tags: addonTags('efs-csi') },
    },
    nodeGroups: {
      // LT-spot: spot nodes, desired 2, max 2, min 1, on the on-spot-tp launch template.
      'private-node-group': {
        ...bookNodes({ desiredSize: 2, maxSize: 2, minSize: 1 }, 'nodes'),
        capacityType: 'SPOT',
        // The book buys one spot pool (t3.small); a second type of the same size (2 vCPU, 2 GiB)
        // keeps the group alive when that pool is reclaimed.
        instanceTypes: ['t3.small', 't3a.small'],
        // The book's 100 GiB /dev/sdf goes to the real root volume (encrypted gp3); the template
        // version follows the latest instead of the book's pinned version 1.
        launchTemplate: { name: 'on-spot-tp', httpPutResponseHopLimit: 1, rootVolume: { sizeGiB: 100 }, tags: { Name: 'on-spot-node-group' } },
      },
    },
    storage: {
      // efs.tf: general purpose, bursting throughput, encrypted (here with the cluster's key),
      // with a mount target in every private subnet (book: the first only; the others by hand)
      // and daily backups.
      efs: { throughputMode: 'bursting' },
      classes: {
        // pods/ebs-app.yml's class becomes gp3 (book: "standard", magnetic), the cluster default.
        gp3: { provisioner: 'ebs.csi.aws.com', default: true },
        // pods/efs-app.yml, with the file system ID from the AWS stack (book: hard-coded).
        'efs-sc': {
          provisioner: 'efs.csi.aws.com',
          parameters: { directoryPerms: '700', gidRangeStart: 1000, gidRangeEnd: 2000, ensureUniqueDirectory: true, reuseAccessPoint: false },
        },
      },
    },
  },
};
