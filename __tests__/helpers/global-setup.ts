// Jest global setup: a folder for this run's shared preset syntheses (see presetAsIs in synth.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup(): void {
  process.env.EKS_TEST_SYNTH_CACHE = mkdtempSync(join(tmpdir(), 'eks-cdktf-synth-cache-'));
}
