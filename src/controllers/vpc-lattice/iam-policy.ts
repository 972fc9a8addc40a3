// chapter20-lattice data-plane/nodes/policy.tf (`VPCLatticeControllerIAMPolicy`): the controller's
// recommended inline policy, kept as data in the IAM JSON shape of the upstream file.
import type { IamJsonStatement } from '../private/iam';

export const LATTICE_POLICY_SOURCE = {
  url: 'https://github.com/aws/aws-application-networking-k8s/blob/v2.1.3/files/controller-installation/recommended-inline-policy.json',
  /**
   * Tag v2.1.3 (2026-08-14), the chart version pinned in gateway-api-controller.ts; the file's last
   * change there is commit 4e6f34d6 ("Add automatic certificate discovery for custom route
   * hostnames", aws-application-networking-k8s#914), which added `acm:ListCertificates`. The
   * statements below equal the file's, action for action. Earlier: `tag:TagResources` and
   * `tag:UntagResources` came with v2.0.0 (#837); the book's copy (v1.0.7) lacks them all.
   */
  tag: 'v2.1.3',
  commit: '4e6f34d6',
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
      'acm:ListCertificates',
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
