import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from '../../src/controllers/cluster-autoscaler/image-tags';
import { manifestObjects, ref, releaseValues, synthApp, validationLines } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
const IRSA = { workloadIdentity: 'irsa', oidcProvider: { enabled: true } };

describe('Cluster Autoscaler (preset chapter19-autoscaler)', () => {
  const app = synthApp('chapter19-autoscaler');
  const aws = app.stacks.aws;
  const release = app.stacks.kubernetes.resource!.helm_release.cluster_autoscaler_chart_release;

  test('role ClusterAutoScalerRole-autoscaler-cluster trusted through IRSA by kube-system/cluster-autoscaler', () => {
    expect(aws.resource!.aws_iam_role.cluster_autoscaler_controller_role.name).toBe('ClusterAutoScalerRole-autoscaler-cluster');
    const trust = aws.data!.aws_iam_policy_document.cluster_autoscaler_controller_trust.statement[0];
    expect(trust.condition[0].values).toEqual(['system:serviceaccount:kube-system:cluster-autoscaler']);
  });

  test('SetDesiredCapacity and TerminateInstanceInAutoScalingGroup only on groups tagged for this cluster (the book: any group)', () => {
    const [discover, scale] = aws.data!.aws_iam_policy_document.cluster_autoscaler_controller_inline_policy_document.statement;
    expect(discover.actions).toContain('autoscaling:DescribeAutoScalingGroups');
    expect(discover.condition).toBeUndefined();
    expect(scale).toMatchObject({
      actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      resources: ['*'],
      condition: [
        { test: 'StringEquals', variable: 'aws:ResourceTag/k8s.io/cluster-autoscaler/autoscaler-cluster', values: ['owned'] },
        { test: 'StringEquals', variable: 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled', values: ['true'] },
      ],
    });
  });

  test('eks:DescribeNodegroup on this cluster\'s node groups only (the upstream README: on "*")', () => {
    const statements = aws.data!.aws_iam_policy_document.cluster_autoscaler_controller_inline_policy_document.statement;
    expect(statements.filter((s: any) => s.actions.includes('eks:DescribeNodegroup'))).toEqual([
      { sid: 'DescribeThisClustersNodeGroups', effect: 'Allow', actions: ['eks:DescribeNodegroup'], resources: [`arn:${ref('data.aws_partition.partition.partition')}:eks:*:*:nodegroup/autoscaler-cluster/*/*`] },
    ]);
  });

  test('the book\'s node group: 1/1/10 t3.small with its labels and discovery tags', () => {
    const ng = aws.resource!.aws_eks_node_group.node_group_autoscaler_cluster_ng_group;
    expect(ng).toMatchObject({
      node_group_name: 'autoscaler-cluster-ng',
      scaling_config: { min_size: 1, desired_size: 1, max_size: 10 },
      labels: { 'cluster-autoscaling-nodes': 'autoscaler-cluster', 'cluster-autoscaling': 'true' },
      tags: { 'k8s.io/cluster-autoscaler/enabled': 'true', 'k8s.io/cluster-autoscaler/autoscaler-cluster': 'owned' },
    });
  });

  test('chart cluster-autoscaler 9.59.0 from kubernetes.github.io/autoscaler in kube-system', () => {
    expect(release).toMatchObject({ chart: 'cluster-autoscaler', repository: 'https://kubernetes.github.io/autoscaler', version: '9.59.0', namespace: 'kube-system' });
  });

  test('values: auto-discovery by cluster name, region, an image of the cluster minor (1.35), the book\'s flags and requests, the IRSA annotation', () => {
    expect(releaseValues(release)).toEqual({
      cloudProvider: 'aws',
      awsRegion: 'us-east-1',
      autoDiscovery: { clusterName: remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_name') },
      image: { tag: 'v1.35.2' },
      rbac: {
        serviceAccount: {
          create: true,
          name: 'cluster-autoscaler',
          annotations: { 'eks.amazonaws.com/role-arn': remote('cross_stack_output_aws_iam_role_cluster_autoscaler_controller_role_arn') },
        },
      },
      extraArgs: { 'balance-similar-node-groups': true, 'skip-nodes-with-system-pods': false, 'skip-nodes-with-local-storage': false, expander: 'least-waste' },
      resources: { requests: { cpu: '100m', memory: '600Mi' }, limits: { memory: '600Mi' } },
    });
  });

  test('sample: the inflate Deployment at zero replicas, one vCPU per pod, after the chart', () => {
    expect(app.stacks.kubernetes.resource!.helm_release.cluster_autoscaler_sample_chart_release.depends_on).toEqual(['helm_release.cluster_autoscaler_chart_release']);
    const [inflate] = manifestObjects(app, 'kubernetes', 'cluster_autoscaler_sample_chart_release');
    expect(inflate).toMatchObject({ kind: 'Deployment', metadata: { name: 'inflate' }, spec: { replicas: 0 } });
    expect(inflate.spec.template.spec.containers[0]).toMatchObject({ image: 'public.ecr.aws/eks-distro/kubernetes/pause:3.7', resources: { requests: { cpu: '1' } } });
  });
});

describe('Cluster Autoscaler image and flags', () => {
  test.each(Object.entries(CLUSTER_AUTOSCALER_IMAGE_TAGS))('Kubernetes %s runs image %s', (version, tag) => {
    expect(tag.startsWith(`v${version}.`)).toBe(true);
    const { stacks } = synthApp('default', { clusterVersion: version, ...IRSA, controllers: { clusterAutoscaler: {} } });
    expect(releaseValues(stacks.kubernetes.resource!.helm_release.cluster_autoscaler_chart_release).image).toEqual({ tag });
  });

  test('imageTag, expander, flags and values from the configuration; Pod Identity leaves the account unannotated', () => {
    const { stacks } = synthApp('default', {
      controllers: { clusterAutoscaler: { imageTag: 'v1.35.0', expander: 'random', balanceSimilarNodeGroups: false, values: { replicaCount: 2 } } },
    });
    const values = releaseValues(stacks.kubernetes.resource!.helm_release.cluster_autoscaler_chart_release);
    expect(values).toMatchObject({ image: { tag: 'v1.35.0' }, replicaCount: 2, extraArgs: { expander: 'random', 'balance-similar-node-groups': false } });
    expect(values.rbac.serviceAccount.annotations).toEqual({});
    expect(Object.values<any>(stacks.aws.resource!.aws_eks_pod_identity_association)).toEqual([expect.objectContaining({ namespace: 'kube-system', service_account: 'cluster-autoscaler' })]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      "an image of another minor (the book's v1.26.2 on a newer cluster)",
      { controllers: { clusterAutoscaler: { imageTag: 'v1.26.2' } } },
      `'controllers.clusterAutoscaler.imageTag' ("v1.26.2") must be a 1.35 release: the Cluster Autoscaler's minor version must match the cluster's`,
    ],
    [
      'a Kubernetes version the image table does not know, without imageTag',
      { clusterVersion: '1.32', controllers: { clusterAutoscaler: {} } },
      `'controllers.clusterAutoscaler.imageTag' is required for Kubernetes 1.32: the image table (src/controllers/cluster-autoscaler/image-tags.ts) knows 1.33, 1.34, 1.35, 1.36`,
    ],
    ['an image tag that is no version', { controllers: { clusterAutoscaler: { imageTag: 'latest' } } }, `'controllers.clusterAutoscaler.imageTag' ("latest") must be a Cluster Autoscaler image tag such as "v1.35.2"`],
    ['an unknown expander', { controllers: { clusterAutoscaler: { expander: 'cheapest' } } }, `'controllers.clusterAutoscaler.expander' ("cheapest") must be one of "least-waste", "most-pods", "random", "priority", "price"`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(expected);
  });
});
