import { NodeRole } from '../../../src/dataplane/nodes/node-role';
import { SelfManagedNodeGroup, SelfManagedNodeGroupProps } from '../../../src/dataplane/nodes/self-managed-node-group';
import { emptyStack, onlyResource, ref, resources, synthJson, validationLines, warningsOf } from '../../helpers/synth';
import { decodeUserData, nodeConfigs, parseToml } from '../../helpers/user-data';

const CLUSTER = {
  clusterName: 'demo',
  knownName: 'demo',
  kubernetesVersion: '1.35',
  clusterSecurityGroupId: 'sg-0cccccccccccccccc',
  clusterEndpoint: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
  certificateAuthorityData: 'Q0E=',
  serviceIpv4Cidr: '172.20.0.0/16',
  authenticationMode: 'API_AND_CONFIG_MAP' as const,
};

function selfManaged(props: Partial<SelfManagedNodeGroupProps> = {}, stack = emptyStack(), id = 'node-group-workers') {
  const role = (stack.node.tryFindChild('nodes') as NodeRole | undefined) ?? new NodeRole(stack, 'nodes', { roleName: 'demo-nodes' });
  const group = new SelfManagedNodeGroup(stack, id, { cluster: CLUSTER, nodeName: 'workers', nodeRole: role, subnetIds: ['subnet-a', 'subnet-b'], ...props });
  const json = synthJson(stack);
  const asg = Object.values(resources(json, 'aws_autoscaling_group'))[0];
  const lt = Object.values(resources(json, 'aws_launch_template'))[0];
  return { stack, group, json, asg, lt, userData: decodeUserData(lt.user_data) };
}
const tagsOf = (asg: any) => Object.fromEntries(asg.tag.map((t: any) => [t.key, [t.value, t.propagate_at_launch]]));

describe('SelfManagedNodeGroup defaults', () => {
  const { asg, lt, json, userData } = selfManaged();

  test('an Auto Scaling group of on-demand m6i.large, 2 to 4 nodes in the given subnets', () => {
    expect(asg).toMatchObject({
      name_prefix: 'workers-',
      min_size: 2,
      max_size: 4,
      desired_capacity: 2,
      vpc_zone_identifier: ['subnet-a', 'subnet-b'],
      mixed_instances_policy: {
        instances_distribution: { on_demand_base_capacity: 0, on_demand_percentage_above_base_capacity: 100 },
        launch_template: {
          launch_template_specification: {
            launch_template_id: ref('aws_launch_template.node_group_workers_launch_template.id'),
            version: ref('aws_launch_template.node_group_workers_launch_template.latest_version'),
          },
          override: [{ instance_type: 'm6i.large' }],
        },
      },
      instance_refresh: { strategy: 'Rolling', preferences: { min_healthy_percentage: 90 } },
      lifecycle: { create_before_destroy: true, ignore_changes: ['desired_capacity'] },
    });
  });

  test('instances carry kubernetes.io/cluster/<name> = owned and a Name', () => {
    expect(tagsOf(asg)).toEqual({ Name: ['demo-workers', true], 'kubernetes.io/cluster/demo': ['owned', true] });
  });

  test('the EKS-optimized AL2023 image of the cluster version, resolved by EC2 from its SSM parameter at launch', () => {
    expect(lt.image_id).toBe('resolve:ssm:/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id');
  });

  test('the instance profile of the role, and the cluster security group on the nodes', () => {
    expect(lt.iam_instance_profile).toEqual({ arn: ref('aws_iam_instance_profile.nodes_instance_profile.arn') });
    expect(lt.vpc_security_group_ids).toEqual([CLUSTER.clusterSecurityGroupId]);
    expect(lt.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
  });

  test('user data: a nodeadm NodeConfig with the cluster connection', () => {
    expect(nodeConfigs(userData)).toEqual([
      {
        apiVersion: 'node.eks.aws/v1alpha1',
        kind: 'NodeConfig',
        spec: { cluster: { name: 'demo', apiServerEndpoint: CLUSTER.clusterEndpoint, certificateAuthority: 'Q0E=', cidr: '172.20.0.0/16' } },
      },
    ]);
  });

  test('an EC2_LINUX access entry for the role, which the group waits for with the role policies', () => {
    expect(onlyResource(json, 'aws_eks_access_entry')).toMatchObject({ cluster_name: 'demo', principal_arn: ref('aws_iam_role.nodes_role.arn'), type: 'EC2_LINUX' });
    expect(asg.depends_on).toEqual([
      'aws_iam_role_policy_attachment.nodes_AmazonEKSWorkerNodePolicy',
      'aws_iam_role_policy_attachment.nodes_AmazonEKS_CNI_Policy',
      'aws_iam_role_policy_attachment.nodes_AmazonEC2ContainerRegistryReadOnly',
      'aws_iam_role_policy_attachment.nodes_AmazonSSMManagedInstanceCore',
      'aws_eks_access_entry.nodes_access_entry',
    ]);
  });
});

describe('SelfManagedNodeGroup options', () => {
  test('spot across several types, the book name, labels, taints and max pods in the user data', () => {
    const { asg, userData, stack } = selfManaged({
      capacityType: 'SPOT',
      instanceTypes: ['t3.small', 't3a.small'],
      createBeforeDestroy: false,
      labels: { name: 'nodes' },
      taints: [{ key: 'dedicated', value: 'x', effect: 'NO_SCHEDULE' }],
      launchTemplate: { maxPods: 'auto' },
      tags: { team: 'a' },
    });
    expect(asg.name).toBe('workers');
    expect(asg.mixed_instances_policy.instances_distribution).toEqual({ on_demand_base_capacity: 0, on_demand_percentage_above_base_capacity: 0, spot_allocation_strategy: 'price-capacity-optimized' });
    expect(asg.mixed_instances_policy.launch_template.override).toEqual([{ instance_type: 't3.small' }, { instance_type: 't3a.small' }]);
    expect(tagsOf(asg)).toMatchObject({ team: ['a', true] });
    // t3a.small has two ENIs: 8 pods, the smaller of the two.
    expect(nodeConfigs(userData)[0].spec.kubelet).toEqual({ config: { maxPods: 8 }, flags: ['--node-labels=name=nodes', '--register-with-taints=dedicated=x:NoSchedule'] });
    expect(warningsOf(stack)).toEqual([]);
  });

  test.each([
    ['AL2023_ARM_64_STANDARD', 'm7g.large', '/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/arm64/standard/recommended/image_id'],
    ['AL2023_x86_64_NVIDIA', 'g5.xlarge', '/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/x86_64/nvidia/recommended/image_id'],
    ['BOTTLEROCKET_x86_64', 'm6i.large', '/aws/service/bottlerocket/aws-k8s-1.34/x86_64/latest/image_id'],
    ['BOTTLEROCKET_ARM_64_NVIDIA', 'g5g.xlarge', '/aws/service/bottlerocket/aws-k8s-1.34-nvidia/arm64/latest/image_id'],
  ] as const)('%s on %s, nodes one version behind: %s', (amiType, instanceType, parameter) => {
    expect(selfManaged({ amiType, instanceTypes: [instanceType], version: '1.34' }).lt.image_id).toBe(`resolve:ssm:${parameter}`);
  });

  test('Bottlerocket: TOML settings with the cluster connection and the labels', () => {
    const { userData } = selfManaged({ amiType: 'BOTTLEROCKET_x86_64', labels: { name: 'nodes' }, launchTemplate: { maxPods: 20 } });
    const toml = parseToml(userData.replace('${cidrhost("172.20.0.0/16", 10)}', '172.20.0.10'));
    expect(toml.settings.kubernetes).toEqual({
      'cluster-name': 'demo',
      'api-server': CLUSTER.clusterEndpoint,
      'cluster-certificate': 'Q0E=',
      'cluster-dns-ip': '172.20.0.10',
      'max-pods': 20,
      'node-labels': { name: 'nodes' },
    });
  });

  test('a golden image of its own, extra security groups and SSH', () => {
    const { lt, json } = selfManaged({
      launchTemplate: { amiId: 'ami-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'], name: 'self-managed-launch-template' },
      remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'] },
      vpcId: 'vpc-1',
    });
    expect(lt).toMatchObject({ name: 'self-managed-launch-template', image_id: 'ami-0123456789abcdef0', key_name: 'ops' });
    expect(lt.vpc_security_group_ids).toEqual([CLUSTER.clusterSecurityGroupId, 'sg-0123456789abcdef0', ref('aws_security_group.node_group_workers_remote_access.id')]);
    expect(onlyResource(json, 'aws_vpc_security_group_ingress_rule')).toMatchObject({ referenced_security_group_id: 'sg-0aaaaaaaaaaaaaaaa', from_port: 22 });
  });

  test('two groups of one role share its instance profile and access entry', () => {
    const stack = emptyStack();
    selfManaged({}, stack, 'a');
    const { json } = selfManaged({ nodeName: 'b' }, stack, 'b');
    expect(Object.keys(resources(json, 'aws_autoscaling_group'))).toEqual(['a_group', 'b_group']);
    expect(Object.keys(resources(json, 'aws_iam_instance_profile'))).toEqual(['nodes_instance_profile']);
    expect(Object.keys(resources(json, 'aws_eks_access_entry'))).toEqual(['nodes_access_entry']);
  });
});

describe('SelfManagedNodeGroup validation', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['min above desired', { minSize: 3, desiredSize: 2 }, `'minSize' (3) must be <= 'desiredSize' (2)`],
    ['desired above max', { desiredSize: 5, maxSize: 4 }, `'desiredSize' (5) must be <= 'maxSize' (4)`],
    ['a release version', { releaseVersion: '1.35.0-20251120' }, `'releaseVersion' ("1.35.0-20251120") pins an EKS AMI release of a managed node group`],
    ['max unavailable', { maxUnavailable: 1 }, `'maxUnavailable' (1) applies to managed node group updates`],
    ['no launch template', { launchTemplate: false }, `'launchTemplate' (false) cannot be false for self-managed nodes`],
    ['capacity blocks', { capacityType: 'CAPACITY_BLOCK' }, `'capacityType' ("CAPACITY_BLOCK") is for managed node groups`],
    ['a Windows AMI type', { amiType: 'WINDOWS_CORE_2022_x86_64' }, `'amiType' ("WINDOWS_CORE_2022_x86_64") has no EKS-optimized Linux image for self-managed nodes here`],
    ['a CUSTOM AMI without a way to bootstrap', { amiType: 'CUSTOM', launchTemplate: { amiId: 'ami-0123456789abcdef0' } }, `'launchTemplate.userData.raw' is required for amiType "CUSTOM"`],
    ['Amazon Linux 2 on 1.35', { amiType: 'AL2_x86_64' }, `'amiType' ("AL2_x86_64") has no EKS AMI for Kubernetes 1.35`],
    ['nodes newer than the cluster', { version: '1.36' }, `'version' ("1.36") is newer than the control plane (1.35)`],
    ['user data for the wrong family', { amiType: 'BOTTLEROCKET_x86_64', launchTemplate: { userData: { script: 'echo' } } }, `'launchTemplate.userData.script' ("echo") cannot run on Bottlerocket`],
    ['max pods with a type outside the table', { instanceTypes: ['x9.large'], launchTemplate: { maxPods: 'auto' } }, `'instanceTypes.0' ("x9.large") is not in the instance type table`],
    ['instance tags in the metadata service', { launchTemplate: { instanceMetadataTags: true } }, `'launchTemplate.instanceMetadataTags' (true) cannot be enabled on self-managed nodes: they carry the kubernetes.io/cluster/<name> tag`],
    ['a cluster in CONFIG_MAP mode', { cluster: { ...CLUSTER, authenticationMode: 'CONFIG_MAP' } }, `'cluster.authenticationMode' ("CONFIG_MAP") must be "API" or "API_AND_CONFIG_MAP" for access entries`],
    ['a cluster in the default mode', { cluster: { ...CLUSTER, authenticationMode: undefined } }, `'cluster.authenticationMode' must be "API" or "API_AND_CONFIG_MAP" for access entries; the cluster leaves EKS's default, CONFIG_MAP`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => selfManaged(props as Partial<SelfManagedNodeGroupProps>)).join('\n')).toContain(expected);
  });

  test('warns about spot capacity of a single instance type', () => {
    expect(warningsOf(selfManaged({ capacityType: 'SPOT', instanceTypes: ['t3.small'] }).stack).join('\n')).toContain('SPOT capacity of one instance type (t3.small)');
  });
});
