import { TerraformResource } from 'cdktf';
import { ManagedNodeGroup, ManagedNodeGroupProps } from '../../../src/dataplane/nodes/managed-node-group';
import { NodeRole, NODE_ROLE_POLICIES } from '../../../src/dataplane/nodes/node-role';
import { emptyStack, onlyResource, ref, resources, synthJson, validationLines, warningsOf } from '../../helpers/synth';

const CLUSTER = { clusterName: 'demo', clusterVersion: '1.35', kubernetesVersion: '1.35' };

function nodeGroup(props: Partial<ManagedNodeGroupProps> = {}) {
  const stack = emptyStack();
  const role = new NodeRole(stack, 'nodes', { roleName: 'demo-nodes' });
  const group = new ManagedNodeGroup(stack, 'node-group-workers', {
    cluster: CLUSTER,
    nodeName: 'workers',
    nodeRole: role,
    subnetIds: ['subnet-a', 'subnet-b'],
    ...props,
  });
  return { stack, group, json: synthJson(stack) };
}

describe('ManagedNodeGroup defaults', () => {
  const { json } = nodeGroup();
  const ng = onlyResource(json, 'aws_eks_node_group');

  test.each([
    ['capacity_type', 'ON_DEMAND'],
    ['ami_type', 'AL2023_x86_64_STANDARD'],
    ['instance_types', ['m6i.large']],
    ['disk_size', 20],
    ['scaling_config', { desired_size: 2, min_size: 2, max_size: 4 }],
    ['update_config', { max_unavailable: 1 }],
    ['node_group_name', 'workers'],
    ['subnet_ids', ['subnet-a', 'subnet-b']],
    ['cluster_name', 'demo'],
    ['version', '1.35'],
  ])('%s defaults to %j', (field, value) => {
    expect(ng[field]).toEqual(value);
  });

  test('desired_size is ignored after creation so an autoscaler keeps its changes', () => {
    expect(ng.lifecycle).toEqual({ ignore_changes: ['scaling_config[0].desired_size'] });
  });

  test('waits for every node role policy attachment', () => {
    expect(ng.node_role_arn).toBe(ref('aws_iam_role.nodes_role.arn'));
    expect(ng.depends_on).toHaveLength(NODE_ROLE_POLICIES.length);
    for (const d of ng.depends_on) expect(d).toMatch(/^aws_iam_role_policy_attachment\.nodes_/);
  });
});

describe('NodeRole', () => {
  test('EC2 trust and the four policies of the book, partition-aware', () => {
    const stack = emptyStack();
    new NodeRole(stack, 'nodes', { roleName: 'demo-nodes', extraManagedPolicies: ['CloudWatchAgentServerPolicy'] });
    const json = synthJson(stack);
    expect(resources(json, 'aws_iam_role').nodes_role.name).toBe('demo-nodes');
    expect(json.data!.aws_iam_policy_document.nodes_trust.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }]);
    const arns = Object.values(resources(json, 'aws_iam_role_policy_attachment')).map((a) => a.policy_arn);
    expect(arns.sort()).toEqual(
      [...NODE_ROLE_POLICIES, 'CloudWatchAgentServerPolicy'].map((p) => `arn:${ref('data.aws_partition.partition.partition')}:iam::aws:policy/${p}`).sort(),
    );
  });

  test('throws on an invalid role name', () => {
    expect(validationLines(() => new NodeRole(emptyStack(), 'nodes', { roleName: 'x'.repeat(65) })).join('\n')).toContain(`'roleName' ("${'x'.repeat(65)}") must be 1 to 64 characters`);
  });
});

describe('ManagedNodeGroup options', () => {
  test('the book chapter 3 group: ON_DEMAND t3.small 2/3/2 with its label and tag', () => {
    const { json } = nodeGroup({ instanceTypes: ['t3.small'], desiredSize: 2, maxSize: 3, minSize: 2, labels: { name: 'nodes' }, tags: { Name: 'worker-node' } });
    expect(onlyResource(json, 'aws_eks_node_group')).toMatchObject({
      instance_types: ['t3.small'],
      scaling_config: { desired_size: 2, max_size: 3, min_size: 2 },
      labels: { name: 'nodes' },
      tags: { Name: 'worker-node' },
    });
  });

  test('spot with several types, Bottlerocket ARM, bigger disk', () => {
    const { json, stack } = nodeGroup({ capacityType: 'SPOT', instanceTypes: ['m7g.large', 'm6g.large'], amiType: 'BOTTLEROCKET_ARM_64', diskSizeGiB: 100 });
    expect(onlyResource(json, 'aws_eks_node_group')).toMatchObject({ capacity_type: 'SPOT', ami_type: 'BOTTLEROCKET_ARM_64', disk_size: 100 });
    expect(warningsOf(stack)).toEqual([]);
  });

  test('warns about spot capacity of a single instance type', () => {
    const { stack } = nodeGroup({ capacityType: 'SPOT', instanceTypes: ['t3.small'] });
    expect(warningsOf(stack).join('\n')).toContain('SPOT capacity of one instance type (t3.small)');
  });
});

describe('ManagedNodeGroup validation', () => {
  test.each<[string, Partial<ManagedNodeGroupProps>, string]>([
    ['min above desired', { minSize: 3, desiredSize: 2, maxSize: 4 }, `'minSize' (3) must be <= 'desiredSize' (2)`],
    ['desired above max', { desiredSize: 5, maxSize: 4 }, `'desiredSize' (5) must be <= 'maxSize' (4)`],
    ['min above max', { minSize: 5, desiredSize: 5, maxSize: 4 }, `'minSize' (5) must be <= 'maxSize' (4)`],
    ['a negative size', { minSize: -1 }, `'minSize' (-1) must be a whole number between 0 and 1000`],
    ['a fractional size', { desiredSize: 1.5 }, `'desiredSize' (1.5) must be a whole number between 0 and 1000`],
    ['a zero max size', { maxSize: 0, minSize: 0, desiredSize: 0 }, `'maxSize' (0) must be a whole number between 1 and 1000`],
    ['an empty instance type list', { instanceTypes: [] }, `'instanceTypes' ([]) must list at least one instance type`],
    ['a malformed instance type', { instanceTypes: ['t3-small'] }, `'instanceTypes.0' ("t3-small") must be an EC2 instance type such as "m6i.large"`],
    ['an unknown AMI type', { amiType: 'UBUNTU' as never }, `'amiType' ("UBUNTU") must be one of "AL2023_x86_64_STANDARD"`],
    ['Amazon Linux 2 on Kubernetes 1.35', { amiType: 'AL2_x86_64' }, `'amiType' ("AL2_x86_64") has no EKS AMI for Kubernetes 1.35`],
    ['an unknown capacity type', { capacityType: 'RESERVED' as never }, `'capacityType' ("RESERVED") must be one of "ON_DEMAND", "SPOT", "CAPACITY_BLOCK"`],
    ['a node group name with a space', { nodeName: 'my nodes' }, `'nodeName' ("my nodes") must be 1 to 63 characters`],
    ['a disk of 0 GiB', { diskSizeGiB: 0 }, `'diskSizeGiB' (0) must be a whole number between 1 and 16384`],
    ['a label key with a space', { labels: { 'bad key': 'x' } }, `'labels.bad key' ("bad key") is not a Kubernetes label key`],
    ['a label value that is too long', { labels: { tier: 'x'.repeat(64) } }, `'labels.tier' ("${'x'.repeat(64)}") must be a Kubernetes label value`],
    ['max unavailable of 0', { maxUnavailable: 0 }, `'maxUnavailable' (0) must be a whole number between 1 and 100`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => nodeGroup(props)).join('\n')).toContain(expected);
  });

  test('Amazon Linux 2 is still accepted on 1.32', () => {
    expect(() => nodeGroup({ amiType: 'AL2_x86_64', cluster: { ...CLUSTER, kubernetesVersion: '1.32' } })).not.toThrow();
  });

  test('creates no node group when the input is invalid', () => {
    const stack = emptyStack();
    const role = new NodeRole(stack, 'nodes', { roleName: 'r' });
    expect(() => new ManagedNodeGroup(stack, 'ng', { cluster: CLUSTER, nodeName: 'x', nodeRole: role, subnetIds: [], minSize: 9 })).toThrow();
    expect(stack.node.findAll().filter((c) => c instanceof TerraformResource && c.terraformResourceType === 'aws_eks_node_group')).toEqual([]);
  });
});
