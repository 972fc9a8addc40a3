// chapter03 data-plane/network/sg.tf (and the sg.tf files of later chapters): rules added to a
// security group, written like the book's aws_security_group_rule blocks.
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, ValidationIssue } from '../errors';
import { integer, matching, oneOf, ruleCidrBlocks, settings, isUnresolved, VPC_CIDR } from '../private/validate';

export const RULE_TYPES = ['ingress', 'egress'] as const;
export const RULE_PROTOCOLS = ['tcp', 'udp', 'icmp', 'all'] as const;

export { VPC_CIDR };

/** One security group rule, the camelCase twin of the book's `aws_security_group_rule`. */
export interface SecurityGroupRule {
  /** `ingress` or `egress` (book: `type`). */
  readonly type: (typeof RULE_TYPES)[number];
  /** `tcp`, `udp`, `icmp` or `all` (book: `protocol`, where `-1` means all). */
  readonly protocol: (typeof RULE_PROTOCOLS)[number];
  /** First port; omitted for `all`. */
  readonly fromPort?: number;
  /** Last port. @default fromPort */
  readonly toPort?: number;
  /** IPv4 blocks the rule applies to; `"vpc"` stands for the VPC block (book: `cidr_blocks`). */
  readonly cidrBlocks: string[];
  /** Why the rule exists; shown in the console. */
  readonly description: string;
  /**
   * Let an ingress rule admit the whole internet (`0.0.0.0/0` or `::/0` in `cidrBlocks`), as the
   * endpoint's and NodePorts' settings of the same name do; it is warned about at synthesis.
   * @default false
   */
  readonly allowFromAnywhere?: boolean;
}

/** Blocks that stand for every address. */
export const WORLD_CIDRS: readonly string[] = ['0.0.0.0/0', '::/0'];

const ruleFields = {
  type: oneOf(RULE_TYPES),
  protocol: oneOf(RULE_PROTOCOLS),
  fromPort: v.optional(integer(0, 65535)),
  toPort: v.optional(integer(0, 65535)),
  cidrBlocks: ruleCidrBlocks,
  description: matching(/^[\w .:/()#,@[\]+=&;{}!$*-]{1,255}$/, 'must be 1 to 255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*'),
  allowFromAnywhere: v.optional(v.boolean('must be true or false')),
};

/** Schema of a rule list, for construct props and configuration files alike. */
export const securityGroupRuleList = v.array(settings(ruleFields), 'must be a list of security group rules');

/** Port and duplicate checks that need the whole rule. */
export function ruleIssues(rules: readonly SecurityGroupRule[], path: (string | number)[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    const at = [...path, i];
    if (rule.protocol === 'all') {
      if (rule.fromPort !== undefined || rule.toPort !== undefined) {
        issues.push(issue([...at, 'fromPort'], rule.fromPort ?? rule.toPort, 'must be omitted when \'protocol\' is "all" (all ports)'));
      }
    } else if (rule.fromPort === undefined) {
      issues.push({ path: [...at, 'fromPort'], hasReceived: false, message: `is required for protocol ${JSON.stringify(rule.protocol)}` });
    } else if (rule.toPort !== undefined && !isUnresolved(rule.toPort) && rule.toPort < rule.fromPort) {
      issues.push(issue([...at, 'toPort'], rule.toPort, `must be >= 'fromPort' (${rule.fromPort})`));
    }
    const world = rule.cidrBlocks.filter((c) => WORLD_CIDRS.includes(c));
    if (rule.type === 'ingress' && world.length > 0 && !rule.allowFromAnywhere) {
      issues.push(issue([...at, 'cidrBlocks'], rule.cidrBlocks, `opens ${portsOf(rule)} to the whole internet (${world.join(', ')}); list the blocks of your clients, or set 'allowFromAnywhere' to true on this rule to accept that`));
    }
    for (const cidr of rule.cidrBlocks) {
      const key = ruleKey(rule, cidr);
      if (seen.has(key)) issues.push(issue([...at, 'cidrBlocks'], cidr, 'repeats a rule listed earlier'));
      seen.add(key);
    }
  });
  return issues;
}

/** Warnings for the ingress rules that admit the whole internet with 'allowFromAnywhere'. */
export function worldOpenWarnings(rules: readonly SecurityGroupRule[], where: string): string[] {
  return rules
    .filter((r) => r.type === 'ingress' && r.allowFromAnywhere && r.cidrBlocks.some((c) => WORLD_CIDRS.includes(c)))
    .map((r) => `${where} admits ${portsOf(r)} from the whole internet ('${r.description}'); restrict its 'cidrBlocks' or put a load balancer in front`);
}

function portsOf(rule: SecurityGroupRule): string {
  if (rule.protocol === 'all') return 'every port';
  const to = rule.toPort ?? rule.fromPort;
  return `${rule.protocol.toUpperCase()} ${to === rule.fromPort ? `port ${rule.fromPort}` : `ports ${rule.fromPort}-${to}`}`;
}

/**
 * Creates one `aws_vpc_security_group_{ingress,egress}_rule` per rule and block. These
 * per-rule resources replace aws_security_group_rule, which the AWS provider documents as unable
 * to manage several blocks or descriptions reliably.
 */
export function addSecurityGroupRules(
  scope: Construct,
  securityGroupId: string,
  rules: readonly SecurityGroupRule[],
  vpcCidr: string,
): void {
  for (const rule of rules) {
    for (const cidr of rule.cidrBlocks) {
      const ports = rule.protocol === 'all' ? {} : { fromPort: rule.fromPort, toPort: rule.toPort ?? rule.fromPort };
      const config = {
        securityGroupId,
        description: rule.description,
        ipProtocol: rule.protocol === 'all' ? '-1' : rule.protocol,
        cidrIpv4: cidr === VPC_CIDR ? vpcCidr : cidr,
        ...ports,
      };
      const id = ruleKey(rule, cidr);
      if (rule.type === 'ingress') new VpcSecurityGroupIngressRule(scope, id, config);
      else new VpcSecurityGroupEgressRule(scope, id, config);
    }
  }
}

/** Stable construct id of a rule: its content, so reordering rules moves nothing. */
function ruleKey(rule: SecurityGroupRule, cidr: string): string {
  const ports = rule.protocol === 'all' ? 'all' : `${rule.fromPort}-${rule.toPort ?? rule.fromPort}`;
  const block = cidr === VPC_CIDR ? 'vpc' : cidr.replace(/[./]/g, '_');
  return `${rule.type}-${rule.protocol}-${ports}-${block}`;
}
