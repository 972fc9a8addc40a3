// Book chapter 14 "Node Port Service Type and Public Network", folder chapter14-pub: chapter 3's
// cluster with public nodes and a NodePort rule, with the safe variants that keep its
// architecture (see README "Presets").
import type { Preset } from '.';
import { chapter03 } from './chapter03';

const book = chapter03.config;

export const chapter14Pub: Preset = {
  name: 'chapter14-pub',
  chapter: 'chapter14-pub',
  description: 'Book chapter 14-pub: chapter 3 with nodes and control plane ENIs in public subnets, public IPs, NodePort 30001 open to configured blocks',
  config: {
    ...book,
    network: { ...book.network, mapPublicIpOnLaunch: true },
    controlPlane: {
      ...book.controlPlane,
      // eks.tf: subnet_ids = public_subnet_ids, as in the book.
      subnets: 'public',
      // nodes/sg.tf opens 30001 to 0.0.0.0/0; here to the blocks you configure. 203.0.113.10/32 is
      // a documentation address (RFC 5737) standing for yours: override
      // controlPlane.nodePorts.cidrBlocks with your own /32 before deploying. The book's second
      // rule, 8080 from 0.0.0.0/0, is left out: nothing listens on 8080 on the nodes.
      nodePorts: { cidrBlocks: ['203.0.113.10/32'], fromPort: 30001 },
    },
    nodeGroups: {
      'private-node-group': { ...book.nodeGroups!['private-node-group'], subnets: 'public' },
    },
  },
};
