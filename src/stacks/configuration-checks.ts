// Rules that combine settings of several sections of the configuration; the rules within one
// module stay in that module. They run before any construct is built, so nothing is written
// when they fail.
import { BastionAccess } from '../bastion/private/schema';
import type { EksConfig } from '../config/schema';
import { issue, ValidationIssue } from '../errors';
import { SESSION_MANAGER_ENDPOINTS } from '../dataplane/network/private/schema';

/** Where the bastion goes when `bastion.subnet` is not set: SSH needs a public IP, SSM does not. */
export function bastionSubnet(bastion: NonNullable<EksConfig['bastion']>): 'private' | 'public' {
  return bastion.subnet ?? ((bastion.access ?? 'ssm') === 'ssm' ? 'private' : 'public');
}

export function crossSectionIssues(config: EksConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const cpSubnets = config.controlPlane?.subnets ?? 'private';
  const access = config.controlPlane?.endpointAccess ?? 'private';
  if (config.network?.eniSubnetCidrs && cpSubnets !== 'eni') {
    issues.push(
      issue(['network', 'eniSubnetCidrs'], config.network.eniSubnetCidrs, `would create subnets nothing uses: 'controlPlane.subnets' is ${JSON.stringify(cpSubnets)}; set it to "eni" (book chapter 4) or remove 'eniSubnetCidrs'`),
    );
  }
  const bastion = config.bastion;
  if (bastion) {
    const mode: BastionAccess = bastion.access ?? 'ssm';
    if (access === 'public') {
      issues.push(
        issue(['controlPlane', 'endpointAccess'], access, `has no private endpoint for the 'bastion' to reach; use "private" or "hybrid" (book chapters 4-5), or remove 'bastion'`),
      );
    }
    if (mode !== 'ssm' && bastion.subnet === 'private') {
      issues.push(
        issue(['bastion', 'subnet'], bastion.subnet, `must be "public" for access ${JSON.stringify(mode)}: SSH comes from outside the VPC to a public IP (book chapter 4); use access "ssm" for a host in a private subnet`),
      );
    }
  }
  return issues;
}

/** A warning when an SSM host in a private subnet has neither a NAT gateway nor the SSM endpoints. */
export function sessionManagerWarning(config: EksConfig): string | undefined {
  const bastion = config.bastion;
  if (!bastion || (bastion.access ?? 'ssm') !== 'ssm' || bastionSubnet(bastion) !== 'private' || config.network?.natGateways !== 'none') return undefined;
  const endpoints = config.network?.vpcEndpoints ?? [];
  const missing = SESSION_MANAGER_ENDPOINTS.filter((s) => !endpoints.includes(s));
  if (missing.length === 0) return undefined;
  return `The bastion of ${config.clusterName} uses SSM Session Manager from a private subnet without a NAT gateway and without VPC endpoints for ${missing.join(', ')}: its agent cannot register, so no session will open; add them to 'network.vpcEndpoints'`;
}
