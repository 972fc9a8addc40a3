// The rule pack as users meet it at synthesis: warnings naming the rule, its scanner ids, the
// Terraform address and the fix; `securityRules.suppress` with a reason; a suppression that
// accepts nothing. Agreement with the scanners on every preset: scanner.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_ENDPOINT_FINDINGS } from '../../src/presets/book';
import { SECURITY_RULES, SecurityRules } from '../../src/rules/security-rules';
import { securityAnnotationsOf, synthApp, synthPreset } from '../helpers/synth';

const HYBRID = { controlPlane: { endpointAccess: 'hybrid', publicAccessCidrs: ['203.0.113.10/32'] } };

describe('the rule pack at synthesis', () => {
  test('the default preset: no finding, no annotation', () => {
    const { stack } = synthPreset('default');
    expect(SecurityRules.of(stack)!.findings).toEqual([]);
    expect([...securityAnnotationsOf(stack), ...securityAnnotationsOf(stack, '@cdktf/info')]).toEqual([]);
  });

  test('a finding prints as a warning with the rule, its scanner ids, the Terraform address and the fix', () => {
    const { stack } = synthPreset('default', HYBRID);
    expect(SecurityRules.of(stack)!.findings.map((f) => `${f.ruleId} ${f.address}`)).toEqual(['EKS-PUBLIC-ENDPOINT aws_eks_cluster.control_plane_cluster', 'EKS-ENDPOINT-PUBLIC-CIDR aws_eks_cluster.control_plane_cluster']);
    expect(securityAnnotationsOf(stack)).toContain(
      `Security rule EKS-PUBLIC-ENDPOINT (CKV_AWS_39, AVD-AWS-0040) fails on aws_eks_cluster.control_plane_cluster: the Kubernetes API is reachable from the internet. Fix: controlPlane.endpointAccess "private" (reach the API through a bastion, VPN or in-VPC runners); or accept it with securityRules.suppress.EKS-PUBLIC-ENDPOINT: "<reason>"`,
    );
  });

  test('the warning sits on the resource\'s construct, so cdktf prints its path', () => {
    const { stack } = synthPreset('default', HYBRID);
    const cluster = stack.node.findAll().find((c) => c.node.path.endsWith('/control-plane/cluster'))!;
    expect(cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data).split(' (')[0])).toEqual(['Security rule EKS-PUBLIC-ENDPOINT', 'Security rule EKS-ENDPOINT-PUBLIC-CIDR']);
  });

  test('a suppressed finding prints as accepted, with its reason, and is no warning', () => {
    const reason = 'Developers reach the API from the office /32';
    const { stack } = synthPreset('default', { ...HYBRID, securityRules: { suppress: { 'EKS-PUBLIC-ENDPOINT': reason } } });
    expect(securityAnnotationsOf(stack).map((w) => w.split(' (')[0])).toEqual(['Security rule EKS-ENDPOINT-PUBLIC-CIDR']);
    expect(securityAnnotationsOf(stack, '@cdktf/info')).toEqual([`Security rule EKS-PUBLIC-ENDPOINT (CKV_AWS_39, AVD-AWS-0040) accepted on aws_eks_cluster.control_plane_cluster: ${reason}`]);
    expect(SecurityRules.of(stack)!.findings.find((f) => f.ruleId === 'EKS-PUBLIC-ENDPOINT')!.suppressedBecause).toBe(reason);
  });

  test('a suppression that accepts nothing is warned about, by the AWS stack only', () => {
    const app = synthApp('chapter08', { securityRules: { suppress: { ...PUBLIC_ENDPOINT_FINDINGS.suppress, 'ECR-SCAN-ON-PUSH': 'no registry here' } } });
    const manifest = JSON.parse(readFileSync(join(app.outdir, 'manifest.json'), 'utf8'));
    const unused = (stack: string) => manifest.stacks[stack].annotations.filter((a: { message: string }) => a.message.includes('accepts nothing')).map((a: { message: string }) => a.message);
    expect(unused('aws')).toEqual(['securityRules.suppress.ECR-SCAN-ON-PUSH accepts nothing: rule ECR-SCAN-ON-PUSH finds nothing in stack aws; remove it']);
    expect(unused('kubernetes')).toEqual([]);
  });

  test('findings are annotated once, however often the stack is synthesized', () => {
    const { stack } = synthPreset('default', HYBRID);
    require('cdktf').Testing.synth(stack);
    expect(securityAnnotationsOf(stack)).toHaveLength(2);
  });
});

describe('the rules', () => {
  test('each has a unique id, the checkov or trivy rules it stands for, resource types and a fix', () => {
    expect(new Set(SECURITY_RULES.map((r) => r.id)).size).toBe(SECURITY_RULES.length);
    for (const r of SECURITY_RULES) {
      expect({ id: r.id, ok: /^[A-Z0-9]+(-[A-Z0-9]+)+$/.test(r.id) && r.scannerIds.length > 0 && r.scannerIds.every((s) => /^(CKV2?_AWS_\d+|AVD-AWS-\d{4})$/.test(s)) && r.types.length > 0 && r.fix.length > 0 }).toEqual({ id: r.id, ok: true });
    }
  });

  test('docs/security.md lists every rule with its scanner ids', () => {
    const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');
    expect(SECURITY_RULES.filter((r) => !docs.includes(`| \`${r.id}\` | ${r.scannerIds.join(', ')} |`)).map((r) => r.id)).toEqual([]);
  });

  test('a rule folds only into rules of the pack', () => {
    const ids = new Set(SECURITY_RULES.map((r) => r.id));
    expect(SECURITY_RULES.flatMap((r) => (r.foldsInto ?? []).filter((id) => !ids.has(id)))).toEqual([]);
  });
});
