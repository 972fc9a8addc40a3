// Book chapter 3, folder chapter03: the public endpoint cluster, resource for resource, with
// the safe variants that keep its architecture (see README "Presets").
import type { Preset } from '.';
import { BOOK_PUBLIC_ENDPOINT, bookNetwork, bookNodes, R3_RULES } from './book';

export const chapter03: Preset = {
  name: 'chapter03',
  chapter: 'chapter03',
  description: 'Book chapter 3: public endpoint cluster, 2 public + 2 private /24 subnets, one NAT gateway, 2 t3.small nodes',
  config: {
    clusterName: 'public-endpoint-cluster',
    // The book pins 1.31, whose EKS extended support ends on 2026-11-26.
    clusterVersion: '1.35',
    network: bookNetwork('public-endpoint-cluster-vpc'),
    controlPlane: {
      // The book leaves the endpoint open (its allow-list `181.10.0.0/32` is commented out); the
      // preset says so explicitly and synthesis warns about it.
      ...BOOK_PUBLIC_ENDPOINT,
      // network/sg.tf and nodes/sg.tf, plus DNS over UDP.
      clusterSecurityGroupRules: R3_RULES,
    },
    nodeGroups: {
      'private-node-group': {
        ...bookNodes({ desiredSize: 2, maxSize: 3, minSize: 2 }, 'nodes'),
        tags: { Name: 'worker-node' },
        // The group runs from the project's launch template (IMDSv2 only, hop limit 1, encrypted
        // gp3 disk), a safe variant of the one EKS generates.
      },
    },
  },
};
