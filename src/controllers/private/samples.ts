// The sample workloads of chapters 14, 19 and 20, which the book applies with `kubectl apply -f`
// (pods/alb.yml, inflate-app.yml, istio/2-apps.yml, 2-color-services/): small builders for the
// objects they are made of. The general workload construct of chapters 12-17 lives elsewhere;
// these stay local to the controllers' presets.
import type { KubernetesObject } from '../../kubernetes/manifests-chart';

export interface SampleApp {
  readonly name: string;
  readonly image: string;
  /** Port the container listens on. */
  readonly port: number;
  /** @default "default" */
  readonly namespace?: string;
  /** @default 1 */
  readonly replicas?: number;
  /** @default {} */
  readonly env?: Record<string, string>;
}

/**
 * A Deployment of one container (the book's blue and green apps; chapter 14 runs a bare Pod, which
 * nothing restarts when its node goes), with small requests so the scheduler can place it.
 */
export function deployment(app: SampleApp): KubernetesObject {
  const labels = { app: app.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app.name, namespace: app.namespace ?? 'default', labels },
    spec: {
      replicas: app.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: app.name,
              image: app.image,
              ports: [{ containerPort: app.port }],
              ...(app.env ? { env: Object.entries(app.env).map(([name, value]) => ({ name, value })) } : {}),
              resources: { requests: { cpu: '50m', memory: '64Mi' } },
            },
          ],
        },
      },
    },
  };
}

export interface SampleService {
  readonly name: string;
  /** The `app` label of the pods. */
  readonly app: string;
  readonly port: number;
  readonly targetPort: number;
  /** @default "default" */
  readonly namespace?: string;
  /** @default "ClusterIP" */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** @default {} */
  readonly annotations?: Record<string, string>;
  /** Port name (Istio reads the protocol from it). @default none */
  readonly portName?: string;
}

export function service(s: SampleService): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace: s.namespace ?? 'default', labels: { app: s.app }, ...(s.annotations ? { annotations: s.annotations } : {}) },
    spec: {
      type: s.type ?? 'ClusterIP',
      selector: { app: s.app },
      ports: [{ ...(s.portName ? { name: s.portName } : {}), protocol: 'TCP', port: s.port, targetPort: s.targetPort }],
    },
  };
}

/**
 * Book chapter 19 `inflate-app.yml` (Karpenter's getting started): pause containers asking for one
 * vCPU each, at zero replicas; `kubectl scale deployment inflate --replicas 3` makes the autoscaler
 * add nodes.
 */
export function inflateDeployment(): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'inflate', namespace: 'default' },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'inflate' } },
      template: {
        metadata: { labels: { app: 'inflate' } },
        spec: {
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'inflate', image: 'public.ecr.aws/eks-distro/kubernetes/pause:3.7', resources: { requests: { cpu: '1' } } }],
        },
      },
    },
  };
}
