import { synthApp, validationLines } from '../helpers/synth';

const ALICE = { userarn: 'arn:aws:iam::123456789012:user/alice', username: 'alice', groups: ['readonly-group'] };
const CONFIG_MAP = { controlPlane: { accessConfig: { authenticationMode: 'CONFIG_MAP' } } };
const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';

describe('Kubernetes stack', () => {
  test('not synthesized when the configuration has nothing for it', () => {
    expect(Object.keys(synthApp('default').stacks)).toEqual(['aws']);
    expect(Object.keys(synthApp('default', { kubernetes: { auth: 'token' } }).stacks)).toEqual(['aws']);
  });

  const { stacks } = synthApp('default', { ...CONFIG_MAP, kubernetes: { awsAuth: { mapUsers: [ALICE] } } });
  const k8s = stacks.kubernetes;

  test('reads the cluster from the AWS stack\'s state, with its own local state file', () => {
    expect(k8s.data!.terraform_remote_state.cross_stack_reference_input_aws).toMatchObject({
      backend: 'local',
      config: { path: '../../../terraform.eks-default-aws.tfstate' },
    });
    expect(k8s.terraform!.backend).toEqual({ local: { path: '../../../terraform.eks-default-kubernetes.tfstate' } });
    expect(Object.keys(stacks.aws.output!)).toEqual(expect.arrayContaining(['cross_stack_output_aws_eks_cluster_control_plane_cluster_endpoint']));
  });

  test('kubernetes provider: endpoint and CA from the AWS stack, token from `aws eks get-token`', () => {
    expect(k8s.provider!.kubernetes).toEqual([
      {
        host: remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_endpoint'),
        cluster_ca_certificate: '${base64decode(' + remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_certificate_authority_0__data').slice(2, -1) + ')}',
        exec: [
          {
            api_version: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args: ['eks', 'get-token', '--cluster-name', remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_name'), '--region', 'us-east-1', '--output', 'json'],
          },
        ],
      },
    ]);
    expect(k8s.provider!.aws).toBeUndefined();
    expect(k8s.provider!.helm).toBeUndefined();
    expect(Object.keys(k8s.terraform!.required_providers)).toEqual(['kubernetes']);
  });

  // A data source's token is read at plan time and lasts about 15 minutes: a confirmation wait or
  // a long apply ends Unauthorized (hashicorp/terraform-provider-kubernetes#1131).
  test('token auth (default with Terraform Cloud): an ephemeral aws_eks_cluster_auth token (Terraform >= 1.10), fetched at apply, and a workspace of its own', () => {
    const { stacks: s } = synthApp('default', { ...CONFIG_MAP, kubernetes: { awsAuth: { mapUsers: [ALICE] } }, backend: { type: 'cloud', organization: 'acme', workspace: 'eks-prod' } });
    const k = s.kubernetes;
    expect((k as any).ephemeral.aws_eks_cluster_auth.cluster_auth.name).toBe('${local.cluster_auth_cluster_name}');
    expect(k.locals!.cluster_auth_cluster_name).toBe(remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_name'));
    expect(k.data?.aws_eks_cluster_auth).toBeUndefined();
    expect(k.terraform!.required_version).toBe('>= 1.10.0');
    expect(k.provider!.kubernetes[0].token).toBe('${ephemeral.aws_eks_cluster_auth.cluster_auth.token}');
    expect(k.provider!.kubernetes[0].exec).toBeUndefined();
    expect(k.terraform!.cloud).toEqual({ organization: 'acme', workspaces: { name: 'eks-prod-kubernetes' } });
    expect(s.aws.terraform!.cloud).toEqual({ organization: 'acme', workspaces: { name: 'eks-prod' } });
    // It reads the AWS stack's outputs from that stack's workspace (remote state sharing in Terraform Cloud).
    expect(k.data!.terraform_remote_state.cross_stack_reference_input_aws).toMatchObject({ backend: 'remote', config: { organization: 'acme', workspaces: { name: 'eks-prod' } } });
  });

  test('throws on workspace tags with the kubernetes stack (its remote state needs the AWS workspace by name)', () => {
    const overrides = { ...CONFIG_MAP, kubernetes: { awsAuth: { mapUsers: [ALICE] } }, backend: { type: 'cloud', organization: 'acme', workspaceTags: ['eks'] } };
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(
      `'backend.workspaceTags' (["eks"]) cannot be used with the kubernetes stack: it reads the aws stack's outputs from a workspace named by 'backend.workspace' (the kubernetes stack's is that name with "-kubernetes"); set 'backend.workspace' instead`,
    );
  });

  test.each([
    [{ type: 'local', path: 'state/eks.tfstate' }, { local: { path: '../../../state/eks-kubernetes.tfstate' } }],
    [{ type: 's3', bucket: 'tf-state', key: 'eks/cluster.tfstate' }, { s3: { bucket: 'tf-state', key: 'eks/cluster-kubernetes.tfstate', region: 'us-east-1', encrypt: true, use_lockfile: true } }],
  ])('a configured %j state gets a -kubernetes twin', (backend, expected) => {
    expect(synthApp('default', { ...CONFIG_MAP, backend, kubernetes: { awsAuth: { mapUsers: [ALICE] } } }).stacks.kubernetes.terraform!.backend).toEqual(expected);
  });
});
