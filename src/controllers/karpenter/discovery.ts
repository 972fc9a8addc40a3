// The tag Karpenter finds its subnets and security groups by (book chapter 19: on the private
// subnets, the cluster security group and the node group). Shared by both stacks.
export const DISCOVERY_TAG = 'karpenter.sh/discovery';
