// Book chapter 7 "Pod Density with Prefix", folder chapter07-prefix: the vpc-cni add-on with
// prefix delegation and a launch template raising the kubelet's max pods (book-map chapter07-prefix).
import type { Preset } from '.';
import { bookLaunchTemplate, bookNodes, chapter6Cluster, R3_443_IN_RULES } from './book';

export const preset: Preset = {
  name: 'chapter07-prefix',
  chapter: 'chapter07-prefix',
  description: 'Book chapter 7: vpc-cni add-on with prefix delegation, t3.small nodes (1 to 2) at 110 pods each',
  config: {
    ...chapter6Cluster(R3_443_IN_RULES),
    addons: {
      // The book pins v1.18.5-eksbuild.1 and references the cluster of another module, so its
      // Terraform does not validate; here EKS picks the version for 1.35 and the add-on refers to
      // the cluster. Node groups wait for it, so nodes start in prefix mode.
      'vpc-cni': {
        settings: { enablePrefixDelegation: true, warmPrefixTarget: 1 },
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
      },
    },
    nodeGroups: {
      'private-node-group': {
        ...bookNodes({ desiredSize: 1, maxSize: 2, minSize: 1 }, 'nodes'),
        // No image ID in the book either. Its user data calls /etc/eks/bootstrap.sh with
        // --max-pods=120, which the AL2023 AMI does not have; here nodeadm gets maxPods "auto":
        // 3 x ((4 - 1) x 16) + 2 = 146, capped at the recommended 110 (2 vCPUs).
        launchTemplate: bookLaunchTemplate('ip-prefix-launch-template'),
      },
    },
  },
};
