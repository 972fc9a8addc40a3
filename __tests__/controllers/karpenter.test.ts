import { INTERRUPTION_EVENTS } from '../../src/controllers/karpenter/karpenter-infrastructure';
import { manifestObjects, ref, releaseValues, synthApp, validationLines } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
const API_MODE = { controlPlane: { accessConfig: { authenticationMode: 'API' } } };

describe('Karpenter (preset chapter19-karpenter)', () => {
  const app = synthApp('chapter19-karpenter');
  const aws = app.stacks.aws;
  const k8s = app.stacks.kubernetes;
  const policy = aws.data!.aws_iam_policy_document.karpenter_controller_inline_policy_document.statement as any[];
  const sid = (s: string) => policy.find((p) => p.sid === s);

  test('controller role KarpenterControllerRole-karpenter-cluster through Pod Identity (karpenter/karpenter), after the agent', () => {
    expect(aws.resource!.aws_iam_role.karpenter_controller_role.name).toBe('KarpenterControllerRole-karpenter-cluster');
    expect(aws.resource!.aws_eks_pod_identity_association.karpenter_controller_association_karpenter_karpenter).toMatchObject({
      namespace: 'karpenter',
      service_account: 'karpenter',
      role_arn: ref('aws_iam_role.karpenter_controller_role.arn'),
      depends_on: ['aws_eks_addon.addon_eks_pod_identity_agent_addon'],
    });
  });

  test('iam:PassRole names the node role only and passes it to EC2 only (the book: any role)', () => {
    expect(policy.filter((p) => p.actions.includes('iam:PassRole'))).toEqual([
      {
        sid: 'AllowPassingInstanceRole',
        effect: 'Allow',
        actions: ['iam:PassRole'],
        resources: [ref('aws_iam_role.karpenter_nodes_role.arn')],
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] }],
      },
    ]);
  });

  test('every EC2 and instance-profile write is conditioned on the cluster\'s tags', () => {
    const writes = policy.filter((p) => p.actions.some((a: string) => /^(ec2:(RunInstances|CreateFleet|CreateLaunchTemplate|CreateTags|TerminateInstances|DeleteLaunchTemplate)|iam:(Create|Tag|AddRole|RemoveRole|Delete)\w*InstanceProfile)/.test(a)));
    expect(writes.map((w) => w.sid)).toEqual([
      'AllowScopedEC2InstanceAccessActions',
      'AllowScopedEC2LaunchTemplateAccessActions',
      'AllowScopedEC2InstanceActionsWithTags',
      'AllowScopedResourceCreationTagging',
      'AllowScopedResourceTagging',
      'AllowScopedDeletion',
      'AllowScopedInstanceProfileCreationActions',
      'AllowScopedInstanceProfileTagActions',
      'AllowScopedInstanceProfileActions',
    ]);
    // The first launches into images, subnets and security groups: no tag to test there.
    for (const w of writes.slice(1)) {
      expect(w.condition.map((c: any) => c.variable)).toEqual(expect.arrayContaining([expect.stringMatching(/^aws:(Resource|Request)Tag\/kubernetes\.io\/cluster\/karpenter-cluster$/)]));
    }
    expect(sid('AllowScopedDeletion').resources).toEqual([
      `arn:${ref('data.aws_partition.partition.partition')}:ec2:us-east-1:*:instance/*`,
      `arn:${ref('data.aws_partition.partition.partition')}:ec2:us-east-1:*:launch-template/*`,
    ]);
  });

  test('the account ID comes from the cluster ARN (no aws_caller_identity), the queue and the cluster are named', () => {
    expect(sid('AllowInstanceProfileReadActions').resources).toEqual([
      `arn:${ref('data.aws_partition.partition.partition')}:iam::${ref('element(split(":", aws_eks_cluster.control_plane_cluster.arn), 4)')}:instance-profile/*`,
    ]);
    expect(aws.data!.aws_caller_identity).toBeUndefined();
    expect(sid('AllowInterruptionQueueActions').resources).toEqual([ref('aws_sqs_queue.karpenter_interruption_queue.arn')]);
    expect(sid('AllowAPIServerEndpointDiscovery').resources).toEqual([ref('aws_eks_cluster.control_plane_cluster.arn')]);
  });

  test('the inline policy fits IAM\'s 10,240 characters per role, with ARNs at their full length', () => {
    const compact = JSON.stringify({
      Version: '2012-10-17',
      Statement: policy.map((p) => ({ Sid: p.sid, Effect: p.effect, Action: p.actions, Resource: p.resources, Condition: p.condition })),
    }).replace(/\$\{[^}]*\}\)?\}?/g, 'arn:aws-us-gov:iam::123456789012:role/KarpenterNodeRole-karpenter-cluster');
    expect(compact.length).toBeLessThan(10240);
  });

  test('node role KarpenterNodeRole-karpenter-cluster with the four node policies and an EC2_LINUX access entry; the managed group keeps its own role', () => {
    expect(aws.resource!.aws_iam_role.karpenter_nodes_role.name).toBe('KarpenterNodeRole-karpenter-cluster');
    expect(Object.keys(aws.resource!.aws_iam_role_policy_attachment).filter((n) => n.startsWith('karpenter_nodes_'))).toHaveLength(4);
    expect(aws.resource!.aws_eks_access_entry.karpenter_nodes_access_entry).toMatchObject({
      type: 'EC2_LINUX',
      principal_arn: ref('aws_iam_role.karpenter_nodes_role.arn'),
      cluster_name: ref('aws_eks_cluster.control_plane_cluster.name'),
    });
    expect(aws.resource!.aws_eks_node_group.node_group_karpenter_cluster_ng_group.node_role_arn).toBe(ref('aws_iam_role.nodes_role.arn'));
    expect(aws.resource!.aws_eks_cluster.control_plane_cluster.access_config.authentication_mode).toBe('API_AND_CONFIG_MAP');
  });

  test('interruption queue (SSE-SQS, 300 s) whose policy lets EventBridge send and denies plain HTTP', () => {
    expect(aws.resource!.aws_sqs_queue.karpenter_interruption_queue).toMatchObject({ name: 'karpenter-cluster', message_retention_seconds: 300, sqs_managed_sse_enabled: true });
    const doc = aws.data!.aws_iam_policy_document.karpenter_interruption_queue_policy_document.statement;
    expect(doc[0]).toMatchObject({ effect: 'Allow', actions: ['sqs:SendMessage'], principals: [{ type: 'Service', identifiers: ['events.amazonaws.com', 'sqs.amazonaws.com'] }] });
    expect(doc[1]).toMatchObject({ effect: 'Deny', actions: ['sqs:*'], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] });
  });

  test.each(Object.entries(INTERRUPTION_EVENTS))('EventBridge rule %s sends %j to the queue', (key, event) => {
    const name = key.replace(/-/g, '_');
    const rule = aws.resource!.aws_cloudwatch_event_rule[`karpenter_${name}_rule`];
    expect(JSON.parse(rule.event_pattern)).toEqual({ source: [event.source], 'detail-type': [event.detailType] });
    expect(aws.resource!.aws_cloudwatch_event_target[`karpenter_${name}_target`]).toMatchObject({
      rule: ref(`aws_cloudwatch_event_rule.karpenter_${name}_rule.name`),
      arn: ref('aws_sqs_queue.karpenter_interruption_queue.arn'),
    });
  });

  test('the cluster security group is tagged for discovery (book: aws_ec2_tag), the private subnets already are', () => {
    expect(aws.resource!.aws_ec2_tag.karpenter_security_group_discovery_tag).toMatchObject({
      resource_id: ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id'),
      key: 'karpenter.sh/discovery',
      value: 'karpenter-cluster',
    });
    expect(aws.resource!.aws_subnet.network_private_subnet_1.tags['karpenter.sh/discovery']).toBe('karpenter-cluster');
  });

  test('the controller node group is labelled and tainted, and CoreDNS tolerates the taint', () => {
    expect(aws.resource!.aws_eks_node_group.node_group_karpenter_cluster_ng_group).toMatchObject({
      labels: { 'karpenter.sh/controller': 'true' },
      taint: [{ key: 'karpenter.sh/controller', value: 'true', effect: 'NO_SCHEDULE' }],
      scaling_config: { min_size: 1, desired_size: 2, max_size: 10 },
    });
    expect(JSON.parse(aws.resource!.aws_eks_addon.addon_coredns_addon.configuration_values)).toEqual({
      tolerations: [{ effect: 'NoSchedule', key: 'karpenter.sh/controller', value: 'true' }],
    });
  });

  test('charts: karpenter-crd, then karpenter 1.14.1 from public.ecr.aws without its crds/', () => {
    const releases = k8s.resource!.helm_release;
    expect(releases.karpenter_crd_chart_release).toMatchObject({ chart: 'karpenter-crd', repository: 'oci://public.ecr.aws/karpenter', version: '1.14.1', namespace: 'karpenter' });
    expect(releases.karpenter_chart_release).toMatchObject({
      chart: 'karpenter',
      repository: 'oci://public.ecr.aws/karpenter',
      version: '1.14.1',
      namespace: 'karpenter',
      skip_crds: true,
      depends_on: ['helm_release.karpenter_crd_chart_release'],
    });
  });

  test('values: settings from the AWS stack, small requests, the controller node group, no IRSA annotation', () => {
    expect(releaseValues(k8s.resource!.helm_release.karpenter_chart_release)).toEqual({
      settings: {
        clusterName: remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_name'),
        clusterEndpoint: remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_endpoint'),
        interruptionQueue: remote('cross_stack_output_aws_sqs_queue_karpenter_interruption_queue_name'),
      },
      serviceAccount: { create: true, name: 'karpenter', annotations: {} },
      controller: { resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
      nodeSelector: { 'karpenter.sh/controller': 'true' },
      tolerations: [{ key: 'karpenter.sh/controller', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
    });
  });

  test('the book\'s EC2NodeClass and NodePool, selecting subnets and security groups by the discovery tag, after the chart', () => {
    expect(k8s.resource!.helm_release.karpenter_node_pool_chart_release.depends_on).toEqual(['helm_release.karpenter_chart_release']);
    const [nodeClass, nodePool] = manifestObjects(app, 'kubernetes', 'karpenter_node_pool_chart_release');
    const discovery = [{ tags: { 'karpenter.sh/discovery': 'karpenter-cluster' } }];
    expect(nodeClass).toEqual({
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: 'default' },
      spec: {
        amiSelectorTerms: [{ alias: 'bottlerocket@latest' }],
        role: 'data.terraform_remote_state.cross_stack_reference_input_aws.outputs.cross_stack_output_aws_iam_role_karpenter_nodes_role_name',
        subnetSelectorTerms: discovery,
        securityGroupSelectorTerms: discovery,
        tags: { 'karpenter.sh/discovery': 'karpenter-cluster' },
      },
    });
    expect(nodePool).toMatchObject({
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      spec: {
        template: { spec: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } } },
        limits: { cpu: 1000 },
        disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '30s' },
      },
    });
    expect(nodePool.spec.template.spec.requirements).toContainEqual({ key: 'karpenter.k8s.aws/instance-hypervisor', operator: 'In', values: ['nitro'] });
  });

  test('the Karpenter node role is mapped in aws-auth like the other node roles', () => {
    const { stacks } = synthApp('chapter19-karpenter', { kubernetes: { awsAuth: { mapRoles: [] } } });
    // API_AND_CONFIG_MAP: EKS writes no aws-auth, so the stack creates it.
    const mapRoles = stacks.kubernetes.resource!.kubernetes_config_map_v1.aws_auth_config_map.data.mapRoles;
    expect(mapRoles).toContain('cross_stack_output_aws_iam_role_karpenter_nodes_role_arn');
  });
});

describe('Karpenter settings', () => {
  test('defaults: roles after the cluster, AL2023, no node selector; IRSA annotates the account', () => {
    const app = synthApp('default', { ...API_MODE, workloadIdentity: 'irsa', oidcProvider: { enabled: true }, controllers: { karpenter: {} } });
    expect(app.stacks.aws.resource!.aws_iam_role.karpenter_controller_role.name).toBe('eks-default-karpenter');
    expect(app.stacks.aws.resource!.aws_iam_role.karpenter_nodes_role.name).toBe('eks-default-karpenter-nodes');
    const values = releaseValues(app.stacks.kubernetes.resource!.helm_release.karpenter_chart_release);
    expect(values.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': remote('cross_stack_output_aws_iam_role_karpenter_controller_role_arn') });
    expect(values.nodeSelector).toBeUndefined();
    expect(manifestObjects(app, 'kubernetes', 'karpenter_node_pool_chart_release')[0].spec.amiSelectorTerms).toEqual([{ alias: 'al2023@latest' }]);
  });

  test('interruptionQueue false: no queue, rules or queue statement, no settings.interruptionQueue', () => {
    const { stacks } = synthApp('default', { ...API_MODE, controllers: { karpenter: { interruptionQueue: false, nodePool: false } } });
    expect(stacks.aws.resource!.aws_sqs_queue).toBeUndefined();
    expect(stacks.aws.resource!.aws_cloudwatch_event_rule).toBeUndefined();
    const sids = stacks.aws.data!.aws_iam_policy_document.karpenter_controller_inline_policy_document.statement.map((s: any) => s.sid);
    expect(sids).not.toContain('AllowInterruptionQueueActions');
    expect(releaseValues(stacks.kubernetes.resource!.helm_release.karpenter_chart_release).settings.interruptionQueue).toBeUndefined();
    expect(stacks.kubernetes.resource!.helm_release.karpenter_node_pool_chart_release).toBeUndefined();
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'a cluster without an access-entry authentication mode',
      { controlPlane: { accessConfig: null }, controllers: { karpenter: {} } },
      `'controlPlane.accessConfig.authenticationMode' must be "API" or "API_AND_CONFIG_MAP" with 'controllers.karpenter': Karpenter's nodes join through an EC2_LINUX access entry for their role`,
    ],
    [
      'CONFIG_MAP authentication',
      { controlPlane: { accessConfig: { authenticationMode: 'CONFIG_MAP' } }, controllers: { karpenter: {} } },
      `'controlPlane.accessConfig.authenticationMode' ("CONFIG_MAP") must be "API" or "API_AND_CONFIG_MAP" with 'controllers.karpenter'`,
    ],
    [
      'subnets without discovery tags',
      { ...API_MODE, network: { discoveryTags: false }, controllers: { karpenter: {} } },
      `'network.discoveryTags' (false) must be true with 'controllers.karpenter': its EC2NodeClass finds the private subnets by their karpenter.sh/discovery tag`,
    ],
    [
      'no node group for the controller',
      { ...API_MODE, nodeGroups: { default: null }, controllers: { karpenter: {} } },
      `'nodeGroups' must hold a node group with 'controllers.karpenter': the controller must not run on the nodes it manages`,
    ],
    [
      "the managed node groups' role for Karpenter's nodes (the book's sharing)",
      { ...API_MODE, nodeRole: { roleName: 'KarpenterNodeRole-demo' }, controllers: { karpenter: { nodeRoleName: 'KarpenterNodeRole-demo' } } },
      `'controllers.karpenter.nodeRoleName' ("KarpenterNodeRole-demo") must differ from the node groups' roles ("KarpenterNodeRole-demo", "eks-default-self-managed-nodes")`,
    ],
    ['an unpinned chart version', { ...API_MODE, controllers: { karpenter: { version: 'latest' } } }, `'controllers.karpenter.version' ("latest") must be an exact chart version such as "1.2.3" (no ranges, no "latest")`],
    ['a version range', { ...API_MODE, controllers: { karpenter: { version: '~1.15' } } }, `'controllers.karpenter.version' ("~1.15") must be an exact chart version`],
    ['an AMI alias of an unknown family', { ...API_MODE, controllers: { karpenter: { nodePool: { amiAlias: 'ubuntu@latest' } } } }, `'controllers.karpenter.nodePool.amiAlias' ("ubuntu@latest") must be an AMI alias`],
    ['a quantity that is not one', { ...API_MODE, controllers: { karpenter: { controllerResources: { requests: { cpu: 'one' } } } } }, `'controllers.karpenter.controllerResources.requests.cpu' ("one") must be a Kubernetes quantity`],
    [
      'the inflate sample twice (Karpenter and the Cluster Autoscaler)',
      { ...API_MODE, controllers: { karpenter: { sampleApp: true }, clusterAutoscaler: { sampleApp: true } } },
      `'controllers.karpenter.sampleApp' (true) cannot be combined with 'controllers.clusterAutoscaler.sampleApp'`,
    ],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(expected);
  });
});
