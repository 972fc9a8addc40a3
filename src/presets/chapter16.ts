// Book chapter 16 "Persistent volumes", folder chapter16 (the book's Chapter16-in-tree): the
// chapter 4 network with a public endpoint, an NFS server host and the NFS CSI driver with its
// StorageClass, resource for resource, with the safe variants that keep its architecture (see
// docs/presets.md).
import type { Preset } from '.';
import { BOOK_PUBLIC_ENDPOINT, bookFindings } from './book';
import { preset as chapter03 } from './chapter03';
import { preset as chapter04 } from './chapter04';

export const preset: Preset = {
  name: 'chapter16',
  chapter: 'chapter16',
  description: 'Book chapter 16: ENI subnets, public endpoint, 1 to 3 t3.small nodes, private NFSv4 server (SSM), NFS CSI driver and its StorageClass',
  config: {
    securityRules: bookFindings(['EKS-PUBLIC-ENDPOINT', 'EKS-ENDPOINT-OPEN-TO-WORLD', 'SG-EGRESS-WORLD']),
    clusterName: 'public-endpoint-cluster',
    // The book pins 1.31, whose EKS extended support ends on 2026-11-26.
    clusterVersion: '1.35',
    // Network N3, as chapter 4: the control plane ENIs go into the /28 ENI subnets.
    network: chapter04.config.network,
    controlPlane: {
      // Public endpoint open to the world, as in the book: stated here and warned about at synth.
      ...BOOK_PUBLIC_ENDPOINT,
      subnets: 'eni',
      // nodes/sg.tf puts five rules on the cluster security group. Kept: HTTPS in from the VPC
      // and out to AWS. Left out: 111, 22 and 2049 in from the VPC: the nodes run no NFS server
      // and no SSH key (SSM instead); NFS is opened on the server's own group, from the nodes.
      clusterSecurityGroupRules: [
        { type: 'ingress', protocol: 'tcp', fromPort: 443, cidrBlocks: ['vpc'], description: 'HTTPS to the API server from the VPC' },
        { type: 'egress', protocol: 'tcp', fromPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'HTTPS to AWS APIs and registries' },
      ],
    },
    // Chapter 3's node group (ON_DEMAND t3.small, label name=nodes), 1 to 3 nodes.
    nodeGroups: {
      'private-node-group': { ...chapter03.config.nodeGroups!['private-node-group'], desiredSize: 1, maxSize: 3, minSize: 1 },
    },
    storage: {
      // nfs/: the bastion module's host as NFS server, with the book's t3.small and share
      // /mnt/nfs_share, but in a private subnet without a public IP (book: public subnet and IP),
      // reached through SSM (book: SSH from 0.0.0.0/0 with key.pem), NFSv4 only on 2049 from
      // the nodes' security group (book: 111, 2049 and 22 from 0.0.0.0/0), exported to the
      // nodes' subnets (book: 10.0.0.0/16) with root squashing on a share owned by nobody, mode
      // 755 (book: chmod 777), Amazon Linux 2023 (book: Ubuntu 20.04), encrypted root volume.
      nfsServer: { instanceType: 't3.small' },
      // The book pipes csi-driver-nfs v4.5.0's install script into bash; here the driver's Helm
      // chart, pinned, in the Kubernetes stack.
      nfsCsiDriver: {},
      classes: {
        // pods/persistent-provisioner.yml, with the server's address from the AWS stack instead
        // of an IP edited in by hand. The book's gp2 PV and PVC (persistent-gp2.yml) never bind
        // (the PV has no labels for the claim's selector) and are not reproduced.
        'nfs-csi': { provisioner: 'nfs.csi.k8s.io', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' },
      },
    },
  },
};
