// Book chapter 14 "Node Port Service Type and Public Network", folder chapter14-pub: chapter 3's
// cluster with public nodes and a NodePort rule, with the safe variants that keep its
// architecture (see docs/presets.md), and the chapter's blue app Pod and Services.
import type { Preset } from '.';
import { bookFindings } from './book';
import { preset as chapter03 } from './chapter03';
import { BLUEAPP_IMAGE, BLUEAPP_LABELS, BLUEAPP_NODEPORT_SERVICE, blueappContainer, blueappPod } from './blueapp';

const book = chapter03.config;

export const preset: Preset = {
  name: 'chapter14-pub',
  chapter: 'chapter14-pub',
  description: 'Book chapter 14-pub: chapter 3 with nodes and control plane ENIs in public subnets, public IPs, NodePort 30001 open to configured blocks',
  config: {
    ...book,
    securityRules: bookFindings(['EKS-PUBLIC-ENDPOINT', 'EKS-ENDPOINT-OPEN-TO-WORLD', 'SUBNET-PUBLIC-IP']),
    network: { ...book.network, mapPublicIpOnLaunch: true },
    controlPlane: {
      ...book.controlPlane,
      // eks.tf: subnet_ids = public_subnet_ids, as in the book.
      subnets: 'public',
      // nodes/sg.tf opens 30001 to 0.0.0.0/0; here to the blocks you configure. 203.0.113.10/32 is
      // a documentation address (RFC 5737) standing for yours: override
      // controlPlane.nodePorts.cidrBlocks with your own /32 before deploying. The book's second
      // rule, 8080 from 0.0.0.0/0, is left out: nothing listens on 8080 on the nodes.
      nodePorts: { cidrBlocks: ['203.0.113.10/32'], fromPort: 30001 },
    },
    nodeGroups: {
      'private-node-group': { ...book.nodeGroups!['private-node-group'], subnets: 'public' },
    },
    kubernetes: {
      workloads: {
        pods: { 'blueapp-pod': blueappPod({ 'blueapp-container': blueappContainer(BLUEAPP_IMAGE) }) },
        services: {
          // svc-nodeport.yml: curl http://<node public IP>:30001.
          'blueapp-svc': BLUEAPP_NODEPORT_SERVICE,
          // svc-clusterip.yml: 8081 to 8080, reached with `kubectl port-forward svc/… 8081`. The
          // book names it blueapp-svc too and deletes the NodePort Service first; both exist here.
          'blueapp-clusterip-svc': { labels: { svc: 'blueapp-svc-label' }, selector: BLUEAPP_LABELS, ports: [{ name: 'app-port', port: 8081, targetPort: 8080 }] },
        },
      },
    },
  },
};
