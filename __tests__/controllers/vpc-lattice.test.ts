import { GATEWAY_API_CRDS } from '../../src/controllers/vpc-lattice/gateway-api-crds';
import { LATTICE_POLICY_STATEMENTS } from '../../src/controllers/vpc-lattice/iam-policy';
import { manifestObjects, ref, releaseValues, resources, synthApp, validationLines } from '../helpers/synth';

const remote = (output: string) => 'data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output;
const PREFIX_LIST = 'pl-07cbd8b5e26960eac';
const AGENT = { addons: { 'eks-pod-identity-agent': {} } };

describe('VPC Lattice (preset chapter20-lattice)', () => {
  const app = synthApp('chapter20-lattice');
  const aws = app.stacks.aws;
  const releases = app.stacks.kubernetes.resource!.helm_release;

  test('role pod-identity-vpc-lattice-role with the upstream recommended policy, associated with aws-application-networking-system/gateway-api-controller', () => {
    expect(aws.resource!.aws_iam_role.vpc_lattice_controller_role.name).toBe('pod-identity-vpc-lattice-role');
    const doc = aws.data!.aws_iam_policy_document.vpc_lattice_controller_inline_policy_document.statement;
    expect(doc).toHaveLength(LATTICE_POLICY_STATEMENTS.length);
    // files/controller-installation/recommended-inline-policy.json at tag v2.1.3 of
    // aws/aws-application-networking-k8s, its first statement's actions in its order.
    expect(doc[0]).toMatchObject({ effect: 'Allow', resources: ['*'] });
    expect(doc[0].actions).toEqual([
      'vpc-lattice:*', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeTags', 'ec2:DescribeSecurityGroups',
      'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:DescribeLogGroups', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies',
      'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'tag:GetResources', 'firehose:TagDeliveryStream',
      's3:GetBucketPolicy', 's3:PutBucketPolicy', 'tag:TagResources', 'tag:UntagResources', 'acm:ListCertificates',
    ]);
    expect(doc[1]).toMatchObject({
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [`arn:${ref('data.aws_partition.partition.partition')}:iam::*:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice`],
      condition: [{ test: 'StringLike', variable: 'iam:AWSServiceName', values: ['vpc-lattice.amazonaws.com'] }],
    });
    expect(aws.resource!.aws_eks_pod_identity_association.vpc_lattice_controller_association_aws_application_networking_system_gateway_api_controller).toMatchObject({
      namespace: 'aws-application-networking-system',
      service_account: 'gateway-api-controller',
    });
  });

  test('all traffic from the VPC Lattice prefix list to the nodes (the book adds it with the CLI), and no world-open rule', () => {
    expect(aws.resource!.aws_vpc_security_group_ingress_rule.vpc_lattice_prefix_list_ingress_1).toMatchObject({
      security_group_id: ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id'),
      prefix_list_id: PREFIX_LIST,
      ip_protocol: '-1',
    });
    expect(Object.values<any>(resources(aws, 'aws_vpc_security_group_ingress_rule')).filter((r) => r.cidr_ipv4 === '0.0.0.0/0')).toEqual([]);
    expect(aws.data!.aws_ec2_managed_prefix_list).toBeUndefined();
  });

  test('service network color-app-vpc-lattice-network associated with the VPC, in Terraform (the book: CLI)', () => {
    expect(aws.resource!.aws_vpclattice_service_network.vpc_lattice_service_network).toMatchObject({ name: 'color-app-vpc-lattice-network', auth_type: 'NONE' });
    expect(aws.resource!.aws_vpclattice_service_network_vpc_association.vpc_lattice_service_network_vpc_association).toMatchObject({
      service_network_identifier: ref('aws_vpclattice_service_network.vpc_lattice_service_network.id'),
      vpc_identifier: ref('aws_vpc.network_vpc.id'),
    });
  });

  // A Helm release keeps every template in one Secret of at most 1 MiB: Envoy's gateway-crds-helm
  // v1.8.0 did not fit (envoyproxy/gateway#6105, #6471).
  test('Gateway API v1.5.1 standard channel, one kubernetes_manifest per object from the upstream file at the tag (digest checked), before the controller', () => {
    const k8s = app.stacks.kubernetes;
    expect(releases.vpc_lattice_gateway_api_crds_release).toBeUndefined();
    const sources = Object.values<any>(k8s.data!.http);
    expect(sources.map((s) => s.url.split('/').pop()).sort()).toEqual(GATEWAY_API_CRDS.files.map((f) => f.file).sort());
    for (const s of sources) {
      expect(s.url.startsWith('https://raw.githubusercontent.com/kubernetes-sigs/gateway-api/v1.5.1/config/crd/standard/')).toBe(true);
      const digest = GATEWAY_API_CRDS.files.find((f) => s.url.endsWith(f.file))!.sha256;
      expect(s.lifecycle.postcondition[0].condition).toBe(`\${self.status_code == 200 && sha256(self.response_body) == "${digest}"}`);
    }
    const manifests = Object.entries<any>(k8s.resource!.kubernetes_manifest);
    expect(manifests).toHaveLength(10);
    // Without `status`, which kubernetes_manifest refuses (hashicorp/terraform-provider-kubernetes#2739).
    for (const [, m] of manifests) expect(m.manifest).toMatch(/^\$\{\{ for k, v in yamldecode\(.*data\.http\.vpc_lattice_gateway_api_crds_source_[a-z_]+\.response_body.*\) : k => v if k != "status" \}\}$/);
    expect(releases.vpc_lattice_chart_release.depends_on.sort()).toEqual(manifests.map(([n]) => `kubernetes_manifest.${n}`).sort());
    expect(k8s.terraform!.required_providers.http).toMatchObject({ source: 'http', version: '3.5.0' });
  });

  test('controller chart v2.1.3 with region, account, VPC and cluster from the AWS stack (the pods cannot read IMDS)', () => {
    expect(releases.vpc_lattice_chart_release).toMatchObject({
      chart: 'aws-gateway-controller-chart',
      repository: 'oci://public.ecr.aws/aws-application-networking-k8s',
      version: 'v2.1.3',
      namespace: 'aws-application-networking-system',
    });
    expect(releaseValues(releases.vpc_lattice_chart_release)).toEqual({
      serviceAccount: { create: true, name: 'gateway-api-controller', annotations: {} },
      awsRegion: 'us-east-1',
      awsAccountId: '${element(split(":", ' + remote('cross_stack_output_aws_iam_role_vpc_lattice_controller_role_arn') + '), 4)}',
      clusterVpcId: '${' + remote('cross_stack_output_aws_vpc_network_vpc_id') + '}',
      clusterName: '${' + remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_name') + '}',
      log: { level: 'info' },
    });
  });

  test('the amazon-vpc-lattice GatewayClass after the controller', () => {
    expect(manifestObjects(app, 'kubernetes', 'vpc_lattice_gateway_class_chart_release')).toEqual([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: 'amazon-vpc-lattice' },
        spec: { controllerName: 'application-networking.k8s.aws/gateway-api-controller' },
      },
    ]);
    expect(releases.vpc_lattice_gateway_class_chart_release.depends_on).toEqual(['helm_release.vpc_lattice_chart_release']);
  });

  test('sample: a Gateway named after the service network and a 50/50 HTTPRoute to blue and green (green\'s ports agree)', () => {
    const objects = manifestObjects(app, 'kubernetes', 'vpc_lattice_sample_chart_release');
    const byName = Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    expect(byName['Gateway/color-app-vpc-lattice-network'].spec).toEqual({ gatewayClassName: 'amazon-vpc-lattice', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] });
    expect(byName['HTTPRoute/color-route'].spec.rules[0].backendRefs).toEqual([
      { name: 'blue', kind: 'Service', port: 80, weight: 50 },
      { name: 'green', kind: 'Service', port: 80, weight: 50 },
    ]);
    expect(byName['Deployment/green'].spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8081 }]);
    expect(byName['Service/green'].spec.ports[0].targetPort).toBe(8081);
  });
});

describe('VPC Lattice settings', () => {
  test('the opt-in lookup: an aws_ec2_managed_prefix_list data source for com.amazonaws.<region>.vpc-lattice', () => {
    const { stacks } = synthApp('default', { region: 'eu-west-1', controllers: { vpcLattice: { lookupPrefixList: true } } });
    expect(stacks.aws.data!.aws_ec2_managed_prefix_list.vpc_lattice_prefix_list.name).toBe('com.amazonaws.eu-west-1.vpc-lattice');
    expect(stacks.aws.resource!.aws_vpc_security_group_ingress_rule.vpc_lattice_prefix_list_ingress_1.prefix_list_id).toBe(ref('data.aws_ec2_managed_prefix_list.vpc_lattice_prefix_list.id'));
  });

  test('defaults: a service network named after the cluster; with a node security group the rule goes there', () => {
    const { stacks } = synthApp('default', { controlPlane: { nodeSecurityGroup: true }, controllers: { vpcLattice: { prefixListIds: [PREFIX_LIST, 'pl-073555187c4e6ccf2'] } } });
    expect(stacks.aws.resource!.aws_vpclattice_service_network.vpc_lattice_service_network.name).toBe('eks-default-service-network');
    const rules = Object.values<any>(stacks.aws.resource!.aws_vpc_security_group_ingress_rule).filter((r) => r.prefix_list_id);
    expect(rules.map((r) => [r.prefix_list_id, r.security_group_id])).toEqual([
      [PREFIX_LIST, ref('aws_security_group.control_plane_security_groups_nodes.id')],
      ['pl-073555187c4e6ccf2', ref('aws_security_group.control_plane_security_groups_nodes.id')],
    ]);
  });

  test('serviceNetwork and gatewayApiCrds false: neither is created', () => {
    const { stacks } = synthApp('default', { controllers: { vpcLattice: { prefixListIds: [PREFIX_LIST], serviceNetwork: false, gatewayApiCrds: false } } });
    expect(stacks.aws.resource!.aws_vpclattice_service_network).toBeUndefined();
    expect(stacks.kubernetes.resource!.kubernetes_manifest).toBeUndefined();
    expect(stacks.kubernetes.data?.http).toBeUndefined();
    expect(stacks.kubernetes.resource!.helm_release.vpc_lattice_chart_release.depends_on).toBeUndefined();
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'no prefix list',
      { controllers: { vpcLattice: {} } },
      `'controllers.vpcLattice.prefixListIds' is required: the ID of the com.amazonaws.<region>.vpc-lattice managed prefix list`,
    ],
    ['a prefix list and the lookup', { controllers: { vpcLattice: { prefixListIds: [PREFIX_LIST], lookupPrefixList: true } } }, `'controllers.vpcLattice.lookupPrefixList' (true) cannot be combined with 'prefixListIds'`],
    ['a prefix list ID that is none', { controllers: { vpcLattice: { prefixListIds: ['sg-0123456789abcdef0'] } } }, `'controllers.vpcLattice.prefixListIds.0' ("sg-0123456789abcdef0") must be a prefix list ID`],
    ['the sample without a service network', { controllers: { vpcLattice: { prefixListIds: [PREFIX_LIST], serviceNetwork: false, sampleApp: true } } }, `'controllers.vpcLattice.sampleApp' (true) needs a service network`],
    ['a service network name VPC Lattice refuses', { controllers: { vpcLattice: { prefixListIds: [PREFIX_LIST], serviceNetwork: { name: 'Color_App' } } } }, `'controllers.vpcLattice.serviceNetwork.name' ("Color_App") must be 3 to 63 lower-case letters`],
    ['a CRD version', { controllers: { vpcLattice: { prefixListIds: [PREFIX_LIST], gatewayApiCrds: { version: 'v1.8.0' } } } }, `'controllers.vpcLattice.gatewayApiCrds' ({"version":"v1.8.0"}) must be true or false: the CRDs are Gateway API v1.5.1's standard channel`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', { ...AGENT, ...overrides })).join('\n')).toContain(expected);
  });
});

describe('VPC Lattice controller policy', () => {
  test('policyArns replace the published inline policy', () => {
    const arn = 'arn:aws:iam::111122223333:policy/scoped-lattice-controller';
    const { stacks } = synthApp('default', { ...AGENT, controllers: { vpcLattice: { prefixListIds: [PREFIX_LIST], policyArns: [arn] } } });
    expect(stacks.aws.data!.aws_iam_policy_document.vpc_lattice_controller_inline_policy_document).toBeUndefined();
    expect(Object.values<any>(stacks.aws.resource!.aws_iam_role_policy_attachment).filter((a) => a.role === ref('aws_iam_role.vpc_lattice_controller_role.name')).map((a) => a.policy_arn)).toEqual([arn]);
  });

  test('throws on a policy ARN that is no customer managed policy', () => {
    expect(validationLines(() => synthApp('default', { ...AGENT, controllers: { vpcLattice: { prefixListIds: [PREFIX_LIST], policyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } } }))).toEqual([
      `'controllers.vpcLattice.policyArns.0' ("arn:aws:iam::aws:policy/AdministratorAccess") must be the ARN of a customer managed IAM policy`,
    ]);
  });
});
