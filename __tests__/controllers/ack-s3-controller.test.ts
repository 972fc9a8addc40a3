import { ACK_S3_BUCKET_ACTIONS, AckS3ControllerRole } from '../../src/controllers/ack-s3-controller/ack-s3-controller-role';
import { ACK_S3_CHART } from '../../src/controllers/ack-s3-controller/ack-s3-controller';
import { bucketNameProblem, bucketNamePrefixProblem, defaultBucketNamePrefix } from '../../src/controllers/ack-s3-controller/buckets';
import { emptyStack, manifestObjects, ref, releaseValues, synthApp, validationLines } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
const NO_AGENT = { addons: { 'eks-pod-identity-agent': null } };
const POD_IDENTITY = { mechanism: 'pod-identity' as const, clusterName: 'demo', podIdentityAgent: undefined };

describe('ACK S3 controller (preset chapter08)', () => {
  const app = synthApp('chapter08');
  const aws = app.stacks.aws;
  const k8s = app.stacks.kubernetes;
  const release = k8s.resource!.helm_release.ack_s3_controller_chart_release;

  test('role <cluster>-ack-s3-controller trusted through IRSA by ack-system/ack-service-account (chapter15-irsa\'s subject), with sub and aud', () => {
    expect(aws.resource!.aws_iam_role.ack_s3_controller_controller_role.name).toBe('public-endpoint-cluster-ack-s3-controller');
    const trust = aws.data!.aws_iam_policy_document.ack_s3_controller_controller_trust.statement[0];
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust.principals).toEqual([{ type: 'Federated', identifiers: [ref('aws_iam_openid_connect_provider.oidc_provider_provider.arn')] }]);
    expect(trust.condition.map((c: any) => c.values)).toEqual([['system:serviceaccount:ack-system:ack-service-account'], ['sts.amazonaws.com']]);
    expect(aws.resource!.aws_eks_pod_identity_association).toBeUndefined();
  });

  test('permissions: the bucket actions (no object action, no "s3:*") on buckets named public-endpoint-cluster-…, and ListAllMyBuckets; no managed policy', () => {
    expect(aws.data!.aws_iam_policy_document.ack_s3_controller_controller_inline_policy_document.statement).toEqual([
      { sid: 'ListBuckets', effect: 'Allow', actions: ['s3:ListAllMyBuckets'], resources: ['*'] },
      { sid: 'ManagePrefixedBuckets', effect: 'Allow', actions: ACK_S3_BUCKET_ACTIONS, resources: [`arn:${ref('data.aws_partition.partition.partition')}:s3:::public-endpoint-cluster-*`] },
    ]);
    const attached = Object.keys(aws.resource!.aws_iam_role_policy_attachment).filter((a) => a.startsWith('ack_s3_controller'));
    expect(attached).toEqual([]);
  });

  test('chart s3-chart 1.10.0 from the OCI registry public.ecr.aws/aws-controllers-k8s, release ack-s3-controller in ack-system (the book\'s)', () => {
    expect(release).toMatchObject({
      name: 'ack-s3-controller',
      chart: 's3-chart',
      repository: 'oci://public.ecr.aws/aws-controllers-k8s',
      version: '1.10.0',
      namespace: 'ack-system',
      create_namespace: true,
    });
    expect(ACK_S3_CHART.version).toBe('1.10.0');
    expect(release.skip_crds).toBeUndefined();
  });

  test('values: aws.region and the service account annotated with the role ARN read from the AWS stack\'s outputs', () => {
    expect(releaseValues(release)).toEqual({
      aws: { region: 'us-east-1' },
      serviceAccount: {
        create: true,
        name: 'ack-service-account',
        annotations: { 'eks.amazonaws.com/role-arn': remote('cross_stack_output_aws_iam_role_ack_s3_controller_controller_role_arn') },
      },
    });
    expect(aws.output!.cross_stack_output_aws_iam_role_ack_s3_controller_controller_role_arn.value).toBe(ref('aws_iam_role.ack_s3_controller_controller_role.arn'));
    expect(aws.output!.service_account_role_arns.value).toEqual({ 'controller-ack-s3-controller': ref('aws_iam_role.ack_s3_controller_controller_role.arn') });
  });

  test('every reference of the Kubernetes stack to the AWS stack is one of its outputs', () => {
    const used = new Set([...JSON.stringify(k8s).matchAll(/cross_stack_reference_input_aws\.outputs\.(\w+)/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(2);
    expect([...used].filter((o) => !(o in aws.output!))).toEqual([]);
  });

  test('sample: pod/s3.yml\'s Bucket ack-s3, named public-endpoint-cluster-ack-s3 in S3 (bucket names are global), after the controller', () => {
    const sample = k8s.resource!.helm_release.ack_s3_controller_sample_chart_release;
    expect(sample).toMatchObject({ name: 'chapter08-ack-s3', namespace: 'default', depends_on: ['helm_release.ack_s3_controller_chart_release'] });
    expect(manifestObjects(app, 'kubernetes', 'ack_s3_controller_sample_chart_release')).toEqual([
      { apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', metadata: { name: 'ack-s3', namespace: 'default' }, spec: { name: 'public-endpoint-cluster-ack-s3' } },
    ]);
  });
});

describe('ACK S3 controller through Pod Identity', () => {
  test('an association for ack-system/ack-service-account, nothing on the service account, and no sample by default', () => {
    const { stacks } = synthApp('default', { controllers: { ackS3Controller: {} } });
    expect(Object.values<any>(stacks.aws.resource!.aws_eks_pod_identity_association)).toEqual([
      expect.objectContaining({ namespace: 'ack-system', service_account: 'ack-service-account', role_arn: ref('aws_iam_role.ack_s3_controller_controller_role.arn') }),
    ]);
    expect(stacks.aws.resource!.aws_iam_role.ack_s3_controller_controller_role.name).toBe('eks-default-ack-s3-controller');
    expect(releaseValues(stacks.kubernetes.resource!.helm_release.ack_s3_controller_chart_release).serviceAccount).toEqual({ create: true, name: 'ack-service-account', annotations: {} });
    expect(Object.keys(stacks.kubernetes.resource!.helm_release)).toEqual(['ack_s3_controller_chart_release']);
  });

  test('AmazonS3FullAccess (ACK\'s recommended policy) through awsManagedPolicyArn, no inline policy; the sample keeps the cluster-named default', () => {
    const app = synthApp('default', { controllers: { ackS3Controller: { permissions: 'AmazonS3FullAccess', sampleApp: true } } });
    const { stacks } = app;
    expect(stacks.aws.resource!.aws_iam_role_policy_attachment.ack_s3_controller_controller_policy_AmazonS3FullAccess).toEqual(
      expect.objectContaining({ role: ref('aws_iam_role.ack_s3_controller_controller_role.name'), policy_arn: `arn:${ref('data.aws_partition.partition.partition')}:iam::aws:policy/AmazonS3FullAccess` }),
    );
    expect(Object.keys(stacks.aws.resource!.aws_iam_role_policy).filter((p) => p.startsWith('ack_s3_controller'))).toEqual([]);
    expect(manifestObjects(app, 'kubernetes', 'ack_s3_controller_sample_chart_release')[0].spec).toEqual({ name: 'eks-default-ack-s3' });
  });

  test('serviceAccountName, roleName, version, bucketNamePrefix, sampleBucketName and merged values reach both stacks', () => {
    const app = synthApp('default', {
      controllers: {
        ackS3Controller: {
          serviceAccountName: 'ack-s3-controller',
          roleName: 'ack-s3',
          version: '1.11.0',
          bucketNamePrefix: 'acme-team-a-',
          sampleApp: true,
          sampleBucketName: 'acme-team-a-chapter08',
          values: { deployment: { replicas: 2 }, leaderElection: { enabled: true }, aws: { endpoint_url: '' } },
        },
      },
    });
    const { aws, kubernetes } = app.stacks;
    expect(aws.resource!.aws_iam_role.ack_s3_controller_controller_role.name).toBe('ack-s3');
    expect(Object.values<any>(aws.resource!.aws_eks_pod_identity_association)[0].service_account).toBe('ack-s3-controller');
    expect(aws.data!.aws_iam_policy_document.ack_s3_controller_controller_inline_policy_document.statement[1].resources).toEqual([
      `arn:${ref('data.aws_partition.partition.partition')}:s3:::acme-team-a-*`,
    ]);
    const release = kubernetes.resource!.helm_release.ack_s3_controller_chart_release;
    expect(release.version).toBe('1.11.0');
    expect(releaseValues(release)).toEqual({
      aws: { region: 'us-east-1', endpoint_url: '' },
      serviceAccount: { create: true, name: 'ack-s3-controller', annotations: {} },
      deployment: { replicas: 2 },
      leaderElection: { enabled: true },
    });
    expect(manifestObjects(app, 'kubernetes', 'ack_s3_controller_sample_chart_release')[0].spec).toEqual({ name: 'acme-team-a-chapter08' });
  });
});

describe('ACK S3 bucket names', () => {
  test.each([
    ['eks-default', 'eks-default-'],
    ['My_Cluster', 'my-cluster-'],
    ['a'.repeat(100), `${'a'.repeat(40)}-`],
  ])('the default prefix of cluster %s is %s', (cluster, prefix) => {
    expect(defaultBucketNamePrefix(cluster)).toBe(prefix);
    expect(bucketNamePrefixProblem(prefix)).toBeUndefined();
  });

  test.each<[string, string | undefined]>([
    ['ack-s3', undefined],
    ['my.bucket-1', undefined],
    ['ab', 'must be an S3 bucket name: 3 to 63'],
    ['a'.repeat(64), 'must be an S3 bucket name: 3 to 63'],
    ['Ack-S3', 'must be an S3 bucket name'],
    ['ack_s3', 'must be an S3 bucket name'],
    ['-ack-s3', 'must be an S3 bucket name'],
    ['my..bucket', 'must not hold two adjacent periods'],
    ['192.168.5.4', 'must not be formatted as an IP address'],
    ['xn--bucket', 'must not start with "xn--", "sthree-", "amzn-s3-demo-"'],
    ['sthree-bucket', 'must not start with'],
    ['bucket-s3alias', 'must not end with "-s3alias"'],
    ['bucket--ol-s3', 'must not end with'],
  ])('bucket name %s: %s', (name, problem) => {
    if (problem === undefined) expect(bucketNameProblem(name)).toBeUndefined();
    else expect(bucketNameProblem(name)).toContain(problem);
  });
});

describe('ACK S3 controller: bad input', () => {
  test.each<[string, Record<string, unknown>, string]>([
    [
      'IRSA without the OIDC provider',
      { controllers: { ackS3Controller: { mechanism: 'irsa' } } },
      `'controllers.ackS3Controller.mechanism' ("irsa") needs the cluster's OIDC provider: set 'oidcProvider.enabled' to true, or use "pod-identity"`,
    ],
    [
      'Pod Identity without the agent',
      { ...NO_AGENT, controllers: { ackS3Controller: {} } },
      `'workloadIdentity' ("pod-identity") needs the eks-pod-identity-agent add-on (for 'controllers.ackS3Controller'): add 'addons.eks-pod-identity-agent', or use "irsa"`,
    ],
    ['an unpinned chart version', { controllers: { ackS3Controller: { version: 'latest' } } }, `'controllers.ackS3Controller.version' ("latest") must be an exact chart version such as "1.2.3" (no ranges, no "latest")`],
    ['a partial chart version', { controllers: { ackS3Controller: { version: '1.12' } } }, `'controllers.ackS3Controller.version' ("1.12") must be an exact chart version`],
    ['an unknown permissions value', { controllers: { ackS3Controller: { permissions: 'AmazonS3ReadOnlyAccess' } } }, `'controllers.ackS3Controller.permissions' ("AmazonS3ReadOnlyAccess") must be one of "bucket-prefix", "AmazonS3FullAccess"`],
    [
      'a bucket name prefix S3 refuses',
      { controllers: { ackS3Controller: { bucketNamePrefix: 'Team_A-' } } },
      `'controllers.ackS3Controller.bucketNamePrefix' ("Team_A-") must be the start of S3 bucket names: 1 to 62 lower-case letters, digits, "." and "-", starting with a letter or digit`,
    ],
    ['a reserved bucket name prefix', { controllers: { ackS3Controller: { bucketNamePrefix: 'xn--team' } } }, `'controllers.ackS3Controller.bucketNamePrefix' ("xn--team") must not start with "xn--"`],
    ['an empty bucket name prefix', { controllers: { ackS3Controller: { bucketNamePrefix: '' } } }, `'controllers.ackS3Controller.bucketNamePrefix' ("") must be the start of S3 bucket names`],
    ['a sample bucket name S3 refuses', { controllers: { ackS3Controller: { sampleApp: true, sampleBucketName: 'eks-default-ACK' } } }, `'controllers.ackS3Controller.sampleBucketName' ("eks-default-ACK") must be an S3 bucket name: 3 to 63`],
    [
      'a prefix with AmazonS3FullAccess',
      { controllers: { ackS3Controller: { permissions: 'AmazonS3FullAccess', bucketNamePrefix: 'team-a-' } } },
      `'controllers.ackS3Controller.bucketNamePrefix' ("team-a-") cannot be combined with 'permissions' "AmazonS3FullAccess" (every bucket of the account); remove one`,
    ],
    [
      'a sample bucket outside the prefix',
      { controllers: { ackS3Controller: { sampleApp: true, sampleBucketName: 'ack-s3-demo' } } },
      `'controllers.ackS3Controller.sampleBucketName' ("ack-s3-demo") must start with 'bucketNamePrefix' ("eks-default-"): the controller's role reaches only buckets named so`,
    ],
    ['a sample bucket name without the sample', { controllers: { ackS3Controller: { sampleBucketName: 'eks-default-x' } } }, `'controllers.ackS3Controller.sampleBucketName' ("eks-default-x") needs 'sampleApp' true`],
    [
      'a default prefix S3 refuses (cluster name xn--…)',
      { clusterName: 'xn--demo', controllers: { ackS3Controller: {} } },
      `'controllers.ackS3Controller.bucketNamePrefix' is required: the default made of the cluster name ("xn--demo-") must not start with "xn--"`,
    ],
    [
      'a default sample bucket name longer than 63 characters',
      { controllers: { ackS3Controller: { bucketNamePrefix: `${'a'.repeat(59)}-`, sampleApp: true } } },
      `'controllers.ackS3Controller.sampleBucketName' is required: the default ("${'a'.repeat(59)}-ack-s3") must be an S3 bucket name: 3 to 63`,
    ],
    ['a service account name Kubernetes refuses', { controllers: { ackS3Controller: { serviceAccountName: 'ACK' } } }, `'controllers.ackS3Controller.serviceAccountName' ("ACK") must be a Kubernetes service account name`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(expected);
  });

  test('AckS3ControllerRole (TypeScript API) throws on bucket-prefix without a prefix and on an invalid one', () => {
    const role = (props: Partial<ConstructorParameters<typeof AckS3ControllerRole>[2]>) => () =>
      new AckS3ControllerRole(emptyStack(), 'ack', { roleName: 'ack', identity: POD_IDENTITY, ...props });
    expect(validationLines(role({})).join('\n')).toContain(`'bucketNamePrefix' is required with 'permissions' "bucket-prefix"`);
    expect(validationLines(role({ bucketNamePrefix: 'A' })).join('\n')).toContain(`'bucketNamePrefix' ("A") must be the start of S3 bucket names`);
  });
});
