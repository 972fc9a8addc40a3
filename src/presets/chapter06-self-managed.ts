// Book chapter 6, folder chapter06-self-managed, done for real: the book's folder runs its
// "self-managed" image in a *managed* node group; here the nodes are an Auto Scaling group of our
// own, joined through an EC2_LINUX access entry (book-map chapter06-self-managed).
import type { Preset } from '.';
import { BOOK_ACCESS_CONFIG, bookLaunchTemplate, bookNodes, chapter6Cluster, R3_443_IN_RULES } from './book';

const cluster = chapter6Cluster(R3_443_IN_RULES);

export const preset: Preset = {
  name: 'chapter06-self-managed',
  chapter: 'chapter06-self-managed',
  description: 'Book chapter 6: self-managed t3.small nodes (1 to 3): Auto Scaling group, launch template, instance profile, access entry',
  config: {
    ...cluster,
    controlPlane: { ...cluster.controlPlane, accessConfig: BOOK_ACCESS_CONFIG },
    nodeGroups: {
      'private-node-group': {
        type: 'self-managed',
        ...bookNodes({ desiredSize: 1, maxSize: 3, minSize: 1 }, 'nodes'),
        // The book boots a Packer or console image (ami-06f441b00834e8880, ami-02a075420d95cd9c1)
        // built from an AL2 source in us-east-1. The preset launches the EKS-optimized AL2023
        // image of the cluster version, which EC2 resolves from its public SSM parameter at each
        // launch (no AMI ID in the code, no AWS call at plan time); a golden image goes into
        // 'launchTemplate.amiId'. The user data joins the node with nodeadm.
        launchTemplate: bookLaunchTemplate('self-managed-launch-template'),
      },
    },
  },
};
