// Book chapter 10, folder chapter10: the cluster in API_AND_CONFIG_MAP mode, and the access
// entries and access policy associations the book makes by hand (aws eks create-access-entry,
// associate-access-policy, kubectl create clusterrolebinding) declared in configuration
// (book-map chapter10).
import type { Preset } from '.';
import { BOOK_ACCESS_CONFIG, BOOK_TEST_ROLE, BOOK_TEST_USER, bookNodes, chapter6Cluster, R3_RULES, READONLY_CLUSTER_ROLE } from './book';

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
    // the preset keeps the last two together. The user and role the book creates by hand (alice,
    // and my-test-eks-role that alice may assume, both with eks-describe-policy) are created here.
    iamPrincipals: { users: { [BOOK_TEST_USER]: {} }, roles: { [BOOK_TEST_ROLE]: { assumedBy: [BOOK_TEST_USER] } } },
    accessEntries: {
      alice: {
        iamUser: BOOK_TEST_USER,
        kubernetesGroups: ['readonly-group'],
        policies: [{ policy: 'AmazonEKSAdminPolicy', scope: 'namespace', namespaces: ['test-ns'] }],
      },
      'my-test-eks-role': { iamRole: BOOK_TEST_ROLE, policies: [{ policy: 'AmazonEKSClusterAdminPolicy', scope: 'cluster' }] },
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
