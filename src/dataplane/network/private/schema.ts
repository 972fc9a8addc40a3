// Field rules of the network module, shared by the ClusterNetwork constructor and the
// configuration file schema. No provider class is imported here: the configuration schema loads
// this file on every synthesis.
import * as v from 'valibot';
import { logRetentionDays } from '../../../private/logs';
import { ipv4Cidr, matching, nonEmptyList, oneOf, settings, tagMap } from '../../../private/validate';

/**
 * NAT gateway layouts: one shared by all private subnets (book), one per availability zone, or
 * none (private subnets reach AWS through VPC endpoints, or a transit gateway the user routes).
 */
export const NAT_GATEWAY_MODES = ['single', 'one-per-az', 'none'] as const;

/** AWS allows VPC and subnet blocks from /16 to /28. */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;

/**
 * AWS services that can get a VPC endpoint in the private subnets, for clusters without a NAT
 * gateway (https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html). `s3` is a
 * gateway endpoint (route table entries, free); the others are interface endpoints (one network
 * interface per zone, billed by the hour).
 */
export const VPC_ENDPOINT_SERVICES = [
  's3',
  'ecr.api',
  'ecr.dkr',
  'ec2',
  'sts',
  'logs',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'eks',
  'eks-auth',
  'elasticloadbalancing',
  'autoscaling',
  'kms',
  'secretsmanager',
  'xray',
] as const;
export type VpcEndpointService = (typeof VPC_ENDPOINT_SERVICES)[number];

/** Gateway endpoints (routes); every other service is an interface endpoint. */
export const GATEWAY_ENDPOINT_SERVICES: readonly VpcEndpointService[] = ['s3'];

/** What nodes need to join and pull the EKS add-on images without a NAT gateway. */
export const NODE_BOOTSTRAP_ENDPOINTS: readonly VpcEndpointService[] = ['ec2', 'ecr.api', 'ecr.dkr', 's3'];

/** What the SSM agent needs for Session Manager without a NAT gateway. */
export const SESSION_MANAGER_ENDPOINTS: readonly VpcEndpointService[] = ['ssm', 'ssmmessages', 'ec2messages'];

const subnetList = nonEmptyList(ipv4Cidr(MIN_PREFIX, MAX_PREFIX), 'CIDR block');

export const networkFields = {
  vpcTag: v.optional(matching(/^.{1,256}$/s, 'must be 1 to 256 characters')),
  vpcCidr: v.optional(ipv4Cidr(MIN_PREFIX, MAX_PREFIX)),
  availabilityZones: v.optional(nonEmptyList(v.string('must be a string'), 'availability zone')),
  privateSubnetCidrs: v.optional(subnetList),
  publicSubnetCidrs: v.optional(subnetList),
  eniSubnetCidrs: v.optional(subnetList),
  natGateways: v.optional(oneOf(NAT_GATEWAY_MODES)),
  vpcEndpoints: v.optional(nonEmptyList(oneOf(VPC_ENDPOINT_SERVICES), 'VPC endpoint service')),
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
