// Book chapter 16: each preset reproduces its chapter folder (book-map chapter16, chapter16-ebs-efs)
// with the book's defects fixed; the Kubernetes stack's JSON is asserted here (its providers are not
// in the offline mirror), the AWS stack is also planned by Terraform (checks/storage.plan.ts).
import { findPreset } from '../../src/presets';
import { ref, resources, synthApp } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
const rulesOf = (json: any, type: string) => Object.values(resources(json, type)).map((r: any) => `${r.ip_protocol}/${r.from_port}/${r.cidr_ipv4 ?? 'sg'}`).sort();

test('both presets are registered with their chapter folder', () => {
  expect(findPreset('chapter16')?.chapter).toBe('chapter16');
  expect(findPreset('chapter16-ebs-efs')?.chapter).toBe('chapter16-ebs-efs');
});

describe('chapter16: ENI subnets, public endpoint, NFS server and NFS CSI driver', () => {
  const { stacks, warnings } = synthApp('chapter16');
  const aws = stacks.aws;
  const r = (type: string) => resources(aws, type);

  test('public-endpoint-cluster 1.35 with its ENIs in the /28 subnets, public endpoint (warned)', () => {
    expect(r('aws_eks_cluster').control_plane_cluster).toMatchObject({
      name: 'public-endpoint-cluster',
      version: '1.35',
      vpc_config: { endpoint_public_access: true, endpoint_private_access: false, subnet_ids: [ref('aws_subnet.network_eni_subnet_1.id'), ref('aws_subnet.network_eni_subnet_2.id')] },
    });
    expect(r('aws_subnet').network_eni_subnet_1.cidr_block).toBe('10.0.1.0/28');
    expect(warnings.aws).toEqual([expect.stringContaining('public to the whole internet (0.0.0.0/0)')]);
  });

  test('private-node-group: ON_DEMAND t3.small, 1 to 3 nodes', () => {
    expect(r('aws_eks_node_group').node_group_private_node_group_group).toMatchObject({
      node_group_name: 'private-node-group',
      capacity_type: 'ON_DEMAND',
      instance_types: ['t3.small'],
      scaling_config: { desired_size: 1, max_size: 3, min_size: 1 },
    });
  });

  test('cluster security group: HTTPS in from the VPC and out; none of the book\'s 111/22/2049 rules', () => {
    const own = (type: string) => rulesOf({ resource: { [type]: Object.fromEntries(Object.entries(r(type)).filter(([n]) => n.startsWith('control_plane_'))) } }, type);
    expect(own('aws_vpc_security_group_ingress_rule')).toEqual(['tcp/443/10.0.0.0/16']);
    expect(own('aws_vpc_security_group_egress_rule')).toEqual(['tcp/443/0.0.0.0/0']);
  });

  test('the NFS server: t3.small in a private subnet, no public IP, no key, NFSv4 from the nodes only', () => {
    expect(r('aws_instance').nfs_server_host_instance).toMatchObject({
      instance_type: 't3.small',
      subnet_id: ref('aws_subnet.network_private_subnet_1.id'),
      associate_public_ip_address: false,
      root_block_device: { encrypted: true },
    });
    expect(r('aws_key_pair')).toEqual({});
    expect(r('aws_vpc_security_group_ingress_rule').nfs_server_nfs_from_nodes_1).toMatchObject({
      from_port: 2049,
      referenced_security_group_id: ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id'),
    });
    for (const rule of Object.values(r('aws_vpc_security_group_ingress_rule'))) expect(rule.cidr_ipv4).not.toBe('0.0.0.0/0');
    expect(r('aws_instance').nfs_server_host_instance.user_data).toContain(`echo '/mnt/nfs_share 10.0.3.0/24(rw,sync,no_subtree_check,root_squash) 10.0.4.0/24(rw,sync,no_subtree_check,root_squash)'`);
  });

  // Its user data installs nfs-utils once, at first boot: an instance launched before its
  // subnet's NAT route exists would never serve NFS, while the apply reports success.
  test('the NFS server boots after the private subnets\' NAT route and route table associations', () => {
    expect(r('aws_instance').nfs_server_host_instance.depends_on).toEqual(
      expect.arrayContaining(['aws_route.network_private_nat_route_1', 'aws_route_table_association.network_private_route_table_association_1', 'aws_route_table_association.network_private_route_table_association_2']),
    );
  });

  test('Kubernetes stack: the NFS CSI driver from its pinned chart and the book\'s nfs-csi class, server from the AWS stack', () => {
    const k8s = stacks.kubernetes;
    expect(k8s.resource!.helm_release.nfs_csi_driver_release).toMatchObject({ chart: 'csi-driver-nfs', namespace: 'kube-system', version: '4.13.4' });
    expect(k8s.resource!.kubernetes_storage_class_v1.storage_class_nfs_csi_class).toMatchObject({
      metadata: { name: 'nfs-csi' },
      storage_provisioner: 'nfs.csi.k8s.io',
      parameters: { server: remote('cross_stack_output_aws_instance_nfs_server_host_instance_private_ip'), share: '/mnt/nfs_share' },
      reclaim_policy: 'Delete',
      volume_binding_mode: 'Immediate',
    });
    expect(warnings.kubernetes).toEqual([]);
  });

  // The export squashes root on a share owned by nobody (0755): the driver's controller creates
  // each volume's folder as nobody, 0755 without mountPermissions (csi-driver-nfs v4.13.4
  // pkg/nfs/controllerserver.go), and the kubelet's fsGroup chown is refused there.
  test('Kubernetes stack: volumes non-root pods can write (mountPermissions 0777), and no fsGroup policy that would hang pods with an fsGroup', () => {
    const k8s = stacks.kubernetes;
    expect(k8s.resource!.kubernetes_storage_class_v1.storage_class_nfs_csi_class.parameters.mountPermissions).toBe('0777');
    expect(JSON.parse(k8s.resource!.helm_release.nfs_csi_driver_release.values[0]).feature).toEqual({ enableFSGroupPolicy: false });
  });
});

describe('chapter16-ebs-efs: EBS and EFS CSI with IRSA, EFS in every private subnet, gp3 and EFS classes', () => {
  const { stacks, warnings } = synthApp('chapter16-ebs-efs');
  const aws = stacks.aws;
  const r = (type: string) => resources(aws, type);
  const doc = (name: string) => aws.data!.aws_iam_policy_document[name];

  test('public-endpoint-cluster 1.35 (book: 1.30) in the private subnets, R3 rules, no 2049 from the world', () => {
    expect(r('aws_eks_cluster').control_plane_cluster).toMatchObject({
      version: '1.35',
      vpc_config: { subnet_ids: [ref('aws_subnet.network_private_subnet_1.id'), ref('aws_subnet.network_private_subnet_2.id')] },
    });
    expect(r('aws_subnet').network_eni_subnet_1).toBeUndefined();
    expect(rulesOf(aws, 'aws_vpc_security_group_egress_rule')).toEqual(['tcp/10250/10.0.0.0/16', 'tcp/443/0.0.0.0/0', 'tcp/53/10.0.0.0/16', 'udp/53/10.0.0.0/16']);
    expect(rulesOf(aws, 'aws_vpc_security_group_ingress_rule')).toEqual(['tcp/2049/sg']);
    expect(warnings.aws).toEqual([expect.stringContaining('public to the whole internet (0.0.0.0/0)')]);
  });

  test('the cluster role holds AmazonEKSClusterPolicy only (the book adds both CSI policies)', () => {
    const arns = Object.entries(r('aws_iam_role_policy_attachment')).filter(([n]) => n.startsWith('control_plane_')).map(([, a]: [string, any]) => a.policy_arn);
    expect(arns).toEqual([`arn:${ref('data.aws_partition.partition.partition')}:iam::aws:policy/AmazonEKSClusterPolicy`]);
  });

  test.each([
    ['aws-ebs-csi-driver', 'StringEquals', 'ebs-csi-controller-sa', 'service-role/AmazonEBSCSIDriverPolicy', 'ebs-csi'],
    ['aws-efs-csi-driver', 'StringLike', 'efs-csi-*', 'service-role/AmazonEFSCSIDriverPolicy', 'efs-csi'],
  ])('%s: a role of its own, trusted through IRSA (%s) for %s only, with %s; the book\'s tags', (addon, test, account, policy, tag) => {
    const id = addon.replace(/-/g, '_');
    expect(r('aws_eks_addon')[`addon_${id}_addon`]).toMatchObject({
      service_account_role_arn: ref(`aws_iam_role.addon_${id}_service_account_role.arn`),
      tags: { eks_addon: tag, terraform: 'true' },
    });
    expect(r('aws_eks_addon')[`addon_${id}_addon`].addon_version).toBeUndefined();
    const trust = doc(`addon_${id}_service_account_trust`).statement;
    expect(trust).toHaveLength(1);
    expect(trust[0].actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust[0].principals).toEqual([{ type: 'Federated', identifiers: [ref('aws_iam_openid_connect_provider.oidc_provider_provider.arn')] }]);
    expect(trust[0].condition.map((c: any) => [c.test, c.values])).toEqual([[test, [`system:serviceaccount:kube-system:${account}`]], ['StringEquals', ['sts.amazonaws.com']]]);
    const attached = Object.entries(r('aws_iam_role_policy_attachment')).filter(([n]) => n.startsWith(`addon_${id}_`)).map(([, a]: [string, any]) => a.policy_arn.split(':policy/')[1]);
    expect(attached).toEqual([policy]);
  });

  test('the EBS CSI role may use the cluster key for volumes; no role for the VPC CNI (book: vpc-cni-roles)', () => {
    expect(doc('addon_aws_ebs_csi_driver_service_account_inline_policy_document').statement[0]).toMatchObject({ actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], resources: [ref('aws_kms_key.control_plane_cluster_key_key.arn')] });
    expect(Object.keys(r('aws_iam_role')).sort()).toEqual(['addon_aws_ebs_csi_driver_service_account_role', 'addon_aws_efs_csi_driver_service_account_role', 'control_plane_cluster_role', 'efs_backup_role', 'flow_logs_role', 'nodes_role']);
    expect(JSON.parse(r('aws_eks_addon').addon_vpc_cni_addon.configuration_values)).toEqual({ env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } });
  });

  test('spot nodes of two same-size types on on-spot-tp, 100 GiB encrypted root volume', () => {
    expect(r('aws_eks_node_group').node_group_private_node_group_group).toMatchObject({
      capacity_type: 'SPOT',
      instance_types: ['t3.small', 't3a.small'],
      scaling_config: { desired_size: 2, max_size: 2, min_size: 1 },
    });
    expect(r('aws_launch_template').node_group_private_node_group_launch_template).toMatchObject({
      name: 'on-spot-tp',
      block_device_mappings: [{ ebs: { volume_size: 100, encrypted: 'true' } }],
    });
  });

  test('EFS: encrypted with the cluster key, bursting (book), mount targets in both private subnets, NFS from the nodes', () => {
    expect(r('aws_efs_file_system').efs_file_system).toMatchObject({ encrypted: true, kms_key_id: ref('aws_kms_key.control_plane_cluster_key_key.arn'), throughput_mode: 'bursting', performance_mode: 'generalPurpose' });
    expect(Object.keys(r('aws_efs_mount_target'))).toEqual(['efs_mount_target_1', 'efs_mount_target_2']);
    expect(aws.output!.efs_file_system_id.value).toBe(ref('aws_efs_file_system.efs_file_system.id'));
  });

  test('Kubernetes stack: gp3 the default class, efs-sc with the file system of the AWS stack and the book\'s parameters', () => {
    const classes = stacks.kubernetes.resource!.kubernetes_storage_class_v1;
    expect(Object.keys(classes).sort()).toEqual(['storage_class_efs_sc_class', 'storage_class_gp3_class']);
    expect(classes.storage_class_gp3_class).toMatchObject({
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: remote('cross_stack_output_aws_kms_key_control_plane_cluster_key_key_arn') },
      volume_binding_mode: 'WaitForFirstConsumer',
    });
    expect(classes.storage_class_efs_sc_class).toMatchObject({
      metadata: { name: 'efs-sc' },
      parameters: {
        provisioningMode: 'efs-ap',
        fileSystemId: remote('cross_stack_output_aws_efs_file_system_efs_file_system_id'),
        directoryPerms: '700',
        gidRangeStart: '1000',
        gidRangeEnd: '2000',
        ensureUniqueDirectory: 'true',
        reuseAccessPoint: 'false',
      },
    });
    expect(stacks.kubernetes.resource!.helm_release).toBeUndefined();
  });
});
