// chapter20-istio control-plane/sg.tf, replaced: the book opens 22, 80, 3306 and 30020 to the
// world and app ports to the VPC on the cluster security group. What Istio needs between the
// control plane and the nodes is one port (istio.io docs/ops/deployment/requirements): the API
// server calls istiod's sidecar injection and validation webhooks on their target port 15017
// (Service port 443). Sidecars and istiod talk pod to pod (15012 XDS, 15008 HBONE, 15006 inbound,
// app ports), which the node-to-node rule of the cluster traffic table already admits; the ingress
// gateway's load balancer opens its own ports.
import type { TrafficFlow } from '../../controlplane/cluster-security-groups';

export const ISTIO_TRAFFIC: readonly TrafficFlow[] = [
  { key: 'istio-webhooks', from: 'controlPlane', to: 'nodes', protocol: 'tcp', port: 15017, description: 'Control plane to the istiod webhooks (sidecar injection, config validation)' },
];
