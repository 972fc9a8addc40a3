// npm run addresses -- <preset> [--write]: prints the Terraform addresses of a preset's AWS stack,
// sorted (with EKS_CONFIG and the rest of the environment as for synth), in the format of
// __tests__/__fixtures__/addresses/<preset>.txt; with --write, writes that
// file itself (a shell redirect of `npm run` would catch npm's banner too) and prints what changed.
// Review the difference before committing: a removed address means Terraform destroys that resource.
import { App, Testing } from 'cdktf';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { AwsStack, failureReport, loadConfig, terraformAddresses } from '../src';

const FIXTURES = resolve(__dirname, '..', '..', '__tests__', '__fixtures__', 'addresses');
const USAGE = 'usage: npm run addresses -- <preset> [--write]';

function main(argv: string[]): number {
  const write = argv.includes('--write');
  const [preset, ...rest] = argv.filter((a) => a !== '--write');
  if (!preset || rest.length > 0 || preset.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  const outdir = mkdtempSync(join(tmpdir(), 'eks-addresses-'));
  let addresses: string[];
  try {
    const { config } = loadConfig({ env: { ...process.env, EKS_PRESET: preset }, cwd: process.cwd() });
    const stack = new AwsStack(new App({ outdir, stackTraces: false }), 'aws', { config });
    addresses = terraformAddresses(JSON.parse(Testing.synth(stack)));
  } catch (e) {
    const { text, status } = failureReport(e);
    console.error(text);
    return status;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  if (!write) {
    console.log(addresses.join('\n'));
    return 0;
  }
  const file = join(FIXTURES, `${preset}.txt`);
  const before = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  writeFileSync(file, `${addresses.join('\n')}\n`);
  const removed = before.filter((a) => !addresses.includes(a));
  const added = addresses.filter((a) => !before.includes(a));
  console.log(`${relative(process.cwd(), file)}: ${addresses.length} addresses, ${added.length} added, ${removed.length} removed`);
  for (const a of removed) console.log(`- ${a}   (Terraform destroys it)`);
  for (const a of added) console.log(`+ ${a}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  const { text, status } = failureReport(e);
  console.error(text);
  process.exitCode = status;
}
