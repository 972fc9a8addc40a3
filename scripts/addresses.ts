// npm run addresses -- <preset>: prints the Terraform addresses of a preset's AWS stack (with
// EKS_CONFIG and the rest of the environment as for synth), sorted,
// in the format of __tests__/__fixtures__/addresses/<preset>.txt. Review the difference before
// committing a new list: a removed address means Terraform destroys that resource.
import { App, Testing } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsStack, failureReport, loadConfig, terraformAddresses } from '../src';

const preset = process.argv[2];
if (!preset) {
  console.error('usage: npm run addresses -- <preset>');
  process.exit(2);
}
try {
  const { config } = loadConfig({ env: { ...process.env, EKS_PRESET: preset }, cwd: process.cwd() });
  const stack = new AwsStack(new App({ outdir: mkdtempSync(join(tmpdir(), 'eks-addresses-')), stackTraces: false }), 'aws', { config });
  console.log(terraformAddresses(JSON.parse(Testing.synth(stack))).join('\n'));
} catch (e) {
  const { text, status } = failureReport(e);
  console.error(text);
  process.exit(status);
}
