// chapter20-lattice data-plane/nodes/policy.tf (`VPCLatticeControllerIAMPolicy`): the controller's
// recommended inline policy, kept as data in the IAM JSON shape of the upstream file.
import type { IamJsonStatement } from '../private/iam';

export const LATTICE_POLICY_SOURCE = {
  url: 'https://github.com/aws/aws-application-networking-k8s/blob/main/files/controller-installation/recommended-inline-policy.json',
  /**
   * Read at commit 97538159680cacecfd7da92b5281b9f5862f73bb, which has the `tag:TagResources` and
   * `tag:UntagResources` that v2.0.0 of the controller added (aws-application-networking-k8s#837,
   * terraform-aws-modules/terraform-aws-iam#634); the book's copy (v1.0.7) lacks them.
   */
  commit: '97538159680cacecfd7da92b5281b9f5862f73bb',
} as const;

export const LATTICE_POLICY_STATEMENTS: readonly IamJsonStatement[] = [
  {
    Effect: 'Allow',
    Action: [
      'vpc-lattice:*',
      'ec2:DescribeVpcs',
      'ec2:DescribeSubnets',
      'ec2:DescribeTags',
      'ec2:DescribeSecurityGroups',
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:DescribeLogGroups',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'tag:GetResources',
      'firehose:TagDeliveryStream',
      's3:GetBucketPolicy',
      's3:PutBucketPolicy',
      'tag:TagResources',
      'tag:UntagResources',
    ],
    Resource: '*',
  },
  {
    Effect: 'Allow',
    Action: 'iam:CreateServiceLinkedRole',
    Resource: 'arn:aws:iam::*:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice',
    Condition: { StringLike: { 'iam:AWSServiceName': 'vpc-lattice.amazonaws.com' } },
  },
  {
    Effect: 'Allow',
    Action: 'iam:CreateServiceLinkedRole',
    Resource: 'arn:aws:iam::*:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery',
    Condition: { StringLike: { 'iam:AWSServiceName': 'delivery.logs.amazonaws.com' } },
  },
];
