// Book chapter 15 "EKS Pod Identity", folder chapter15-pod-id: the Pod Identity agent add-on, a
// role trusted by pods.eks.amazonaws.com and its association (book-map chapter15-pod-id).
import type { Preset } from '.';
import { chapter3Cluster, CHAPTER15_WORKLOAD_PERMISSIONS } from './book';

export const preset: Preset = {
  name: 'chapter15-pod-id',
  chapter: 'chapter15-pod-id',
  description: 'Book chapter 15: EKS Pod Identity agent, pod-identity-role associated with default/pod-service-account',
  config: {
    ...chapter3Cluster(),
    // The book's add-on and association name the cluster by a literal and can race its creation;
    // here both refer to the cluster, and the association waits for the agent.
    addons: { 'eks-pod-identity-agent': {} },
    workloadIdentity: 'pod-identity',
    serviceAccountRoles: {
      'pod-identity': {
        roleName: 'pod-identity-role',
        serviceAccounts: [{ namespace: 'default', name: 'pod-service-account' }],
        ...CHAPTER15_WORKLOAD_PERMISSIONS,
      },
    },
  },
};
