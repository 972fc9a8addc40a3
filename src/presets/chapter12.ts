// Book chapter 12, folder chapter12: containers and a private registry. The chapter 11 cluster
// with access_config API_AND_CONFIG_MAP (the creator flag left to its default, true), the ECR
// repository the book creates with `aws ecr create-repository`, and its two Pods: the blue app
// from Docker Hub (blueapp-pod.yml) and from ECR (pod-ecr.yml) (book-map chapter12).
import type { Preset } from '.';
import { chapter8Cluster } from './book';
import { BLUEAPP_IMAGE, blueappContainer, blueappPod } from './blueapp';

const cluster = chapter8Cluster();

export const preset: Preset = {
  name: 'chapter12',
  chapter: 'chapter12',
  description: 'Book chapter 12: the chapter 11 cluster, ECR repository docker-images, the blueapp Pod from Docker Hub and from ECR',
  config: {
    ...cluster,
    controlPlane: { ...cluster.controlPlane, accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } },
    // By hand in the book, with its tags; the registry adds immutable tags, scan on push, KMS
    // encryption, a lifecycle policy and a push group. Nodes pull with
    // AmazonEC2ContainerRegistryReadOnly, as in the book.
    registry: { repositories: ['docker-images'], tags: { env: 'test', team: 'DevOps' } },
    kubernetes: {
      workloads: {
        pods: {
          'blueapp-pod': blueappPod({ 'blueapp-container': blueappContainer(BLUEAPP_IMAGE) }),
          // pod-ecr.yml names its Pod blueapp-pod too (the book runs one, then the other); both
          // run here, so this one is blueapp-ecr-pod. The book's ACCOUNTID.dkr.ecr… is the
          // repository URL from the AWS stack; push the `blueapp` tag before deploying the
          // kubernetes stack (docs/workloads.md): with immutable tags it can be pushed once.
          'blueapp-ecr-pod': blueappPod({ 'blueapp-container': blueappContainer({ ecrRepository: 'docker-images', tag: 'blueapp' }) }),
        },
      },
    },
  },
};
