// chapter04 control-plane/additional-sg.tf and data-plane/nodes/cluster-sg.tf (also chapter05):
// the additional security group of the control plane ENIs, a dedicated node security group, and
// the traffic between the control plane and the nodes, written once as a table of flows. The book
// copies these rules per chapter, with the VPC block as peer; here every flow names its two ends
// and each end resolves to the security group that carries it in the chosen layout.
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

/**
 * The ends of a flow:
 * - `controlPlane`: the control plane ENIs, identified by the additional security group when there
 *   is one, else by the EKS cluster security group (which EKS also puts on those ENIs);
 * - `nodes`: identified by the node security group when there is one, else by the cluster
 *   security group (which EKS puts on managed nodes without launch template security groups);
 * - `clusterSecurityGroup`: whatever carries the EKS cluster security group (managed nodes
 *   launched without launch template security groups, while others use the node group).
 */
export type TrafficPeer = 'controlPlane' | 'nodes' | 'clusterSecurityGroup';

/** One flow the cluster needs, from one peer to another. */
export interface TrafficFlow {
  /** Stable part of the rules' construct ids. */
  readonly key: string;
  readonly from: TrafficPeer;
  readonly to: TrafficPeer;
  readonly protocol: 'tcp' | 'udp' | 'all';
  /** Omitted for `all`. */
  readonly port?: number;
  readonly description: string;
}

/** Ports admission webhooks and API extensions commonly serve on (metrics-server, Karpenter, AWS Load Balancer Controller …). */
export const WEBHOOK_PORTS = [443, 4443, 6443, 8443, 9443] as const;

/**
 * What EKS needs between the control plane and the nodes: the four network security layers of
 * seed 004 (node to node, node to control plane on 443, control plane to kubelet on 10250) plus
 * DNS on 53 TCP and UDP from the book's Table 4-1 (its code forgets UDP), and the webhook ports.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
 */
export const CLUSTER_TRAFFIC: readonly TrafficFlow[] = [
  { key: 'api', from: 'nodes', to: 'controlPlane', protocol: 'tcp', port: 443, description: 'Nodes and pods to the Kubernetes API' },
  { key: 'kubelet', from: 'controlPlane', to: 'nodes', protocol: 'tcp', port: 10250, description: 'Control plane to the kubelet API (logs, exec, port-forward)' },
  { key: 'dns-tcp', from: 'controlPlane', to: 'nodes', protocol: 'tcp', port: 53, description: 'Control plane to CoreDNS over TCP' },
  { key: 'dns-udp', from: 'controlPlane', to: 'nodes', protocol: 'udp', port: 53, description: 'Control plane to CoreDNS over UDP' },
  ...WEBHOOK_PORTS.map(
    (port): TrafficFlow => ({ key: `webhook-${port}`, from: 'controlPlane', to: 'nodes', protocol: 'tcp', port, description: `Control plane to admission webhooks and API extensions on ${port}` }),
  ),
  { key: 'node-to-node', from: 'nodes', to: 'nodes', protocol: 'all', description: 'Node to node: pods and services across nodes (VPC CNI), CoreDNS on 53 TCP and UDP' },
  { key: 'cluster-sg-to-nodes', from: 'clusterSecurityGroup', to: 'nodes', protocol: 'all', description: 'Nodes with the EKS cluster security group to nodes with the node security group' },
  { key: 'nodes-to-cluster-sg', from: 'nodes', to: 'clusterSecurityGroup', protocol: 'all', description: 'Nodes with the node security group to nodes with the EKS cluster security group' },
];

export interface ClusterSecurityGroupsProps {
  /** Names the groups. */
  readonly clusterName: string;
  /** VPC of the cluster (book: `vpc_id`). */
  readonly vpcId: string;
  /** Create the additional security group of the control plane ENIs (book chapters 4–5). */
  readonly additionalSecurityGroup: boolean;
  /** Create a node security group, for launch templates to attach. */
  readonly nodeSecurityGroup: boolean;
  /** Tags on the groups. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The groups are created first, so the additional one can go into the cluster's `vpc_config`;
 * `connect()` adds the rules once the EKS cluster security group is known.
 */
export class ClusterSecurityGroups extends Construct {
  readonly additionalSecurityGroupId?: string;
  readonly nodeSecurityGroupId?: string;

  constructor(scope: Construct, id: string, props: ClusterSecurityGroupsProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    if (props.additionalSecurityGroup) {
      // Book: "optional additional security group rules for ENIs". Terraform removes AWS's default
      // allow-all egress, so the group allows only the flows below (book chapter 4: effective once
      // the cluster security group's own allow-all rules are gone).
      this.additionalSecurityGroupId = new SecurityGroup(this, 'additional', {
        name: `${props.clusterName}-control-plane`,
        description: 'Additional security group of the EKS control plane network interfaces',
        vpcId: props.vpcId,
        tags: { ...tags, Name: `${props.clusterName}-control-plane` },
      }).id;
    }
    if (props.nodeSecurityGroup) {
      // The cluster tag marks it as the nodes' group for the AWS Load Balancer Controller, which
      // wants exactly one tagged group per node network interface: attach it instead of, not
      // next to, the EKS cluster security group.
      const group = new SecurityGroup(this, 'nodes', {
        name: `${props.clusterName}-nodes`,
        description: 'EKS nodes launched with a launch template',
        vpcId: props.vpcId,
        tags: { ...tags, Name: `${props.clusterName}-nodes`, [`kubernetes.io/cluster/${props.clusterName}`]: 'owned' },
      });
      this.nodeSecurityGroupId = group.id;
      new VpcSecurityGroupEgressRule(this, 'nodes-egress-all', {
        securityGroupId: group.id,
        description: 'Nodes and pods to anywhere (registries, AWS APIs, workloads)',
        ipProtocol: '-1',
        cidrIpv4: '0.0.0.0/0',
      });
    }
  }

  /** The security group identifying each peer. */
  peers(clusterSecurityGroupId: string): Record<TrafficPeer, string> {
    return {
      controlPlane: this.additionalSecurityGroupId ?? clusterSecurityGroupId,
      nodes: this.nodeSecurityGroupId ?? clusterSecurityGroupId,
      clusterSecurityGroup: clusterSecurityGroupId,
    };
  }

  /**
   * Adds one ingress rule per flow on the receiving group, and an egress rule on the sending group
   * when that is the additional group (the only one without open egress). Skipped: flows whose
   * ends are both the cluster security group (EKS's own self rule covers them), and ingress on the
   * cluster security group from the additional group (the control plane ENIs carry both).
   */
  connect(clusterSecurityGroupId: string, flows: readonly TrafficFlow[] = CLUSTER_TRAFFIC): void {
    const peers = this.peers(clusterSecurityGroupId);
    for (const flow of flows) {
      const from = peers[flow.from];
      const to = peers[flow.to];
      if (from === clusterSecurityGroupId && to === clusterSecurityGroupId) continue;
      const rule = {
        description: flow.description,
        ipProtocol: flow.protocol === 'all' ? '-1' : flow.protocol,
        ...(flow.port === undefined ? {} : { fromPort: flow.port, toPort: flow.port }),
      };
      if (!(to === clusterSecurityGroupId && from === this.additionalSecurityGroupId)) {
        new VpcSecurityGroupIngressRule(this, `${flow.key}-ingress`, { ...rule, securityGroupId: to, referencedSecurityGroupId: from });
      }
      if (from === this.additionalSecurityGroupId) {
        new VpcSecurityGroupEgressRule(this, `${flow.key}-egress`, { ...rule, securityGroupId: from, referencedSecurityGroupId: to });
      }
    }
  }
}
