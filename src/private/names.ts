// Naming rules shared by several modules, with the AWS documentation they come from.
import { matching } from './validate';

/**
 * EKS cluster names: 1–100 characters, starting with a letter or digit, then letters, digits,
 * hyphens and underscores (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html).
 */
export const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

export const clusterName = matching(
  CLUSTER_NAME,
  'must be 1 to 100 characters: letters, digits, "-" and "_", starting with a letter or digit (EKS cluster name rules)',
);

/** IAM role names: 1–64 characters from [\w+=,.@-] (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export const iamRoleName = matching(IAM_ROLE_NAME, 'must be 1 to 64 characters from letters, digits and +=,.@_- (IAM role name rules)');

/** AWS region codes such as us-east-1, eu-central-2 or us-gov-west-1. */
export const region = matching(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'must be an AWS region code such as "us-east-1"');
