// Jest global teardown: removes the run's folder (see global-setup.ts), scratch folders included.
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  if (process.env.EKS_TEST_RUN_ROOT) rmSync(process.env.EKS_TEST_RUN_ROOT, { recursive: true, force: true });
}
