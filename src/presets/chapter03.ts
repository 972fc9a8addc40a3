// Book chapter 3, folder chapter03: the public endpoint cluster, resource for resource, with
// the safe variants that keep its architecture (see README "Presets").
import type { Preset } from '.';

export const chapter03: Preset = {
  name: 'chapter03',
  chapter: 'chapter03',
  description: 'Book chapter 3: public endpoint cluster, 2 public + 2 private /24 subnets, one NAT gateway, 2 t3.small nodes',
  config: {
    clusterName: 'public-endpoint-cluster',
    // The book pins 1.31, whose EKS extended support ends on 2026-11-26.
    clusterVersion: '1.35',
    network: {
      vpcTag: 'public-endpoint-cluster-vpc',
      vpcCidr: '10.0.0.0/16',
      privateSubnetCidrs: ['10.0.3.0/24', '10.0.4.0/24'],
      publicSubnetCidrs: ['10.0.5.0/24', '10.0.6.0/24'],
      natGateways: 'single',
    },
    controlPlane: {
      // The book leaves the endpoint open (its allow-list `181.10.0.0/32` is commented out); the
      // preset says so explicitly and synthesis warns about it.
      endpointAccess: 'public',
      publicAccessCidrs: ['0.0.0.0/0'],
      allowPublicAccessFromAnywhere: true,
      attachVpcResourceControllerPolicy: false,
      // network/sg.tf and nodes/sg.tf, plus DNS over UDP, which the book's Table 4-1 lists and
      // its code forgets.
      clusterSecurityGroupRules: [
        { type: 'egress', protocol: 'tcp', fromPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'HTTPS to AWS APIs and registries' },
        { type: 'egress', protocol: 'tcp', fromPort: 53, cidrBlocks: ['vpc'], description: 'DNS over TCP to the VPC resolver' },
        { type: 'egress', protocol: 'udp', fromPort: 53, cidrBlocks: ['vpc'], description: 'DNS over UDP to the VPC resolver' },
        { type: 'egress', protocol: 'tcp', fromPort: 10250, cidrBlocks: ['vpc'], description: 'Kubelet API on the nodes' },
      ],
    },
    nodeGroups: {
      'private-node-group': {
        capacityType: 'ON_DEMAND',
        instanceTypes: ['t3.small'],
        desiredSize: 2,
        maxSize: 3,
        minSize: 2,
        maxUnavailable: 1,
        labels: { name: 'nodes' },
        tags: { Name: 'worker-node' },
      },
    },
  },
};
