// Availability zones without an AWS API call: zone IDs derived from the region, so the default
// stack plans offline. Zone IDs (use1-az1) name the same physical zone in every account, unlike
// zone names (us-east-1a), which AWS maps differently per account.

/**
 * AZ ID prefix of each region (https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html).
 * Every region listed has at least the zones `<prefix>-az1` and `<prefix>-az2`, except where
 * `skip` removes a zone that EKS refuses.
 */
const AZ_ID_PREFIX: Readonly<Record<string, string>> = {
  'us-east-1': 'use1',
  'us-east-2': 'use2',
  'us-west-1': 'usw1',
  'us-west-2': 'usw2',
  'ca-central-1': 'cac1',
  'ca-west-1': 'caw1',
  'sa-east-1': 'sae1',
  'eu-west-1': 'euw1',
  'eu-west-2': 'euw2',
  'eu-west-3': 'euw3',
  'eu-central-1': 'euc1',
  'eu-central-2': 'euc2',
  'eu-north-1': 'eun1',
  'eu-south-1': 'eus1',
  'eu-south-2': 'eus2',
  'ap-south-1': 'aps1',
  'ap-south-2': 'aps2',
  'ap-southeast-1': 'apse1',
  'ap-southeast-2': 'apse2',
  'ap-southeast-3': 'apse3',
  'ap-southeast-4': 'apse4',
  'ap-northeast-1': 'apne1',
  'ap-northeast-2': 'apne2',
  'ap-northeast-3': 'apne3',
  'ap-east-1': 'ape1',
  'me-south-1': 'mes1',
  'me-central-1': 'mec1',
  'il-central-1': 'ilc1',
  'af-south-1': 'afs1',
  'us-gov-west-1': 'usgw1',
  'us-gov-east-1': 'usge1',
};

/**
 * Zones where EKS cannot place control plane network interfaces (book chapter 2, L1467, and
 * https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html).
 */
export const EKS_UNSUPPORTED_AZ_IDS: readonly string[] = ['use1-az3', 'usw1-az2', 'cac1-az3'];

const AZ_NAME = /^([a-z]{2}(-gov)?-[a-z]+-\d)([a-z])$/;
const AZ_ID = /^([a-z]+\d)-az(\d+)$/;

/** The two zones used when none are configured: the first two EKS-supported zone IDs. */
export function defaultAvailabilityZones(region: string): string[] | undefined {
  const prefix = AZ_ID_PREFIX[region];
  if (!prefix) return undefined;
  return ['az1', 'az2', 'az3', 'az4']
    .map((n) => `${prefix}-${n}`)
    .filter((id) => !EKS_UNSUPPORTED_AZ_IDS.includes(id))
    .slice(0, 2);
}

/** Regions whose zones can be derived without configuration. */
export function regionsWithDerivedZones(): string[] {
  return Object.keys(AZ_ID_PREFIX);
}

/** Whether the string is written as a zone ID (`use1-az1`) rather than a zone name. */
export function isZoneId(zone: string): boolean {
  return AZ_ID.test(zone);
}

/** Why `zone` cannot be used in `region`, or undefined when it can. */
export function zoneProblem(region: string, zone: string): string | undefined {
  const name = AZ_NAME.exec(zone);
  if (name) {
    return name[1] === region ? undefined : `is a zone of ${name[1]}, not of the region ${JSON.stringify(region)}`;
  }
  const id = AZ_ID.exec(zone);
  if (id) {
    if (EKS_UNSUPPORTED_AZ_IDS.includes(zone)) {
      return `cannot host EKS control plane network interfaces; EKS refuses ${EKS_UNSUPPORTED_AZ_IDS.join(', ')}`;
    }
    const prefix = AZ_ID_PREFIX[region];
    if (prefix && id[1] !== prefix) {
      return `is not a zone ID of ${region}; its zone IDs start with "${prefix}-az"`;
    }
    return undefined;
  }
  return 'is neither a zone name (us-east-1a) nor a zone ID (use1-az1)';
}
