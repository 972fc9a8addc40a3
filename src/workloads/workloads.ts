// chapter12 pod/pod-ecr.yml and blueapp-pod.yml, chapter13 pods/blueapp.yml and `kubectl create ns
// test-ns`, chapter14 pods/nodeport-svc.yml, chapter14-pub svc-nodeport.yml and svc-clusterip.yml,
// chapter17 pods/replica.yml and deployment.yml (all applied by hand with kubectl in the book):
// namespaces, Pods, Deployments, ReplicaSets and Services of the Kubernetes stack, with requests,
// probes and a restricted security context the book's manifests leave out.
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { PodV1 } from '@cdktf/provider-kubernetes/lib/pod-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { throwIfIssues } from '../errors';
import { ManifestsChart } from '../kubernetes/manifests-chart';
import { props as propsOf, schemaIssues } from '../private/validate';
import { WorkloadContext, workloadIssues, WorkloadItem, workloadItems, workloadWarnings } from './private/checks';
import { DEFAULT_NAMESPACE, podModel, PodModel, podSpecManifest, podSpecTyped } from './private/pod-template';
import {
  ContainerSettings,
  DeploymentSettings,
  NamespaceSettings,
  PodSecurityLevel,
  PodSettings,
  ReplicaSetSettings,
  ServiceSettings,
  workloadsFields,
} from './private/schema';

export { DEFAULT_NAMESPACE, DEFAULT_PROBE, DEFAULT_REQUESTS } from './private/pod-template';

/** Replicas of a Deployment or ReplicaSet that does not say: a node loss or a rollout leaves one serving. */
export const DEFAULT_REPLICAS = 2;
/** Old ReplicaSets a Deployment keeps for `kubectl rollout undo` (Kubernetes keeps 10). */
export const DEFAULT_REVISION_HISTORY_LIMIT = 5;
/** The book's deployment.yml: one Pod more and one Pod less at a time. */
export const DEFAULT_MAX_SURGE = 1;
/** One Pod down at a time, none with a single replica (a rollout then never takes the only Pod down). */
export const DEFAULT_MAX_UNAVAILABLE = 1;
/** Pod Security Standard enforced in created namespaces; `restricted` is warned and audited. */
export const DEFAULT_POD_SECURITY: PodSecurityLevel = 'baseline';

export interface WorkloadsProps {
  /** Namespaces to create, by name (book chapter 13: `kubectl create ns test-ns`). @default {} */
  readonly namespaces?: Record<string, NamespaceSettings>;
  /** Pods by key, the default name (book chapters 12-14: `blueapp-pod`). @default {} */
  readonly pods?: Record<string, PodSettings>;
  /** Deployments by key (book chapter 17: `blueapp-deployment`). @default {} */
  readonly deployments?: Record<string, DeploymentSettings>;
  /** ReplicaSets by key (book chapter 17: `blueapp`), as a local chart per namespace. @default {} */
  readonly replicaSets?: Record<string, ReplicaSetSettings>;
  /** Services by key (book chapter 14: `blueapp-svc`). @default {} */
  readonly services?: Record<string, ServiceSettings>;
  /**
   * URLs of the registry's repositories by name (AwsStack.registry.repositoryUrls), for images
   * given as `{ecrRepository, tag}`. @default none: such images are refused
   */
  readonly ecrRepositoryUrls?: Readonly<Record<string, string>>;
  /** Whether those repositories let a tag move to another image. @default false (the registry's IMMUTABLE tags) */
  readonly ecrTagsMutable?: boolean;
  /** Created after these, e.g. Helm releases whose admission webhooks see new Pods and Services. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const propsSchema = propsOf(workloadsFields);

/** The workloads of one cluster; each object is validated before any is created. */
export class Workloads extends Construct {
  readonly namespaces: Readonly<Record<string, NamespaceV1>>;
  readonly pods: Readonly<Record<string, PodV1>>;
  readonly deployments: Readonly<Record<string, DeploymentV1>>;
  /** The local chart holding the ReplicaSets of each namespace, by namespace. */
  readonly replicaSetCharts: Readonly<Record<string, ManifestsChart>>;
  readonly services: Readonly<Record<string, ServiceV1>>;
  private readonly props: WorkloadsProps;

  constructor(scope: Construct, id: string, props: WorkloadsProps) {
    super(scope, id);
    this.props = props;
    const context: WorkloadContext = {
      ecrRepositories: props.ecrRepositoryUrls ? Object.keys(props.ecrRepositoryUrls) : undefined,
      ecrTagsMutable: props.ecrTagsMutable ?? false,
    };
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`Workloads '${this.node.path}'`, [...fieldIssues, ...(fieldIssues.length > 0 ? [] : workloadIssues(props, context))]);
    for (const warning of workloadWarnings(props, context)) Annotations.of(this).addWarning(warning);

    const namespaces: Record<string, NamespaceV1> = {};
    for (const [name, s] of Object.entries(props.namespaces ?? {})) namespaces[name] = this.addNamespace(name, s);
    this.namespaces = namespaces;
    const items = workloadItems(props);
    const pods: Record<string, PodV1> = {};
    const deployments: Record<string, DeploymentV1> = {};
    for (const item of items) {
      if (item.kind === 'Pod') pods[item.key] = this.addPod(item);
      if (item.kind === 'Deployment') deployments[item.key] = this.addDeployment(item, item.settings as DeploymentSettings);
    }
    this.pods = pods;
    this.deployments = deployments;
    const charts: Record<string, ManifestsChart> = {};
    const replicaSets = items.filter((i) => i.kind === 'ReplicaSet');
    for (const namespace of [...new Set(replicaSets.map((i) => i.namespace))]) {
      charts[namespace] = this.addReplicaSets(namespace, replicaSets.filter((i) => i.namespace === namespace));
    }
    this.replicaSetCharts = charts;
    const services: Record<string, ServiceV1> = {};
    for (const [key, s] of Object.entries(props.services ?? {})) services[key] = this.addService(key, s);
    this.services = services;
  }

  /** The namespace to write: a reference to the created namespace (so Terraform orders them), else the name. */
  private namespaceOf(name: string): string {
    return this.namespaces[name]?.metadata.name ?? name;
  }

  private get dependsOn(): ITerraformDependable[] | undefined {
    return this.props.dependsOn && this.props.dependsOn.length > 0 ? this.props.dependsOn : undefined;
  }

  private addNamespace(name: string, s: NamespaceSettings): NamespaceV1 {
    const level = s.podSecurity ?? DEFAULT_POD_SECURITY;
    return new NamespaceV1(this, `namespace-${name}`, {
      metadata: {
        name,
        labels: {
          ...(s.labels ?? {}),
          // Pod Security Admission: refuse what the level forbids, report what `restricted` would.
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
        ...(s.annotations ? { annotations: s.annotations } : {}),
      },
      // Pods are refused until the namespace's default service account exists.
      waitForDefaultServiceAccount: true,
    });
  }

  private model(item: WorkloadItem): PodModel {
    const urls = this.props.ecrRepositoryUrls ?? {};
    const imageOf = (container: string) => {
      const image = (item.settings.containers[container] as ContainerSettings).image;
      if (typeof image === 'string') return image;
      return `${urls[image.ecrRepository]}${image.tag !== undefined ? `:${image.tag}` : `@${image.digest}`}`;
    };
    return podModel(item.name, item.settings, imageOf);
  }

  private metadata(item: WorkloadItem, labels: Record<string, string>) {
    return {
      name: item.name,
      namespace: this.namespaceOf(item.namespace),
      labels,
      ...(item.settings.annotations ? { annotations: item.settings.annotations } : {}),
    };
  }

  private addPod(item: WorkloadItem): PodV1 {
    const model = this.model(item);
    return new PodV1(this, `pod-${item.key}`, { metadata: this.metadata(item, model.labels), spec: podSpecTyped(model), dependsOn: this.dependsOn });
  }

  private addDeployment(item: WorkloadItem, s: DeploymentSettings): DeploymentV1 {
    const model = this.model(item);
    const replicas = s.replicas ?? DEFAULT_REPLICAS;
    const type = s.strategy?.type ?? 'RollingUpdate';
    const maxUnavailable = s.strategy?.maxUnavailable ?? (replicas > 1 ? DEFAULT_MAX_UNAVAILABLE : 0);
    return new DeploymentV1(this, `deployment-${item.key}`, {
      metadata: this.metadata(item, model.labels),
      spec: {
        replicas: String(replicas),
        selector: { matchLabels: item.selector },
        strategy: {
          type,
          ...(type === 'RollingUpdate' ? { rollingUpdate: { maxSurge: String(s.strategy?.maxSurge ?? DEFAULT_MAX_SURGE), maxUnavailable: String(maxUnavailable) } } : {}),
        },
        revisionHistoryLimit: s.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT,
        ...(s.minReadySeconds !== undefined ? { minReadySeconds: s.minReadySeconds } : {}),
        template: {
          metadata: { labels: model.labels, ...(model.annotations ? { annotations: model.annotations } : {}) },
          spec: podSpecTyped(model),
        },
      },
      dependsOn: this.dependsOn,
    });
  }

  /**
   * The ReplicaSets of one namespace as a local chart: the kubernetes provider has no ReplicaSet
   * resource, and kubernetes_manifest would need the cluster's API at plan time.
   */
  private addReplicaSets(namespace: string, items: WorkloadItem[]): ManifestsChart {
    const objects = items.map((item) => {
      const model = this.model(item);
      return {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: item.name, namespace, labels: model.labels, ...(model.annotations ? { annotations: model.annotations } : {}) },
        spec: {
          replicas: (item.settings as ReplicaSetSettings).replicas ?? DEFAULT_REPLICAS,
          selector: { matchLabels: item.selector },
          template: {
            metadata: { labels: model.labels, ...(model.annotations ? { annotations: model.annotations } : {}) },
            spec: podSpecManifest(model),
          },
        },
      };
    });
    const created = this.namespaces[namespace];
    const dependsOn = [...(created ? [created] : []), ...(this.props.dependsOn ?? [])];
    return new ManifestsChart(this, `replicasets-${namespace}`, { releaseName: 'workload-replicasets', namespace, objects, dependsOn });
  }

  private addService(key: string, s: ServiceSettings): ServiceV1 {
    const type = s.type ?? 'ClusterIP';
    return new ServiceV1(this, `service-${key}`, {
      metadata: {
        name: s.name ?? key,
        namespace: this.namespaceOf(s.namespace ?? DEFAULT_NAMESPACE),
        ...(s.labels ? { labels: s.labels } : {}),
        ...(s.annotations ? { annotations: s.annotations } : {}),
      },
      spec: {
        type,
        selector: s.selector,
        port: s.ports.map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          port: p.port,
          targetPort: String(p.targetPort ?? p.port),
          ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
          protocol: p.protocol ?? 'TCP',
        })),
        ...(s.loadBalancerSourceRanges ? { loadBalancerSourceRanges: s.loadBalancerSourceRanges } : {}),
        ...(s.externalTrafficPolicy ? { externalTrafficPolicy: s.externalTrafficPolicy } : {}),
      },
      dependsOn: this.dependsOn,
    });
  }
}
