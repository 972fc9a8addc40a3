// Book chapter 7, "IP address exhaustion", across the cluster's node groups: the groups of each
// subnet pool must fit in its subnets at their maximum size. Checked before a group is created.
import type { NodeGroupSettings } from '../../config/schema';
import type { ClusterNetwork } from '../../dataplane/network/cluster-network';
import { NodeGroupAddresses, subnetCapacity } from '../../dataplane/nodes/ip-capacity';
import { DEFAULT_INSTANCE_TYPES, DEFAULT_MAX_SIZE } from '../../dataplane/nodes/managed-node-group';
import type { PodNetworking } from '../../dataplane/nodes/max-pods';
import type { ValidationIssue } from '../../errors';

export type SubnetPool = 'private' | 'public';

/** What a node group takes from its pool, as the capacity check counts it. */
export function nodeGroupAddresses(name: string, g: NodeGroupSettings): NodeGroupAddresses {
  return {
    name,
    instanceTypes: g.instanceTypes ?? DEFAULT_INSTANCE_TYPES,
    maxSize: g.maxSize ?? DEFAULT_MAX_SIZE,
    maxPods: g.launchTemplate && typeof g.launchTemplate.maxPods === 'number' ? g.launchTemplate.maxPods : undefined,
  };
}

/**
 * The subnet capacity issues of adding `added` to the groups already in each pool (`existing`),
 * and the warnings about the added groups (instance types the table does not know).
 */
export function capacityIssues(
  network: ClusterNetwork,
  networking: PodNetworking,
  existing: Readonly<Record<SubnetPool, readonly NodeGroupAddresses[]>>,
  added: readonly [string, NodeGroupSettings][],
): { issues: ValidationIssue[]; warnings: string[] } {
  const issues: ValidationIssue[] = [];
  const warnings: string[] = [];
  for (const pool of ['private', 'public'] as const) {
    const members = added.filter(([, g]) => (g.subnets ?? 'private') === pool).map(([n, g]) => nodeGroupAddresses(n, g));
    if (members.length === 0) continue;
    const check = {
      path: ['network', pool === 'private' ? 'privateSubnetCidrs' : 'publicSubnetCidrs'],
      cidrs: pool === 'private' ? network.privateSubnetCidrs : network.publicSubnetCidrs,
      networking,
    };
    issues.push(...subnetCapacity({ ...check, groups: [...existing[pool], ...members] }).issues);
    warnings.push(...subnetCapacity({ ...check, groups: members }).warnings);
  }
  return { issues, warnings };
}
