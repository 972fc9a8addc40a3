// Book chapter 17, folder chapter17: ReplicaSets and Deployments. Chapter 3's cluster, the
// ReplicaSet of pods/replica.yml and the Deployment of pods/deployment.yml (book-map chapter17).
import type { Preset } from '.';
import { chapter3Cluster } from './book';
import { BLUEAPP_IMAGE, blueappContainer, blueappPod } from './blueapp';

// The book's containers are named `blueapp`, pull Always and declare no port; port 8080 is
// declared here so the probes have one.
const containers = { blueapp: blueappContainer(BLUEAPP_IMAGE, { imagePullPolicy: 'Always' }) };

export const preset: Preset = {
  name: 'chapter17',
  chapter: 'chapter17',
  description: 'Book chapter 17: chapter 3 cluster with ReplicaSet blueapp and Deployment blueapp-deployment (3 replicas each, rolling 1/1)',
  config: {
    ...chapter3Cluster(),
    kubernetes: {
      workloads: {
        // replica.yml: 3 replicas, selector environment=dev; the kubernetes provider has no
        // ReplicaSet resource, so it is a local chart. Its selector also matches the Deployment's
        // Pods, as in the book (synthesis warns): it does not adopt them while they have an owner.
        replicaSets: { blueapp: { ...blueappPod(containers, { environment: 'dev' }), replicas: 3 } },
        // deployment.yml: 3 replicas, RollingUpdate with maxUnavailable 1 and maxSurge 1.
        deployments: {
          'blueapp-deployment': {
            ...blueappPod(containers, { app: 'blueapp', environment: 'dev' }),
            replicas: 3,
            strategy: { type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 1 },
          },
        },
      },
    },
  },
};
