// The book's sample application (chapters 12-17): `cloudmanly/eks:blueapp`, Tomcat 10.1 on port
// 8080 in an Ubuntu image with a JDK (chapter 12's Dockerfile), as the workloads of the chapter
// presets write it, with the safe variants that keep it running.
import type { EksConfigInput } from '../config/schema';

type Workloads = NonNullable<NonNullable<EksConfigInput['kubernetes']>['workloads']>;
type PodInput = NonNullable<Workloads['pods']>[string];
type ContainerInput = PodInput['containers'][string];
type ServiceInput = NonNullable<Workloads['services']>[string];

/** The book's Docker Hub image; `blueapp` is a tag, so the reference is pinned (not a digest: the book publishes none). */
export const BLUEAPP_IMAGE = 'cloudmanly/eks:blueapp';

/** The labels of the book's blueapp.yml, which its Services select. */
export const BLUEAPP_LABELS = { app: 'blueapp-label' };

/**
 * The blueapp container: the book declares port 8080 (not in replica.yml or deployment.yml, which
 * the probes need) and no resources (BestEffort, the first Pod evicted). The JVM sizes its heap
 * from the memory limit: 256 MiB requested, 512 MiB allowed.
 */
export function blueappContainer(image: ContainerInput['image'], extra: Partial<ContainerInput> = {}): ContainerInput {
  return {
    image,
    ports: [{ containerPort: 8080 }],
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    ...extra,
  };
}

/**
 * The book's Pod settings around a container. The image runs Tomcat as root (its Dockerfile sets
 * no USER and installs Tomcat in root-owned /opt/tomcat), so `runAsNonRoot` is off: Kubernetes
 * would refuse to start it. Privilege escalation and every capability stay off, which Tomcat on
 * 8080 does not need (apt, which the book runs inside the Pod in chapter 12, then cannot switch
 * to its `_apt` user: `apt -o APT::Sandbox::User=root …`). Rebuild the image with a USER to turn `runAsNonRoot` back on.
 */
export function blueappPod(containers: PodInput['containers'], labels: Record<string, string> = BLUEAPP_LABELS): PodInput {
  return { labels, containers, runAsNonRoot: false };
}

/** pods/nodeport-svc.yml (chapter 14) and svc-nodeport.yml (chapter 14-pub): 8082 on the Service, 30001 on the nodes, 8080 in the Pod. */
export const BLUEAPP_NODEPORT_SERVICE: ServiceInput = {
  type: 'NodePort',
  labels: { svc: 'blueapp-svc-label' },
  selector: BLUEAPP_LABELS,
  ports: [{ name: 'app-port', port: 8082, nodePort: 30001, targetPort: 8080 }],
};
