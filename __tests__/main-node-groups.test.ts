// The bad node group input of issue 4, through the compiled entry point: clear errors (or a
// warning where the input is legal but risky), exit status 1, and no stack written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'eks-node-groups-'));

function synth(config: unknown) {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  const outdir = mkdtempSync(join(tmpdir(), 'eks-main-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(EKS_|AWS_|TF_|CDKTF_)/.test(k)));
  const r = spawnSync(process.execPath, [MAIN], { cwd: ROOT, env: { ...env, CDKTF_OUTDIR: outdir, EKS_CONFIG: file }, encoding: 'utf8' });
  return { ...r, outdir };
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" (npm test does)`);
});

test.each<[string, unknown, string[]]>([
  [
    'an unknown AMI type and an unknown add-on',
    { nodeGroups: { default: { amiType: 'UBUNTU_22' } }, addons: { 'vpc-cnii': {} } },
    [`'nodeGroups.default.amiType' ("UBUNTU_22") must be one of "AL2023_x86_64_STANDARD"`, `'addons.vpc-cnii' is not a known setting; allowed here: vpc-cni, kube-proxy`],
  ],
  [
    'sizes, a disk size twice, max pods of a type outside the table, user data for the wrong AMI family',
    {
      nodeGroups: {
        default: {
          minSize: 3,
          desiredSize: 2,
          amiType: 'BOTTLEROCKET_x86_64',
          instanceTypes: ['m6i.large', 'x9.large'],
          diskSizeGiB: 50,
          launchTemplate: { rootVolume: { sizeGiB: 60 }, maxPods: 'auto', userData: { script: '/etc/eks/bootstrap.sh eks-default' } },
        },
      },
    },
    [
      `'nodeGroups.default.minSize' (3) must be <= 'desiredSize' (2)`,
      `'nodeGroups.default.diskSizeGiB' (50) cannot be combined with 'launchTemplate.rootVolume.sizeGiB' (60)`,
      `'nodeGroups.default.instanceTypes.1' ("x9.large") is not in the instance type table`,
      `'nodeGroups.default.launchTemplate.userData.script' ("/etc/eks/bootstrap.sh eks-default") cannot run on Bottlerocket`,
    ],
  ],
  [
    'a custom AMI without a way to bootstrap',
    { nodeGroups: { default: { amiType: 'CUSTOM', launchTemplate: { amiId: 'ami-0123456789abcdef0' } } } },
    [`'nodeGroups.default.launchTemplate.userData.raw' is required for amiType "CUSTOM": nothing else can join a custom AMI to the cluster`],
  ],
])('%s: errors, exit 1, nothing written', (_case, config, messages) => {
  const r = synth(config);
  expect(r.status).toBe(1);
  for (const m of messages) expect(r.stderr).toContain(m);
  expect(existsSync(join(r.outdir, 'stacks'))).toBe(false);
});

test('spot capacity of one instance type: a warning, and the stack is written', () => {
  const r = synth({ nodeGroups: { default: { capacityType: 'SPOT', instanceTypes: ['m6i.large'] } } });
  expect(r.status).toBe(0);
  const manifest = JSON.parse(readFileSync(join(r.outdir, 'manifest.json'), 'utf8'));
  expect(manifest.stacks.aws.annotations).toEqual(
    expect.arrayContaining([expect.objectContaining({ level: '@cdktf/warn', message: expect.stringContaining('SPOT capacity of one instance type (m6i.large)') })]),
  );
});
