// Field rules of the network module, shared by the ClusterNetwork constructor and the
// configuration file schema.
import * as v from 'valibot';
import { logRetentionDays } from '../../../private/logs';
import { ipv4Cidr, matching, nonEmptyList, oneOf, settings, tagMap } from '../../../private/validate';

/** NAT gateway layouts: one shared by all private subnets (book) or one per availability zone. */
export const NAT_GATEWAY_MODES = ['single', 'one-per-az'] as const;

/** AWS allows VPC and subnet blocks from /16 to /28. */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;

const subnetList = nonEmptyList(ipv4Cidr(MIN_PREFIX, MAX_PREFIX), 'CIDR block');

export const networkFields = {
  vpcTag: v.optional(matching(/^.{1,256}$/s, 'must be 1 to 256 characters')),
  vpcCidr: v.optional(ipv4Cidr(MIN_PREFIX, MAX_PREFIX)),
  availabilityZones: v.optional(nonEmptyList(v.string('must be a string'), 'availability zone')),
  privateSubnetCidrs: v.optional(subnetList),
  publicSubnetCidrs: v.optional(subnetList),
  natGateways: v.optional(oneOf(NAT_GATEWAY_MODES)),
  mapPublicIpOnLaunch: v.optional(v.boolean('must be true or false')),
  discoveryTags: v.optional(v.boolean('must be true or false')),
  restrictDefaultSecurityGroup: v.optional(v.boolean('must be true or false')),
  tags: v.optional(tagMap),
};

/** Traffic a VPC flow log records. */
export const FLOW_LOG_TRAFFIC_TYPES = ['ALL', 'ACCEPT', 'REJECT'] as const;
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];

export const flowLogFields = {
  trafficType: v.optional(oneOf(FLOW_LOG_TRAFFIC_TYPES)),
  retentionDays: v.optional(logRetentionDays),
};

/** The `network.flowLogs` configuration section. */
export const flowLogSettings = settings({ enabled: v.optional(v.boolean('must be true or false')), ...flowLogFields });
