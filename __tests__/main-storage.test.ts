// Storage through the compiled entry point: bad input (a class without its driver, an NFS server
// open to the world, a key that is no ARN) writes nothing and exits 1; a storage configuration
// writes both stacks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'eks-storage-'));

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

// The shape of the configuration is checked first, the rules across sections next: two runs.
test.each<[string, unknown, string[]]>([
  ['a key that is no ARN', { storage: { efs: { kmsKeyId: 'alias/efs' } } }, [`'storage.efs.kmsKeyId' ("alias/efs") must be a KMS key ARN`]],
  [
    'storage classes without their drivers, an NFS server open to the world',
    {
      storage: {
        nfsServer: { clientCidrs: ['0.0.0.0/0'] },
        classes: { gp3: { provisioner: 'ebs.csi.aws.com', default: true }, 'nfs-csi': { provisioner: 'nfs.csi.k8s.io' } },
      },
    },
    [
      `'storage.nfsServer.clientCidrs.0' ("0.0.0.0/0") opens NFS to the whole internet`,
      `'storage.classes.gp3.provisioner' ("ebs.csi.aws.com") needs the EBS CSI driver: add 'addons.aws-ebs-csi-driver'`,
      `'storage.classes.nfs-csi.provisioner' ("nfs.csi.k8s.io") needs the NFS CSI driver (its pinned Helm chart): add 'storage.nfsCsiDriver'`,
    ],
  ],
])('%s: errors, exit 1, nothing written', (_case, config, messages) => {
  const r = synth(config);
  expect(r.status).toBe(1);
  for (const m of messages) expect(r.stderr).toContain(m);
  expect(existsSync(join(r.outdir, 'stacks'))).toBe(false);
  expect(existsSync(join(r.outdir, 'manifest.json'))).toBe(false);
});

test('a storage configuration writes the aws and kubernetes stacks', () => {
  const r = synth({
    addons: { 'eks-pod-identity-agent': {}, 'aws-ebs-csi-driver': {} },
    storage: { classes: { gp3: { provisioner: 'ebs.csi.aws.com', default: true } } },
  });
  expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('WARN ['))).toEqual([]);
  expect(r.status).toBe(0);
  const manifest = JSON.parse(readFileSync(join(r.outdir, 'manifest.json'), 'utf8'));
  expect(Object.keys(manifest.stacks)).toEqual(['aws', 'kubernetes']);
});
