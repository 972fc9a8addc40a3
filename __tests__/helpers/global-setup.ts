// Jest global setup: a folder for what this run's test files share (presetAsIs in synth.ts,
// terraformTests in terraform.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup(): void {
  process.env.EKS_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), 'eks-cdktf-test-run-'));
}
