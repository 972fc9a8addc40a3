// chapter14-alb data-plane/nodes/policy.tf (`MyAWSLoadBalancerControllerIAMPolicy`): the AWS Load
// Balancer Controller's IAM policy, kept as data in the IAM JSON shape of the upstream file so a
// diff against a new upstream version is mechanical. A test checks it against its own schema.
import type { IamJsonStatement } from '../private/iam';

/** Where the statements come from, and how far that was verified. */
export const LBC_POLICY_SOURCE = {
  /** The controller version the policy is for (chart 3.5.0 installs v3.5.0). */
  version: 'v3.5.0',
  url: 'https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/v3.5.0/docs/install/iam_policy.json',
  /**
   * The file at the tag could not be read from here (2026-11-21). The sixteen statements, their
   * order, resources and conditions are the upstream file's as stored at commit
   * 1df08dd7bc2e52d27865331a50a3e76f043eb4e3 (`iam_policy_isof.json`: the same policy for the
   * aws-iso-f partition, `ec2:GetSecurityGroupsForVpc` included). The eight actions added since
   * (`ec2:DescribeIpamPools`, `ec2:DescribeRouteTables`, `elasticloadbalancing:`
   * `DescribeListenerAttributes`, `DescribeCapacityReservation`, `ModifyListenerAttributes`,
   * `ModifyCapacityReservation`, `ModifyIpPools`, `SetRulePriorities`) sit where three independent
   * copies citing the upstream file put them: terraform-aws-modules/terraform-aws-iam policies.tf at
   * e57efb075ed5f4b0b6b5816c19ee5ed3b0f60552 (v2.13+), eksctl-io/eksctl#8447 (v2.13.3) and
   * convox/convox#1102 ("upstream's policy at v3.5.0", nine actions added since v2.7.2). Diff it
   * against `url` before upgrading the controller.
   */
  verification: 'upstream structure at 1df08dd; later actions from three independent copies citing v2.13.3 and v3.5.0',
} as const;

const SECURITY_GROUPS = 'arn:aws:ec2:*:*:security-group/*';
const LOAD_BALANCERS = [
  'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
  'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*',
  'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*',
];
/** The controller tags what it creates with `elbv2.k8s.aws/cluster`; writes are limited to those. */
const TAGGED = { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' };
const TAGGING = { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' };

/** `docs/install/iam_policy.json` (commercial partition; `arn:aws:` is rewritten for others). */
export const LBC_POLICY_STATEMENTS: readonly IamJsonStatement[] = [
  {
    Effect: 'Allow',
    Action: ['iam:CreateServiceLinkedRole'],
    Resource: '*',
    Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
  },
  {
    Effect: 'Allow',
    Action: [
      'ec2:DescribeAccountAttributes',
      'ec2:DescribeAddresses',
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeInternetGateways',
      'ec2:DescribeVpcs',
      'ec2:DescribeVpcPeeringConnections',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeInstances',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeTags',
      'ec2:GetCoipPoolUsage',
      'ec2:DescribeCoipPools',
      'ec2:GetSecurityGroupsForVpc',
      'ec2:DescribeIpamPools',
      'ec2:DescribeRouteTables',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeListenerCertificates',
      'elasticloadbalancing:DescribeSSLPolicies',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      'elasticloadbalancing:DescribeTargetHealth',
      'elasticloadbalancing:DescribeTags',
      'elasticloadbalancing:DescribeTrustStores',
      'elasticloadbalancing:DescribeListenerAttributes',
      'elasticloadbalancing:DescribeCapacityReservation',
    ],
    Resource: '*',
  },
  {
    Effect: 'Allow',
    Action: [
      'cognito-idp:DescribeUserPoolClient',
      'acm:ListCertificates',
      'acm:DescribeCertificate',
      'iam:ListServerCertificates',
      'iam:GetServerCertificate',
      'waf-regional:GetWebACL',
      'waf-regional:GetWebACLForResource',
      'waf-regional:AssociateWebACL',
      'waf-regional:DisassociateWebACL',
      'wafv2:GetWebACL',
      'wafv2:GetWebACLForResource',
      'wafv2:AssociateWebACL',
      'wafv2:DisassociateWebACL',
      'shield:GetSubscriptionState',
      'shield:DescribeProtection',
      'shield:CreateProtection',
      'shield:DeleteProtection',
    ],
    Resource: '*',
  },
  { Effect: 'Allow', Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], Resource: '*' },
  { Effect: 'Allow', Action: ['ec2:CreateSecurityGroup'], Resource: '*' },
  {
    Effect: 'Allow',
    Action: ['ec2:CreateTags'],
    Resource: SECURITY_GROUPS,
    Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: TAGGING },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
    Resource: SECURITY_GROUPS,
    Condition: { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', ...TAGGED } },
  },
  {
    Effect: 'Allow',
    Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
    Resource: '*',
    Condition: { Null: TAGGED },
  },
  {
    Effect: 'Allow',
    Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
    Resource: '*',
    Condition: { Null: TAGGING },
  },
  {
    Effect: 'Allow',
    Action: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule'],
    Resource: '*',
  },
  {
    Effect: 'Allow',
    Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    Resource: LOAD_BALANCERS,
    Condition: { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', ...TAGGED } },
  },
  {
    Effect: 'Allow',
    Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    Resource: [
      'arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*',
    ],
  },
  {
    Effect: 'Allow',
    Action: ['elasticloadbalancing:AddTags'],
    Resource: LOAD_BALANCERS,
    Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] }, Null: TAGGING },
  },
  {
    Effect: 'Allow',
    Action: [
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
      'elasticloadbalancing:SetIpAddressType',
      'elasticloadbalancing:SetSecurityGroups',
      'elasticloadbalancing:SetSubnets',
      'elasticloadbalancing:DeleteLoadBalancer',
      'elasticloadbalancing:ModifyTargetGroup',
      'elasticloadbalancing:ModifyTargetGroupAttributes',
      'elasticloadbalancing:DeleteTargetGroup',
      'elasticloadbalancing:ModifyListenerAttributes',
      'elasticloadbalancing:ModifyCapacityReservation',
      'elasticloadbalancing:ModifyIpPools',
    ],
    Resource: '*',
    Condition: { Null: TAGGED },
  },
  {
    Effect: 'Allow',
    Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
    Resource: 'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
  },
  {
    Effect: 'Allow',
    Action: [
      'elasticloadbalancing:SetWebAcl',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:AddListenerCertificates',
      'elasticloadbalancing:RemoveListenerCertificates',
      'elasticloadbalancing:ModifyRule',
      'elasticloadbalancing:SetRulePriorities',
    ],
    Resource: '*',
  },
];
