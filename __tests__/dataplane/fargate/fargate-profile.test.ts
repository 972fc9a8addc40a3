// FargateProfile: the profile, its pod execution role (trusted by Fargate for this cluster's
// profiles only) and the managed policy, with every default and validation rule.
import { FargateProfile, FargateProfileProps } from '../../../src/dataplane/fargate/fargate-profile';
import { emptyStack, ref, resolved, synthJson, validationLines } from '../../helpers/synth';

const CLUSTER = { clusterName: 'demo', clusterArn: 'arn:aws:eks:eu-west-1:123456789012:cluster/demo' };

function profile(props: Partial<FargateProfileProps> = {}) {
  const stack = emptyStack();
  const p = new FargateProfile(stack, 'batch', {
    cluster: CLUSTER,
    profileName: 'batch',
    selectors: [{ namespace: 'batch' }],
    subnetIds: ['subnet-a', 'subnet-b'],
    podExecutionRoleName: 'demo-fargate-batch',
    ...props,
  });
  return { stack, profile: p, json: synthJson(stack) };
}

describe('FargateProfile', () => {
  test('the profile: cluster, name, private subnets, selectors, the role, after its policy is attached', () => {
    const { json } = profile({ selectors: [{ namespace: 'batch' }, { namespace: 'jobs', labels: { fargate: 'true' } }] });
    expect(json.resource!.aws_eks_fargate_profile.batch_profile).toEqual({
      cluster_name: 'demo',
      fargate_profile_name: 'batch',
      pod_execution_role_arn: ref('aws_iam_role.batch_pod_execution_role.arn'),
      subnet_ids: ['subnet-a', 'subnet-b'],
      selector: [{ namespace: 'batch' }, { namespace: 'jobs', labels: { fargate: 'true' } }],
      tags: {},
      depends_on: ['aws_iam_role_policy_attachment.batch_pod_execution_policy'],
    });
  });

  test('the pod execution role is assumed by eks-fargate-pods.amazonaws.com for the profiles of this cluster only', () => {
    const { json } = profile();
    expect(json.resource!.aws_iam_role.batch_pod_execution_role).toMatchObject({ name: 'demo-fargate-batch', assume_role_policy: ref('data.aws_iam_policy_document.batch_trust.json') });
    expect(json.data!.aws_iam_policy_document.batch_trust.statement).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['eks-fargate-pods.amazonaws.com'] }],
        condition: [{ test: 'ArnLike', variable: 'aws:SourceArn', values: ['${replace("arn:aws:eks:eu-west-1:123456789012:cluster/demo", ":cluster/", ":fargateprofile/")}/*'] }],
      },
    ]);
  });

  test('the role has AmazonEKSFargatePodExecutionRolePolicy, by the partition', () => {
    const { json } = profile();
    expect(json.resource!.aws_iam_role_policy_attachment.batch_pod_execution_policy).toEqual({
      role: ref('aws_iam_role.batch_pod_execution_role.name'),
      policy_arn: 'arn:${data.aws_partition.partition.partition}:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy',
    });
  });

  test('tags on the profile and the role; none by default', () => {
    expect(profile().json.resource!.aws_iam_role.batch_pod_execution_role.tags).toEqual({});
    const { json } = profile({ tags: { team: 'data' } });
    expect(json.resource!.aws_eks_fargate_profile.batch_profile.tags).toEqual({ team: 'data' });
    expect(json.resource!.aws_iam_role.batch_pod_execution_role.tags).toEqual({ team: 'data' });
  });

  test('attributes: name, ARN and the role\'s ARN', () => {
    const { profile: p, stack } = profile();
    expect(resolved(stack, [p.profileName, p.profileArn, p.podExecutionRoleArn])).toEqual([
      ref('aws_eks_fargate_profile.batch_profile.fargate_profile_name'),
      ref('aws_eks_fargate_profile.batch_profile.arn'),
      ref('aws_iam_role.batch_pod_execution_role.arn'),
    ]);
  });

  test.each<[string, Partial<FargateProfileProps>, string]>([
    ['no selector', { selectors: [] }, `'selectors' ([]) must list at least one selector`],
    [
      'six selectors',
      { selectors: ['a', 'b', 'c', 'd', 'e', 'f'].map((namespace) => ({ namespace })) },
      `must list at most 5 selectors (an EKS limit per Fargate profile)`,
    ],
    ['a namespace that is no DNS label', { selectors: [{ namespace: 'Batch_Jobs' }] }, `'selectors.0.namespace' ("Batch_Jobs") must be a Kubernetes namespace name`],
    ['a label that is no Kubernetes label', { selectors: [{ namespace: 'batch', labels: { 'bad key!': 'x' } }] }, `'selectors.0.labels.bad key!'`],
    ['a profile name EKS refuses', { profileName: '-batch' }, `'profileName' ("-batch") must be 1 to 63 letters, digits, "-" or "_", starting with a letter or digit`],
    ['no subnet', { subnetIds: [] }, `'subnetIds' ([]) must list at least one subnet`],
    ['a role name IAM refuses', { podExecutionRoleName: 'x'.repeat(65) }, `'podExecutionRoleName'`],
  ])('throws on %s, naming the field', (_case, props, message) => {
    expect(validationLines(() => profile(props))).toEqual([expect.stringContaining(message)]);
  });
});
