// access_config on the control plane and access entries (book chapters 6-self-managed and 10).
import { ClusterAccessEntry, ClusterAccessEntryProps } from '../../src/controlplane/access-entry';
import { ACCESS_POLICIES, ASSOCIABLE_ACCESS_POLICIES } from '../../src/controlplane/access-policies';
import { ControlPlane, ControlPlaneProps } from '../../src/controlplane/control-plane';
import { emptyStack, onlyResource, ref, resources, resolved, synthJson, TODAY, validationLines, warningsOf } from '../helpers/synth';

function controlPlane(props: Partial<ControlPlaneProps> = {}) {
  const stack = emptyStack();
  const cp = new ControlPlane(stack, 'control-plane', { clusterName: 'demo', region: 'us-east-1', subnetIds: ['subnet-a', 'subnet-b'], vpcCidr: '10.0.0.0/16', today: TODAY, ...props });
  return { stack, cp, cluster: onlyResource(synthJson(stack), 'aws_eks_cluster') };
}

describe('ControlPlane access_config', () => {
  test("none by default: EKS's default authentication mode", () => {
    const { cp, cluster } = controlPlane();
    expect(cluster.access_config).toBeUndefined();
    expect(cp.authenticationMode).toBeUndefined();
  });

  test('the book chapter 6 access_config: API_AND_CONFIG_MAP, creator admin on by default', () => {
    const { cp, cluster } = controlPlane({ accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } });
    expect(cluster.access_config).toEqual({ authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true });
    expect(cp.authenticationMode).toBe('API_AND_CONFIG_MAP');
  });

  test('a changed creator flag is ignored rather than replacing the cluster (the provider forces replacement)', () => {
    expect(controlPlane({ accessConfig: { authenticationMode: 'API' } }).cluster.lifecycle).toEqual({
      ignore_changes: ['access_config[0].bootstrap_cluster_creator_admin_permissions'],
    });
    expect(controlPlane().cluster.lifecycle).toBeUndefined();
  });

  test('warns that a cluster without creator admin needs an administrator of its own, and that the flag is read at creation only', () => {
    const { stack } = controlPlane({ accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false } });
    const warnings = warningsOf(stack).join('\n');
    expect(warnings).toContain('bootstrapClusterCreatorAdminPermissions is false: the identity that creates demo gets no Kubernetes access');
    expect(warnings).toContain('EKS reads the flag at creation only');
    expect(warningsOf(controlPlane({ accessConfig: { authenticationMode: 'API' } }).stack).join('\n')).not.toContain('bootstrapClusterCreatorAdminPermissions');
  });

  describe('guardAccessConfigTransitions: the state read at plan time', () => {
    const guarded = (accessConfig?: ControlPlaneProps['accessConfig']) => {
      const { stack, cp } = controlPlane({ accessConfig });
      cp.guardAccessConfigTransitions('../../../terraform.demo-aws.tfstate');
      return synthJson(stack);
    };
    const json = guarded({ authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: false });

    test('a local reads the access_config of this cluster resource from the state file, null without one', () => {
      expect(json.locals).toMatchObject({
        control_plane_prior_access_config:
          '${try([for r in jsondecode(file("../../../terraform.demo-aws.tfstate")).resources : r.instances[0].attributes.access_config[0] if r.mode == "managed" && r.type == "aws_eks_cluster" && r.name == "control_plane_cluster" && !can(r.module)][0], null)}',
      });
    });

    test('a precondition on the cluster refuses a mode earlier in CONFIG_MAP -> API_AND_CONFIG_MAP -> API than the state\'s', () => {
      const [precondition] = json.resource!.aws_eks_cluster.control_plane_cluster.lifecycle.precondition;
      const prior = 'try(local.control_plane_prior_access_config.authentication_mode, null)';
      const order = '["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"]';
      expect(precondition.condition).toBe(`\${${prior} == null || try(index(${order}, "API_AND_CONFIG_MAP") >= index(${order}, ${prior}), true)}`);
      expect(precondition.error_message).toContain('to API_AND_CONFIG_MAP: EKS moves it one way only, CONFIG_MAP -> API_AND_CONFIG_MAP -> API, and refuses the way back (book chapter 10)');
    });

    test('a check block warns when the creator flag differs from the one the cluster was created with', () => {
      const [assert] = json.check!.control_plane_prior_access_config_bootstrap.assert;
      expect(assert.condition).toContain('== false}');
      expect(assert.error_message).toContain('bootstrap_cluster_creator_admin_permissions is false in the configuration but the cluster was created with');
    });

    test('nothing without access_config', () => {
      const plain = guarded(undefined);
      expect(plain.locals?.control_plane_prior_access_config).toBeUndefined();
      expect(plain.check).toBeUndefined();
    });
  });

  test('API only, without admin for the creator', () => {
    expect(controlPlane({ accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false } }).cluster.access_config).toEqual({
      authentication_mode: 'API',
      bootstrap_cluster_creator_admin_permissions: false,
    });
  });

  test.each<[string, unknown, string]>([
    ['an unknown mode', { authenticationMode: 'IAM' }, `'accessConfig.authenticationMode' ("IAM") must be one of "CONFIG_MAP", "API_AND_CONFIG_MAP", "API"`],
    ['no mode', { bootstrapClusterCreatorAdminPermissions: true }, `'accessConfig.authenticationMode' is required`],
    ['a string for the creator flag', { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: 'true' }, `'accessConfig.bootstrapClusterCreatorAdminPermissions' ("true") must be true or false`],
  ])('throws on %s', (_case, accessConfig, expected) => {
    expect(validationLines(() => controlPlane({ accessConfig: accessConfig as never })).join('\n')).toContain(expected);
  });

  test('the service IPv4 block, for nodes that join on their own', () => {
    const { stack, cp } = controlPlane();
    expect(resolved(stack, cp.serviceIpv4Cidr)).toBe(ref('aws_eks_cluster.control_plane_cluster.kubernetes_network_config[0].service_ipv4_cidr'));
  });
});

describe('ClusterAccessEntry', () => {
  const entry = (props: Partial<ClusterAccessEntryProps> = {}) => {
    const stack = emptyStack();
    new ClusterAccessEntry(stack, 'readonly-access', {
      cluster: { clusterName: 'demo', authenticationMode: 'API_AND_CONFIG_MAP' },
      principalArn: 'arn:aws:iam::123456789012:role/readonly',
      ...props,
    });
    return onlyResource(synthJson(stack), 'aws_eks_access_entry');
  };

  test('a STANDARD entry with Kubernetes groups (book chapter 10: readonly-group)', () => {
    expect(entry({ kubernetesGroups: ['readonly-group'] })).toEqual(
      expect.objectContaining({ cluster_name: 'demo', principal_arn: 'arn:aws:iam::123456789012:role/readonly', type: 'STANDARD', kubernetes_groups: ['readonly-group'] }),
    );
  });

  test.each<[string, Partial<ClusterAccessEntryProps>, string]>([
    ['a cluster in CONFIG_MAP mode', { cluster: { clusterName: 'demo', authenticationMode: 'CONFIG_MAP' } }, `'cluster.authenticationMode' ("CONFIG_MAP") must be "API" or "API_AND_CONFIG_MAP" for access entries`],
    ['groups on a node entry', { type: 'EC2_LINUX', kubernetesGroups: ['nodes'] }, `'kubernetesGroups' (["nodes"]) apply only to STANDARD entries`],
    ['a user name on a node entry', { type: 'EC2_LINUX', userName: 'node' }, `'userName' ("node") applies only to STANDARD entries`],
    ['an unknown type', { type: 'EC2' as never }, `'type' ("EC2") must be one of "STANDARD", "EC2_LINUX"`],
    ['a principal that is not an ARN', { principalArn: 'readonly' }, `'principalArn' ("readonly") must be an IAM role or user ARN`],
    ['an STS session ARN', { principalArn: 'arn:aws:sts::123456789012:assumed-role/admin/alice' }, `'principalArn' ("arn:aws:sts::123456789012:assumed-role/admin/alice") must be an IAM role or user ARN`],
    ['a group ARN', { principalArn: 'arn:aws:iam::123456789012:group/admins' }, `must be an IAM role or user ARN`],
    [
      'a service-linked role',
      { principalArn: 'arn:aws:iam::123456789012:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS' },
      `is a service-linked role, which access entries do not support`,
    ],
    ['a user for a node entry', { type: 'EC2_LINUX', principalArn: 'arn:aws:iam::123456789012:user/alice' }, `'principalArn' ("arn:aws:iam::123456789012:user/alice") must be an IAM role for EC2_LINUX entries`],
    ['a system: group', { kubernetesGroups: ['system:masters'] }, `'kubernetesGroups.0' ("system:masters") must not start with "system:": EKS refuses such groups on access entries`],
    ['a reserved user name', { userName: 'eks:alice' }, `'userName' ("eks:alice") must not start with "system:", "eks:", "aws:", "amazon:", "iam:"`],
    ['a session name placeholder without a colon before it', { userName: 'admin{{SessionName}}' }, `'userName' ("admin{{SessionName}}") must have a ":" before {{SessionName}}`],
    ['policies on a node entry', { type: 'EC2_LINUX', policies: [{ policy: 'AmazonEKSViewPolicy', scope: 'cluster' }] }, `'policies' (["AmazonEKSViewPolicy"]) apply only to STANDARD entries`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => entry(props)).join('\n')).toContain(expected);
  });

  test('a user name with the session name after a colon (EKS rule)', () => {
    expect(entry({ userName: 'admin:{{SessionName}}', kubernetesGroups: ['ops'] }).user_name).toBe('admin:{{SessionName}}');
  });

  test('warns about a STANDARD entry with neither groups nor policies (the book\'s first Alice entry)', () => {
    const stack = emptyStack();
    new ClusterAccessEntry(stack, 'alice', { cluster: { clusterName: 'demo', authenticationMode: 'API' }, principalArn: 'arn:aws:iam::123456789012:user/alice' });
    expect(warningsOf(stack).join('\n')).toContain('has neither Kubernetes groups nor access policies');
  });
});

describe('access policy associations (book chapter 10: associate-access-policy)', () => {
  const ALICE = 'arn:aws:iam::111122223333:user/alice';
  const build = (policies: ClusterAccessEntryProps['policies']) => {
    const stack = emptyStack();
    const entry = new ClusterAccessEntry(stack, 'alice', { cluster: { clusterName: 'demo', authenticationMode: 'API_AND_CONFIG_MAP' }, principalArn: ALICE, policies });
    return { stack, entry, json: synthJson(stack) };
  };

  test('cluster scope: the policy ARN built with the partition, the principal taken from the entry', () => {
    const { json } = build([{ policy: 'AmazonEKSClusterAdminPolicy', scope: 'cluster' }]);
    expect(resources(json, 'aws_eks_access_policy_association')).toEqual({
      alice_policy_AmazonEKSClusterAdminPolicy: {
        cluster_name: 'demo',
        principal_arn: ref('aws_eks_access_entry.alice_entry.principal_arn'),
        policy_arn: 'arn:${data.aws_partition.partition.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        access_scope: { type: 'cluster' },
      },
    });
  });

  test('namespace scope (book: AmazonEKSAdminPolicy in test-ns), several policies on one entry', () => {
    const { json } = build([
      { policy: 'AmazonEKSAdminPolicy', scope: 'namespace', namespaces: ['test-ns'] },
      { policy: 'AmazonEKSViewPolicy', scope: 'cluster' },
    ]);
    const associations = resources(json, 'aws_eks_access_policy_association');
    expect(associations.alice_policy_AmazonEKSAdminPolicy.access_scope).toEqual({ type: 'namespace', namespaces: ['test-ns'] });
    expect(associations.alice_policy_AmazonEKSViewPolicy.access_scope).toEqual({ type: 'cluster' });
  });

  test('addPolicy returns the association it adds', () => {
    const { stack, entry } = build([]);
    const association = entry.addPolicy({ policy: 'AmazonEKSEditPolicy', scope: 'namespace', namespaces: ['team-a', 'team-b'] });
    expect(entry.policyAssociations.AmazonEKSEditPolicy).toBe(association);
    expect(onlyResource(synthJson(stack), 'aws_eks_access_policy_association').access_scope).toEqual({ type: 'namespace', namespaces: ['team-a', 'team-b'] });
  });

  test.each([
    ['AmazonEKSClusterAdminPolicy', 'cluster-admin'],
    ['AmazonEKSAdminPolicy', 'admin'],
    ['AmazonEKSEditPolicy', 'edit'],
    ['AmazonEKSViewPolicy', 'view'],
  ] as const)('book Table 10-1: %s resembles the Kubernetes role %s', (policy, role) => {
    expect(ACCESS_POLICIES[policy]).toMatchObject({ kubernetesRole: role, source: 'book' });
  });

  test.each<[string, ClusterAccessEntryProps['policies'], string]>([
    ['an access policy that does not exist', [{ policy: 'AmazonEKSReadOnlyPolicy' as never, scope: 'cluster' }], `'policies.0.policy' ("AmazonEKSReadOnlyPolicy") is not an EKS access policy; known ones: ${ASSOCIABLE_ACCESS_POLICIES.join(', ')}`],
    ['a policy only service-linked roles take', [{ policy: 'AmazonEKSHybridPolicy', scope: 'cluster' }], `'policies.0.policy' ("AmazonEKSHybridPolicy") is associated by EKS itself with its service-linked roles`],
    ['an unknown scope', [{ policy: 'AmazonEKSViewPolicy', scope: 'namespaces' as never }], `'policies.0.scope' ("namespaces") must be one of "cluster", "namespace"`],
    ['a namespace scope without namespaces', [{ policy: 'AmazonEKSAdminPolicy', scope: 'namespace' }], `'policies.0.namespaces' is required with scope "namespace"`],
    ['namespaces with a cluster scope', [{ policy: 'AmazonEKSAdminPolicy', scope: 'cluster', namespaces: ['test-ns'] }], `'policies.0.namespaces' (["test-ns"]) applies only to scope "namespace"`],
    ['an invalid namespace', [{ policy: 'AmazonEKSAdminPolicy', scope: 'namespace', namespaces: ['Test_NS'] }], `'policies.0.namespaces.0' ("Test_NS") must be a Kubernetes namespace name`],
    ['an empty namespace list', [{ policy: 'AmazonEKSAdminPolicy', scope: 'namespace', namespaces: [] }], `'policies.0.namespaces' ([]) must list at least one namespace`],
    [
      'the same policy twice',
      [
        { policy: 'AmazonEKSAdminPolicy', scope: 'namespace', namespaces: ['a'] },
        { policy: 'AmazonEKSAdminPolicy', scope: 'namespace', namespaces: ['b'] },
      ],
      `'policies.1.policy' ("AmazonEKSAdminPolicy") is associated twice with this entry`,
    ],
    ['an unknown key', [{ policy: 'AmazonEKSViewPolicy', scope: 'cluster', namespace: 'x' } as never], `'policies.0.namespace' is not a known setting; allowed here: policy, scope, namespaces`],
  ])('throws on %s', (_case, policies, expected) => {
    expect(validationLines(() => build(policies)).join('\n')).toContain(expected);
  });

  test('addPolicy refuses a policy the entry already has', () => {
    const { entry } = build([{ policy: 'AmazonEKSViewPolicy', scope: 'cluster' }]);
    expect(validationLines(() => entry.addPolicy({ policy: 'AmazonEKSViewPolicy', scope: 'namespace', namespaces: ['a'] })).join('\n')).toContain(`'policy' ("AmazonEKSViewPolicy") is associated twice`);
  });
});
