// Builds stacks in memory and gives tests the synthesized Terraform JSON as plain objects.
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsStack } from '../../src/stacks/aws-stack';
import { addAppStacks, addClusterStacks } from '../../src/stacks/stacks';
import { ConfigSources, loadClusters, loadConfig } from '../../src/config/load';
import type { EksConfigInput } from '../../src/config/schema';
import { Construct } from 'constructs';
import { ReadableIdStack, terraformAddresses } from '../../src/stacks/readable-ids';
import { ValidationError } from '../../src/errors';
import type { BlockSchemas } from '../../src/private/hcl';
import { blockSchemas } from '../../src/private/hcl-blocks';
import { SECURITY_RULE_MESSAGE } from '../../src/rules/security-rules';

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

/** A preset's AWS stack as presetAsIs gives it: JSON, warnings and the block schemas its HCL is written with. */
export interface PresetAsIs extends Omit<PresetSynth, 'stack'> {
  /** Which keys are nested blocks (src/private/hcl-blocks.ts): with `json`, what `cdktf synth --hcl` writes. */
  readonly blocks: BlockSchemas;
}

/**
 * The AWS stack JSON, warnings and block schemas of a preset as it stands, synthesized once per jest run: files
 * that read every preset (the Terraform plan, the presets' invariants) share one synthesis
 * through a folder jest's global setup creates for the run (EKS_TEST_RUN_DIR; empty at the
 * start of each run, removed at its end). Without that folder, a plain synthesis.
 */
export function presetAsIs(preset: string): PresetAsIs {
  const cache = process.env.EKS_TEST_RUN_DIR;
  const file = cache && join(cache, `${preset}.json`);
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { stack, json, warnings } = synthPreset(preset);
  const result: PresetAsIs = { json, warnings, blocks: blockSchemas(stack) };
  if (file) {
    // Another worker may write the same file meanwhile: whole files only, by rename.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(result));
    renameSync(partial, file);
  }
  return result;
}

export interface AppSynth {
  /** Stack JSON by stack name (`aws`, `kubernetes`). */
  readonly stacks: Record<string, TfJson>;
  /** Where the app was written (stacks/<name>/cdk.tf.json and their assets). */
  readonly outdir: string;
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
  return synthesized((app) => addClusterStacks(app, config, TODAY));
}

/**
 * Writes `file` (the settings of an EKS_CONFIG file, `clusters` and all) to a scratch file and
 * synthesizes the app main.ts would make of it, every stack to disk.
 */
export function synthClusters(file: Record<string, unknown>, env: ConfigSources['env'] = {}): AppSynth {
  const path = join(mkdtempSync(join(tmpdir(), 'eks-cdktf-clusters-')), 'clusters.json');
  writeFileSync(path, JSON.stringify(file));
  const clusters = loadClusters({ env: { ...env, EKS_CONFIG: path }, cwd: process.cwd() });
  return synthesized((app) => addAppStacks(app, clusters, TODAY));
}

/** Runs `build` on a fresh app, synthesizes it to a scratch folder and reads every stack back. */
function synthesized(build: (app: App) => unknown, onSynthesized: (app: App) => void = () => {}): AppSynth {
  const dir = mkdtempSync(join(tmpdir(), 'eks-cdktf-app-'));
  const app = new App({ outdir: dir, stackTraces: false });
  build(app);
  app.synth();
  onSynthesized(app);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const stacks: Record<string, TfJson> = {};
  const warnings: Record<string, string[]> = {};
  for (const [name, entry] of Object.entries<any>(manifest.stacks)) {
    stacks[name] = JSON.parse(readFileSync(join(dir, entry.synthesizedStackPath), 'utf8'));
    warnings[name] = entry.annotations.filter((a: any) => a.level === '@cdktf/warn' && !SECURITY_RULE_MESSAGE.test(a.message)).map((a: any) => a.message);
  }
  return { stacks, warnings, outdir: dir };
}

/** An app's stacks and warnings with the files of the local charts they install, as plain data. */
export interface AppFiles extends Omit<AppSynth, 'outdir'> {
  /** By stack name, then by helm_release address: file path in the chart -> text. */
  readonly charts: Record<string, Record<string, Record<string, string>>>;
}

/** The stacks, warnings and local charts of an app written by synthApp. */
export function appFiles(app: AppSynth): AppFiles {
  const charts: AppFiles['charts'] = {};
  for (const [name, stack] of Object.entries(app.stacks)) {
    charts[name] = {};
    for (const [release, r] of Object.entries<any>(stack.resource?.helm_release ?? {})) {
      if (!String(r.chart).startsWith('./')) continue;
      const dir = join(app.outdir, 'stacks', name, r.chart);
      const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
      charts[name][`helm_release.${release}`] = Object.fromEntries(
        files.map((f) => [join(f.parentPath, f.name).slice(dir.length + 1), readFileSync(join(f.parentPath, f.name), 'utf8')]).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
  }
  return { stacks: app.stacks, warnings: app.warnings, charts };
}

/** A preset's app as presetAppAsIs gives it: with each stack's block schemas, for its HCL. */
export interface PresetApp extends AppFiles {
  /** By stack name: which keys are nested blocks (src/private/hcl-blocks.ts). */
  readonly blocks: Record<string, BlockSchemas>;
}

/**
 * Every stack of a preset as it stands (with its local charts and block schemas), synthesized
 * once per jest run and shared through the run's folder, like presetAsIs.
 */
export function presetAppAsIs(preset: string): PresetApp {
  const cache = process.env.EKS_TEST_RUN_DIR;
  const file = cache && join(cache, `${preset}.app.json`);
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { config } = loadConfig({ env: { EKS_PRESET: preset }, cwd: process.cwd() });
  const blocks: Record<string, BlockSchemas> = {};
  const synth = synthesized(
    (a) => addClusterStacks(a, config, TODAY),
    (a) => {
      for (const stack of a.node.children.filter(TerraformStack.isStack)) blocks[stack.node.id] = blockSchemas(stack);
    },
  );
  const app: PresetApp = { ...appFiles(synth), blocks };
  if (file) {
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(app));
    renameSync(partial, file);
  }
  return app;
}

/**
 * The objects of a local chart written by ManifestsChart (`helm_release.<name>` in the stack
 * `stack`), parsed, each reference placeholder replaced by the Terraform expression it stands for.
 */
export function manifestObjects(app: AppSynth, stack: string, release: string): any[] {
  const r = app.stacks[stack].resource!.helm_release[release];
  if (!r) throw new Error(`no helm_release.${release} in ${stack}`);
  const refs = r.values ? chartValueRefs(r.values[0]) : {};
  const dir = join(app.outdir, 'stacks', stack, r.chart, 'templates');
  return readdirSync(dir)
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8').replace(/\{\{ \.Values\.(r\d+) \| toJson \}\}/g, (_m, key: string) => JSON.stringify(refs[key]));
      return JSON.parse(text);
    });
}

/** `{"r0" = <expression>, …}` of a jsonencode'd values document, as `{r0: "<expression>"}`. */
function chartValueRefs(values: string): Record<string, string> {
  const body = /^\$\{jsonencode\(\{(.*)\}\)\}$/s.exec(values)?.[1] ?? '';
  return Object.fromEntries([...body.matchAll(/"(r\d+)" = ([^,]+?)(?=, "r\d+" = |$)/g)].map((m) => [m[1], m[2]]));
}

/**
 * The values document of a helm_release, parsed: CDKTF writes it as `${jsonencode({...})}` in HCL
 * object syntax, which this turns into JSON, each Terraform reference becoming the string
 * `${reference}` (as it would read in a JSON configuration).
 */
export function releaseValues(release: { values?: string[] }): any {
  const doc = release.values?.[0];
  if (!doc) return {};
  const hcl = /^\$\{jsonencode\((.*)\)\}$/s.exec(doc)?.[1];
  if (hcl === undefined) throw new Error(`not a jsonencode document: ${doc}`);
  return JSON.parse(hclToJson(hcl));
}

/** HCL object and tuple syntax (`{"a" = 1, "b" = x.y}`) to JSON, bare expressions quoted as `${...}`. */
function hclToJson(hcl: string): string {
  let out = '';
  let i = 0;
  const expression = () => {
    let depth = 0;
    let start = i;
    while (i < hcl.length) {
      const ch = hcl[i];
      if (ch === '(' || ch === '[') depth++;
      else if (ch === ')' || ch === ']') {
        if (depth === 0) break;
        depth--;
      } else if (ch === '"') {
        i++;
        while (i < hcl.length && hcl[i] !== '"') i += hcl[i] === '\\' ? 2 : 1;
      } else if ((ch === ',' || ch === '}') && depth === 0) break;
      i++;
    }
    return hcl.slice(start, i).trim();
  };
  while (i < hcl.length) {
    const ch = hcl[i];
    if (ch === '"') {
      const start = i;
      i++;
      while (i < hcl.length && hcl[i] !== '"') i += hcl[i] === '\\' ? 2 : 1;
      i++;
      out += hcl.slice(start, i);
    } else if (ch === '=' ) {
      out += ':';
      i++;
    } else if ('{}[],: '.includes(ch)) {
      out += ch;
      i++;
    } else {
      const expr = expression();
      out += /^(-?\d+(\.\d+)?|true|false|null)$/.test(expr) ? expr : JSON.stringify('${' + expr + '}');
    }
  }
  return out;
}

/** Warning annotations attached anywhere under `scope`. */
export function warningsOf(scope: Construct): string[] {
  return annotationsOf(scope, '@cdktf/warn').filter((m) => !SECURITY_RULE_MESSAGE.test(m));
}

/** The security rule pack's annotations (`@cdktf/warn` findings, `@cdktf/info` accepted ones), apart from the constructs' own. */
export function securityAnnotationsOf(scope: Construct, level: '@cdktf/warn' | '@cdktf/info' = '@cdktf/warn'): string[] {
  return annotationsOf(scope, level).filter((m) => SECURITY_RULE_MESSAGE.test(m));
}

function annotationsOf(scope: Construct, level: string): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === level)
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
