// access_config on the control plane and access entries (book chapters 6-self-managed and 10).
import { ClusterAccessEntry, ClusterAccessEntryProps } from '../../src/controlplane/access-entry';
import { ControlPlane, ControlPlaneProps } from '../../src/controlplane/control-plane';
import { emptyStack, onlyResource, ref, resolved, synthJson, TODAY, validationLines } from '../helpers/synth';

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
    ['groups on a node entry', { type: 'EC2_LINUX', kubernetesGroups: ['system:nodes'] }, `'kubernetesGroups' (["system:nodes"]) apply only to STANDARD entries`],
    ['a user name on a node entry', { type: 'EC2_LINUX', userName: 'node' }, `'userName' ("node") applies only to STANDARD entries`],
    ['an unknown type', { type: 'EC2' as never }, `'type' ("EC2") must be one of "STANDARD", "EC2_LINUX"`],
    ['a principal that is not an ARN', { principalArn: 'readonly' }, `'principalArn' ("readonly") must be an IAM role or user ARN`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => entry(props)).join('\n')).toContain(expected);
  });
});
