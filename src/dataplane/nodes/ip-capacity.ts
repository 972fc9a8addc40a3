// Book chapter 7, "IP address exhaustion" (Javi's pending pods): every pod takes a VPC address, so
// subnets must hold what the node groups take at their maximum size. Checked at synthesis, before
// anything is created: an apply would otherwise succeed and nodes would starve later.
import { issue, ValidationIssue } from '../../errors';
import { addressCount, parseCidr } from '../../private/cidr';
import { isUnresolved } from '../../private/validate';
import { maxPodsOf, nodeAddressDemand, PodNetworking } from './max-pods';
import { instanceTypeInfo } from './instance-types';

/** Addresses AWS keeps in every subnet (network, router, DNS, future use, broadcast). */
export const AWS_RESERVED_ADDRESSES_PER_SUBNET = 5;

/** One node group, as far as addresses go. */
export interface NodeGroupAddresses {
  /** Name of the group (its key under `nodeGroups`). */
  readonly name: string;
  readonly instanceTypes: readonly string[];
  readonly maxSize: number;
  /** Max pods given to the kubelet; undefined: the recommended value of each instance type. */
  readonly maxPods?: number;
}

export interface SubnetCapacityCheck {
  /** Where the subnets are configured, for the message (`network.privateSubnetCidrs`). */
  readonly path: readonly (string | number)[];
  readonly cidrs: readonly string[];
  readonly groups: readonly NodeGroupAddresses[];
  readonly networking: PodNetworking;
}

export interface SubnetCapacityResult {
  readonly issues: ValidationIssue[];
  /** Groups left out of the check (instance type not in the table). */
  readonly warnings: string[];
  readonly available: number;
  readonly needed: number;
}

/** Whether `cidrs` hold the addresses of `groups` at their max size; the arithmetic is in the message. */
export function subnetCapacity(check: SubnetCapacityCheck): SubnetCapacityResult {
  const warnings: string[] = [];
  if (check.cidrs.length === 0 || isUnresolved(check.cidrs) || check.groups.length === 0) return { issues: [], warnings, available: 0, needed: 0 };
  const sizes = check.cidrs.map((c) => Number(addressCount(parseCidr(c))));
  const available = sizes.reduce((sum, n) => sum + n - AWS_RESERVED_ADDRESSES_PER_SUBNET, 0);

  const lines: string[] = [];
  let needed = 0;
  for (const g of check.groups) {
    if (isUnresolved(g.instanceTypes) || isUnresolved(g.maxSize)) continue;
    const infos = g.instanceTypes.map((t) => instanceTypeInfo(t));
    const unknown = g.instanceTypes.filter((_, i) => !infos[i]);
    if (unknown.length > 0) {
      warnings.push(`Subnet capacity not checked for node group ${g.name}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the instance type table (src/dataplane/nodes/instance-types.ts)`);
      continue;
    }
    // Several instance types: the hungriest one decides.
    const demands = infos.map((info) => ({ info: info!, demand: nodeAddressDemand(info!, check.networking, g.maxPods ?? maxPodsOf(info!, check.networking).recommended) }));
    const worst = demands.reduce((a, b) => (b.demand.addresses > a.demand.addresses ? b : a));
    const total = g.maxSize * worst.demand.addresses;
    needed += total;
    lines.push(`${g.name}: ${g.maxSize} nodes x ${worst.demand.addresses} (${worst.info.instanceType}: ${worst.demand.explanation}) = ${total}`);
  }
  if (needed <= available) return { issues: [], warnings, available, needed };
  const sizesText = new Set(sizes).size === 1 ? `${sizes.length} subnets x (${sizes[0]} - ${AWS_RESERVED_ADDRESSES_PER_SUBNET} reserved by AWS)` : sizes.map((n) => `(${n} - ${AWS_RESERVED_ADDRESSES_PER_SUBNET})`).join(' + ');
  return {
    issues: [
      issue(
        check.path,
        check.cidrs,
        `hold ${available} usable addresses (${sizesText}), fewer than the ${needed} the node groups take at their maximum size: ${lines.join('; ')}; use larger subnets, a smaller 'maxSize' or fewer pods per node ('launchTemplate.maxPods')`,
      ),
    ],
    warnings,
    available,
    needed,
  };
}
