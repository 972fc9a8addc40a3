// Book chapter 9, folder chapter09: IAM principals mapped to Kubernetes through the aws-auth
// ConfigMap, and the custom readonly role of readonly-binding.yml; all by hand in the book
// (eksctl create iamidentitymapping, kubectl edit configmap aws-auth, kubectl apply). The
// folder has no cluster code of its own ("deploy the Terraform code in chapter09" fails there);
// the chapter runs on chapter 8's cluster (book-map chapter09), whose API_AND_CONFIG_MAP mode
// reads aws-auth.
import type { Preset } from '.';
import { BOOK_TEST_USER, chapter8Cluster, READONLY_CLUSTER_ROLE } from './book';

export const preset: Preset = {
  name: 'chapter09',
  chapter: 'chapter09',
  description: 'Book chapter 9: aws-auth maps user alice to readonly-group, bound to the readonly ClusterRole, on the chapter 8 cluster',
  config: {
    ...chapter8Cluster(),
    // The book's `aws iam create-user --user-name alice` and eks-describe-policy, in the stack.
    iamPrincipals: { users: { [BOOK_TEST_USER]: {} } },
    kubernetes: {
      // The book maps Alice into system:masters (unrestricted, and RBAC cannot take it back) and
      // then into admin and edit; the preset takes its safe variant, the custom group of "Using
      // Custom Groups", bound to the readonly role (the book binds the user name alice instead).
      // The node role is mapped as EKS would; with access entries on, EKS writes no aws-auth, so
      // the stack creates the ConfigMap.
      awsAuth: { mapUsers: [{ iamUser: BOOK_TEST_USER, username: 'alice', groups: ['readonly-group'] }] },
      rbac: {
        clusterRoles: { 'readonly-role': READONLY_CLUSTER_ROLE },
        clusterRoleBindings: { 'readonly-role-binding': { clusterRole: 'readonly-role', groups: ['readonly-group'] } },
      },
    },
  },
};
