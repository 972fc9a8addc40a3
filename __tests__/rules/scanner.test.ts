// Security findings of every preset, by ../shared/tools/seccheck.py (the checkov and trivy rules,
// ported) and by the project's rule pack side by side: presets that reproduce no book chapter or
// seed have none; each book or seed preset has exactly the findings it reproduces on purpose
// (EXPECTED, listed in docs/security.md with the setting that removes each) and accepts them in
// its `securityRules`. New presets are picked up from PRESET_NAMES.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPreset, PRESET_NAMES } from '../../src/presets';
import { evaluateSecurityRules } from '../../src/rules/security-rules';
import { IAM_DATA, scannerTests, scanStacks } from '../helpers/scanner';
import { presetAsIs, synthPreset } from '../helpers/synth';

const CLUSTER = 'aws:aws_eks_cluster.control_plane_cluster';
/** The book's public endpoint open to the world (CKV_AWS_39 + AVD-AWS-0040, CKV_AWS_38 + AVD-AWS-0041). */
const OPEN_ENDPOINT = [`CKV_AWS_38 ${CLUSTER}`, `CKV_AWS_39 ${CLUSTER}`];
/** The AWS Load Balancer Controller's published policy. */
const LBC_POLICY = ['CKV_AWS_111', 'CKV_AWS_356'].map((id) => `${id} aws:data.aws_iam_policy_document.aws_load_balancer_controller_controller_inline_policy_document`);
const BASTION_EGRESS = 'AVD-AWS-0104 aws:aws_vpc_security_group_egress_rule.bastion_egress_tcp_443_443_0_0_0_0_0';

/** MUST findings of each book or seed preset, as the scanner reports them: "<id> <stack>:<address>". */
const EXPECTED: Record<string, string[]> = {
  chapter03: OPEN_ENDPOINT,
  chapter04: [BASTION_EGRESS],
  chapter05: [`AVD-AWS-0041 ${CLUSTER}`, BASTION_EGRESS, `CKV_AWS_39 ${CLUSTER}`],
  'chapter14-alb': [...OPEN_ENDPOINT, ...LBC_POLICY],
  'chapter14-pub': [...OPEN_ENDPOINT, 'CKV_AWS_130 aws:aws_subnet.network_public_subnet_1', 'CKV_AWS_130 aws:aws_subnet.network_public_subnet_2'],
  chapter16: ['AVD-AWS-0104 aws:aws_vpc_security_group_egress_rule.nfs_server_host_egress_tcp_443_443_0_0_0_0_0', ...OPEN_ENDPOINT],
  chapter20: [...OPEN_ENDPOINT, ...LBC_POLICY],
  'chapter20-istio': ['AVD-AWS-0104 aws:aws_vpc_security_group_egress_rule.control_plane_security_groups_nodes_egress_all', ...OPEN_ENDPOINT],
  'chapter20-lattice': [...OPEN_ENDPOINT, ...['CKV_AWS_109', 'CKV_AWS_111', 'CKV_AWS_356'].map((id) => `${id} aws:data.aws_iam_policy_document.vpc_lattice_controller_inline_policy_document`)],
  'mastering-terraform': [...OPEN_ENDPOINT, ...LBC_POLICY, 'CKV2_AWS_57 aws:aws_secretsmanager_secret.application_secrets_secret_fleet_portal_dev_connection_string'],
};

/** Book and seed presets not listed above reproduce the book's open public endpoint, and nothing else. */
function expected(preset: string): string[] {
  const p = findPreset(preset)!;
  if (p.chapter === undefined && p.seed === undefined) return [];
  return [...(EXPECTED[preset] ?? OPEN_ENDPOINT)].sort();
}

/** The pack's findings (`suppress` accepting some), in the scanner's terms. */
function packFindings(stacks: Record<string, any>, suppress: Record<string, string> = {}): { all: string[]; accepted: string[] } {
  const all: string[] = [];
  const accepted: string[] = [];
  for (const [name, json] of Object.entries(stacks)) {
    for (const f of evaluateSecurityRules(json, { suppress })) {
      all.push(`${f.scannerIds[0]} ${name}:${f.address}`);
      if (f.suppressedBecause !== undefined) accepted.push(`${f.scannerIds[0]} ${name}:${f.address}`);
    }
  }
  return { all: all.sort(), accepted: accepted.sort() };
}
const { describeScanner, label } = scannerTests();

describeScanner(`security findings of every preset (${label})`, () => {
  const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');

  test.each(PRESET_NAMES.map((p) => [p]))('%s: the scanner finds what the preset reproduces on purpose, the rule pack the same, each accepted and documented', (preset) => {
    const stacks = { aws: presetAsIs(preset).json };
    const found = scanStacks(stacks);
    expect(found).toEqual(expected(preset));
    const pack = packFindings(stacks, findPreset(preset)!.config.securityRules?.suppress);
    expect(pack.all).toEqual(found);
    // Book presets accept every finding they reproduce; the others have none to accept.
    expect(pack.accepted).toEqual(found);
    // The last table of the page lists each preset's ids.
    const section = docs.split('\n').filter((l) => l.startsWith(`| \`${preset}\` |`)).pop() ?? '';
    for (const id of new Set(found.map((f) => f.split(' ')[0]))) expect({ preset, id, documented: section.includes(id) }).toEqual({ preset, id, documented: true });
  });

  // Insecure settings the presets avoid: the pack and the scanner find the same defects there too,
  // the scanner classifying IAM actions with the data the pack uses (SECCHECK_IAM_DATA).
  test.each([
    ['no encryption, no logs, a world-open endpoint, short log retention', 'default', { controlPlane: { endpointAccess: 'hybrid', publicAccessCidrs: ['0.0.0.0/0'], allowPublicAccessFromAnywhere: true, encryptSecrets: false, enabledClusterLogTypes: [] }, network: { flowLogs: { enabled: false } } }],
    ['an SSH bastion open to the world, a t2 host', 'chapter04', { bastion: { access: 'ssh-generated-key', subnet: 'public', cidrBlocks: ['0.0.0.0/0'], allowAccessFromAnywhere: true, instanceType: 't2.micro', detailedMonitoring: false } }],
    ['mutable, unscanned images; no cluster key, so secrets on the AWS managed key', 'mastering-terraform', { registry: { imageTagMutability: 'MUTABLE', scanOnPush: false }, controlPlane: { encryptSecrets: false, enabledClusterLogTypes: [] } }],
    ['nodes reaching IMDS from pods, a world-open rule', 'chapter06-launch-template', { nodeGroups: { 'private-node-group': { launchTemplate: { httpPutResponseHopLimit: 2 } } }, controlPlane: { clusterSecurityGroupRules: [{ type: 'ingress', protocol: 'all', cidrBlocks: ['0.0.0.0/0'], description: 'everything', allowFromAnywhere: true }] } }],
    ['Karpenter, EFS without backups, the NFS server', 'chapter19-karpenter', { storage: { efs: { backup: false }, nfsServer: {} } }],
  ])('%s: the pack finds what the scanner finds', (_case, preset, settings) => {
    const stacks = { aws: synthPreset(preset, settings).json };
    const found = scanStacks(stacks, { SECCHECK_IAM_DATA: IAM_DATA });
    expect(found.length).toBeGreaterThan(0);
    expect(packFindings(stacks).all).toEqual(found);
  });
});
