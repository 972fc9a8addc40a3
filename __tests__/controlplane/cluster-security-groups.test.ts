import { ControlPlane, ControlPlaneProps } from '../../src/controlplane/control-plane';
import { CLUSTER_TRAFFIC, WEBHOOK_PORTS } from '../../src/controlplane/cluster-security-groups';
import { emptyStack, onlyResource, ref, resolved, resources, synthJson, TODAY, validationLines } from '../helpers/synth';

function controlPlane(props: Partial<ControlPlaneProps> = {}) {
  const stack = emptyStack();
  const cp = new ControlPlane(stack, 'control-plane', {
    clusterName: 'demo',
    region: 'us-east-1',
    subnetIds: ['subnet-aaaa', 'subnet-bbbb'],
    vpcCidr: '10.0.0.0/16',
    vpcId: 'vpc-1234',
    today: TODAY,
    ...props,
  });
  return { stack, cp, json: synthJson(stack) };
}

const CLUSTER_SG = ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id');
const ADDITIONAL = ref('aws_security_group.control_plane_security_groups_additional.id');
const NODES = ref('aws_security_group.control_plane_security_groups_nodes.id');

/** Rules as "group <- peer proto port" lines, easy to compare as a set. */
function ruleLines(json: ReturnType<typeof controlPlane>['json']) {
  const name = (id: string) => ({ [CLUSTER_SG]: 'cluster', [ADDITIONAL]: 'additional', [NODES]: 'nodes' })[id] ?? id;
  const line = (arrow: string) => (r: any) => `${name(r.security_group_id)} ${arrow} ${r.referenced_security_group_id ? name(r.referenced_security_group_id) : r.cidr_ipv4} ${r.ip_protocol} ${r.from_port ?? 'all'}`;
  return {
    ingress: Object.values(resources(json, 'aws_vpc_security_group_ingress_rule')).map(line('<-')).sort(),
    egress: Object.values(resources(json, 'aws_vpc_security_group_egress_rule')).map(line('->')).sort(),
  };
}

const controlPlaneToNodes = (nodes: string, source: string) => [
  ...WEBHOOK_PORTS.map((p) => `${nodes} <- ${source} tcp ${p}`),
  `${nodes} <- ${source} tcp 10250`,
  `${nodes} <- ${source} tcp 53`,
  `${nodes} <- ${source} udp 53`,
];

describe('additional security group of the control plane ENIs (book chapters 4-5 additional-sg.tf)', () => {
  const { json, cp, stack } = controlPlane({ additionalSecurityGroup: true });

  test('attached to the cluster through vpc_config.security_group_ids', () => {
    expect(onlyResource(json, 'aws_eks_cluster').vpc_config.security_group_ids).toEqual([ADDITIONAL]);
    expect(resolved(stack, cp.additionalSecurityGroupId)).toBe(ADDITIONAL);
  });

  test('a group in the VPC without inline rules, so Terraform removes the default allow-all egress', () => {
    const group = onlyResource(json, 'aws_security_group');
    expect(group).toMatchObject({ vpc_id: 'vpc-1234', name: 'demo-control-plane', tags: { Name: 'demo-control-plane' } });
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  test('HTTPS in from the nodes (the cluster security group); kubelet, DNS over TCP and UDP, and webhooks out to them', () => {
    const { ingress, egress } = ruleLines(json);
    expect(ingress).toEqual(['additional <- cluster tcp 443']);
    expect(egress).toEqual(controlPlaneToNodes('cluster', 'additional').map((l) => l.replace('cluster <- additional', 'additional -> cluster')).sort());
  });

  test('no node security group: the nodes are identified by the cluster security group', () => {
    expect(cp.nodeSecurityGroupId).toBeUndefined();
    expect(resolved(stack, cp.nodesSecurityGroupId)).toBe(CLUSTER_SG);
  });
});

describe('node security group (attached through launch templates)', () => {
  const { json, cp, stack } = controlPlane({ nodeSecurityGroup: true });

  test('in the VPC, tagged as the cluster-owned group the load balancer controller looks for, open egress', () => {
    const group = onlyResource(json, 'aws_security_group');
    expect(group).toMatchObject({ vpc_id: 'vpc-1234', name: 'demo-nodes', tags: { Name: 'demo-nodes', 'kubernetes.io/cluster/demo': 'owned' } });
    expect(ruleLines(json).egress).toEqual(['nodes -> 0.0.0.0/0 -1 all']);
    expect(resolved(stack, cp.nodeSecurityGroupId)).toBe(NODES);
    expect(resolved(stack, cp.nodesSecurityGroupId)).toBe(NODES);
  });

  test('the cluster keeps only the security group EKS creates', () => {
    expect(onlyResource(json, 'aws_eks_cluster').vpc_config.security_group_ids).toBeUndefined();
  });

  test('nodes to the API, control plane to kubelet, DNS and webhooks, node to node, and both kinds of nodes to each other', () => {
    expect(ruleLines(json).ingress).toEqual(
      [
        'cluster <- nodes tcp 443',
        ...controlPlaneToNodes('nodes', 'cluster'),
        'nodes <- nodes -1 all',
        'nodes <- cluster -1 all',
        'cluster <- nodes -1 all',
      ].sort(),
    );
  });

  test.each(CLUSTER_TRAFFIC.map((f) => [f.key, f] as const))('flow %s has a rule with its own description', (key, flow) => {
    const rule = resources(json, 'aws_vpc_security_group_ingress_rule')[`control_plane_security_groups_${key.replace(/-/g, '_')}_ingress`];
    expect(rule).toMatchObject({ description: flow.description, ip_protocol: flow.protocol === 'all' ? '-1' : flow.protocol });
    if (flow.port !== undefined) expect(rule).toMatchObject({ from_port: flow.port, to_port: flow.port });
  });

  test('NodePort access goes to the node security group', () => {
    const { json: withPorts } = controlPlane({ nodeSecurityGroup: true, nodePorts: { cidrBlocks: ['198.51.100.7/32'], fromPort: 30001 } });
    const nodePort = Object.entries(resources(withPorts, 'aws_vpc_security_group_ingress_rule')).find(([n]) => n.startsWith('control_plane_node_ports_'))![1];
    expect(nodePort).toMatchObject({ security_group_id: NODES, from_port: 30001, cidr_ipv4: '198.51.100.7/32' });
  });
});

describe('both groups', () => {
  const { json } = controlPlane({ additionalSecurityGroup: true, nodeSecurityGroup: true });

  test('the control plane side is the additional group, the node side the node group', () => {
    const { ingress, egress } = ruleLines(json);
    expect(ingress).toEqual(
      ['additional <- nodes tcp 443', ...controlPlaneToNodes('nodes', 'additional'), 'nodes <- nodes -1 all', 'nodes <- cluster -1 all', 'cluster <- nodes -1 all'].sort(),
    );
    expect(egress).toEqual(
      ['nodes -> 0.0.0.0/0 -1 all', ...controlPlaneToNodes('nodes', 'additional').map((l) => l.replace('nodes <- additional', 'additional -> nodes'))].sort(),
    );
  });
});

describe('security group validation', () => {
  test.each<[string, Partial<ControlPlaneProps>]>([
    ['the additional group', { additionalSecurityGroup: true, vpcId: undefined }],
    ['the node group', { nodeSecurityGroup: true, vpcId: undefined }],
  ])('throws on %s without a VPC', (_case, props) => {
    expect(validationLines(() => controlPlane(props))).toEqual([`'vpcId' is required with 'additionalSecurityGroup' or 'nodeSecurityGroup' (the groups are created in it)`]);
  });

  test('creates nothing without either group', () => {
    const { json } = controlPlane();
    expect(resources(json, 'aws_security_group')).toEqual({});
    expect(resources(json, 'aws_vpc_security_group_ingress_rule')).toEqual({});
  });
});
