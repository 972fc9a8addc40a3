// Book chapter 20, "Istio Service Mesh", folder chapter20-istio: istio-cluster with Istio from its
// pinned Helm charts, the ingress gateway and the blue/green sample (book-map chapter20-istio).
import type { Preset } from '.';
import { bookFindings, chapter3Cluster } from './book';

const cluster = chapter3Cluster('istio-cluster');

export const preset: Preset = {
  name: 'chapter20-istio',
  chapter: 'chapter20-istio',
  description: 'Book chapter 20: Istio base, istiod and ingress gateway (pinned charts), blue/green sample, webhook port 15017 only',
  config: {
    ...cluster,
    securityRules: bookFindings(['EKS-PUBLIC-ENDPOINT', 'EKS-ENDPOINT-OPEN-TO-WORLD', 'SG-EGRESS-WORLD'], {
      'SG-EGRESS-WORLD': `the nodes reach image registries and AWS APIs through the NAT gateway, as the book's nodes do through the EKS cluster security group; controlPlane.nodeSecurityGroup false moves that egress back there, where EKS manages it`,
    }),
    // The book's 15 rules on the cluster security group open 22, 80, 3306 and 30020 to the world
    // and app ports to the VPC. The nodes get a node security group instead, with the cluster
    // traffic table and the one port Istio adds (istiod's webhooks on 15017 from the control
    // plane); the ingress gateway's load balancer opens its own listener ports. The unused App
    // Mesh and load balancer policies on the node role, and its IMDSv1 launch template, are gone.
    controlPlane: { ...cluster.controlPlane, nodeSecurityGroup: true },
    controllers: {
      istio: {
        ingressGateway: true,
        // `istioctl install --set profile=demo` becomes the istiod chart with the demo profile's
        // small requests (t3.small nodes), without its egress gateway and permissive settings.
        values: { pilot: { resources: { requests: { cpu: '100m', memory: '256Mi' } } } },
        sampleApp: true,
      },
    },
  },
};
