// `cdktf synth --hcl` as the stacks write it (ReadableIdStack.toHclTerraform): the Kubernetes
// stacks, which no Terraform here can read (their providers are not in the mirror), parsed with
// hcl2json and compared with their JSON; the AWS stacks too (Terraform validates and plans them
// in terraform/plan.test.ts, but cannot see the text of a string around an unknown value); the
// metadata the CLI reads; and a stack folder that holds only the format written last.
import { parse } from '@cdktf/hcl2json';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { App, TerraformStack } from 'cdktf';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load';
import { PRESET_NAMES } from '../../src/presets';
import type { BlockSchema, BlockSchemas } from '../../src/private/hcl';
import { renderHcl } from '../../src/private/hcl';
import { blockSchemas } from '../../src/private/hcl-blocks';
import { ReadableIdStack } from '../../src/stacks/readable-ids';
import { addClusterStacks, wantsKubernetesStack } from '../../src/stacks/stacks';
import { presetAppAsIs, presetAsIs, TODAY } from '../helpers/synth';

type Json = any;

/** Runs `build` as `cdktf synth --hcl` does: CDKTF's stacks read SYNTH_HCL_OUTPUT when constructed. */
function asHcl<T>(build: () => T): T {
  const before = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'true';
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = before;
  }
}

/**
 * The Terraform JSON `json` in the shape hcl2json gives its HCL: every block a list of bodies
 * (labels as object keys), references of meta-arguments as `${…}`, the `//` comments gone.
 */
function hcl2jsonShape(json: Json, schemas: BlockSchemas): Json {
  const out: Json = {};
  const each = (value: Json, f: (v: Json, key: string) => Json) => Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v, k)]));
  for (const [key, value] of Object.entries<Json>(json)) {
    if (key === '//') continue;
    if (key === 'terraform') {
      const { required_providers, backend, ...rest } = value;
      out.terraform = [{ ...rest, ...(required_providers ? { required_providers: [required_providers] } : {}), ...(backend ? { backend: each(backend, (c) => [c]) } : {}) }];
    } else if (key === 'provider') out.provider = each(value, (configs, name) => [configs].flat().map((c: Json) => body(c, schemas[`provider.${name}`] ?? {})));
    else if (key === 'resource' || key === 'data' || key === 'ephemeral') out[key] = each(value, (byName, type) => each(byName, (b) => [body(b, schemas[`${key}.${type}`] ?? {})]));
    else if (key === 'locals') out.locals = [value];
    else if (key === 'output') out.output = each(value, (b) => [body(b, {})]);
    else if (key === 'check') out.check = each(value, (b) => [{ assert: [b.assert].flat() }]);
    else throw new Error(`no hcl2json shape for ${key}`);
  }
  return out;
}

/** A block's body; `nested` for a nested block, where meta-arguments' names are plain arguments. */
function body(json: Json, schema: BlockSchema, nested = false): Json {
  const out: Json = {};
  const ref = (r: string) => `\${${r}}`;
  for (const [key, value] of Object.entries<Json>(json)) {
    if (key === '//') continue;
    if (nested && !(key in schema)) out[key] = value;
    else if (key === 'depends_on') out[key] = value.map(ref);
    else if (key === 'provider' && !(key in schema)) out[key] = ref(value);
    else if (key === 'lifecycle') {
      const { ignore_changes, replace_triggered_by, precondition, postcondition, ...rest } = value;
      out[key] = [
        {
          ...rest,
          ...(ignore_changes ? { ignore_changes: ignore_changes.map(ref) } : {}),
          ...(replace_triggered_by ? { replace_triggered_by: replace_triggered_by.map(ref) } : {}),
          ...(precondition ? { precondition: [precondition].flat() } : {}),
          ...(postcondition ? { postcondition: [postcondition].flat() } : {}),
        },
      ];
    } else if (key === 'provisioner') {
      // provisioner "<type>" { … }: bodies by type; `when` and `on_failure` are keywords.
      out[key] = {};
      for (const entry of value) {
        for (const [type, config] of Object.entries<Json>(entry)) {
          const { when, on_failure, ...rest } = config;
          (out[key][type] ??= []).push({ ...rest, ...(when ? { when: ref(when) } : {}), ...(on_failure ? { on_failure: ref(on_failure) } : {}) });
        }
      }
    } else if (key === 'dynamic' || key === 'connection') throw new Error(`no hcl2json shape for ${key}`);
    else if (key in schema) {
      const blocks = [value].flat().map((b: Json) => body(b, schema[key], true));
      if (blocks.length > 0) out[key] = blocks;
    } else out[key] = value;
  }
  return out;
}

const parsed = async (hcl: string) => JSON.parse(JSON.stringify(await parse('cdk.tf', hcl)));

describe('the AWS stack of every preset', () => {
  test.each(PRESET_NAMES)('%s: its HCL reads back (hcl2json) as its JSON', async (preset) => {
    const { json, blocks } = presetAsIs(preset);
    expect(await parsed(renderHcl(json, blocks))).toEqual(hcl2jsonShape(json, blocks));
  });
});

const KUBERNETES_PRESETS = PRESET_NAMES.filter((name) => wantsKubernetesStack(loadConfig({ env: { EKS_PRESET: name }, cwd: process.cwd() }).config));

describe('the Kubernetes stack of every preset that has one', () => {
  test('the presets with a Kubernetes stack', () => {
    expect(KUBERNETES_PRESETS.length).toBeGreaterThanOrEqual(15);
  });

  test.each(KUBERNETES_PRESETS)('%s: its HCL reads back (hcl2json) as its JSON', async (preset) => {
    const { stacks, blocks } = presetAppAsIs(preset);
    expect(await parsed(renderHcl(stacks.kubernetes, blocks.kubernetes))).toEqual(hcl2jsonShape(stacks.kubernetes, blocks.kubernetes));
  });

  test('mastering-terraform: cdk.tf as `cdktf synth --hcl` writes it (the synthesizer, not the renderer alone) reads back as the stack JSON', async () => {
    const { config } = loadConfig({ env: { EKS_PRESET: 'mastering-terraform' }, cwd: process.cwd() });
    const outdir = mkdtempSync(join(tmpdir(), 'eks-hcl-'));
    const { app, stacks } = asHcl(() => {
      const hclApp = new App({ outdir, stackTraces: false, hclOutput: true });
      return { app: hclApp, stacks: addClusterStacks(hclApp, config, TODAY) };
    });
    app.synth();
    const kubernetes = stacks.kubernetes!;
    const folder = join(outdir, 'stacks', 'kubernetes');
    expect(readdirSync(folder).filter((f) => f.startsWith('cdk.') || f === 'metadata.json').sort()).toEqual(['cdk.tf', 'metadata.json']);
    expect(await parsed(readFileSync(join(folder, 'cdk.tf'), 'utf8'))).toEqual(hcl2jsonShape(kubernetes.toTerraform(), blockSchemas(kubernetes)));
  });
});

describe('HCL metadata', () => {
  test("metadata.json holds what CDKTF's own toHclTerraform gives the CLI", () => {
    const outdir = mkdtempSync(join(tmpdir(), 'eks-hcl-'));
    const { config } = loadConfig({ env: { EKS_PRESET: 'mastering-terraform' }, cwd: process.cwd() });
    const app = new App({ outdir, stackTraces: false });
    const stacks = addClusterStacks(app, config, TODAY);
    app.synth();
    for (const stack of [stacks.aws, stacks.kubernetes!]) {
      expect(stack.toHclTerraform().metadata).toEqual(TerraformStack.prototype.toHclTerraform.call(stack).metadata);
    }
  });
});

describe('a stack folder holds only the format written last', () => {
  const synthOnce = (outdir: string, hcl: boolean) => {
    const build = () => {
      const app = new App({ outdir, stackTraces: false, hclOutput: hcl });
      const stack = new ReadableIdStack(app, 'one');
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });
      return app;
    };
    (hcl ? asHcl(build) : build()).synth();
    return readdirSync(join(outdir, 'stacks', 'one')).sort();
  };

  test('JSON after HCL: cdk.tf and its metadata.json are removed', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'eks-formats-'));
    expect(synthOnce(outdir, true)).toEqual(['cdk.tf', 'metadata.json']);
    expect(synthOnce(outdir, false)).toEqual(['cdk.tf.json']);
  });

  test('HCL after JSON: cdk.tf.json is removed', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'eks-formats-'));
    expect(synthOnce(outdir, false)).toEqual(['cdk.tf.json']);
    expect(synthOnce(outdir, true)).toEqual(['cdk.tf', 'metadata.json']);
  });
});
