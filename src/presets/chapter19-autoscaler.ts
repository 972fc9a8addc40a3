// Book chapter 19, "The Cluster Autoscaler", folder chapter19-autoscaler: autoscaler-cluster with
// its IRSA role and the Cluster Autoscaler (book-map chapter19-autoscaler).
import type { Preset } from '.';
import { BOOK_ACCESS_CONFIG, BOOK_PUBLIC_ENDPOINT, PUBLIC_ENDPOINT_FINDINGS, R3_RULES } from './book';

const name = 'autoscaler-cluster';

export const preset: Preset = {
  name: 'chapter19-autoscaler',
  chapter: 'chapter19-autoscaler',
  description: 'Book chapter 19: Cluster Autoscaler (IRSA, tag-scoped policy, image of the cluster minor) on autoscaler-cluster',
  config: {
    securityRules: PUBLIC_ENDPOINT_FINDINGS,
    clusterName: name,
    // The book pins 1.31 and runs Cluster Autoscaler v1.26.2 on it; the image here follows 1.35.
    clusterVersion: '1.35',
    // The registry VPC module 5.0.0 of data-plane/network/vpc.tf: 10.0.0.0/16, private 10.0.0-1.0/24,
    // public 10.0.2-3.0/24, one NAT gateway. Its `autoscaler.sh/discovery` and
    // `k8s.io/cluster-autoscaler/*` subnet tags mean nothing to the autoscaler (it discovers Auto
    // Scaling groups), so the subnets carry the usual discovery tags only; public IPs on launch
    // are left off (nothing is launched in the public subnets).
    network: {
      vpcTag: `${name}-vpc`,
      vpcCidr: '10.0.0.0/16',
      privateSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/24'],
      publicSubnetCidrs: ['10.0.2.0/24', '10.0.3.0/24'],
      natGateways: 'single',
    },
    // The cluster tag and the aws_ec2_tag `autoscaler.sh/discovery` on the cluster security group
    // are a Karpenter pattern with no meaning here and are left out.
    controlPlane: { ...BOOK_PUBLIC_ENDPOINT, clusterSecurityGroupRules: R3_RULES, accessConfig: BOOK_ACCESS_CONFIG },
    workloadIdentity: 'irsa',
    oidcProvider: { enabled: true },
    // The book's vpc-cni add-on enables prefix delegation; with it each t3.small may reserve 131
    // addresses, and the /24 subnets (502 addresses) cannot hold the group at its 10 nodes
    // (subnet capacity check), so the add-on keeps secondary IPs (11 pods per node). Its unused
    // eks-pod-identity-agent is left out (the chapter uses IRSA).
    addons: { 'vpc-cni': {}, 'kube-proxy': {} },
    nodeRole: { roleName: 'AutoScalerNodeRole-autoscaler-cluster' },
    nodeGroups: {
      'autoscaler-cluster-ng': {
        capacityType: 'ON_DEMAND',
        instanceTypes: ['t3.small'],
        minSize: 1,
        desiredSize: 1,
        maxSize: 10,
        createBeforeDestroy: false,
        labels: { 'cluster-autoscaling-nodes': name, 'cluster-autoscaling': 'true' },
        // The book's tags: a managed node group's tags do not reach its Auto Scaling group
        // (aws/containers-roadmap#608); EKS tags the group for auto-discovery itself.
        tags: { 'k8s.io/cluster-autoscaler/enabled': 'true', [`k8s.io/cluster-autoscaler/${name}`]: 'owned' },
      },
    },
    controllers: {
      clusterAutoscaler: {
        // The book's role; its policy lets the autoscaler resize and terminate any Auto Scaling
        // group, here only the groups tagged for this cluster. The book's manifest becomes the
        // pinned chart, with the book's flags and requests.
        roleName: 'ClusterAutoScalerRole-autoscaler-cluster',
        sampleApp: true,
      },
    },
  },
};
