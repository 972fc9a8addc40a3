// The `storage` section: EFS and the NFS server in the AWS stack, StorageClasses and the NFS CSI
// driver in the Kubernetes stack, and the rules tying them to the CSI add-ons (book chapter 16).
import { ref, synthApp, synthPreset, validationLines } from '../helpers/synth';

const AGENT = { 'eks-pod-identity-agent': {} };
const EBS_ADDON = { ...AGENT, 'aws-ebs-csi-driver': {} };
const EFS_ADDON = { ...AGENT, 'aws-efs-csi-driver': {} };
const GP3 = { gp3: { provisioner: 'ebs.csi.aws.com', default: true } };
const EFS_SC = { 'efs-sc': { provisioner: 'efs.csi.aws.com' } };
const NFS_SC = { 'nfs-csi': { provisioner: 'nfs.csi.k8s.io' } };
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CLUSTER_KEY = ref('aws_kms_key.control_plane_cluster_key_key.arn');
const CLUSTER_SG = ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id');
const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';

describe('storage.efs', () => {
  const { json } = synthPreset('default', { storage: { efs: {} } });
  const fs = json.resource!.aws_efs_file_system.efs_file_system;

  test('encrypted with the cluster\'s KMS key, elastic throughput, daily backups', () => {
    expect(fs).toMatchObject({ encrypted: true, kms_key_id: CLUSTER_KEY, throughput_mode: 'elastic', creation_token: 'eks-default-efs' });
    expect(json.resource!.aws_backup_selection.efs_backup_selection.resources).toEqual([ref('aws_efs_file_system.efs_file_system.arn')]);
    expect(json.resource!.aws_backup_vault.efs_backup_vault.kms_key_arn).toBe(CLUSTER_KEY);
  });

  test('a mount target in every private subnet, NFS admitted from the nodes\' security group only', () => {
    expect(Object.values(json.resource!.aws_efs_mount_target).map((t: any) => t.subnet_id)).toEqual([
      ref('aws_subnet.network_private_subnet_1.id'),
      ref('aws_subnet.network_private_subnet_2.id'),
    ]);
    expect(json.resource!.aws_vpc_security_group_ingress_rule.efs_nfs_from_clients_1).toMatchObject({ referenced_security_group_id: CLUSTER_SG, from_port: 2049, to_port: 2049 });
    expect(Object.keys(json.resource!.aws_vpc_security_group_ingress_rule)).toEqual(['efs_nfs_from_clients_1']);
  });

  test('the file system ID is an output (the book reads it from terraform.tfstate)', () => {
    expect(json.output!.efs_file_system_id.value).toBe(ref('aws_efs_file_system.efs_file_system.id'));
  });

  test('clients are the node security group when the cluster has one', () => {
    const nodes = synthPreset('default', { controlPlane: { nodeSecurityGroup: true }, storage: { efs: {} } }).json;
    expect(nodes.resource!.aws_vpc_security_group_ingress_rule.efs_nfs_from_clients_1.referenced_security_group_id).toBe(ref('aws_security_group.control_plane_security_groups_nodes.id'));
  });

  test.each([
    ['a key of your own', KEY, KEY],
    ['the AWS managed key', 'alias/aws/elasticfilesystem', undefined],
  ])('kmsKeyId: %s', (_case, kmsKeyId, expected) => {
    expect(synthPreset('default', { storage: { efs: { kmsKeyId } } }).json.resource!.aws_efs_file_system.efs_file_system.kms_key_id).toBe(expected);
  });

  test('a cluster without a key of its own: the AWS managed key', () => {
    const json = synthPreset('default', { controlPlane: { encryptSecrets: false, enabledClusterLogTypes: [] }, network: { flowLogs: { enabled: false } }, storage: { efs: {} } }).json;
    expect(json.resource!.aws_efs_file_system.efs_file_system.kms_key_id).toBeUndefined();
  });
});

describe('storage.nfsServer', () => {
  const { json } = synthPreset('default', { storage: { nfsServer: {} } });
  const instance = json.resource!.aws_instance.nfs_server_host_instance;

  test('a host of the bastion module in the first private subnet, named after the cluster, no public IP', () => {
    expect(instance).toMatchObject({ subnet_id: ref('aws_subnet.network_private_subnet_1.id'), associate_public_ip_address: false, instance_type: 't3.small', tags: { Name: 'eks-default-nfs' } });
  });

  test('exports to the private subnets, admits NFS from the nodes; address and instance are outputs', () => {
    expect(instance.user_data).toContain(`echo '/mnt/nfs_share 10.0.0.0/19(rw,sync,no_subtree_check,root_squash) 10.0.32.0/19(rw,sync,no_subtree_check,root_squash)'`);
    expect(json.resource!.aws_vpc_security_group_ingress_rule.nfs_server_nfs_from_nodes_1).toMatchObject({ referenced_security_group_id: CLUSTER_SG, from_port: 2049 });
    expect(json.output!.nfs_server_private_ip.value).toBe(ref('aws_instance.nfs_server_host_instance.private_ip'));
    expect(json.output!.nfs_server_instance_id.value).toBe(ref('aws_instance.nfs_server_host_instance.id'));
  });

  test('nodes in public subnets (chapter 14-pub): the export follows them', () => {
    const pub = synthPreset('chapter14-pub', { storage: { nfsServer: {} } }).json;
    expect(pub.resource!.aws_instance.nfs_server_host_instance.user_data).toContain(`echo '/mnt/nfs_share 10.0.5.0/24(rw,sync,no_subtree_check,root_squash) 10.0.6.0/24(rw,sync,no_subtree_check,root_squash)'`);
  });
});

describe('EBS volumes with a customer managed key: the EBS CSI role gets KMS grants', () => {
  const inline = (json: any) => json.data?.aws_iam_policy_document?.addon_aws_ebs_csi_driver_service_account_inline_policy_document;

  test('the cluster key by default: CreateGrant for AWS resources, and the key operations', () => {
    const { json } = synthPreset('default', { addons: EBS_ADDON, storage: { classes: GP3 } });
    expect(inline(json).statement).toEqual([
      {
        sid: 'EbsVolumeKeyGrants',
        effect: 'Allow',
        actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        resources: [CLUSTER_KEY],
        condition: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
      },
      { sid: 'EbsVolumeKeyUse', effect: 'Allow', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], resources: [CLUSTER_KEY] },
    ]);
    expect(json.resource!.aws_iam_role_policy.addon_aws_ebs_csi_driver_service_account_inline_policy.role).toBe(ref('aws_iam_role.addon_aws_ebs_csi_driver_service_account_role.name'));
  });

  test('every key of the classes, once each', () => {
    const classes = { ...GP3, io2: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'io2', kmsKeyId: KEY } }, gp3b: { provisioner: 'ebs.csi.aws.com' } };
    expect(inline(synthPreset('default', { addons: EBS_ADDON, storage: { classes } }).json).statement[1].resources).toEqual([CLUSTER_KEY, KEY]);
  });

  test('no grant with the AWS managed key, nor without EBS classes', () => {
    expect(inline(synthPreset('default', { addons: EBS_ADDON, storage: { classes: { gp3: { provisioner: 'ebs.csi.aws.com', parameters: { kmsKeyId: 'alias/aws/ebs' } } } } }).json)).toBeUndefined();
    expect(inline(synthPreset('default', { addons: EBS_ADDON }).json)).toBeUndefined();
  });

  test('a role of your own is warned about: it needs the grants too', () => {
    const { warnings } = synthPreset('default', { addons: { 'aws-ebs-csi-driver': { serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/ebs' } }, storage: { classes: GP3 } });
    expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining('allow your role kms:CreateGrant')]));
  });
});

describe('the Kubernetes stack', () => {
  test('appears with storage classes or the NFS CSI driver, not with AWS-side storage only', () => {
    expect(Object.keys(synthApp('default', { storage: { efs: {}, nfsServer: {} } }).stacks)).toEqual(['aws']);
    expect(Object.keys(synthApp('default', { addons: EBS_ADDON, storage: { classes: GP3 } }).stacks)).toEqual(['aws', 'kubernetes']);
    expect(Object.keys(synthApp('default', { storage: { nfsCsiDriver: {} } }).stacks)).toEqual(['aws', 'kubernetes']);
  });

  const { stacks } = synthApp('default', {
    addons: { ...EBS_ADDON, ...EFS_ADDON },
    storage: { efs: {}, nfsServer: {}, nfsCsiDriver: {}, classes: { ...GP3, ...EFS_SC, ...NFS_SC } },
  });
  const classes = stacks.kubernetes.resource!.kubernetes_storage_class_v1;

  test('gp3: the cluster default, encrypted with the cluster key read from the AWS stack\'s state', () => {
    expect(classes.storage_class_gp3_class).toMatchObject({
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storage_provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: remote('cross_stack_output_aws_kms_key_control_plane_cluster_key_key_arn') },
      volume_binding_mode: 'WaitForFirstConsumer',
    });
    expect(stacks.aws.output!.cross_stack_output_aws_kms_key_control_plane_cluster_key_key_arn.value).toBe(CLUSTER_KEY);
  });

  test('EFS: the file system of the AWS stack, through remote state (the book hard-codes fs-096a2882b320d92a5)', () => {
    expect(classes.storage_class_efs_sc_class).toMatchObject({
      storage_provisioner: 'efs.csi.aws.com',
      parameters: { provisioningMode: 'efs-ap', directoryPerms: '700', fileSystemId: remote('cross_stack_output_aws_efs_file_system_efs_file_system_id') },
    });
    expect(classes.storage_class_efs_sc_class.metadata.annotations).toBeUndefined();
  });

  test('NFS: the server\'s private address and export from the AWS stack; the driver from its pinned chart', () => {
    expect(classes.storage_class_nfs_csi_class).toMatchObject({
      storage_provisioner: 'nfs.csi.k8s.io',
      parameters: { server: remote('cross_stack_output_aws_instance_nfs_server_host_instance_private_ip'), share: '/mnt/nfs_share', mountPermissions: '0777' },
      mount_options: ['nfsvers=4.1'],
    });
    expect(stacks.kubernetes.resource!.helm_release.nfs_csi_driver_release).toMatchObject({ chart: 'csi-driver-nfs', version: '4.13.4', provider: 'helm' });
    expect(Object.keys(stacks.kubernetes.terraform!.required_providers).sort()).toEqual(['helm', 'kubernetes']);
  });

  test('explicit parameters win: an existing file system, your own NFS server', () => {
    const { stacks: s } = synthApp('default', {
      addons: EFS_ADDON,
      storage: {
        nfsCsiDriver: {},
        classes: { shared: { provisioner: 'efs.csi.aws.com', parameters: { fileSystemId: 'fs-0123456789abcdef0' } }, nas: { provisioner: 'nfs.csi.k8s.io', parameters: { server: 'nas.example.internal', share: '/exports/k8s/' } } },
      },
    });
    const c = s.kubernetes.resource!.kubernetes_storage_class_v1;
    expect(c.storage_class_shared_class.parameters.fileSystemId).toBe('fs-0123456789abcdef0');
    expect(c.storage_class_nas_class.parameters).toEqual({ server: 'nas.example.internal', share: '/exports/k8s/' });
    expect(s.aws.resource!.aws_efs_file_system).toBeUndefined();
  });
});

describe('bad storage input', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['an EBS class without the EBS CSI add-on', { storage: { classes: GP3 } }, `'storage.classes.gp3.provisioner' ("ebs.csi.aws.com") needs the EBS CSI driver: add 'addons.aws-ebs-csi-driver', or remove the class`],
    ['an EFS class without the EFS CSI add-on', { storage: { efs: {}, classes: EFS_SC } }, `'storage.classes.efs-sc.provisioner' ("efs.csi.aws.com") needs the EFS CSI driver: add 'addons.aws-efs-csi-driver'`],
    ['an NFS class without the NFS CSI driver', { storage: { nfsServer: {}, classes: NFS_SC } }, `'storage.classes.nfs-csi.provisioner' ("nfs.csi.k8s.io") needs the NFS CSI driver (its pinned Helm chart): add 'storage.nfsCsiDriver'`],
    ['an EFS class without a file system', { addons: EFS_ADDON, storage: { classes: EFS_SC } }, `'storage.classes.efs-sc.parameters.fileSystemId' is required without 'storage.efs': add 'storage.efs' for a file system of this stack, or name an existing one`],
    ['an NFS class without a server', { storage: { nfsCsiDriver: {}, classes: NFS_SC } }, `'storage.classes.nfs-csi.parameters.server' is required without 'storage.nfsServer'`],
    ['a share the server does not export', { storage: { nfsServer: {}, nfsCsiDriver: {}, classes: { 'nfs-csi': { provisioner: 'nfs.csi.k8s.io', parameters: { share: '/srv' } } } } }, `'storage.classes.nfs-csi.parameters.share' ("/srv") is not exported by the NFS server of 'storage.nfsServer': use its export "/mnt/nfs_share"`],
    ['two default classes', { addons: EBS_ADDON, storage: { classes: { ...GP3, io2: { provisioner: 'ebs.csi.aws.com', default: true, parameters: { type: 'io2' } } } } }, `'storage.classes.io2.default' (true) cannot be set on more than one class: 'storage.classes.gp3.default' is true too`],
    ['an NFS server open to the world', { storage: { nfsServer: { clientCidrs: ['0.0.0.0/0'] } } }, `'storage.nfsServer.clientCidrs.0' ("0.0.0.0/0") opens NFS to the whole internet: NFS trusts the client's word for user IDs`],
    ['an NFS client block on the internet', { storage: { nfsServer: { clientCidrs: ['203.0.113.0/24'] } } }, `'storage.nfsServer.clientCidrs.0' ("203.0.113.0/24") is not a private (RFC 1918 or RFC 6598) block`],
    ['a public IP on the NFS server', { storage: { nfsServer: { associatePublicIpAddress: true } } }, `'storage.nfsServer.associatePublicIpAddress' is not a known setting; allowed here: name, instanceType, ami, exportPath, clientCidrs, rootVolumeSizeGiB, egressCidrBlocks, detailedMonitoring, tags`],
    ['SSH on the NFS server', { storage: { nfsServer: { ports: [22] } } }, `'storage.nfsServer.ports' is not a known setting`],
    ['an EFS key that is not an ARN', { storage: { efs: { kmsKeyId: 'alias/efs' } } }, `'storage.efs.kmsKeyId' ("alias/efs") must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or "alias/aws/elasticfilesystem"`],
    ['an EBS key that is not an ARN', { addons: EBS_ADDON, storage: { classes: { gp3: { provisioner: 'ebs.csi.aws.com', parameters: { kmsKeyId: '1234abcd' } } } } }, `'storage.classes.gp3.parameters.kmsKeyId' ("1234abcd") must be a KMS key ARN`],
    ['an unknown class parameter', { addons: EBS_ADDON, storage: { classes: { gp3: { provisioner: 'ebs.csi.aws.com', parameters: { iopsPerGb: '10' } } } } }, `'storage.classes.gp3.parameters.iopsPerGb' is not a known setting; allowed here: type, csi.storage.k8s.io/fstype, iops, iopsPerGB`],
    ['the in-tree provisioner', { storage: { classes: { gp2: { provisioner: 'kubernetes.io/aws-ebs' } } } }, `'storage.classes.gp2.provisioner' ("kubernetes.io/aws-ebs") must be one of "ebs.csi.aws.com", "efs.csi.aws.com", "nfs.csi.k8s.io"`],
    ['throughput on gp2', { addons: EBS_ADDON, storage: { classes: { gp2: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp2', throughput: 250 } } } } }, `'storage.classes.gp2.parameters.throughput' (250) applies only to 'type' "gp3", not "gp2"`],
    ['a class name with capitals', { storage: { classes: { GP3: { provisioner: 'ebs.csi.aws.com' } } } }, `storage class names must be lower-case letters, digits, "-" and "."`],
    ['an EFS throughput mode EFS does not have', { storage: { efs: { throughputMode: 'provisioned' } } }, `'storage.efs.throughputMode' ("provisioned") must be one of "elastic", "bursting"`],
    ['an NFS CSI chart version that is no version', { storage: { nfsCsiDriver: { version: 'latest' } } }, `'storage.nfsCsiDriver.version' ("latest") must be a chart version such as "4.13.4"`],
  ])('throws on %s', (_case, settings, expected) => {
    expect(validationLines(() => synthApp('default', settings)).join('\n')).toContain(expected);
  });

  test('all problems at once, before anything is built', () => {
    const lines = validationLines(() => synthPreset('default', { storage: { nfsServer: { clientCidrs: ['0.0.0.0/0'] }, classes: { ...GP3, ...EFS_SC } } }));
    expect(lines).toHaveLength(4);
  });
});
