// Book chapter 6 "Graceful Node Group Update", folder chapter06-graceful-upgrade: two node
// groups side by side during an upgrade, the old one still on the previous version (blue) and
// the new one on the cluster's (green) (book-map chapter06-graceful-upgrade).
import type { Preset } from '.';
import { BOOK_ACCESS_CONFIG, bookLaunchTemplate, bookNodes, chapter6Cluster } from './book';

// The chapter's security group files are commented out: no rules of its own.
const cluster = chapter6Cluster([]);

export const preset: Preset = {
  name: 'chapter06-graceful-upgrade',
  chapter: 'chapter06-graceful-upgrade',
  description: 'Book chapter 6: blue/green node groups during an upgrade, 1.34 nodes next to 1.35 nodes, each replaced new-before-old',
  config: {
    ...cluster,
    controlPlane: { ...cluster.controlPlane, accessConfig: BOOK_ACCESS_CONFIG },
    // The book toggles node-group-2 by commenting its module in and out; here both are present,
    // the state in the middle of the procedure: drain the old nodes, then remove
    // 'private-node-group-1' from the configuration. Both groups share the stack's node role (the
    // book gives the second group a role of its own). Their names get a unique suffix, so a change
    // that replaces a group creates the new one before the old one is destroyed.
    nodeGroups: {
      'private-node-group-1': {
        ...bookNodes({ desiredSize: 1, maxSize: 2, minSize: 1 }, 'node-group-1'),
        createBeforeDestroy: true,
        // The book's 1.30 AMI under a 1.31 cluster: one minor version behind.
        version: '1.34',
        launchTemplate: bookLaunchTemplate('launch-template-node-group-1'),
      },
      'private-node-group-2': {
        ...bookNodes({ desiredSize: 1, maxSize: 2, minSize: 1 }, 'node-group-2'),
        createBeforeDestroy: true,
        // Follows the cluster version (1.35).
        launchTemplate: bookLaunchTemplate('launch-template-node-group-2'),
      },
    },
  },
};
