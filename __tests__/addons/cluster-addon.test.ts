import { ADDON_NAMES, addonEntry, canonicalJson } from '../../src/addons/catalogue';
import { ClusterAddon, ClusterAddonProps } from '../../src/addons/cluster-addon';
import { podNetworkingOf, vpcCniConfiguration } from '../../src/addons/vpc-cni';
import { emptyStack, onlyResource, ref, synthJson, synthPreset, validationLines } from '../helpers/synth';

function addon(props: Partial<ClusterAddonProps> = {}) {
  const stack = emptyStack();
  const a = new ClusterAddon(stack, 'addon-vpc-cni', { cluster: { clusterName: 'demo' }, addonName: 'vpc-cni', ...props });
  return { a, resource: onlyResource(synthJson(stack), 'aws_eks_addon') };
}

describe('ClusterAddon defaults', () => {
  const { resource, a } = addon();

  test.each([
    ['addon_name', 'vpc-cni'],
    ['cluster_name', 'demo'],
    ['resolve_conflicts_on_create', 'OVERWRITE'],
    ['resolve_conflicts_on_update', 'OVERWRITE'],
    ['addon_version', undefined],
    ['configuration_values', undefined],
    ['service_account_role_arn', undefined],
    ['preserve', undefined],
    ['depends_on', undefined],
    ['tags', {}],
  ])('%s defaults to %j', (field, value) => {
    expect(resource[field]).toEqual(value);
  });

  test('vpc-cni is one of the add-ons node groups wait for', () => {
    expect(a.beforeNodes).toBe(true);
  });
});

describe('ClusterAddon configuration values', () => {
  test('the book chapter07-prefix settings, typed, give its configuration_values', () => {
    const { resource } = addon({ settings: { enablePrefixDelegation: true, warmPrefixTarget: 1 } });
    expect(JSON.parse(resource.configuration_values)).toEqual({ env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } });
  });

  test('raw values and typed settings merge, typed settings winning', () => {
    const { resource } = addon({
      configurationValues: { env: { ENABLE_PREFIX_DELEGATION: 'false', AWS_VPC_K8S_CNI_LOGLEVEL: 'DEBUG' }, enableNetworkPolicy: 'true' },
      settings: { enablePrefixDelegation: true },
    });
    expect(JSON.parse(resource.configuration_values)).toEqual({ enableNetworkPolicy: 'true', env: { AWS_VPC_K8S_CNI_LOGLEVEL: 'DEBUG', ENABLE_PREFIX_DELEGATION: 'true' } });
  });

  test('the JSON is deterministic: keys sorted at every level, whatever the input order', () => {
    const a = addon({ configurationValues: { b: { y: 1, x: 2 }, a: [{ d: 1, c: 2 }] } }).resource.configuration_values;
    const b = addon({ configurationValues: { a: [{ c: 2, d: 1 }], b: { x: 2, y: 1 } } }).resource.configuration_values;
    expect(a).toBe(b);
    expect(a).toBe('{"a":[{"c":2,"d":1}],"b":{"x":2,"y":1}}');
    expect(canonicalJson({ z: 1, a: { c: 1, b: 2 } })).toBe('{"a":{"b":2,"c":1},"z":1}');
  });

  test('version, conflicts, IRSA role, preserve, tags and dependencies pass through', () => {
    const stack = emptyStack();
    const first = new ClusterAddon(stack, 'addon-vpc-cni', { cluster: { clusterName: 'demo' }, addonName: 'vpc-cni' });
    new ClusterAddon(stack, 'addon-coredns', {
      cluster: { clusterName: 'demo' },
      addonName: 'coredns',
      addonVersion: 'v1.11.3-eksbuild.1',
      resolveConflictsOnCreate: 'NONE',
      resolveConflictsOnUpdate: 'PRESERVE',
      serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/dns',
      preserve: true,
      tags: { team: 'a' },
      dependsOn: [first.addon],
    });
    expect(synthJson(stack).resource!.aws_eks_addon.addon_coredns_addon).toMatchObject({
      addon_version: 'v1.11.3-eksbuild.1',
      resolve_conflicts_on_create: 'NONE',
      resolve_conflicts_on_update: 'PRESERVE',
      service_account_role_arn: 'arn:aws:iam::123456789012:role/dns',
      preserve: true,
      tags: { team: 'a' },
      depends_on: ['aws_eks_addon.addon_vpc_cni_addon'],
    });
  });
});

describe('ClusterAddon validation', () => {
  test.each<[string, Partial<ClusterAddonProps>, string]>([
    ['an unknown add-on', { addonName: 'vpc-cnii' }, `'addonName' ("vpc-cnii") is not an EKS add-on this project knows; known add-ons: vpc-cni, kube-proxy, coredns, eks-pod-identity-agent`],
    ['a version that is not one', { addonVersion: '1.18' }, `'addonVersion' ("1.18") must be an add-on version such as "v1.20.4-eksbuild.1"`],
    ['PRESERVE on create', { resolveConflictsOnCreate: 'PRESERVE' as never }, `'resolveConflictsOnCreate' ("PRESERVE") must be one of "NONE", "OVERWRITE"`],
    ['typed settings of an add-on without any', { addonName: 'coredns', settings: { replicaCount: 3 } }, `'settings' ({"replicaCount":3}) are not defined for add-on "coredns"; use 'configurationValues'`],
    ['an unknown vpc-cni setting', { settings: { prefixDelegation: true } }, `'settings.prefixDelegation' is not a known setting; allowed here: enablePrefixDelegation, warmPrefixTarget`],
    ['a negative warm prefix target', { settings: { warmPrefixTarget: -1 } }, `'settings.warmPrefixTarget' (-1) must be a whole number between 0 and 64`],
    ['an IRSA role that is not a role ARN', { serviceAccountRoleArn: 'arn:aws:iam::123456789012:user/x' }, `'serviceAccountRoleArn' ("arn:aws:iam::123456789012:user/x") must be an IAM role ARN`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => addon(props)).join('\n')).toContain(expected);
  });
});

describe('add-on catalogue', () => {
  test('only the networking add-ons and node agents come before the nodes', () => {
    expect(ADDON_NAMES.filter((n) => addonEntry(n)!.beforeNodes)).toEqual(['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent']);
    expect(addonEntry('coredns')!.beforeNodes).toBe(false);
    expect(addonEntry('toString')).toBeUndefined();
  });

  test('vpc-cni settings map to the aws-node environment', () => {
    expect(vpcCniConfiguration({ enablePrefixDelegation: false, warmIpTarget: 5, minimumIpTarget: 10, warmEniTarget: 0 })).toEqual({
      env: { ENABLE_PREFIX_DELEGATION: 'false', WARM_IP_TARGET: '5', MINIMUM_IP_TARGET: '10', WARM_ENI_TARGET: '0' },
    });
    expect(vpcCniConfiguration({})).toEqual({});
  });

  test.each([
    [undefined, { prefixDelegation: false }],
    [{ env: { ENABLE_PREFIX_DELEGATION: 'true' } }, { prefixDelegation: true, warmPrefixTarget: 1 }],
    [{ env: { ENABLE_PREFIX_DELEGATION: 'TRUE', WARM_PREFIX_TARGET: '2' } }, { prefixDelegation: true, warmPrefixTarget: 2 }],
    [{ env: { ENABLE_PREFIX_DELEGATION: 'false' } }, { prefixDelegation: false }],
  ])('pod networking of %j is %j', (configuration, networking) => {
    expect(podNetworkingOf(configuration)).toEqual(networking);
  });
});

describe('add-ons in the stack', () => {
  test('vpc-cni before the node groups, coredns after them', () => {
    const { json } = synthPreset('default', { addons: { 'vpc-cni': { settings: { enablePrefixDelegation: true } }, coredns: {} } });
    const ng = json.resource!.aws_eks_node_group.node_group_default_group;
    expect(ng.depends_on).toContain('aws_eks_addon.addon_vpc_cni_addon');
    expect(json.resource!.aws_eks_addon.addon_coredns_addon.depends_on).toEqual(['aws_eks_node_group.node_group_default_group']);
    expect(json.resource!.aws_eks_addon.addon_vpc_cni_addon.cluster_name).toBe(ref('aws_eks_cluster.control_plane_cluster.name'));
  });

  test('prefix delegation set on the add-on raises "auto" max pods of the node groups', () => {
    const { stack } = synthPreset('default', { addons: { 'vpc-cni': { configurationValues: { env: { ENABLE_PREFIX_DELEGATION: 'true' } } } }, nodeGroups: { default: { launchTemplate: { maxPods: 'auto' } } } });
    expect((stack.cluster.nodeGroups.default as { maxPods?: number }).maxPods).toBe(110);
    expect(stack.cluster.podNetworking).toEqual({ prefixDelegation: true, warmPrefixTarget: 1 });
  });

  test('an unknown add-on name in the configuration lists the known ones', () => {
    const lines = validationLines(() => synthPreset('default', { addons: { 'vpc-cnii': {} } }));
    expect(lines.join('\n')).toContain(`'addons.vpc-cnii' is not a known setting; allowed here: vpc-cni, kube-proxy, coredns,`);
  });

  test('errors name the configuration path of the add-on', () => {
    const lines = validationLines(() => synthPreset('default', { addons: { coredns: { version: 'latest' } } }));
    expect(lines).toEqual([`'addons.coredns.version' ("latest") must be an add-on version such as "v1.20.4-eksbuild.1"`]);
  });

  test('null removes a preset add-on', () => {
    expect(synthPreset('chapter07-prefix', { addons: { 'vpc-cni': null } }).json.resource!.aws_eks_addon).toBeUndefined();
  });
});
