// Book chapter 6, folder chapter06: a managed node group on the launch template and Auto Scaling
// group EKS creates for it, which the chapter inspects in the console (book-map chapter06).
import type { Preset } from '.';
import { bookNodes, chapter6Cluster, R3_RULES } from './book';

export const preset: Preset = {
  name: 'chapter06',
  chapter: 'chapter06',
  description: "Book chapter 6: managed node group on EKS's own launch template, one t3.small (max 2), public endpoint",
  config: {
    ...chapter6Cluster(R3_RULES),
    nodeGroups: {
      'private-node-group': {
        // No capacity_type in the book: the EKS default, ON_DEMAND.
        ...bookNodes({ desiredSize: 1, maxSize: 2, minSize: 1 }, 'nodes'),
        // The chapter is about the launch template EKS generates: no template of ours here.
        launchTemplate: false,
      },
    },
  },
};
