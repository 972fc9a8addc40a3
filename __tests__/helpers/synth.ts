// Builds stacks in memory and gives tests the synthesized Terraform JSON as plain objects.
import { App, TerraformOutput, Testing } from 'cdktf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsStack } from '../../src/stacks/aws-stack';
import { addClusterStacks } from '../../src/stacks/stacks';
import { ConfigSources, loadConfig } from '../../src/config/load';
import type { EksConfigInput } from '../../src/config/schema';
import { Construct } from 'constructs';
import { ReadableIdStack, terraformAddresses } from '../../src/stacks/readable-ids';
import { ValidationError } from '../../src/errors';

/** The day the committed version table was read; tests do not depend on the real date. */
export const TODAY = new Date('2026-11-21T12:00:00Z');

/** Synthesized Terraform JSON. */
export interface TfJson {
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, any>;
  provider?: Record<string, any[]>;
  terraform?: Record<string, any>;
  locals?: Record<string, any>;
  check?: Record<string, any>;
  [key: string]: unknown;
}

const outdir = mkdtempSync(join(tmpdir(), 'eks-cdktf-test-'));

/** A CDKTF app that writes nothing unless a test synthesizes it on purpose. */
export function testApp(): App {
  return new App({ outdir, stackTraces: false });
}

/** Terraform JSON of a stack, parsed. */
export function synthJson(stack: Construct): TfJson {
  return JSON.parse(Testing.synth(stack as ReadableIdStack));
}

export interface PresetSynth {
  readonly stack: AwsStack;
  readonly json: TfJson;
  /** Warnings the constructs attached. */
  readonly warnings: string[];
}

/** Loads a preset (plus overrides) the way main.ts does and synthesizes its AWS stack. */
export function synthPreset(preset: string, overrides: Partial<EksConfigInput> | Record<string, unknown> = {}, env: ConfigSources['env'] = {}): PresetSynth {
  const { config } = loadConfig({ env: { EKS_PRESET: preset, ...env }, cwd: process.cwd(), overrides: overrides as Partial<EksConfigInput> });
  const app = testApp();
  const stack = new AwsStack(app, 'aws', { config, today: TODAY });
  return { stack, json: synthJson(stack), warnings: warningsOf(stack) };
}

export interface AppSynth {
  /** Stack JSON by stack name (`aws`, `kubernetes`). */
  readonly stacks: Record<string, TfJson>;
  /** Warnings by stack name, as cdktf synth prints them. */
  readonly warnings: Record<string, string[]>;
}

/**
 * Loads a preset (plus overrides) and synthesizes every stack of the app to disk, as `cdktf synth`
 * does: needed where stacks refer to each other (cross-stack references become outputs and
 * terraform_remote_state only in a full synthesis).
 */
export function synthApp(preset: string, overrides: Partial<EksConfigInput> | Record<string, unknown> = {}, env: ConfigSources['env'] = {}): AppSynth {
  const { config } = loadConfig({ env: { EKS_PRESET: preset, ...env }, cwd: process.cwd(), overrides: overrides as Partial<EksConfigInput> });
  const dir = mkdtempSync(join(tmpdir(), 'eks-cdktf-app-'));
  const app = new App({ outdir: dir, stackTraces: false });
  addClusterStacks(app, config, TODAY);
  app.synth();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const stacks: Record<string, TfJson> = {};
  const warnings: Record<string, string[]> = {};
  for (const [name, entry] of Object.entries<any>(manifest.stacks)) {
    stacks[name] = JSON.parse(readFileSync(join(dir, entry.synthesizedStackPath), 'utf8'));
    warnings[name] = entry.annotations.filter((a: any) => a.level === '@cdktf/warn').map((a: any) => a.message);
  }
  return { stacks, warnings };
}

/** Warning annotations attached anywhere under `scope`. */
export function warningsOf(scope: Construct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === '@cdktf/warn')
    .map((m) => String(m.data));
}

/** All resources of one type, by Terraform name. */
export function resources(json: TfJson, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type; fails when there is not exactly one. */
export function onlyResource(json: TfJson, type: string): any {
  const all = Object.values(resources(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** `type.name` of every resource and data source, sorted. */
export const addresses = (json: TfJson): string[] => terraformAddresses(json);

/** A `${aws_x.name.attr}` reference as CDKTF writes it. */
export function ref(address: string): string {
  return '${' + address + '}';
}

/** How Terraform will see `value` (a token) once synthesized in `stack`, e.g. `${aws_vpc.x.id}`. */
export function resolved(stack: Construct, value: unknown): unknown {
  const id = `probe_${stack.node.children.length}`;
  new TerraformOutput(stack, id, { value });
  return synthJson(stack).output![id].value;
}

/** A stack to put a single construct in, with the AWS provider's partition data source available. */
export function emptyStack(): ReadableIdStack {
  return new ReadableIdStack(testApp(), 'test');
}

/** Runs `fn`, expects a ValidationError, and returns its message lines. */
export function validationLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.lines;
    throw e;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
