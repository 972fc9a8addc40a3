// Book chapter 7 "Pod Density" and chapter07-prefix: how many pods a node can run, and how many
// VPC addresses it takes, with the VPC CNI in secondary-IP mode or with prefix delegation.
//
// The formulas are those of the EKS max-pods calculator (awslabs/amazon-eks-ami,
// templates/al2/runtime/max-pods-calculator.sh), read 2026-11-21:
// - secondary IPs: ENIs * (IPv4 per ENI - 1) + 2 (the first address of each ENI is the ENI's
//   own; +2 for the host-network pods, aws-node and kube-proxy);
// - prefix delegation (Nitro only, else secondary IPs): ENIs * ((IPv4 per ENI - 1) * 16) + 2;
// - recommended value: at most 110 pods with 30 vCPUs or fewer, at most 250 above (the same
//   ceiling EKS applies to managed node groups). The book's 146 for a prefix-mode t3.small is the
//   uncapped limit; its --max-pods=120 is above the recommendation.
import { InstanceTypeInfo, instanceTypeInfo } from './instance-types';

/** Addresses in one /28 prefix. */
export const IPS_PER_PREFIX = 16;
/** The calculator's ceiling for instance types with at most HIGH_CPU_THRESHOLD vCPUs. */
export const MAX_PODS_LOW_CPU = 110;
/** The calculator's ceiling above HIGH_CPU_THRESHOLD vCPUs. */
export const MAX_PODS_HIGH_CPU = 250;
export const HIGH_CPU_THRESHOLD = 30;
/** The VPC CNI default: one spare /28 prefix per node (book: `WARM_PREFIX_TARGET = "1"`). */
export const DEFAULT_WARM_PREFIX_TARGET = 1;

/** How the VPC CNI gives pods their addresses. */
export interface PodNetworking {
  /** `ENABLE_PREFIX_DELEGATION` of the vpc-cni add-on. */
  readonly prefixDelegation: boolean;
  /** `WARM_PREFIX_TARGET` (prefix mode only). @default 1 */
  readonly warmPrefixTarget?: number;
}

/** The secondary-IP mode of a vpc-cni without configuration. */
export const SECONDARY_IP_NETWORKING: PodNetworking = { prefixDelegation: false };

export interface MaxPodsResult {
  readonly instanceType: string;
  /** Whether /28 prefixes are used: prefix delegation asked for and a Nitro instance. */
  readonly prefixMode: boolean;
  /** The ENI formula, uncapped (what eni-max-pods.txt lists for secondary IPs). */
  readonly limit: number;
  /** The value to give the kubelet: `limit` capped at 110 or 250 by vCPUs. */
  readonly recommended: number;
}

/** Max pods of a known instance type. */
export function maxPodsOf(info: InstanceTypeInfo, networking: PodNetworking): MaxPodsResult {
  const prefixMode = networking.prefixDelegation && info.nitro;
  const perEni = (info.ipv4PerEni - 1) * (prefixMode ? IPS_PER_PREFIX : 1);
  const limit = info.maxEnis * perEni + 2;
  const ceiling = info.vcpus > HIGH_CPU_THRESHOLD ? MAX_PODS_HIGH_CPU : MAX_PODS_LOW_CPU;
  return { instanceType: info.instanceType, prefixMode, limit, recommended: Math.min(limit, ceiling) };
}

/** Recommended max pods of `instanceType`, or undefined when it is not in the instance type table. */
export function maxPods(instanceType: string, networking: PodNetworking = SECONDARY_IP_NETWORKING): number | undefined {
  const info = instanceTypeInfo(instanceType);
  return info && maxPodsOf(info, networking).recommended;
}

/** VPC addresses one node holds when it runs `pods` pods, and how that number comes about. */
export interface NodeAddressDemand {
  readonly addresses: number;
  /** e.g. `3 ENIs x 4 addresses (secondary IPs for 11 pods)`. */
  readonly explanation: string;
}

/**
 * Addresses a full node takes from its subnet. Secondary IPs: every attached ENI holds all its
 * addresses, and the CNI keeps one spare ENI attached (WARM_ENI_TARGET=1) while one is free.
 * Prefix delegation: the /28 prefixes the pods need plus WARM_PREFIX_TARGET spare ones, and one
 * primary address per ENI carrying them.
 */
export function nodeAddressDemand(info: InstanceTypeInfo, networking: PodNetworking, pods: number): NodeAddressDemand {
  const podAddresses = Math.max(pods - 2, 0);
  if (networking.prefixDelegation && info.nitro) {
    const perEni = info.ipv4PerEni - 1;
    const warm = networking.warmPrefixTarget ?? DEFAULT_WARM_PREFIX_TARGET;
    const prefixes = Math.min(info.maxEnis * perEni, Math.ceil(podAddresses / IPS_PER_PREFIX) + warm);
    const enis = Math.max(1, Math.ceil(prefixes / perEni));
    return {
      addresses: prefixes * IPS_PER_PREFIX + enis,
      explanation: `${prefixes} /28 prefixes x ${IPS_PER_PREFIX} + ${enis} ENI addresses (prefix delegation, ${pods} pods)`,
    };
  }
  const used = Math.ceil(podAddresses / (info.ipv4PerEni - 1));
  const enis = Math.min(info.maxEnis, Math.max(1, used + 1));
  return {
    addresses: enis * info.ipv4PerEni,
    explanation: `${enis} ENIs x ${info.ipv4PerEni} addresses (secondary IPs, ${pods} pods)`,
  };
}
