// Book chapter 4, folder chapter04: the private endpoint cluster with its bastion host, resource
// for resource, with the safe variants that keep its architecture (see docs/presets.md).
import type { Preset } from '.';
import { bookFindings, bookN3Network } from './book';
import { preset as chapter03 } from './chapter03';

export const preset: Preset = {
  name: 'chapter04',
  chapter: 'chapter04',
  description: 'Book chapter 4: private endpoint, /28 ENI subnets, additional security group, bastion host (SSM), one NAT gateway, 2 t3.small nodes',
  config: {
    // The bastion's HTTPS egress; nothing else (the endpoint is private).
    securityRules: bookFindings(['SG-EGRESS-WORLD']),
    clusterName: 'private-endpoint-cluster',
    // The book pins 1.31, whose EKS extended support ends on 2026-11-26.
    clusterVersion: '1.35',
    // Network N3: the book's six subnets.
    network: bookN3Network('private-endpoint-cluster-vpc'),
    controlPlane: {
      endpointAccess: 'private',
      subnets: 'eni',
      // control-plane/additional-sg.tf, with the cluster traffic rules: the book's ingress 443 and
      // egress 53/10250 to 10.0.0.0/16 name the nodes' security group instead of the whole VPC,
      // and DNS gets UDP next to TCP (its Table 4-1).
      additionalSecurityGroup: true,
      attachVpcResourceControllerPolicy: false,
      // nodes/cluster-sg.tf: egress 443 kept; its ingress 443 from 10.0.0.0/16 ("bastion to the
      // private API") becomes a rule from the bastion's own security group.
      clusterSecurityGroupRules: [{ type: 'egress', protocol: 'tcp', fromPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'HTTPS to AWS APIs and registries' }],
    },
    // Worker nodes: chapter 3's group ("like the one we discussed in Chapter 3"), in the private subnets.
    nodeGroups: chapter03.config.nodeGroups,
    // bastion/: the book's t3.micro, reached through SSM Session Manager from a private subnet
    // instead of SSH from 0.0.0.0/0 to a public one with a generated key written to key.pem; Amazon
    // Linux 2023 instead of the end-of-life Ubuntu 20.04. SSH stays one setting away
    // (access: ssh, sshPublicKey, cidrBlocks).
    bastion: { instanceType: 't3.micro' },
  },
};
