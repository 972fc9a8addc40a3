// The default preset against the EKS, EC2, VPC, IAM, KMS, EFS and CloudWatch Logs rules of the
// common Terraform scanners (checkov and trivy IDs in the test names), on the synthesized JSON.
import { presetAsIs, resources } from '../helpers/synth';

const { json } = presetAsIs('default');
const all = (type: string) => Object.values(resources(json, type));
const documents = Object.values(json.data?.aws_iam_policy_document ?? {}) as { statement: any[] }[];

describe('default preset security baseline', () => {
  const cluster = all('aws_eks_cluster')[0];

  test('EKS API endpoint private only (CKV_AWS_39, CKV_AWS_38, AVD-AWS-0040, AVD-AWS-0041)', () => {
    expect(cluster.vpc_config.endpoint_public_access).toBe(false);
    expect(cluster.vpc_config.endpoint_private_access).toBe(true);
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
  });

  test('all five control plane log types (CKV_AWS_37, AVD-AWS-0038)', () => {
    expect([...cluster.enabled_cluster_log_types].sort()).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
  });

  test('secrets encrypted with a customer managed key with rotation (CKV_AWS_58, AVD-AWS-0039, CKV_AWS_7, AVD-AWS-0065)', () => {
    expect(cluster.encryption_config.resources).toEqual(['secrets']);
    expect(cluster.encryption_config.provider.key_arn).toMatch(/^\$\{aws_kms_key\./);
    for (const key of all('aws_kms_key')) {
      expect(key.enable_key_rotation).toBe(true);
      expect(key.policy).toBeDefined(); // CKV2_AWS_64
      expect(key.is_enabled ?? true).toBe(true); // CKV_AWS_227
    }
  });

  test('every log group encrypted with KMS and kept at least a year (CKV_AWS_158, AVD-AWS-0017, CKV_AWS_338, CKV_AWS_66)', () => {
    const groups = all('aws_cloudwatch_log_group');
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const g of groups) {
      expect(g.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
      expect(g.retention_in_days).toBeGreaterThanOrEqual(365);
    }
  });

  test('VPC flow logs on every VPC (CKV2_AWS_11, AVD-AWS-0178)', () => {
    const vpcs = Object.keys(resources(json, 'aws_vpc'));
    const logged = all('aws_flow_log').map((f) => f.vpc_id);
    expect(logged).toEqual(vpcs.map((name) => '${aws_vpc.' + name + '.id}'));
  });

  test('the default security group of every VPC is managed with no rules (CKV2_AWS_12)', () => {
    const defaults = all('aws_default_security_group');
    expect(defaults).toHaveLength(Object.keys(resources(json, 'aws_vpc')).length);
    for (const sg of defaults) {
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    }
  });

  test('no subnet gives public IPs on launch (CKV_AWS_130, AVD-AWS-0164)', () => {
    for (const s of all('aws_subnet')) expect(s.map_public_ip_on_launch ?? false).toBe(false);
  });

  test('Elastic IPs in the VPC domain', () => {
    for (const eip of all('aws_eip')) expect(eip.domain).toBe('vpc');
  });

  test('no ingress from the world at all, so none to SSH or all ports (CKV_AWS_24, CKV_AWS_277, AVD-AWS-0107)', () => {
    const world = (cidr?: string) => cidr === '0.0.0.0/0' || cidr === '::/0';
    for (const rule of all('aws_vpc_security_group_ingress_rule')) {
      expect({ rule: rule.description, fromWorld: world(rule.cidr_ipv4) || world(rule.cidr_ipv6) }).toEqual({ rule: rule.description, fromWorld: false });
    }
    for (const sg of all('aws_security_group')) expect(sg.ingress ?? []).toEqual([]);
  });

  test('no wildcard principal in any trust or key policy (CKV_AWS_60, CKV_AWS_33)', () => {
    for (const doc of documents) {
      for (const s of doc.statement) {
        for (const p of s.principals ?? []) expect(p.identifiers).not.toContain('*');
      }
    }
  });

  test('IMDSv2 required with hop limit 1 and encrypted volumes on every launch template and instance (CKV_AWS_79, CKV_AWS_341, AVD-AWS-0130, CKV_AWS_8, AVD-AWS-0131)', () => {
    const templates = all('aws_launch_template');
    expect(templates.length).toBeGreaterThanOrEqual(1);
    for (const lt of templates) {
      expect(lt.metadata_options).toMatchObject({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
      for (const device of lt.block_device_mappings ?? []) expect(device.ebs.encrypted).toBe('true');
    }
    for (const instance of all('aws_instance')) {
      expect(instance.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
      expect(instance.root_block_device.encrypted).toBe(true);
    }
    // Every node group runs from one of these templates, not from EKS's own (IMDSv1 allowed, hop limit 2).
    for (const ng of all('aws_eks_node_group')) expect(ng.launch_template).toBeDefined();
  });

  test('no public IP on any instance (CKV_AWS_88)', () => {
    for (const instance of all('aws_instance')) expect(instance.associate_public_ip_address ?? false).toBe(false);
    for (const lt of all('aws_launch_template')) {
      for (const ni of lt.network_interfaces ?? []) expect(ni.associate_public_ip_address).not.toBe('true');
    }
  });

  test('workloads and add-ons get roles of their own through Pod Identity, not the node role', () => {
    expect(all('aws_eks_addon').map((a) => a.addon_name)).toContain('eks-pod-identity-agent');
    expect(json.resource!.aws_iam_openid_connect_provider).toBeUndefined();
  });

  test('no AdministratorAccess anywhere (CKV_AWS_274)', () => {
    for (const a of all('aws_iam_role_policy_attachment')) expect(a.policy_arn).not.toMatch(/AdministratorAccess$/);
  });
});
