// Book chapter 6, folder chapter06-launch-template: a managed node group on a custom launch
// template (`custom-launch-template`) with its user data (book-map chapter06-launch-template).
import type { Preset } from '.';
import { bookLaunchTemplate, bookNodes, chapter6Cluster, R3_443_IN_RULES } from './book';

export const preset: Preset = {
  name: 'chapter06-launch-template',
  chapter: 'chapter06-launch-template',
  description: 'Book chapter 6: managed t3.small nodes (1 to 3) on custom-launch-template, IMDSv2 only, max pods in AL2023 user data',
  config: {
    ...chapter6Cluster(R3_443_IN_RULES),
    nodeGroups: {
      'private-node-group': {
        ...bookNodes({ desiredSize: 1, maxSize: 3, minSize: 1 }, 'nodes'),
        // The book pins us-east-1 Amazon Linux 2 AMI IDs (ami-0dcb2d7d97bcda689 for 1.30,
        // ami-0eddf4b3eca8324cc for 1.31) and upgrades by editing them. EKS publishes no AL2 AMI
        // for 1.33+, and managed node groups cannot resolve an SSM parameter in a launch template
        // (aws/containers-roadmap#1951): the preset lets EKS pick the AL2023 AMI of the group's
        // version (pin one with 'releaseVersion'); 'launchTemplate.amiId' takes a custom AMI.
        // The book's --max-pods=120 (bootstrap.sh, AL2 only) becomes nodeadm maxPods "auto": 11
        // on a t3.small without prefix delegation, where 120 would leave pods without addresses.
        launchTemplate: bookLaunchTemplate('custom-launch-template'),
      },
    },
  },
};
