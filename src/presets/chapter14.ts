// Book chapter 14 (first part), folder chapter14: Services. Chapter 13's infrastructure (chapter
// 3's cluster, private nodes), the blue app Pod and the NodePort Service of pods/nodeport-svc.yml,
// reached with `kubectl port-forward svc/blueapp-svc 30001` (book-map chapter14).
import type { Preset } from '.';
import { chapter3Cluster } from './book';
import { BLUEAPP_IMAGE, BLUEAPP_NODEPORT_SERVICE, blueappContainer, blueappPod } from './blueapp';

export const preset: Preset = {
  name: 'chapter14',
  chapter: 'chapter14',
  description: 'Book chapter 14: chapter 3 cluster with the blueapp Pod and NodePort Service blueapp-svc (8082, node port 30001, to 8080)',
  config: {
    ...chapter3Cluster(),
    kubernetes: {
      workloads: {
        pods: { 'blueapp-pod': blueappPod({ 'blueapp-container': blueappContainer(BLUEAPP_IMAGE) }) },
        services: { 'blueapp-svc': BLUEAPP_NODEPORT_SERVICE },
      },
    },
  },
};
