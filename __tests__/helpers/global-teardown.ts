// Jest global teardown: removes the run's preset synthesis folder (see global-setup.ts).
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  if (process.env.EKS_TEST_SYNTH_CACHE) rmSync(process.env.EKS_TEST_SYNTH_CACHE, { recursive: true, force: true });
}
