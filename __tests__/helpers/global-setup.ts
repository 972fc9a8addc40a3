// Jest global setup: one folder per run, removed by global-teardown.ts, holding
// - shared/: what this run's test files share (presetAsIs in synth.ts, terraformTests in terraform.ts);
// - tmp/: the TMPDIR of every worker and subprocess, so that the scratch folders tests make with
//   mkdtemp (synthesized apps, Terraform roots, compiled examples) go with the run instead of
//   piling up in the system's temporary folder (about 280 folders, 18 MB, per run before).
// The system's temporary folder stays known as EKS_TEST_HOST_TMPDIR, for what should outlive a
// run (the offline Terraform plugin cache).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup(): void {
  const host = tmpdir();
  const run = mkdtempSync(join(host, 'eks-cdktf-test-run-'));
  mkdirSync(join(run, 'shared'));
  mkdirSync(join(run, 'tmp'));
  process.env.EKS_TEST_HOST_TMPDIR = host;
  process.env.EKS_TEST_RUN_ROOT = run;
  process.env.EKS_TEST_RUN_DIR = join(run, 'shared');
  // Workers start after the global setup and inherit this environment; os.tmpdir() reads TMPDIR.
  process.env.TMPDIR = join(run, 'tmp');
}
