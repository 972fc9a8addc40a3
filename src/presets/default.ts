// The recommended architecture: private API endpoint, private nodes, a NAT gateway per zone,
// access entries only.
import type { Preset } from '.';

export const preset: Preset = {
  name: 'default',
  description:
    'Recommended: private-only API endpoint, nodes in private subnets of two zones, one NAT gateway per zone, access entries only (API mode)',
  config: {
    clusterName: 'eks-default',
    controlPlane: {
      // A restricted public endpoint is one setting away:
      //   endpointAccess: 'hybrid', publicAccessCidrs: ['203.0.113.10/32']
      endpointAccess: 'private',
      // Access entries only (book chapter 10): who may use the cluster is managed through the EKS
      // API, auditable and revocable, with no aws-auth ConfigMap to edit. The identity that
      // creates the cluster gets AmazonEKSClusterAdminPolicy through an access entry EKS makes
      // (visible, and deletable once other administrators are declared in 'accessEntries'). The
      // preset declares no other entry: it cannot know your principals.
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
    },
    // Every other network and node group setting takes the module defaults (see docs/configuration.md); the node
    // group runs from a launch template with IMDSv2 only (hop limit 1) and an encrypted gp3 disk,
    // and a replacement group is created before the old one is destroyed.
    network: {},
    nodeGroups: { default: {} },
    // The core add-ons as EKS managed add-ons (the book leaves them self-managed, L711), with the
    // Pod Identity agent, so roles for workloads and add-ons need no OIDC provider. vpc-cni,
    // kube-proxy and the agent come before the nodes; CoreDNS after them.
    addons: {
      'vpc-cni': {},
      'kube-proxy': {},
      coredns: {},
      'eks-pod-identity-agent': {},
    },
  },
};
