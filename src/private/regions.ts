// The AWS regions the pinned provider accepts. hashicorp/aws 5.100.0 refuses any other at plan
// time ("invalid AWS Region"): it checks the region with validation.SupportedRegion of
// github.com/hashicorp/aws-sdk-go-base/v2, whose version the provider binary's Go build info
// names (v2.0.0-beta.65: `strings terraform-provider-aws_v5.100.0_x5 | grep aws-sdk-go-base`).
// That function looks the region up in the partitions of endpoints/endpoints_gen.go at tag
// v2.0.0-beta.65 (2025-06-06); the list below is that file's 44 region IDs, in its order.
// A region AWS opened later needs `skipRegionValidation: true`, which turns off this check and
// sets the provider's (and the S3 backend's) skip_region_validation.

/** Region IDs of every partition in aws-sdk-go-base v2.0.0-beta.65 endpoints/endpoints_gen.go. */
export const PROVIDER_REGIONS: readonly string[] = [
  // aws
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'ca-central-1',
  'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  // aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov
  'cn-north-1', 'cn-northwest-1', 'eusc-de-east-1', 'us-iso-east-1', 'us-iso-west-1', 'us-isob-east-1', 'eu-isoe-west-1',
  'us-isof-east-1', 'us-isof-south-1', 'us-gov-east-1', 'us-gov-west-1',
];

/** The provider version the list is for. */
export const PROVIDER_REGIONS_SOURCE = 'hashicorp/aws 5.100.0 (aws-sdk-go-base/v2 v2.0.0-beta.65 endpoints/endpoints_gen.go)';

/** Why the provider would refuse `region`, or undefined when it takes it. */
export function regionProblem(region: string): string | undefined {
  if (PROVIDER_REGIONS.includes(region)) return undefined;
  const stem = region.replace(/-\d+$/, '-');
  const near = PROVIDER_REGIONS.filter((r) => r.startsWith(stem));
  const hint = near.length > 0 ? `; known there: ${near.join(', ')}` : '';
  return `is not a region the AWS provider knows (${PROVIDER_REGIONS_SOURCE}: "invalid AWS Region" at plan time)${hint}. For a region newer than the provider, set 'skipRegionValidation' to true`;
}
