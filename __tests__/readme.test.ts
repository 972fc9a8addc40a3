// The README's TypeScript example is compiled and run, so it cannot drift from the API.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

test('the TypeScript API example of the README synthesizes a cluster', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toContain('new ControlPlane(');
  const outdir = mkdtempSync(join(tmpdir(), 'eks-readme-'));
  // The example runs from a scratch folder: its imports are pointed at this checkout.
  const source = block!
    .replace(/from '([^']+)'/g, (_m, spec: string) => `from ${JSON.stringify(spec.startsWith('.') ? join(ROOT, spec) : require.resolve(spec))}`)
    .replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)}, stackTraces: false })`);
  const file = join(mkdtempSync(join(tmpdir(), 'eks-readme-src-')), 'example.ts');
  writeFileSync(file, source);
  jest.isolateModules(() => require(file));
  const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'eks', 'cdk.tf.json'), 'utf8'));
  expect(json.resource.aws_eks_cluster.control_plane_cluster.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.10/32'] });
  expect(Object.keys(json.resource.aws_eks_node_group)).toEqual(['workers_group']);
});

test('the README lists every access policy of the table, and the presets of the book chapters on cluster access', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const { ACCESS_POLICIES } = require('../src/controlplane/access-policies') as typeof import('../src/controlplane/access-policies');
  const section = readme.slice(readme.indexOf('## Cluster access'), readme.indexOf('## Backends'));
  for (const name of Object.keys(ACCESS_POLICIES)) {
    const short = name.replace(/^AmazonSagemakerHyperpod(?=Controller|SystemNamespace)/, '…');
    expect(section).toContain(`\`${short}\``);
  }
  for (const preset of ['chapter09', 'chapter10', 'chapter11']) expect(readme).toContain(`| \`${preset}\` |`);
});
