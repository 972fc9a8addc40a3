// Planned values of storage (book chapter 16): the NFS server of chapter16, the EFS file system,
// its mount targets and security group, and the CSI add-ons with their IRSA roles of
// chapter16-ebs-efs. The StorageClasses live in the Kubernetes stack, whose providers the offline
// mirror does not hold: __tests__/presets/chapter16.test.ts asserts its JSON.
import type { PlanChecks } from './plan-checks';

/** Planned values of a data source Terraform reads at apply (`data.aws_iam_policy_document.x`): what it already knows. */
function deferredData(checks: PlanChecks, preset: string, address: string): Record<string, any> {
  const full = `module.${checks.module(preset)}.${address}`;
  const change = (checks.plan(preset).raw.resource_changes ?? []).find((c: any) => c.address === full);
  if (!change) throw new Error(`${address} is not in the plan of ${preset}`);
  return change.change.after;
}

/** Ingress rules of a preset as "protocol port source" lines, the source a CIDR or "sg". */
function ingress(checks: PlanChecks, preset: string, prefix = ''): string[] {
  return [...checks.ofType(preset, 'aws_vpc_security_group_ingress_rule')]
    .filter(([address]) => address.startsWith(`aws_vpc_security_group_ingress_rule.${prefix}`))
    .map(([, r]) => `${r.ip_protocol} ${r.from_port} ${r.cidr_ipv4 ?? 'sg'}`)
    .sort();
}

export function register(checks: PlanChecks): void {
  test('chapter16: the NFS server, t3.small in a private subnet, no public IP, IMDSv2, encrypted disk, user data replacing the host', () => {
    expect(checks.values('chapter16', 'aws_instance.nfs_server_host_instance')).toMatchObject({
      instance_type: 't3.small',
      associate_public_ip_address: false,
      user_data_replace_on_change: true,
      metadata_options: [expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 1 })],
      root_block_device: [expect.objectContaining({ encrypted: true, volume_type: 'gp3', volume_size: 20 })],
      tags: { Name: 'public-endpoint-cluster-nfs' },
    });
    expect(checks.ofType('chapter16', 'aws_key_pair').size).toBe(0);
  });

  test('chapter16: NFS 2049 from the nodes\' group only; no 111, 22 or 2049 from any block, nothing from 0.0.0.0/0', () => {
    expect(ingress(checks, 'chapter16', 'nfs_server_')).toEqual(['tcp 2049 sg']);
    expect(ingress(checks, 'chapter16')).toEqual(['tcp 2049 sg', 'tcp 443 10.0.0.0/16']);
  });

  test('chapter16-ebs-efs: encrypted EFS, general purpose, bursting (book), daily backups', () => {
    expect(checks.values('chapter16-ebs-efs', 'aws_efs_file_system.efs_file_system')).toMatchObject({
      encrypted: true,
      performance_mode: 'generalPurpose',
      throughput_mode: 'bursting',
      creation_token: 'public-endpoint-cluster-efs',
    });
    expect(checks.values('chapter16-ebs-efs', 'aws_backup_plan.efs_backup_plan').rule).toMatchObject([{ rule_name: 'daily', schedule: 'cron(0 5 ? * * *)', target_vault_name: 'public-endpoint-cluster-efs', lifecycle: [{ delete_after: 35 }] }]);
    expect(checks.values('chapter16-ebs-efs', 'aws_backup_selection.efs_backup_selection').name).toBe('public-endpoint-cluster-efs');
  });

  test('chapter16-ebs-efs: a mount target in each of the two private subnets (book: one), NFS from the nodes\' group only', () => {
    expect([...checks.ofType('chapter16-ebs-efs', 'aws_efs_mount_target').keys()].sort()).toEqual(['aws_efs_mount_target.efs_mount_target_1', 'aws_efs_mount_target.efs_mount_target_2']);
    expect(checks.values('chapter16-ebs-efs', 'aws_vpc_security_group_ingress_rule.efs_nfs_from_clients_1')).toMatchObject({ ip_protocol: 'tcp', from_port: 2049, to_port: 2049, cidr_ipv4: null });
    expect(ingress(checks, 'chapter16-ebs-efs')).toEqual(['tcp 2049 sg']);
  });

  test.each([
    ['aws-ebs-csi-driver', 'StringEquals system:serviceaccount:kube-system:ebs-csi-controller-sa', 'AmazonEBSCSIDriverPolicy', 'ebs-csi'],
    ['aws-efs-csi-driver', 'StringLike system:serviceaccount:kube-system:efs-csi-*', 'AmazonEFSCSIDriverPolicy', 'efs-csi'],
  ])('chapter16-ebs-efs: %s with a role of its own, IRSA trust %s only, %s attached, the book\'s tags', (addon, subject, policy, tag) => {
    const id = addon.replace(/-/g, '_');
    expect(checks.values('chapter16-ebs-efs', `aws_eks_addon.addon_${id}_addon`)).toMatchObject({
      addon_name: addon,
      cluster_name: 'public-endpoint-cluster',
      resolve_conflicts_on_create: 'OVERWRITE',
      pod_identity_association: [],
      tags: { eks_addon: tag, terraform: 'true' },
    });
    expect(checks.values('chapter16-ebs-efs', `aws_iam_role.addon_${id}_service_account_role`).name).toBe(`public-endpoint-cluster-${addon}`);
    expect(checks.values('chapter16-ebs-efs', `aws_iam_role_policy_attachment.addon_${id}_service_account_policy_service_role_${policy}`).policy_arn).toBe(
      `arn:aws:iam::aws:policy/service-role/${policy}`,
    );
    // The issuer is only known once the cluster exists; what Terraform knows of the trust at plan time.
    const [statement, ...others] = deferredData(checks, 'chapter16-ebs-efs', `data.aws_iam_policy_document.addon_${id}_service_account_trust`).statement;
    expect(others).toEqual([]);
    expect(statement).toMatchObject({ effect: 'Allow', actions: ['sts:AssumeRoleWithWebIdentity'], principals: [{ type: 'Federated' }] });
    expect(statement.condition.map((c: any) => `${c.test} ${c.values.join(',')}`).sort()).toEqual(['StringEquals sts.amazonaws.com', subject].sort());
  });

  test('chapter16-ebs-efs: the EBS CSI role may grant the cluster key to EBS, and use it', () => {
    expect(checks.values('chapter16-ebs-efs', 'aws_iam_role_policy.addon_aws_ebs_csi_driver_service_account_inline_policy').role).toBe('public-endpoint-cluster-aws-ebs-csi-driver');
    const statements = deferredData(checks, 'chapter16-ebs-efs', 'data.aws_iam_policy_document.addon_aws_ebs_csi_driver_service_account_inline_policy_document').statement;
    // Actions are a set in the provider: compared sorted.
    expect(statements.map((s: any) => [s.sid, [...s.actions].sort()])).toEqual([
      ['EbsVolumeKeyGrants', ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant']],
      ['EbsVolumeKeyUse', ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']],
    ]);
    expect(statements[0].condition).toEqual([{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }]);
  });

  test('chapter16-ebs-efs: spot nodes of two types on on-spot-tp, IRSA through the cluster\'s OIDC provider', () => {
    expect(checks.values('chapter16-ebs-efs', 'aws_eks_node_group.node_group_private_node_group_group')).toMatchObject({ capacity_type: 'SPOT', instance_types: ['t3.small', 't3a.small'] });
    expect(checks.values('chapter16-ebs-efs', 'aws_launch_template.node_group_private_node_group_launch_template').name).toBe('on-spot-tp');
    expect(checks.values('chapter16-ebs-efs', 'aws_iam_openid_connect_provider.oidc_provider_provider').client_id_list).toEqual(['sts.amazonaws.com']);
  });
}
