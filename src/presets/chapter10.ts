// Book chapter 10, folder chapter10: the cluster in API_AND_CONFIG_MAP mode, and the access
// entries and access policy associations the book makes by hand (aws eks create-access-entry,
// associate-access-policy, kubectl create clusterrolebinding) declared in configuration
// (book-map chapter10).
import type { Preset } from '.';
import { ALICE_ARN, BOOK_ACCESS_CONFIG, bookNodes, chapter6Cluster, R3_RULES, READONLY_CLUSTER_ROLE, TEST_ROLE_ARN } from './book';

const cluster = chapter6Cluster(R3_RULES);

export const preset: Preset = {
  name: 'chapter10',
  chapter: 'chapter10',
  description: 'Book chapter 10: access entries for alice (readonly-group, admin in test-ns) and my-test-eks-role (cluster admin), API_AND_CONFIG_MAP',
  config: {
    ...cluster,
    // The book's listing sets the creator flag to true (its code leaves it to the provider's
    // default, also true); it later sets false and destroys and recreates the cluster.
    controlPlane: { ...cluster.controlPlane, accessConfig: BOOK_ACCESS_CONFIG },
    nodeGroups: {
      // The book sets no instance type, so the provider's default t3.medium.
      'private-node-group': { ...bookNodes({ desiredSize: 1, maxSize: 2, minSize: 1 }, 'nodes'), instanceTypes: ['t3.medium'] },
    },
    // The book walks Alice through cluster admin, admin on the cluster, admin in test-ns and the
    // readonly group, one after the other on the same entry (EKS takes one entry per principal):
    // the preset keeps the last two together. The principals are placeholders (account
    // 111122223333) for the IAM user and role the book creates by hand: replace them with yours.
    accessEntries: {
      alice: {
        principalArn: ALICE_ARN,
        kubernetesGroups: ['readonly-group'],
        policies: [{ policy: 'AmazonEKSAdminPolicy', scope: 'namespace', namespaces: ['test-ns'] }],
      },
      'my-test-eks-role': { principalArn: TEST_ROLE_ARN, policies: [{ policy: 'AmazonEKSClusterAdminPolicy', scope: 'cluster' }] },
    },
    kubernetes: {
      rbac: {
        clusterRoles: { 'readonly-role': READONLY_CLUSTER_ROLE },
        // kubectl create clusterrolebinding readonly --clusterrole=readonly-role --group=readonly-group
        clusterRoleBindings: { readonly: { clusterRole: 'readonly-role', groups: ['readonly-group'] } },
      },
    },
  },
};
