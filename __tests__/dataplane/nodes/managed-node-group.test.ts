import { TerraformResource } from 'cdktf';
import { ManagedNodeGroup, ManagedNodeGroupProps } from '../../../src/dataplane/nodes/managed-node-group';
import { NodeRole, NODE_ROLE_POLICIES } from '../../../src/dataplane/nodes/node-role';
import { emptyStack, onlyResource, ref, resources, synthJson, validationLines, warningsOf } from '../../helpers/synth';
import { decodeUserData, mimeParts, nodeConfigs } from '../../helpers/user-data';

const CLUSTER = {
  clusterName: 'demo',
  clusterVersion: '1.35',
  kubernetesVersion: '1.35',
  clusterSecurityGroupId: 'sg-0cccccccccccccccc',
  clusterEndpoint: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
  certificateAuthorityData: 'Q0E=',
  serviceIpv4Cidr: '172.20.0.0/16',
};
const PREFIX = { prefixDelegation: true, warmPrefixTarget: 1 };

function nodeGroup(props: Partial<ManagedNodeGroupProps> = {}) {
  const stack = emptyStack();
  const role = new NodeRole(stack, 'nodes', { roleName: 'demo-nodes' });
  const group = new ManagedNodeGroup(stack, 'node-group-workers', {
    cluster: CLUSTER,
    nodeName: 'workers',
    nodeRole: role,
    subnetIds: ['subnet-a', 'subnet-b'],
    ...props,
  });
  const json = synthJson(stack);
  const lts = resources(json, 'aws_launch_template');
  const lt = Object.values(lts)[0];
  return { stack, group, json, ng: onlyResource(json, 'aws_eks_node_group'), lt, userData: lt?.user_data && decodeUserData(lt.user_data) };
}

describe('ManagedNodeGroup defaults', () => {
  const { ng, lt } = nodeGroup();

  test.each([
    ['capacity_type', 'ON_DEMAND'],
    ['ami_type', 'AL2023_x86_64_STANDARD'],
    ['instance_types', ['m6i.large']],
    ['scaling_config', { desired_size: 2, min_size: 2, max_size: 4 }],
    ['update_config', { max_unavailable: 1 }],
    ['subnet_ids', ['subnet-a', 'subnet-b']],
    ['cluster_name', 'demo'],
    ['version', '1.35'],
    ['labels', {}],
    ['tags', {}],
    // A name prefix: a replacement group can exist next to the old one.
    ['node_group_name_prefix', 'workers-'],
    ['node_group_name', undefined],
    // With a launch template EKS refuses disk_size: the disk is the template's.
    ['disk_size', undefined],
    ['remote_access', undefined],
    ['taint', undefined],
  ])('%s defaults to %j', (field, value) => {
    expect(ng[field]).toEqual(value);
  });

  test('replacements are created before the old group is destroyed; desired_size is left to autoscalers', () => {
    expect(ng.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ['scaling_config[0].desired_size'] });
  });

  test('runs from its launch template, following its latest version', () => {
    expect(ng.launch_template).toEqual({
      id: ref('aws_launch_template.node_group_workers_launch_template.id'),
      version: ref('aws_launch_template.node_group_workers_launch_template.latest_version'),
    });
  });

  test('the launch template: IMDSv2 only with hop limit 1, encrypted gp3 20 GiB, tags on instances', () => {
    expect(lt).toMatchObject({
      name: 'demo-workers',
      metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1, http_endpoint: 'enabled' },
      block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_size: 20, volume_type: 'gp3', encrypted: 'true' } }],
    });
    expect(lt.tag_specifications[0]).toEqual({ resource_type: 'instance', tags: { Name: 'demo-workers' } });
    expect(lt.user_data).toBeUndefined();
    expect(lt.vpc_security_group_ids).toBeUndefined();
  });

  test('waits for every node role policy attachment', () => {
    expect(ng.node_role_arn).toBe(ref('aws_iam_role.nodes_role.arn'));
    expect(ng.depends_on).toHaveLength(NODE_ROLE_POLICIES.length);
    for (const d of ng.depends_on) expect(d).toMatch(/^aws_iam_role_policy_attachment\.nodes_/);
  });
});

describe('NodeRole', () => {
  test('EC2 trust and the four policies of the book, partition-aware', () => {
    const stack = emptyStack();
    new NodeRole(stack, 'nodes', { roleName: 'demo-nodes', extraManagedPolicies: ['CloudWatchAgentServerPolicy'] });
    const json = synthJson(stack);
    expect(resources(json, 'aws_iam_role').nodes_role.name).toBe('demo-nodes');
    expect(json.data!.aws_iam_policy_document.nodes_trust.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }]);
    const arns = Object.values(resources(json, 'aws_iam_role_policy_attachment')).map((a) => a.policy_arn);
    expect(arns.sort()).toEqual(
      [...NODE_ROLE_POLICIES, 'CloudWatchAgentServerPolicy'].map((p) => `arn:${ref('data.aws_partition.partition.partition')}:iam::aws:policy/${p}`).sort(),
    );
  });

  test('throws on an invalid role name', () => {
    expect(validationLines(() => new NodeRole(emptyStack(), 'nodes', { roleName: 'x'.repeat(65) })).join('\n')).toContain(`'roleName' ("${'x'.repeat(65)}") must be 1 to 64 characters`);
  });

  test('instance profile and EC2_LINUX access entry are created once, however often they are asked for', () => {
    const stack = emptyStack();
    const role = new NodeRole(stack, 'nodes', { roleName: 'demo-nodes' });
    const cluster = { clusterName: 'demo', authenticationMode: 'API' as const };
    expect(role.instanceProfile()).toBe(role.instanceProfile());
    expect(role.allowToJoin(cluster)).toBe(role.allowToJoin(cluster));
    const json = synthJson(stack);
    expect(onlyResource(json, 'aws_iam_instance_profile')).toMatchObject({ name: ref('aws_iam_role.nodes_role.name'), role: ref('aws_iam_role.nodes_role.name') });
    expect(onlyResource(json, 'aws_eks_access_entry')).toMatchObject({
      cluster_name: 'demo',
      principal_arn: ref('aws_iam_role.nodes_role.arn'),
      type: 'EC2_LINUX',
      // A role recreated under the same name is a new principal for EKS.
      lifecycle: { replace_triggered_by: ['aws_iam_role.nodes_role'] },
    });
  });
});

describe('ManagedNodeGroup options', () => {
  test('the book chapter 3 group: ON_DEMAND t3.small 2/3/2 with its label and tag, named exactly', () => {
    const { ng, lt } = nodeGroup({ instanceTypes: ['t3.small'], desiredSize: 2, maxSize: 3, minSize: 2, labels: { name: 'nodes' }, tags: { Name: 'worker-node' }, createBeforeDestroy: false });
    expect(ng).toMatchObject({
      node_group_name: 'workers',
      instance_types: ['t3.small'],
      scaling_config: { desired_size: 2, max_size: 3, min_size: 2 },
      labels: { name: 'nodes' },
      tags: { Name: 'worker-node' },
      lifecycle: { create_before_destroy: false },
    });
    expect(ng.node_group_name_prefix).toBeUndefined();
    // The group's tags reach its instances through the template.
    expect(lt.tag_specifications[0].tags).toEqual({ Name: 'worker-node' });
  });

  test("launchTemplate false: EKS's own template, with disk_size and remote_access on the group", () => {
    const { ng, json } = nodeGroup({ launchTemplate: false, diskSizeGiB: 50, remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroupIds: ['sg-0123456789abcdef0'] } });
    expect(resources(json, 'aws_launch_template')).toEqual({});
    expect(ng).toMatchObject({ disk_size: 50, remote_access: { ec2_ssh_key: 'ops', source_security_group_ids: ['sg-0123456789abcdef0'] } });
    expect(ng.launch_template).toBeUndefined();
  });

  test('disk size and remote access move into the launch template (EKS refuses them next to one)', () => {
    const { ng, lt, json } = nodeGroup({ diskSizeGiB: 80, remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroupIds: ['sg-0123456789abcdef0'] }, vpcId: 'vpc-1' });
    expect(ng.disk_size).toBeUndefined();
    expect(ng.remote_access).toBeUndefined();
    expect(lt.block_device_mappings[0].ebs.volume_size).toBe(80);
    expect(lt.key_name).toBe('ops');
    const sg = onlyResource(json, 'aws_security_group');
    expect(sg.vpc_id).toBe('vpc-1');
    expect(onlyResource(json, 'aws_vpc_security_group_ingress_rule')).toMatchObject({
      security_group_id: ref('aws_security_group.node_group_workers_remote_access.id'),
      referenced_security_group_id: 'sg-0123456789abcdef0',
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
    });
    // A template naming security groups gets no cluster security group from EKS: it is added.
    expect(lt.vpc_security_group_ids).toEqual([CLUSTER.clusterSecurityGroupId, ref('aws_security_group.node_group_workers_remote_access.id')]);
  });

  test('extra security groups come with the cluster security group', () => {
    expect(nodeGroup({ launchTemplate: { securityGroupIds: ['sg-0123456789abcdef0'] } }).lt.vpc_security_group_ids).toEqual([CLUSTER.clusterSecurityGroupId, 'sg-0123456789abcdef0']);
  });

  test('launch template settings: name, hop limit 2, metadata tags, root volume, instance tags', () => {
    const { lt, stack } = nodeGroup({
      launchTemplate: { name: 'custom-launch-template', httpPutResponseHopLimit: 2, instanceMetadataTags: true, rootVolume: { sizeGiB: 50, kmsKeyId: 'alias/ebs' }, tags: { team: 'a' } },
    });
    expect(lt).toMatchObject({
      name: 'custom-launch-template',
      metadata_options: { http_put_response_hop_limit: 2, instance_metadata_tags: 'enabled' },
      block_device_mappings: [{ ebs: { volume_size: 50, kms_key_id: 'alias/ebs' } }],
    });
    expect(lt.tag_specifications[1]).toEqual({ resource_type: 'volume', tags: { Name: 'demo-workers', team: 'a' } });
    expect(warningsOf(stack).join('\n')).toContain('EKS tags managed nodes with kubernetes.io/cluster/<name>');
  });

  test('taints, labels, update share, pinned version and release', () => {
    const { ng } = nodeGroup({
      taints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }],
      labels: { tier: 'batch' },
      maxUnavailablePercentage: 33,
      version: '1.34',
      releaseVersion: '1.34.2-20251120',
    });
    expect(ng).toMatchObject({ taint: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }], labels: { tier: 'batch' }, update_config: { max_unavailable_percentage: 33 }, version: '1.34', release_version: '1.34.2-20251120' });
  });

  test('max pods "auto": secondary IPs on a t3.small give 11, in the NodeConfig of the user data', () => {
    const { userData, group } = nodeGroup({ instanceTypes: ['t3.small'], launchTemplate: { maxPods: 'auto' } });
    expect(group.maxPods).toBe(11);
    expect(nodeConfigs(userData)).toEqual([{ apiVersion: 'node.eks.aws/v1alpha1', kind: 'NodeConfig', spec: { kubelet: { config: { maxPods: 11 } } } }]);
  });

  test('max pods "auto" with prefix delegation: the smallest recommendation of the instance types', () => {
    expect(nodeGroup({ instanceTypes: ['m5.8xlarge', 't3.small'], podNetworking: PREFIX, launchTemplate: { maxPods: 'auto' } }).group.maxPods).toBe(110);
    expect(nodeGroup({ instanceTypes: ['m5.8xlarge'], podNetworking: PREFIX, launchTemplate: { maxPods: 'auto' } }).group.maxPods).toBe(250);
  });

  test('a custom AMI: no AMI type or version on the group, the user data joins the cluster with labels and taints', () => {
    const { ng, lt, userData } = nodeGroup({
      launchTemplate: { amiId: 'ami-0123456789abcdef0' },
      labels: { name: 'nodes' },
      taints: [{ key: 'statefulset-no-schedule', value: 'true', effect: 'NO_SCHEDULE' }],
    });
    expect(ng.ami_type).toBeUndefined();
    expect(ng.version).toBeUndefined();
    expect(lt.image_id).toBe('ami-0123456789abcdef0');
    expect(mimeParts(userData).map((p) => p.headers['Content-Type'])).toEqual(['application/node.eks.aws']);
    expect(nodeConfigs(userData)[0].spec).toEqual({
      cluster: { name: 'demo', apiServerEndpoint: CLUSTER.clusterEndpoint, certificateAuthority: 'Q0E=', cidr: '172.20.0.0/16' },
      kubelet: { flags: ['--node-labels=name=nodes', '--register-with-taints=statefulset-no-schedule=true:NoSchedule'] },
    });
  });

  test('waits for what it is given, such as the vpc-cni add-on', () => {
    const stack = emptyStack();
    const role = new NodeRole(stack, 'nodes', { roleName: 'r' });
    const other = new NodeRole(stack, 'other', { roleName: 'o' });
    new ManagedNodeGroup(stack, 'ng', { cluster: CLUSTER, nodeName: 'x', nodeRole: role, subnetIds: [], dependsOn: [other.role] });
    expect(onlyResource(synthJson(stack), 'aws_eks_node_group').depends_on).toContain('aws_iam_role.other_role');
  });

  test('spot with several types, Bottlerocket ARM, bigger disk on the data volume', () => {
    const { ng, lt, stack } = nodeGroup({ capacityType: 'SPOT', instanceTypes: ['m7g.large', 'm6g.large'], amiType: 'BOTTLEROCKET_ARM_64', diskSizeGiB: 100 });
    expect(ng).toMatchObject({ capacity_type: 'SPOT', ami_type: 'BOTTLEROCKET_ARM_64' });
    expect(lt.block_device_mappings).toEqual([{ device_name: '/dev/xvdb', ebs: expect.objectContaining({ volume_size: 100 }) }]);
    expect(warningsOf(stack)).toEqual([]);
  });

  test('warns about spot capacity of a single instance type', () => {
    const { stack } = nodeGroup({ capacityType: 'SPOT', instanceTypes: ['t3.small'] });
    expect(warningsOf(stack).join('\n')).toContain('SPOT capacity of one instance type (t3.small)');
  });

  test('warns about max pods above the recommendation', () => {
    const { stack } = nodeGroup({ instanceTypes: ['t3.small'], podNetworking: PREFIX, launchTemplate: { maxPods: 120 } });
    expect(warningsOf(stack)).toEqual(['Node group workers: max pods 120 on t3.small is above the EKS recommendation of 110 (2 vCPUs); "auto" gives 110']);
  });
});

describe('ManagedNodeGroup validation', () => {
  test.each<[string, Partial<ManagedNodeGroupProps>, string]>([
    ['min above desired', { minSize: 3, desiredSize: 2, maxSize: 4 }, `'minSize' (3) must be <= 'desiredSize' (2)`],
    ['desired above max', { desiredSize: 5, maxSize: 4 }, `'desiredSize' (5) must be <= 'maxSize' (4)`],
    ['min above max', { minSize: 5, desiredSize: 5, maxSize: 4 }, `'minSize' (5) must be <= 'maxSize' (4)`],
    ['a negative size', { minSize: -1 }, `'minSize' (-1) must be a whole number between 0 and 1000`],
    ['a fractional size', { desiredSize: 1.5 }, `'desiredSize' (1.5) must be a whole number between 0 and 1000`],
    ['a zero max size', { maxSize: 0, minSize: 0, desiredSize: 0 }, `'maxSize' (0) must be a whole number between 1 and 1000`],
    ['an empty instance type list', { instanceTypes: [] }, `'instanceTypes' ([]) must list at least one instance type`],
    ['a malformed instance type', { instanceTypes: ['t3-small'] }, `'instanceTypes.0' ("t3-small") must be an EC2 instance type such as "m6i.large"`],
    ['an unknown AMI type', { amiType: 'UBUNTU' as never }, `'amiType' ("UBUNTU") must be one of "AL2023_x86_64_STANDARD"`],
    ['Amazon Linux 2 on Kubernetes 1.35', { amiType: 'AL2_x86_64' }, `'amiType' ("AL2_x86_64") has no EKS AMI for Kubernetes 1.35`],
    ['an unknown capacity type', { capacityType: 'RESERVED' as never }, `'capacityType' ("RESERVED") must be one of "ON_DEMAND", "SPOT", "CAPACITY_BLOCK"`],
    ['a node group name with a space', { nodeName: 'my nodes' }, `'nodeName' ("my nodes") must be 1 to 63 characters`],
    ['a disk of 0 GiB', { diskSizeGiB: 0 }, `'diskSizeGiB' (0) must be a whole number between 1 and 16384`],
    ['a label key with a space', { labels: { 'bad key': 'x' } }, `'labels.bad key' ("bad key") is not a Kubernetes label key`],
    ['a label value that is too long', { labels: { tier: 'x'.repeat(64) } }, `'labels.tier' ("${'x'.repeat(64)}") must be a Kubernetes label value`],
    ['max unavailable of 0', { maxUnavailable: 0 }, `'maxUnavailable' (0) must be a whole number between 1 and 100`],
    ['an unknown taint effect', { taints: [{ key: 'a', effect: 'NoSchedule' as never }] }, `'taints.0.effect' ("NoSchedule") must be one of "NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"`],
    ['both update settings', { maxUnavailable: 1, maxUnavailablePercentage: 10 }, `'maxUnavailablePercentage' (10) cannot be combined with 'maxUnavailable' (1); set one of them`],
    ['nodes newer than the cluster', { version: '1.36' }, `'version' ("1.36") is newer than the control plane (1.35)`],
    ['nodes four versions behind', { version: '1.31' }, `'version' ("1.31") is 4 minor versions older than the control plane (1.35)`],
    ['a version that is not one', { version: 'latest' }, `'version' ("latest") must be a Kubernetes minor version such as "1.34"`],
    ['a disk size twice', { diskSizeGiB: 30, launchTemplate: { rootVolume: { sizeGiB: 40 } } }, `'diskSizeGiB' (30) cannot be combined with 'launchTemplate.rootVolume.sizeGiB' (40)`],
    ['CUSTOM without a custom AMI', { amiType: 'CUSTOM' }, `'amiType' ("CUSTOM") needs 'launchTemplate.amiId' (a custom AMI)`],
    ['a custom AMI with a version', { version: '1.35', launchTemplate: { amiId: 'ami-0123456789abcdef0' } }, `'version' ("1.35") cannot be combined with 'launchTemplate.amiId'`],
    ['a custom AMI with a release', { releaseVersion: '1.35.0-20251120', launchTemplate: { amiId: 'ami-0123456789abcdef0' } }, `'releaseVersion' ("1.35.0-20251120") cannot be combined with 'launchTemplate.amiId'`],
    ['an SSM parameter in a managed group', { launchTemplate: { amiId: 'resolve:ssm:/x' } }, `'launchTemplate.amiId' ("resolve:ssm:/x") cannot be resolved by EKS managed node groups (aws/containers-roadmap#1951)`],
    ['a custom AMI without a way to bootstrap', { amiType: 'CUSTOM', launchTemplate: { amiId: 'ami-0123456789abcdef0' } }, `'launchTemplate.userData.raw' is required for amiType "CUSTOM"`],
    ['user data for the wrong AMI family', { amiType: 'BOTTLEROCKET_x86_64', launchTemplate: { userData: { nodeConfig: { kubelet: {} } } } }, `'launchTemplate.userData.nodeConfig' ({"kubelet":{}}) is a nodeadm NodeConfig, which only Amazon Linux 2023 reads`],
    ['max pods "auto" with a type outside the table', { instanceTypes: ['t3.small', 'x9.large'], launchTemplate: { maxPods: 'auto' } }, `'instanceTypes.1' ("x9.large") is not in the instance type table (src/dataplane/nodes/instance-types.ts), so 'launchTemplate.maxPods' "auto" cannot be computed`],
    ['the book max pods on a t3.small without prefixes', { instanceTypes: ['t3.small'], launchTemplate: { maxPods: 120 } }, `'launchTemplate.maxPods' (120) is more pods than t3.small can give addresses to with secondary IPs (11)`],
    ['max pods that is not a number', { launchTemplate: { maxPods: 'many' as never } }, `'launchTemplate.maxPods' ("many") must be "auto" or a whole number between 1 and 1000`],
    ['an ARM instance with an x86 AMI', { instanceTypes: ['m7g.large'] }, `'instanceTypes.0' ("m7g.large") is an arm64 instance type; amiType "AL2023_x86_64_STANDARD" is an x86_64 image`],
    ['an x86 instance with an ARM AMI', { instanceTypes: ['m6i.large'], amiType: 'AL2023_ARM_64_STANDARD' }, `'instanceTypes.0' ("m6i.large") is an x86_64 instance type; amiType "AL2023_ARM_64_STANDARD" is an arm64 image`],
    ['a GPU AMI without a GPU', { instanceTypes: ['m6i.large'], amiType: 'AL2023_x86_64_NVIDIA' }, `'instanceTypes.0' ("m6i.large") has no NVIDIA GPU, which amiType "AL2023_x86_64_NVIDIA" is built for`],
    ['a name too long for a prefix', { nodeName: 'n'.repeat(40) }, `'nodeName' ("${'n'.repeat(40)}") must be at most 36 characters with 'createBeforeDestroy'`],
    ['a launch template that is neither false nor settings', { launchTemplate: true as never }, `'launchTemplate' (true) must be false or an object of launch template settings`],
    ['an unknown launch template setting', { launchTemplate: { imageId: 'ami-1' } as never }, `'launchTemplate.imageId' is not a known setting`],
    ['remote access without source groups', { launchTemplate: false, remoteAccess: { ec2SshKey: 'ops' } as never }, `'remoteAccess.sourceSecurityGroupIds' is required`],
    ['remote access with a template but no VPC', { remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroupIds: ['sg-0123456789abcdef0'] } }, `'vpcId' is required for 'remoteAccess' with a launch template`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => nodeGroup(props)).join('\n')).toContain(expected);
  });

  test('Amazon Linux 2 is still accepted on 1.32', () => {
    expect(() => nodeGroup({ amiType: 'AL2_x86_64', cluster: { ...CLUSTER, kubernetesVersion: '1.32' } })).not.toThrow();
  });

  test('GPU instances with the NVIDIA AMI, Graviton with the ARM AMI, and types outside the table pass', () => {
    expect(() => nodeGroup({ instanceTypes: ['g5.xlarge', 'g6.xlarge'], amiType: 'AL2023_x86_64_NVIDIA' })).not.toThrow();
    expect(() => nodeGroup({ instanceTypes: ['m7g.large', 'c7g.large'], amiType: 'BOTTLEROCKET_ARM_64' })).not.toThrow();
    expect(() => nodeGroup({ instanceTypes: ['x9.large'] })).not.toThrow();
  });

  test('creates nothing when the input is invalid', () => {
    const stack = emptyStack();
    const role = new NodeRole(stack, 'nodes', { roleName: 'r' });
    expect(() => new ManagedNodeGroup(stack, 'ng', { cluster: CLUSTER, nodeName: 'x', nodeRole: role, subnetIds: [], launchTemplate: { maxPods: 500 }, instanceTypes: ['t3.small'] })).toThrow();
    const created = stack.node.findAll().filter((c) => c instanceof TerraformResource).map((c) => (c as TerraformResource).terraformResourceType);
    expect(created.filter((t) => t === 'aws_eks_node_group' || t === 'aws_launch_template')).toEqual([]);
  });
});
