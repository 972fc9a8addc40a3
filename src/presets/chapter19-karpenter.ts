// Book chapter 19, "AWS Karpenter", folder chapter19-karpenter: karpenter-cluster with Karpenter's
// role (Pod Identity), node role, interruption queue, chart and default NodePool (book-map
// chapter19-karpenter).
import type { Preset } from '.';
import { BOOK_ACCESS_CONFIG, chapter3Cluster } from './book';

const cluster = chapter3Cluster('karpenter-cluster');
/** Nodes of the controller's group carry it; a taint of the same key keeps other pods away. */
const CONTROLLER_LABEL = { key: 'karpenter.sh/controller', value: 'true' };

export const preset: Preset = {
  name: 'chapter19-karpenter',
  chapter: 'chapter19-karpenter',
  description: 'Book chapter 19: Karpenter with Pod Identity, interruption queue, scoped controller policy and default NodePool',
  config: {
    // Chapter 3's cluster as karpenter-cluster (N2 network, whose private subnets carry
    // karpenter.sh/discovery), with access_config API_AND_CONFIG_MAP.
    ...cluster,
    controlPlane: { ...cluster.controlPlane, accessConfig: BOOK_ACCESS_CONFIG },
    workloadIdentity: 'pod-identity',
    // The book's vpc-cni enables prefix delegation; with it each t3.small may reserve 131
    // addresses and the /24 subnets cannot hold the group at 10 nodes, nor many Karpenter nodes,
    // so the add-on keeps secondary IPs. CoreDNS tolerates the controller group's taint (the
    // book's toleration), so DNS runs before Karpenter has launched anything.
    addons: {
      'vpc-cni': {},
      'kube-proxy': {},
      coredns: { configurationValues: { tolerations: [{ ...CONTROLLER_LABEL, effect: 'NoSchedule' }] } },
      'eks-pod-identity-agent': {},
    },
    nodeGroups: {
      // The book labels the group and says the CoreDNS toleration "reserves" it for Karpenter
      // (L13273); a toleration only allows, so the group gets the matching taint as well.
      'karpenter-cluster-ng': {
        capacityType: 'ON_DEMAND',
        instanceTypes: ['t3.small'],
        minSize: 1,
        desiredSize: 2,
        maxSize: 10,
        createBeforeDestroy: false,
        labels: { [CONTROLLER_LABEL.key]: CONTROLLER_LABEL.value },
        taints: [{ ...CONTROLLER_LABEL, effect: 'NO_SCHEDULE' }],
        tags: { 'karpenter.sh/discovery': 'karpenter-cluster' },
      },
    },
    controllers: {
      karpenter: {
        roleName: 'KarpenterControllerRole-karpenter-cluster',
        // The book's node role name goes to Karpenter's nodes (the EC2NodeClass names it); the
        // managed group keeps its own role, whose access entry EKS manages.
        nodeRoleName: 'KarpenterNodeRole-karpenter-cluster',
        nodeSelector: { [CONTROLLER_LABEL.key]: CONTROLLER_LABEL.value },
        tolerations: [{ key: CONTROLLER_LABEL.key, operator: 'Equal', value: CONTROLLER_LABEL.value, effect: 'NoSchedule' }],
        // deployment/nodepool.yml: the book's requirements, limit and consolidation; Bottlerocket
        // at `latest` as in the book (pin a version in production).
        nodePool: { amiAlias: 'bottlerocket@latest' },
        sampleApp: true,
      },
    },
  },
};
