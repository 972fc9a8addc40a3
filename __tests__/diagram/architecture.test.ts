// The picture of every preset shows what its stack creates: each subnet (tier and CIDR), node
// group, add-on and host; the Kubernetes stack's releases; the endpoint mode.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { architectureMarkdown, SynthesizedStack } from '../../src/diagram/architecture';
import { PRESET_NAMES } from '../../src/presets';
import { mermaidBlocks } from '../../scripts/diagram';
import { presetAsIs, resources, synthApp, TfJson } from '../helpers/synth';

const ROOT = resolve(__dirname, '..', '..');

function picture(stacks: SynthesizedStack[]): string {
  const blocks = mermaidBlocks(architectureMarkdown(stacks));
  expect(blocks).toHaveLength(1);
  return blocks[0]!.source;
}

/** The subgraph a node is declared in (the innermost open one at its line). */
function subgraphOf(mermaid: string, nodeId: string): string | undefined {
  const open: string[] = [];
  for (const line of mermaid.split('\n')) {
    const sub = /^\s*subgraph (\w+)\[/.exec(line);
    if (sub) open.push(sub[1]!);
    else if (/^\s*end$/.test(line)) open.pop();
    else if (line.trim().startsWith(`${nodeId}[`)) return open.at(-1);
  }
  return undefined;
}

const tierOf = (ref: string) => /network_([a-z]+)_subnet_\d+\./.exec(ref)?.[1];

const literal = (value: unknown) => (typeof value === 'string' && !value.includes('${') ? value : undefined);

test.each(PRESET_NAMES)('the picture of %s shows every subnet, node group, add-on and host of its AWS stack', (preset) => {
  const { json } = presetAsIs(preset);
  const mermaid = picture([{ name: 'aws', json, dependencies: [] }]);
  // Well-formed: every subgraph closed, every node id declared once.
  expect(mermaid.match(/^\s*subgraph /gm)?.length).toBe(mermaid.match(/^\s*end$/gm)?.length);
  for (const subnet of Object.values(resources(json, 'aws_subnet'))) {
    expect(mermaid).toContain(`${subnet.availability_zone_id}<br/>${subnet.cidr_block}`);
  }
  const tiers = Object.keys(resources(json, 'aws_subnet')).map((n) => /network_([a-z]+)_subnet_\d+$/.exec(n)?.[1]);
  for (const tier of new Set(tiers)) expect(mermaid).toContain(`subgraph tier_${tier}["${tier} subnets"]`);
  for (const [name, group] of Object.entries(resources(json, 'aws_eks_node_group'))) {
    expect(mermaid).toContain(`managed node group ${literal(group.node_group_name) ?? literal(group.node_group_name_prefix)}`);
    expect(subgraphOf(mermaid, `ng_${name}`)).toBe(`tier_${[...new Set(group.subnet_ids.map(tierOf))].sort().join('_')}`);
  }
  for (const group of Object.values(resources(json, 'aws_autoscaling_group'))) {
    expect(mermaid).toContain(`self-managed node group ${literal(group.name) ?? literal(group.name_prefix)}`);
  }
  for (const addon of Object.values(resources(json, 'aws_eks_addon'))) expect(mermaid).toMatch(new RegExp(`<br/>${addon.addon_name}[ "<]`));
  for (const host of Object.values(resources(json, 'aws_instance'))) expect(mermaid).toContain(host.tags.Name);
  const cluster = Object.values(resources(json, 'aws_eks_cluster'))[0];
  const mode = cluster.vpc_config.endpoint_public_access === false ? 'private (from inside the VPC)' : cluster.vpc_config.endpoint_private_access ? 'private + public' : 'public';
  expect(mermaid).toContain(`API endpoint: ${mode}`);
  if (cluster.vpc_config.endpoint_public_access !== false) expect(mermaid).toContain(`public endpoint clients<br/>${cluster.vpc_config.public_access_cidrs.join(', ')}`);
  expect(mermaid.match(/NAT gateway/g)?.length ?? 0).toBe(Object.keys(resources(json, 'aws_nat_gateway')).length);
});

test.each(['mastering-terraform', 'chapter16'])('the picture of %s puts the Kubernetes stack and each of its Helm releases beside the cluster it talks to', (preset) => {
  const app = synthApp(preset);
  try {
    const stacks = Object.entries(app.stacks).map(([name, json]: [string, TfJson]) => ({ name, json, dependencies: name === 'kubernetes' ? ['aws'] : [] }));
    const mermaid = picture(stacks);
    expect(mermaid).toContain('subgraph stack_kubernetes["stack kubernetes (its own state)"]');
    expect(mermaid).toContain('stack_kubernetes -- "API (providers), outputs from the aws state" --> cp');
    for (const release of Object.values(resources(app.stacks.kubernetes, 'helm_release'))) expect(mermaid).toContain(`Helm ${release.name}<br/>`);
  } finally {
    rmSync(app.outdir, { recursive: true, force: true });
  }
});

test('a bastion reaching the private endpoint is drawn with its 443 path (chapter 4)', () => {
  const { json } = presetAsIs('chapter04');
  expect(picture([{ name: 'aws', json, dependencies: [] }])).toContain('host_bastion_instance -- 443 --> cp');
});

test('main.js writes architecture.md beside the stacks, the same on every run', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'eks-diagram-main-'));
  try {
    const run = () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env: { PATH: process.env.PATH, EKS_PRESET: 'chapter16', CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
      expect(r.status).toBe(0);
      return readFileSync(join(outdir, 'architecture.md'), 'utf8');
    };
    const first = run();
    expect(mermaidBlocks(first).map((b) => b.name)).toEqual(['aws']);
    expect(first).toContain('## Stack aws and kubernetes');
    expect(run()).toBe(first);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
