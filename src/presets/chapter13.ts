// Book chapter 13, folder chapter13: the Pod specification. Chapter 3's cluster (the book pins
// 1.29), the blue app Pod of pods/blueapp.yml and the namespace test-ns the book creates with
// `kubectl create ns` (book-map chapter13).
import type { Preset } from '.';
import { chapter3Cluster } from './book';
import { BLUEAPP_IMAGE, blueappContainer, blueappPod } from './blueapp';

export const preset: Preset = {
  name: 'chapter13',
  chapter: 'chapter13',
  description: 'Book chapter 13: chapter 3 cluster with the blueapp Pod (requests, probes, no privilege escalation) and namespace test-ns',
  config: {
    ...chapter3Cluster(),
    kubernetes: {
      workloads: {
        // Pod Security Admission enforces "baseline" there (the blue app runs as root, which
        // "restricted" refuses) and warns about what "restricted" would refuse.
        namespaces: { 'test-ns': {} },
        pods: { 'blueapp-pod': blueappPod({ 'blueapp-container': blueappContainer(BLUEAPP_IMAGE) }) },
      },
    },
  },
};
