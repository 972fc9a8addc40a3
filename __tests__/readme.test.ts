// The README's and docs' examples are compiled and run, and their tables and links checked, so they cannot drift.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '..');

test('the TypeScript API example of the README synthesizes an EksCluster in a stack of its own', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toContain('new EksCluster(');
  const outdir = mkdtempSync(join(tmpdir(), 'eks-readme-'));
  // The example runs from a scratch folder: its imports are pointed at this checkout.
  const source = block!
    .replace(/from '([^']+)'/g, (_m, spec: string) => `from ${JSON.stringify(spec.startsWith('.') ? join(ROOT, spec) : require.resolve(spec))}`)
    .replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)}, stackTraces: false })`);
  const file = join(mkdtempSync(join(tmpdir(), 'eks-readme-src-')), 'example.ts');
  writeFileSync(file, source);
  jest.isolateModules(() => require(file));
  const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'platform', 'cdk.tf.json'), 'utf8'));
  expect(json.provider.aws).toEqual([{ region: 'eu-west-1', default_tags: [{ tags: { cluster: 'demo', 'managed-by': 'cdktf', team: 'platform' } }] }]);
  expect(json.terraform.backend.local.path).toBe('../../../terraform.platform.tfstate');
  expect(json.resource.aws_eks_cluster.control_plane_cluster.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.10/32'] });
  expect(Object.keys(json.resource.aws_nat_gateway)).toEqual(['network_nat_gateway_1']);
  const group = json.resource.aws_eks_node_group.node_group_workers_group;
  expect(group.scaling_config.max_size).toBe(4);
  expect(group.depends_on).toEqual(expect.arrayContaining(['aws_eks_addon.addon_vpc_cni_addon', 'aws_eks_addon.addon_kube_proxy_addon']));
  expect(json.resource.aws_eks_addon.addon_coredns_addon.depends_on).toEqual(['aws_eks_node_group.node_group_workers_group']);
  expect(json.resource.aws_eks_fargate_profile.fargate_profile_batch_profile.selector).toEqual([{ namespace: 'batch' }]);
  expect(Object.keys(json.output).sort()).toEqual(['kubeconfig', 'workers']);
});

test('docs/access.md lists every access policy of the table, and the presets of the book chapters on cluster access', () => {
  const readme = readFileSync(join(ROOT, 'docs', 'access.md'), 'utf8');
  const { ACCESS_POLICIES } = require('../src/controlplane/access-policies') as typeof import('../src/controlplane/access-policies');
  const section = readme;
  for (const name of Object.keys(ACCESS_POLICIES)) {
    const short = name.replace(/^AmazonSagemakerHyperpod(?=Controller|SystemNamespace)/, '…');
    expect(section).toContain(`\`${short}\``);
  }
  const presets = readFileSync(join(ROOT, 'docs', 'presets.md'), 'utf8');
  for (const preset of ['chapter09', 'chapter10', 'chapter11']) expect(presets).toContain(`| \`${preset}\` |`);
});

test('every preset has a row in the presets table of docs/presets.md', () => {
  const table = readFileSync(join(ROOT, 'docs', 'presets.md'), 'utf8');
  const { PRESET_NAMES } = require('../src/presets') as typeof import('../src/presets');
  expect(PRESET_NAMES.filter((name) => !table.includes(`| \`${name}\` |`))).toEqual([]);
});

test("the README's presets at a glance are the presets and their descriptions, in order", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Presets at a glance'), readme.indexOf('## Where to read on'));
  const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` \| (.*) \|$/gm)].map((m) => ({ name: m[1], description: m[2] }));
  const { allPresets } = require('../src/presets') as typeof import('../src/presets');
  expect(rows).toEqual(allPresets().map((p) => ({ name: p.name, description: p.description })));
});

test('the README stays short and every relative link of the README and docs/ points at a file and heading that exist', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme.split('\n').length).toBeLessThanOrEqual(300);
  const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
  const headings = (file: string) => {
    let fence = false;
    const found = new Set<string>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.startsWith('```')) fence = !fence;
      const m = /^#{1,6} (.*)$/.exec(line);
      if (!fence && m) found.add(slug(m[1]!));
    }
    return found;
  };
  const files = [join(ROOT, 'README.md'), ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))];
  const broken: string[] = [];
  for (const file of files) {
    for (const [, target] of readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, anchor] = target!.split('#');
      const resolved = path ? resolve(dirname(file), path) : file;
      if (!existsSync(resolved)) broken.push(`${relative(ROOT, file)}: ${target}`);
      else if (anchor && resolved.endsWith('.md') && !headings(resolved).has(anchor)) broken.push(`${relative(ROOT, file)}: ${target}`);
    }
  }
  expect(broken).toEqual([]);
});

test('the workloads example of docs/workloads.md synthesizes: an ECR image from the AWS stack, a Service on a named port', () => {
  const section = readFileSync(join(ROOT, 'docs', 'workloads.md'), 'utf8');
  const example = parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]);
  const { synthApp } = require('./helpers/synth') as typeof import('./helpers/synth');
  const { stacks, warnings } = synthApp('default', example);
  const deployment = stacks.kubernetes.resource!.kubernetes_deployment_v1.workloads_deployment_web;
  expect(deployment.spec.template.spec.container[0].image).toBe('${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.cross_stack_output_aws_ecr_repository_registry_repository_shop_web_repository_url}:v1.4.2');
  expect(stacks.kubernetes.resource!.kubernetes_service_v1.workloads_service_web.spec.port).toEqual([{ port: 80, target_port: 'http', protocol: 'TCP' }]);
  expect(warnings.kubernetes).toEqual([]);
});

test('the access-mode table puts every preset in the row of its authentication mode', () => {
  const readme = readFileSync(join(ROOT, 'docs', 'access.md'), 'utf8');
  const { allPresets } = require('../src/presets') as typeof import('../src/presets');
  const rows = new Map<string, string[]>();
  for (const mode of ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API']) {
    const row = new RegExp(`^\\| \`${mode}\` [^\\n]*$`, 'm').exec(readme)?.[0];
    expect(row).toBeDefined();
    const presets = row!.split('|').at(-2)!;
    rows.set(mode, [...presets.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!));
  }
  for (const preset of allPresets()) {
    // A cluster without accessConfig is in EKS's default mode, CONFIG_MAP.
    const mode = preset.config.controlPlane?.accessConfig?.authenticationMode ?? 'CONFIG_MAP';
    const listed = [...rows].filter(([, names]) => names.includes(preset.name)).map(([m]) => m);
    expect({ preset: preset.name, listed }).toEqual({ preset: preset.name, listed: [mode] });
  }
});

test('the README and docs/ say what a destroy does to repositories that hold images: with force_delete false it fails, nothing is kept', () => {
  const readme = [join(ROOT, 'README.md'), ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))].map((f) => readFileSync(f, 'utf8')).join('\n');
  const { synthPreset } = require('./helpers/synth') as typeof import('./helpers/synth');
  const repositories = Object.values<any>(synthPreset('mastering-terraform').json.resource!.aws_ecr_repository);
  expect(repositories.map((r) => r.force_delete)).toEqual([false, false]);
  // Every sentence about deleting or keeping repositories on destroy.
  const sentences = readme.split(/(?<=[.;])\s+/).filter((s) => /(force_?delete|forceDelete)/i.test(s) && /destroy/i.test(s));
  expect(sentences.length).toBeGreaterThan(2);
  for (const s of sentences) expect(s).not.toMatch(/\bkept\b|\bare kept\b/);
  expect(readme).toContain('fails with `RepositoryNotEmptyException`');
});
