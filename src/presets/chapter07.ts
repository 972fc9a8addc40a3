// Book chapter 7, folder chapter07: node IP addressing and the default pod density, a single
// t3.small holds 3 x (4 - 1) + 2 = 11 pods (book-map chapter07).
import type { Preset } from '.';
import { bookNodes, chapter6Cluster, R3_RULES } from './book';

export const preset: Preset = {
  name: 'chapter07',
  chapter: 'chapter07',
  description: 'Book chapter 7: VPC CNI secondary IPs, one t3.small node (max 2) with its default 11 pods',
  config: {
    ...chapter6Cluster(R3_RULES),
    nodeGroups: {
      'private-managed-node-group': {
        ...bookNodes({ desiredSize: 1, maxSize: 2, minSize: 1 }, 'managed-nodes'),
        // No launch template in the book: the preset keeps the project's (IMDSv2 only, hop limit
        // 1, encrypted disk), with no user data, so the density stays the AMI's default 11.
      },
    },
  },
};
