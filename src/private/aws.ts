// Helpers for values every module needs from the AWS provider: the partition (computed locally
// by the provider, no API call) and IAM documents built with the provider's own data type.
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

const PARTITION_ID = 'partition';

/** The stack's one `aws_partition` data source, shared by all modules. */
function partitionData(scope: Construct): DataAwsPartition {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(PARTITION_ID) as DataAwsPartition | undefined) ?? new DataAwsPartition(stack, PARTITION_ID);
}

/** `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(scope: Construct): string {
  return partitionData(scope).partition;
}

/** The partition's DNS suffix (`amazonaws.com`, `amazonaws.com.cn`), as in service endpoints and `kms:ViaService` values. */
export function dnsSuffixOf(scope: Construct): string {
  return partitionData(scope).dnsSuffix;
}

/** ARN of an AWS managed policy, e.g. `AmazonEKSClusterPolicy` or `service-role/AmazonEBSCSIDriverPolicy`. */
export function awsManagedPolicyArn(scope: Construct, policyName: string): string {
  return `arn:${partitionOf(scope)}:iam::aws:policy/${policyName}`;
}

/** ARN of an EKS access policy (book chapter 10), e.g. `AmazonEKSViewPolicy`: `arn:<partition>:eks::aws:cluster-access-policy/<name>`. */
export function accessPolicyArn(scope: Construct, policyName: string): string {
  return `arn:${partitionOf(scope)}:eks::aws:cluster-access-policy/${policyName}`;
}

/** A trust policy letting AWS services (`eks.amazonaws.com`, …) assume a role. */
export function serviceTrustPolicy(
  scope: Construct,
  id: string,
  services: string[],
  actions: string[] = ['sts:AssumeRole'],
): DataAwsIamPolicyDocument {
  const statement: DataAwsIamPolicyDocumentStatement = {
    effect: 'Allow',
    actions,
    principals: [{ type: 'Service', identifiers: services }],
  };
  return new DataAwsIamPolicyDocument(scope, id, { statement: [statement] });
}
