// Runs Terraform itself on synthesized stacks: init, validate, plan and show -json, offline.
//
// Every stack is copied into a child module of one scratch root, with mock credentials and the
// provider's skip_* flags written into the copy only, so one `terraform plan` covers all of them
// (each Terraform command spends seconds loading the AWS provider schema). Users' stacks never
// carry these settings.
//
// Terraform starts one provider process per provider configuration, about half a second of CPU
// each, so the roots share them. In the plan's root, stacks whose default `aws` provider blocks
// are identical (same region, same default tags) use one copy of it in the root, passed to their
// modules as `providers = { aws = aws.<alias> }`: the same configuration, planned the same way.
// `terraform validate` runs in a second root where every module uses the root's one provider
// (validate configures no provider): 7 s instead of 20 s for 33 stacks. It still checks every
// resource, data source, output and expression against the provider's schema; the provider blocks
// themselves are validated and configured by the plan.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { TfJson } from './synth';

/** The project's neighbour folder with the offline provider mirror tools, when present. */
const OFFLINE_RC_TOOL = resolve(__dirname, '..', '..', '..', 'shared', 'tools', 'tf-offline-rc');

export type TerraformAvailability = { available: true; binary: string; version: string } | { available: false; reason: string };

/** Whether terraform can run here; the reason is shown in the skipped tests' names. */
export function terraformAvailability(env: NodeJS.ProcessEnv = process.env): TerraformAvailability {
  const binary = (env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'terraform'))
    .find((candidate) => existsSync(candidate));
  if (!binary) return { available: false, reason: 'terraform is not on PATH' };
  const out = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: terraformEnv() });
  if (out.status !== 0) return { available: false, reason: `"terraform version" failed: ${out.stderr.trim()}` };
  return { available: true, binary, version: JSON.parse(out.stdout).terraform_version };
}

/** The AWS provider release the prebuilt binding (@cdktf/provider-aws) was generated from. */
const AWS_PROVIDER_VERSION: string = require('@cdktf/provider-aws/package.json').cdktf.provider.version;

/**
 * Whether `terraform init` can install the AWS provider here (from the offline mirror, else the
 * registry): without it every plan would fail with the same download error.
 */
function awsProviderInstallable(): TerraformAvailability | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'eks-cdktf-probe-'));
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } } } }));
  const out = spawnSync('terraform', ['init', '-input=false', '-no-color', '-backend=false'], { cwd: dir, encoding: 'utf8', env: terraformEnv() });
  if (out.status === 0) return undefined;
  // The error block: its title and the paragraph after it, on one line.
  const block = /Error: ([^\n]*)\n\n((?:[^\n]+\n)+)/.exec(out.stderr);
  const cause = block ? `${block[1]}: ${block[2].replace(/\s+/g, ' ').trim()}` : out.stderr.trim().split('\n')[0];
  const where = existsSync(OFFLINE_RC_TOOL) ? 'the offline mirror' : `the registry (no offline mirror at ${OFFLINE_RC_TOOL})`;
  return { available: false, reason: `terraform cannot install hashicorp/aws ${AWS_PROVIDER_VERSION} from ${where}: ${cause}` };
}

/**
 * `describe` for tests that run Terraform, or `describe.skip` with the reason in `label` (and on
 * stderr) when it cannot run; EKS_REQUIRE_TERRAFORM=1 (set by .ci/run) makes that an error. With
 * `needsAws`, Terraform must also be able to install the AWS provider. The answer is worked out
 * once per jest run (in the run's folder, see global-setup.ts).
 */
export function terraformTests(needsAws: boolean): { describeTf: jest.Describe; label: string } {
  const memo = process.env.EKS_TEST_RUN_DIR && join(process.env.EKS_TEST_RUN_DIR, `terraform-${needsAws ? 'aws' : 'core'}.json`);
  let availability: TerraformAvailability;
  if (memo && existsSync(memo)) availability = JSON.parse(readFileSync(memo, 'utf8'));
  else {
    const binary = terraformAvailability();
    availability = (binary.available && needsAws && awsProviderInstallable()) || binary;
    if (memo) {
      writeFileSync(`${memo}.${process.pid}`, JSON.stringify(availability));
      renameSync(`${memo}.${process.pid}`, memo);
    }
  }
  if (!availability.available && process.env.EKS_REQUIRE_TERRAFORM === '1') throw new Error(`EKS_REQUIRE_TERRAFORM=1 but ${availability.reason}`);
  if (!availability.available) process.stderr.write(`\nTerraform tests SKIPPED: ${availability.reason}.\n`);
  return {
    describeTf: availability.available ? describe : describe.skip,
    label: availability.available ? `terraform ${availability.version}` : `skipped: ${availability.reason}`,
  };
}

/**
 * Environment for terraform: the offline mirror's CLI configuration when the machine has one
 * (../shared/tools/tf-offline-rc), else the user's own setup (registry downloads).
 */
export function terraformEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  delete env.TF_WORKSPACE;
  if (existsSync(OFFLINE_RC_TOOL)) {
    // The plugin cache outlives the run (global-setup.ts points TMPDIR into the run's folder).
    const cache = join(process.env.EKS_TEST_HOST_TMPDIR ?? tmpdir(), 'tf-offline');
    const rc = spawnSync(OFFLINE_RC_TOOL, [cache], { encoding: 'utf8' });
    if (rc.status === 0 && rc.stdout.trim()) env.TF_CLI_CONFIG_FILE = rc.stdout.trim();
  }
  return env;
}

/** Mock provider settings for an offline plan: no credentials lookup, no account ID call. */
export const MOCK_AWS = {
  access_key: 'mock-access-key',
  secret_key: 'mock-secret-key',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
};

export interface PlannedResource {
  address: string;
  type: string;
  name: string;
  /** Planned values after apply (unknown values are absent). */
  values: Record<string, any>;
  /** Terraform's planned actions, e.g. ["create"]. */
  actions: string[];
}

export interface StackPlan {
  /** Managed resources planned for creation, by address inside the stack (`aws_vpc.network_vpc`). */
  resources: Map<string, PlannedResource>;
  /** The raw `terraform show -json` plan. */
  raw: any;
}

export interface PlanRun {
  validateOutput: string;
  plans: Map<string, StackPlan>;
  seconds: { init: number; validate: number; plan: number; show: number };
}

/** The stack JSON as Terraform will plan it here: mock credentials in, backend out. */
export function offlineCopy(stack: TfJson): TfJson {
  const copy: TfJson = JSON.parse(JSON.stringify(stack));
  if (copy.terraform) {
    delete copy.terraform.backend;
    delete copy.terraform.cloud;
  }
  const aws = copy.provider?.aws;
  if (aws) copy.provider!.aws = aws.map((p: Record<string, unknown>) => ({ ...p, ...MOCK_AWS }));
  return copy;
}

/** The offline copy for `terraform validate`: the default aws provider block is the root's (see the top of this file). */
export function validateCopy(stack: TfJson): TfJson {
  return withoutDefaultAws(offlineCopy(stack)).copy;
}

/** `copy` without its default (unaliased) aws provider block, and that block. */
function withoutDefaultAws(copy: TfJson): { copy: TfJson; block?: Record<string, unknown> } {
  const blocks: Record<string, unknown>[] = copy.provider?.aws ?? [];
  const block = blocks.find((p) => p.alias === undefined);
  if (!block) return { copy };
  const rest = blocks.filter((p) => p !== block);
  if (rest.length > 0) copy.provider!.aws = rest;
  else delete copy.provider!.aws;
  if (Object.keys(copy.provider!).length === 0) delete copy.provider;
  return { copy, block };
}

type Seconds = { init: number; validate: number; plan: number; show: number };
type ModuleCall = { source: string; providers?: Record<string, string> };

/** The root module and the child modules' copies of a scratch root for `use` (see the top of this file). */
export function scratchLayout(stacks: Record<string, TfJson>, use: 'validate' | 'plan'): { root: TfJson; copies: Record<string, TfJson> } {
  const copies: Record<string, TfJson> = {};
  const modules: Record<string, ModuleCall> = {};
  if (use === 'validate') {
    for (const [name, json] of Object.entries(stacks)) {
      copies[name] = validateCopy(json);
      modules[name] = { source: `./${name}` };
    }
    return { root: { module: modules, provider: { aws: [{ region: 'us-east-1', ...MOCK_AWS }] } }, copies };
  }
  const shared = new Map<string, { alias: string; block: Record<string, unknown>; stacks: string[] }>();
  for (const [name, json] of Object.entries(stacks)) {
    const offline = offlineCopy(json);
    // A stack with aliased aws providers keeps all of its own: Terraform refuses a module that
    // both configures a provider and is passed one.
    const aliased = (offline.provider?.aws ?? []).some((p: Record<string, unknown>) => p.alias !== undefined);
    const { copy, block } = aliased ? { copy: offline, block: undefined } : withoutDefaultAws(offline);
    copies[name] = copy;
    if (!block) {
      modules[name] = { source: `./${name}` };
      continue;
    }
    const key = JSON.stringify(block);
    const entry = shared.get(key) ?? { alias: `shared_${shared.size + 1}`, block, stacks: [] };
    shared.set(key, entry);
    entry.stacks.push(name);
    modules[name] = { source: `./${name}`, providers: { aws: `aws.${entry.alias}` } };
  }
  const aws = [...shared.values()].map(({ alias, block, stacks: names }) => ({ '//': `the provider of ${names.join(', ')}`, ...block, alias }));
  return { root: { module: modules, ...(aws.length > 0 ? { provider: { aws } } : {}) }, copies };
}

/**
 * A scratch root holding each of `stacks` as a child module, laid out for `use`, and a runner of
 * terraform in it that adds each command's time to `seconds`.
 */
function scratchRoot(stacks: Record<string, TfJson>, use: 'validate' | 'plan', seconds: Seconds = { init: 0, validate: 0, plan: 0, show: 0 }) {
  const root = mkdtempSync(join(tmpdir(), 'eks-cdktf-plan-'));
  const layout = scratchLayout(stacks, use);
  for (const [name, copy] of Object.entries(layout.copies)) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'main.tf.json'), JSON.stringify(copy, null, 2));
  }
  writeFileSync(join(root, 'main.tf.json'), JSON.stringify(layout.root, null, 2));

  const env = terraformEnv();
  const tf = (step: keyof Seconds, args: string[]) => {
    const start = process.hrtime.bigint();
    try {
      return execFileSync('terraform', args, { cwd: root, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`terraform ${args.join(' ')} failed in ${root}:\n${err.stderr ?? ''}${err.stdout ?? ''}`);
    } finally {
      seconds[step] += Number(process.hrtime.bigint() - start) / 1e9;
    }
  };
  return { tf, seconds };
}

/** init and plan of `stacks` expected to fail: the error output, or undefined when the plan succeeds. */
export function planFailure(stacks: Record<string, TfJson>): string | undefined {
  const { tf } = scratchRoot(stacks, 'plan');
  tf('init', ['init', '-input=false', '-no-color']);
  try {
    tf('plan', ['plan', '-input=false', '-no-color', '-lock=false']);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** init, validate, plan and show -json for all `stacks` (name → synthesized JSON) in one root. */
export function planStacks(stacks: Record<string, TfJson>): PlanRun {
  const validation = scratchRoot(stacks, 'validate');
  validation.tf('init', ['init', '-input=false', '-no-color']);
  const validateOutput = validation.tf('validate', ['validate', '-no-color']);
  const { tf, seconds } = scratchRoot(stacks, 'plan', validation.seconds);
  tf('init', ['init', '-input=false', '-no-color']);
  tf('plan', ['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.bin']);
  const shown = JSON.parse(tf('show', ['show', '-json', 'plan.bin']));

  const plans = new Map<string, StackPlan>();
  for (const name of Object.keys(stacks)) plans.set(name, { resources: new Map(), raw: shown });
  for (const change of shown.resource_changes ?? []) {
    const match = /^module\.([^.]+)\.(.+)$/.exec(change.address);
    if (!match || change.mode !== 'managed') continue;
    plans.get(match[1])!.resources.set(match[2], {
      address: match[2],
      type: change.type,
      name: change.name,
      values: change.change.after ?? {},
      actions: change.change.actions,
    });
  }
  return { validateOutput, plans, seconds };
}
