// Book chapter 5, folder chapter05: chapter 4's cluster with a hybrid endpoint and spot nodes,
// resource for resource, with the safe variants that keep its architecture (see docs/presets.md).
import type { Preset } from '.';
import { bookFindings } from './book';
import { preset as chapter04 } from './chapter04';

const book = chapter04.config;

export const preset: Preset = {
  name: 'chapter05',
  chapter: 'chapter05',
  description: 'Book chapter 5: hybrid endpoint (public side 193.16.23.22/32), ENI subnets, additional security group, bastion (SSM), spot nodes',
  config: {
    ...book,
    securityRules: bookFindings(['EKS-PUBLIC-ENDPOINT', 'EKS-ENDPOINT-PUBLIC-CIDR', 'SG-EGRESS-WORLD']),
    clusterName: 'hybrid-endpoint-cluster',
    network: { ...book.network, vpcTag: 'hybrid-endpoint-cluster-vpc' },
    controlPlane: {
      ...book.controlPlane,
      // The book's allow-list, active in its repository (the text starts with it commented out).
      endpointAccess: 'hybrid',
      publicAccessCidrs: ['193.16.23.22/32'],
    },
    nodeGroups: {
      'private-node-group': {
        ...book.nodeGroups!['private-node-group'],
        capacityType: 'SPOT',
        // The book buys one spot pool (t3.small); a second type of the same size (2 vCPU, 2 GiB)
        // keeps the group alive when that pool is reclaimed.
        instanceTypes: ['t3.small', 't3a.small'],
      },
    },
  },
};
