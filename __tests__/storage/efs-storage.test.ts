import { EfsStorage, EfsStorageProps } from '../../src/storage/efs-storage';
import { emptyStack, onlyResource, ref, resources, synthJson, validationLines } from '../helpers/synth';

function efs(props: Partial<EfsStorageProps> = {}) {
  const stack = emptyStack();
  new EfsStorage(stack, 'efs', { clusterName: 'demo', vpcId: 'vpc-1', subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'], clientSecurityGroupIds: ['sg-nodes'], ...props });
  return synthJson(stack);
}

describe('EfsStorage defaults', () => {
  const json = efs();

  test('encrypted, general purpose, elastic throughput, named after the cluster', () => {
    expect(onlyResource(json, 'aws_efs_file_system')).toMatchObject({
      creation_token: 'demo-efs',
      encrypted: true,
      performance_mode: 'generalPurpose',
      throughput_mode: 'elastic',
      tags: { Name: 'demo-efs' },
    });
    expect(onlyResource(json, 'aws_efs_file_system').kms_key_id).toBeUndefined();
  });

  test('a mount target in every subnet, behind the file system security group', () => {
    const targets = Object.values(resources(json, 'aws_efs_mount_target'));
    expect(targets.map((t) => t.subnet_id)).toEqual(['subnet-a', 'subnet-b', 'subnet-c']);
    for (const t of targets) {
      expect(t.file_system_id).toBe(ref('aws_efs_file_system.efs_file_system.id'));
      expect(t.security_groups).toEqual([ref('aws_security_group.efs_security_group.id')]);
    }
  });

  test('NFS 2049 only from the nodes\' security group, nothing from the internet', () => {
    expect(onlyResource(json, 'aws_vpc_security_group_ingress_rule')).toMatchObject({
      security_group_id: ref('aws_security_group.efs_security_group.id'),
      referenced_security_group_id: 'sg-nodes',
      ip_protocol: 'tcp',
      from_port: 2049,
      to_port: 2049,
    });
    expect(onlyResource(json, 'aws_security_group').ingress).toBeUndefined();
  });

  test('daily backups kept 35 days (EFS automatic backups), as an AWS Backup plan that names the file system', () => {
    expect(resources(json, 'aws_efs_backup_policy')).toEqual({});
    const plan = onlyResource(json, 'aws_backup_plan');
    expect(plan.rule).toEqual([{ rule_name: 'daily', schedule: 'cron(0 5 ? * * *)', target_vault_name: ref('aws_backup_vault.efs_backup_vault.name'), lifecycle: { delete_after: 35 } }]);
    expect(onlyResource(json, 'aws_backup_selection')).toMatchObject({ plan_id: ref('aws_backup_plan.efs_backup_plan.id'), iam_role_arn: ref('aws_iam_role.efs_backup_role.arn'), resources: [ref('aws_efs_file_system.efs_file_system.arn')] });
    expect(Object.values(resources(json, 'aws_iam_role_policy_attachment')).map((a: any) => a.policy_arn.split('/').pop()).sort()).toEqual(['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']);
  });
});

describe('EfsStorage options', () => {
  test('customer key, bursting throughput (book), lifecycle, no backup', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/abc';
    const json = efs({ kmsKeyArn: key, throughputMode: 'bursting', transitionToInfrequentAccess: 'AFTER_30_DAYS', backup: false });
    expect(onlyResource(json, 'aws_efs_file_system')).toMatchObject({ kms_key_id: key, throughput_mode: 'bursting', lifecycle_policy: [{ transition_to_ia: 'AFTER_30_DAYS' }] });
    expect(resources(json, 'aws_efs_backup_policy')).toEqual({});
  });

  test.each<[string, Partial<EfsStorageProps>, string]>([
    ['no subnet', { subnetIds: [] }, `'subnetIds' ([]) must list at least one subnet for a mount target`],
    ['no client security group', { clientSecurityGroupIds: [] }, `'clientSecurityGroupIds' ([]) must list the security group of the nodes`],
    ['an unknown throughput mode', { throughputMode: 'provisioned' as never }, `'throughputMode' ("provisioned") must be one of "elastic", "bursting"`],
    ['a KMS alias instead of an ARN', { kmsKeyArn: 'alias/efs' }, `'kmsKeyArn' ("alias/efs") must be a KMS key ARN`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => efs(props)).join('\n')).toContain(expected);
  });
});
