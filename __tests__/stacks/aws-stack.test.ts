import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { ReadableIdStack } from '../../src/stacks/readable-ids';
import { presetAsIs, ref, synthJson, synthPreset, testApp, validationLines } from '../helpers/synth';

describe('AwsStack provider', () => {
  test('region from the configuration and default tags: cluster, managed-by and user tags', () => {
    const { json } = synthPreset('default', { region: 'eu-central-1', tags: { team: 'platform', 'cost-center': '42' } });
    expect(json.provider!.aws).toEqual([
      { region: 'eu-central-1', default_tags: [{ tags: { cluster: 'eks-default', 'managed-by': 'cdktf', team: 'platform', 'cost-center': '42' } }] },
    ]);
  });

  test('region from AWS_REGION when the configuration has none', () => {
    expect(synthPreset('default', {}, { AWS_REGION: 'ap-southeast-2' }).json.provider!.aws[0].region).toBe('ap-southeast-2');
  });

  test('pins the AWS provider to the version of the prebuilt bindings', () => {
    expect(presetAsIs('default').json.terraform!.required_providers.aws).toEqual({ source: 'aws', version: '5.100.0' });
  });
});

describe('AwsStack outputs', () => {
  const { json } = presetAsIs('default');
  test.each([
    ['cluster_name', ref('aws_eks_cluster.control_plane_cluster.name')],
    ['cluster_endpoint', ref('aws_eks_cluster.control_plane_cluster.endpoint')],
    ['cluster_certificate_authority_data', ref('aws_eks_cluster.control_plane_cluster.certificate_authority[0].data')],
    ['cluster_oidc_issuer_url', ref('aws_eks_cluster.control_plane_cluster.identity[0].oidc[0].issuer')],
    ['cluster_security_group_id', ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id')],
    ['node_role_arn', ref('aws_iam_role.nodes_role.arn')],
    ['vpc_id', ref('aws_vpc.network_vpc.id')],
    ['private_subnet_ids', [ref('aws_subnet.network_private_subnet_1.id'), ref('aws_subnet.network_private_subnet_2.id')]],
    ['public_subnet_ids', [ref('aws_subnet.network_public_subnet_1.id'), ref('aws_subnet.network_public_subnet_2.id')]],
    ['kubeconfig_command', 'aws eks update-kubeconfig --region us-east-1 --name ' + ref('aws_eks_cluster.control_plane_cluster.name')],
  ])('%s', (name, value) => {
    expect(json.output![name].value).toEqual(value);
    expect(json.output![name].description).toEqual(expect.any(String));
  });
});

describe('AwsStack composition', () => {
  test('the control plane ENIs and the nodes use the private subnets', () => {
    const { json } = presetAsIs('default');
    const privateIds = [ref('aws_subnet.network_private_subnet_1.id'), ref('aws_subnet.network_private_subnet_2.id')];
    expect(json.resource!.aws_eks_cluster.control_plane_cluster.vpc_config.subnet_ids).toEqual(privateIds);
    expect(json.resource!.aws_eks_node_group.node_group_default_group.subnet_ids).toEqual(privateIds);
  });

  test('a node group in public subnets when asked for', () => {
    const { json } = synthPreset('default', { nodeGroups: { edge: { subnets: 'public' } } });
    expect(json.resource!.aws_eks_node_group.node_group_edge_group.subnet_ids).toEqual([
      ref('aws_subnet.network_public_subnet_1.id'),
      ref('aws_subnet.network_public_subnet_2.id'),
    ]);
  });

  test('node groups follow the cluster version and name, so they are created after it', () => {
    const ng = presetAsIs('default').json.resource!.aws_eks_node_group.node_group_default_group;
    expect(ng.cluster_name).toBe(ref('aws_eks_cluster.control_plane_cluster.name'));
    expect(ng.version).toBe(ref('aws_eks_cluster.control_plane_cluster.version'));
  });

  test('node role settings: name and extra managed policies', () => {
    const { json } = synthPreset('default', { nodeRole: { roleName: 'custom-nodes', extraManagedPolicies: ['CloudWatchAgentServerPolicy'] } });
    expect(json.resource!.aws_iam_role.nodes_role.name).toBe('custom-nodes');
    expect(json.resource!.aws_iam_role_policy_attachment.nodes_CloudWatchAgentServerPolicy).toBeDefined();
  });
});

describe('AwsStack logging and encryption', () => {
  test('VPC flow logs encrypted with the cluster key by default', () => {
    const { json } = presetAsIs('default');
    expect(json.resource!.aws_flow_log.flow_logs_flow_log.vpc_id).toBe(ref('aws_vpc.network_vpc.id'));
    expect(json.resource!.aws_cloudwatch_log_group.flow_logs_log_group.kms_key_id).toBe(ref('aws_kms_key.control_plane_cluster_key_key.arn'));
  });

  test('flow logs can be configured or turned off', () => {
    expect(synthPreset('default', { network: { flowLogs: { trafficType: 'REJECT', retentionDays: 90 } } }).json.resource!.aws_flow_log.flow_logs_flow_log.traffic_type).toBe('REJECT');
    expect(synthPreset('default', { network: { flowLogs: { enabled: false } } }).json.resource!.aws_flow_log).toBeUndefined();
  });

  test('control plane logging and secrets encryption settings reach the cluster', () => {
    const { json } = synthPreset('default', { controlPlane: { enabledClusterLogTypes: ['audit'], encryptSecrets: false } });
    const cluster = json.resource!.aws_eks_cluster.control_plane_cluster;
    expect(cluster.enabled_cluster_log_types).toEqual(['audit']);
    expect(cluster.encryption_config).toBeUndefined();
  });
});

describe('AwsStack errors name configuration fields', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['node sizes', { nodeGroups: { default: { minSize: 3, desiredSize: 2 } } }, `'nodeGroups.default.minSize' (3) must be <= 'desiredSize' (2)`],
    ['an unsupported Kubernetes version', { clusterVersion: '1.30' }, `'clusterVersion' ("1.30") is not a Kubernetes version EKS offers for new clusters`],
    ['subnets outside the VPC', { network: { vpcCidr: '10.1.0.0/16', privateSubnetCidrs: ['10.0.0.0/24', '10.1.1.0/24'] } }, `'network.privateSubnetCidrs.0' ("10.0.0.0/24") is outside the VPC block 'vpcCidr' (10.1.0.0/16)`],
    ['fewer than two zones', { network: { availabilityZones: ['use1-az1'] } }, `'network.availabilityZones' (["use1-az1"]) must list at least two zones`],
    ['a public list on the private endpoint', { controlPlane: { publicAccessCidrs: ['203.0.113.0/24'] } }, `'controlPlane.publicAccessCidrs' (["203.0.113.0/24"]) applies only to endpointAccess "public" or "hybrid"`],
    ['a region without derivable zones', { region: 'xx-test-1', skipRegionValidation: true }, `'network.availabilityZones' must be set for region "xx-test-1"`],
    ['an unknown flow log setting', { network: { flowLogs: { bucket: 'x' } } }, `'network.flowLogs.bucket' is not a known setting; allowed here: enabled, trafficType, retentionDays`],
  ])('%s', (_case, settings, expected) => {
    expect(validationLines(() => synthPreset('default', settings)).join('\n')).toContain(expected);
  });

  test('a restricted public endpoint is one settings block away from the default', () => {
    const { json } = synthPreset('default', { controlPlane: { endpointAccess: 'hybrid', publicAccessCidrs: ['203.0.113.10/32'] } });
    expect(json.resource!.aws_eks_cluster.control_plane_cluster.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: ['203.0.113.10/32'],
    });
  });
});

describe('backends', () => {
  test('local state in the project directory, written as a relative path', () => {
    const { json } = presetAsIs('default');
    expect(json.terraform!.backend).toEqual({ local: { path: '../../../terraform.eks-default-aws.tfstate' } });
    expect(JSON.stringify(json)).not.toContain(process.cwd());
  });

  test('a configured local path stays relative to the project', () => {
    expect(synthPreset('default', { backend: { type: 'local', path: 'state/eks.tfstate' } }).json.terraform!.backend).toEqual({ local: { path: '../../../state/eks.tfstate' } });
  });

  test('S3 with native locking and encryption; key named after cluster and stack', () => {
    const { json } = synthPreset('default', { backend: { type: 's3', bucket: 'acme-tfstate' } });
    expect(json.terraform!.backend).toEqual({
      s3: { bucket: 'acme-tfstate', key: 'eks-default-aws.tfstate', region: 'us-east-1', encrypt: true, use_lockfile: true },
    });
  });

  test('S3 with its own region, key, KMS key and the lock file turned off', () => {
    const { json } = synthPreset('default', {
      backend: { type: 's3', bucket: 'tf-state', key: 'k/eks.tfstate', region: 'eu-west-1', kmsKeyId: 'alias/tf', useLockfile: false },
    });
    expect(json.terraform!.backend.s3).toEqual({ bucket: 'tf-state', key: 'k/eks.tfstate', region: 'eu-west-1', encrypt: true, kms_key_id: 'alias/tf', use_lockfile: false });
  });

  test('Terraform Cloud with a named workspace (defaulting to the state name)', () => {
    const { json } = synthPreset('default', { backend: { type: 'cloud', organization: 'acme' } });
    expect(json.terraform!.cloud).toEqual({ organization: 'acme', workspaces: { name: 'eks-default-aws' } });
    expect(json.terraform!.backend).toBeUndefined();
  });

  test('Terraform Cloud from TF_CLOUD_* variables, with tags and project on Terraform Enterprise', () => {
    const { json } = synthPreset('default', { backend: { type: 'cloud', workspaceTags: ['eks', 'prod'] } }, { TF_CLOUD_ORGANIZATION: 'acme', TF_CLOUD_HOSTNAME: 'tfe.acme.io', TF_CLOUD_PROJECT: 'platform' });
    expect(json.terraform!.cloud).toEqual({ organization: 'acme', hostname: 'tfe.acme.io', workspaces: { tags: ['eks', 'prod'], project: 'platform' } });
  });
});

describe('Terraform addresses', () => {
  test('resources are addressed by their construct path', () => {
    const stack = new ReadableIdStack(testApp(), 's');
    const group = new Construct(stack, 'my-module');
    new Vpc(group, 'main-vpc', { cidrBlock: '10.0.0.0/16' });
    expect(Object.keys(synthJson(stack).resource!.aws_vpc)).toEqual(['my_module_main_vpc']);
  });

  test('throws on two constructs that would share an address, naming both, before anything is written', () => {
    const stack = new ReadableIdStack(testApp(), 's');
    new Vpc(stack, 'a-b', { cidrBlock: '10.0.0.0/16' });
    new Vpc(new Construct(stack, 'a'), 'b', { cidrBlock: '10.1.0.0/16' });
    expect(validationLines(() => stack.assertUniqueAddresses())).toEqual([
      `'s/a/b' ("a_b") has the Terraform address of 's/a-b' too ("-", "/" and other characters but letters, digits and "_" become "_"); rename one of the two construct ids`,
    ]);
  });

  test('in-memory synthesis is deterministic', () => {
    expect(JSON.stringify(synthPreset('default').json)).toBe(JSON.stringify(synthPreset('default').json));
  });
});
