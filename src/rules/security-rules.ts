// Not in the book: the project's own security rule pack, run on every synthesis as a CDKTF Aspect
// (as cdk-nag does for AWS CDK), so a configuration that opens the endpoint or skips encryption is
// told at `cdktf synth`, with no scanner in CI. Each rule follows a checkov or trivy rule, named in
// its `scannerIds`; a finding prints as a warning naming the Terraform address, and
// `securityRules.suppress` records the ones accepted, each with its reason.
import { Annotations, Aspects, IAspect, TerraformDataSource, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { StackModel, type StackJson } from './private/model';
import type { SecurityRule } from './private/rule';
import { SECURITY_RULES } from './pack';

export type { SecurityRule } from './private/rule';
export { SECURITY_RULE_IDS, SECURITY_RULES } from './pack';

/** The configuration's `securityRules`. */
export interface SecurityRulesSettings {
  /** Findings accepted, by rule id, each with the reason (shown at synthesis instead of the warning). @default {} */
  readonly suppress?: Readonly<Record<string, string>>;
  /**
   * Warn about suppressions that accept nothing in this stack: on for a cluster's AWS stack, off
   * for its other stacks, which share the configuration. @default true
   */
  readonly reportUnusedSuppressions?: boolean;
}

/** How the pack's annotations start, so tools (and tests) can tell them from the constructs' own warnings. */
export const SECURITY_RULE_MESSAGE = /^(Security rule |securityRules\.suppress\.)/;

/** One rule failing on one resource. */
export interface SecurityFinding {
  readonly ruleId: string;
  /** checkov/trivy ids of the rule; the first is the one the scanners report. */
  readonly scannerIds: readonly string[];
  /** Terraform address (`aws_eks_cluster.control_plane_cluster`, `data.aws_iam_policy_document.x`). */
  readonly address: string;
  readonly message: string;
  /** The reason from `securityRules.suppress`, when the finding is accepted. */
  readonly suppressedBecause?: string;
}

/** Runs every rule on a stack's JSON; a finding folded into a wider one on the same address is left out. */
export function evaluateSecurityRules(json: StackJson, settings: SecurityRulesSettings = {}): SecurityFinding[] {
  const model = new StackModel(json);
  const raw: { rule: SecurityRule; address: string; message: string }[] = [];
  for (const rule of SECURITY_RULES) {
    for (const type of rule.types) {
      for (const [address, block] of model.of(type)) {
        const message = rule.check(block, address, model);
        if (message !== undefined) raw.push({ rule, address, message });
      }
    }
  }
  const fired = new Set(raw.map((f) => `${f.rule.id} ${f.address}`));
  const seen = new Set<string>();
  const findings: SecurityFinding[] = [];
  for (const { rule, address, message } of raw) {
    if ((rule.foldsInto ?? []).some((id) => fired.has(`${id} ${address}`)) || seen.has(`${rule.id} ${address}`)) continue;
    seen.add(`${rule.id} ${address}`);
    const reason = settings.suppress?.[rule.id];
    findings.push({ ruleId: rule.id, scannerIds: rule.scannerIds, address, message, ...(reason !== undefined ? { suppressedBecause: reason } : {}) });
  }
  return findings;
}

/**
 * The Aspect: on the stack's turn it evaluates the stack's Terraform JSON once and annotates each
 * finding on the construct of its resource. Aspects run before CDKTF writes the stack, after
 * every construct exists.
 */
export class SecurityRules implements IAspect {
  /** What the last synthesis found, suppressed findings included. */
  findings: readonly SecurityFinding[] = [];
  private evaluated = false;

  constructor(
    private readonly stack: TerraformStack,
    private readonly settings: SecurityRulesSettings = {},
  ) {}

  /** The aspect registered on `stack`, if any. */
  static of(stack: TerraformStack): SecurityRules | undefined {
    return (stack as unknown as Record<symbol, SecurityRules | undefined>)[REGISTERED];
  }

  visit(node: IConstruct): void {
    // Testing.synth and App.synth both invoke aspects; the findings are annotated once.
    if (node !== this.stack || this.evaluated) return;
    this.evaluated = true;
    const owners = constructsByAddress(this.stack);
    // A stack without any type a rule reads (a Kubernetes stack) is not rendered a second time.
    const read = new Set(SECURITY_RULES.flatMap((r) => r.types));
    const relevant = [...owners.keys()].some((address) => read.has(address.slice(0, address.lastIndexOf('.'))));
    this.findings = relevant ? evaluateSecurityRules(this.stack.toTerraform() as StackJson, this.settings) : [];
    for (const f of this.findings) {
      const owner = owners.get(f.address) ?? this.stack;
      const rule = SECURITY_RULES.find((r) => r.id === f.ruleId)!;
      if (f.suppressedBecause === undefined) {
        Annotations.of(owner).addWarning(
          `Security rule ${f.ruleId} (${f.scannerIds.join(', ')}) fails on ${f.address}: ${f.message}. Fix: ${rule.fix}; or accept it with securityRules.suppress.${f.ruleId}: "<reason>"`,
        );
      } else {
        Annotations.of(owner).addInfo(`Security rule ${f.ruleId} (${f.scannerIds.join(', ')}) accepted on ${f.address}: ${f.suppressedBecause}`);
      }
    }
    if (this.settings.reportUnusedSuppressions === false) return;
    const unused = Object.keys(this.settings.suppress ?? {}).filter((id) => !this.findings.some((f) => f.ruleId === id));
    for (const id of unused) Annotations.of(this.stack).addWarning(`securityRules.suppress.${id} accepts nothing: rule ${id} finds nothing in stack ${this.stack.node.id}; remove it`);
  }
}

const REGISTERED = Symbol.for('eks-cdktf/security-rules');

/** Registers the pack on `stack` (once); every synthesis of the stack runs it. */
export function addSecurityRules(stack: TerraformStack, settings: SecurityRulesSettings = {}): SecurityRules {
  const holder = stack as unknown as Record<symbol, SecurityRules | undefined>;
  if (!holder[REGISTERED]) {
    const aspect = new SecurityRules(stack, settings);
    Object.defineProperty(stack, REGISTERED, { value: aspect });
    Aspects.of(stack).add(aspect);
  }
  return holder[REGISTERED]!;
}

/** Each resource and data source construct of `stack`, by Terraform address. */
function constructsByAddress(stack: TerraformStack): Map<string, IConstruct> {
  const owners = new Map<string, IConstruct>();
  for (const c of stack.node.findAll()) {
    if (TerraformResource.isTerraformResource(c)) owners.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    else if (TerraformDataSource.isTerraformDataSource(c)) owners.set(`data.${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
  }
  return owners;
}

