// Jest global teardown: removes the run's shared folder (see global-setup.ts).
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  if (process.env.EKS_TEST_RUN_DIR) rmSync(process.env.EKS_TEST_RUN_DIR, { recursive: true, force: true });
}
