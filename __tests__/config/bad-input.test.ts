// Bad input a user plausibly writes (issue 11): each is refused with a line that names the field,
// shows the value and says what is allowed, before any stack is built.
import { App } from 'cdktf';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadConfig } from '../../src/config/load';
import { addClusterStacks } from '../../src/stacks/stacks';
import { BAD_INPUTS, badInputEnv, expectedLine } from '../__fixtures__/bad-inputs';
import { TODAY, validationLines } from '../helpers/synth';

const dir = mkdtempSync(join(tmpdir(), 'eks-bad-input-'));

describe('bad input', () => {
  test.each(BAD_INPUTS.map((input, i) => [input.name, input, i] as const))('throws on %s', (_name, input, i) => {
    const { env, file } = badInputEnv(input, i);
    const lines = validationLines(() => {
      const { config } = loadConfig({ env, cwd: dir });
      addClusterStacks(new App({ outdir: join(dir, `out-${i}`), stackTraces: false }), config, TODAY);
    });
    expect(lines).toContain(expectedLine(input, file));
  });
});

test('every map of the project is declared with map() (src/private/validate.ts), so each refuses a list', () => {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  const src = join(__dirname, '..', '..', 'src');
  const direct = files(src).filter((f) => !f.endsWith(join('private', 'validate.ts')) && /\bv\.record\(/.test(readFileSync(f, 'utf8')));
  expect(direct.map((f) => relative(src, f))).toEqual([]);
});

describe('what the checks still let through', () => {
  const synth = (settings: Record<string, unknown>, env: Record<string, string> = {}) => {
    const { config } = loadConfig({ env, cwd: dir, overrides: settings });
    return addClusterStacks(new App({ outdir: mkdtempSync(join(dir, 'ok-')), stackTraces: false }), config, TODAY);
  };

  test('every region of the provider list, and a newer one with skipRegionValidation (which the provider then skips too)', () => {
    for (const region of ['eu-central-2', 'ap-southeast-7', 'mx-central-1', 'us-gov-west-1']) expect(() => synth({ region, network: { availabilityZones: ['a1', 'b1'].map((z) => region + z.slice(0, 1)) } })).not.toThrow();
    const stacks = synth({ region: 'us-west-9', skipRegionValidation: true, network: { availabilityZones: ['us-west-9a', 'us-west-9b'] }, backend: { type: 's3', bucket: 'acme-terraform-state' } });
    const json = JSON.parse(require('cdktf').Testing.synth(stacks.aws));
    expect(json.provider.aws[0].skip_region_validation).toBe(true);
    expect(json.terraform.backend.s3.skip_region_validation).toBe(true);
  });

  test('a world-open ingress rule with allowFromAnywhere, warned about', () => {
    const stacks = synth({ controlPlane: { clusterSecurityGroupRules: [{ type: 'ingress', protocol: 'tcp', fromPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'Public webhook', allowFromAnywhere: true }] } });
    const warnings = stacks.aws.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toContain(`The cluster security group of eks-default admits TCP port 443 from the whole internet ('Public webhook'); restrict its 'cidrBlocks' or put a load balancer in front`);
  });

  test('egress to the world needs no allow (nodes reach registries and AWS APIs)', () => {
    expect(() => synth({ controlPlane: { clusterSecurityGroupRules: [{ type: 'egress', protocol: 'tcp', fromPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'HTTPS out' }] } })).not.toThrow();
  });

  test('a cluster without nodes and without add-ons that need them', () => {
    expect(() => synth({ nodeGroups: null, addons: { coredns: null } })).not.toThrow();
  });

  test('a JSON file without duplicate keys (nested objects may reuse a key)', () => {
    const file = join(dir, 'fine.json');
    writeFileSync(file, JSON.stringify({ nodeGroups: { a: { labels: { name: 'x' } }, b: { labels: { name: 'y' } } } }, null, '\t'));
    expect(loadConfig({ env: { EKS_CONFIG: file }, cwd: dir }).config.nodeGroups).toMatchObject({ a: {}, b: {} });
  });
});
