// Rules of `kubernetes.workloads` that combine several settings: what Kubernetes would refuse at
// apply (a selector its own Pods do not carry, a NodePort on a ClusterIP Service, two Services on
// one NodePort), what it would accept and then get wrong (a ReplicaSet adopting a bare Pod), and
// warnings for what is legal but likely a mistake (a Service selecting nothing).
import { issue, ValidationIssue } from '../../errors';
import { isUnresolved } from '../../private/validate';
import { DEFAULT_NAMESPACE } from './pod-template';
import { BUILT_IN_NAMESPACES, ContainerSettings, DeploymentSettings, PodSettings, ServiceSettings, WorkloadsSettings } from './schema';

/** What the checks need to know beyond the section. */
export interface WorkloadContext {
  /** Names of the registry's ECR repositories; `undefined` when there is no registry. */
  readonly ecrRepositories?: readonly string[];
  /** Whether those repositories let a tag move to another image (`imageTagMutability: MUTABLE`). */
  readonly ecrTagsMutable?: boolean;
}

type Kind = 'Pod' | 'Deployment' | 'ReplicaSet';
const SECTIONS = { Pod: 'pods', Deployment: 'deployments', ReplicaSet: 'replicaSets' } as const;

/** A workload with what the rules compare: where it is, its Pods' labels and its selector. */
export interface WorkloadItem {
  readonly kind: Kind;
  readonly key: string;
  readonly path: readonly string[];
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Controllers only. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly settings: PodSettings;
}

/** Every Pod, Deployment and ReplicaSet of the section, defaults applied to name, namespace and labels. */
export function workloadItems(w: WorkloadsSettings): WorkloadItem[] {
  const items: WorkloadItem[] = [];
  for (const kind of ['Pod', 'Deployment', 'ReplicaSet'] as const) {
    for (const [key, s] of Object.entries((w[SECTIONS[kind]] ?? {}) as Record<string, PodSettings & { selector?: Record<string, string> }>)) {
      const labels = s.labels ?? { app: s.name ?? key };
      items.push({
        kind,
        key,
        path: [SECTIONS[kind], key],
        name: s.name ?? key,
        namespace: s.namespace ?? DEFAULT_NAMESPACE,
        labels,
        ...(kind === 'Pod' ? {} : { selector: s.selector ?? labels }),
        settings: s,
      });
    }
  }
  return items;
}

const matches = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>) =>
  Object.entries(selector).every(([k, value]) => labels[k] === value);
const show = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([k, value]) => `${k}=${value}`).join(',');

/** Everything Kubernetes would refuse, or accept and get wrong; paths are relative to the section. */
export function workloadIssues(w: WorkloadsSettings, context: WorkloadContext = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const items = workloadItems(w);
  issues.push(...duplicateIssues(items.map((i) => ({ kind: i.kind, path: i.path, name: i.name, namespace: i.namespace }))));
  for (const [name] of Object.entries(w.namespaces ?? {}).filter(([n]) => (BUILT_IN_NAMESPACES as readonly string[]).includes(n))) {
    issues.push(issue(['namespaces'], name, 'is a namespace every cluster has: Terraform cannot create it; remove it from \'namespaces\''));
  }
  for (const item of items) {
    issues.push(...podIssues(item, context));
    if (item.selector && item.settings.labels && !matches(item.selector, item.labels)) {
      issues.push(issue([...item.path, 'selector'], item.selector, `must match the Pod 'labels' (${JSON.stringify(item.labels)}): Kubernetes refuses a ${item.kind} whose Pods do not carry its selector`));
    }
    if (item.kind === 'ReplicaSet') {
      for (const pod of items.filter((p) => p.kind === 'Pod' && p.namespace === item.namespace && matches(item.selector!, p.labels))) {
        issues.push(
          issue(
            [...item.path, 'selector'],
            item.selector,
            `matches the labels of Pod '${pod.path.join('.')}' in namespace "${pod.namespace}": the ReplicaSet would adopt it and delete Pods beyond its 'replicas'; give them distinct labels`,
          ),
        );
      }
    }
  }
  for (const [key, d] of Object.entries(w.deployments ?? {})) issues.push(...strategyIssues(['deployments', key, 'strategy'], d));
  issues.push(...serviceIssues(w));
  return issues;
}

function duplicateIssues(objects: { kind: string; path: readonly string[]; name: string; namespace: string }[]): ValidationIssue[] {
  const seen = new Map<string, readonly string[]>();
  const issues: ValidationIssue[] = [];
  for (const o of objects) {
    const id = `${o.kind}/${o.namespace}/${o.name}`;
    const first = seen.get(id);
    if (first) issues.push(issue([...o.path, 'name'], o.name, `names the same ${o.kind} in namespace "${o.namespace}" as '${first.join('.')}'`));
    else seen.set(id, o.path);
  }
  return issues;
}

function podIssues(item: WorkloadItem, context: WorkloadContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const portNames = new Map<string, string>();
  const portNumbers = new Map<string, string>();
  for (const [name, c] of Object.entries(item.settings.containers)) {
    const path = [...item.path, 'containers', name];
    (c.ports ?? []).forEach((p, i) => {
      const where = `'${[...path, 'ports', i].join('.')}'`;
      const number = `${p.containerPort}/${p.protocol ?? 'TCP'}`;
      if (portNumbers.has(number)) issues.push(issue([...path, 'ports', i, 'containerPort'], p.containerPort, `is declared twice in the Pod (also ${portNumbers.get(number)})`));
      portNumbers.set(number, where);
      if (p.name && portNames.has(p.name)) issues.push(issue([...path, 'ports', i, 'name'], p.name, `is used twice in the Pod (also ${portNames.get(p.name)}): port names must be unique`));
      if (p.name) portNames.set(p.name, where);
    });
    issues.push(...imageIssues([...path, 'image'], c, context), ...resourceIssues([...path, 'resources'], c), ...probeIssues([...path, 'probe'], c));
    issues.push(...volumeMountIssues([...path, 'volumeMounts'], c, item.settings));
  }
  return issues;
}

function volumeMountIssues(path: (string | number)[], c: ContainerSettings, pod: PodSettings): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const volumes = Object.keys(pod.volumes ?? {});
  const paths = new Set<string>();
  (c.volumeMounts ?? []).forEach((m, i) => {
    if (!volumes.includes(m.name)) {
      issues.push(issue([...path, i, 'name'], m.name, `is not a volume of the Pod (${volumes.map((n) => JSON.stringify(n)).join(', ') || "it has no 'volumes'"}): Kubernetes refuses a mount of a volume the Pod does not declare`));
    }
    if (paths.has(m.mountPath)) issues.push(issue([...path, i, 'mountPath'], m.mountPath, 'is mounted twice in the container'));
    paths.add(m.mountPath);
  });
  return issues;
}

function imageIssues(path: (string | number)[], c: ContainerSettings, context: WorkloadContext): ValidationIssue[] {
  if (typeof c.image !== 'object') return [];
  const repository = c.image.ecrRepository;
  if (context.ecrRepositories === undefined) {
    return [issue([...path, 'ecrRepository'], repository, "names an ECR repository, but the 'registry' section is not configured: add it with this repository in 'registry.repositories'")];
  }
  if (!context.ecrRepositories.includes(repository)) {
    return [issue([...path, 'ecrRepository'], repository, `is not a repository of the registry (${context.ecrRepositories.map((r) => JSON.stringify(r)).join(', ')}): add it to 'registry.repositories'`)];
  }
  return [];
}

/** Bytes of a memory quantity, millicores of a CPU quantity. */
export function quantityValue(kind: 'cpu' | 'memory', q: string): number {
  if (kind === 'cpu') return q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q)!;
  const factor: Record<string, number> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * factor[m[2] ?? ''];
}

/** Limits below their requests, which Kubernetes refuses (also the application's tiers, seed 001). */
export function resourceIssues(path: (string | number)[], c: Pick<ContainerSettings, 'resources'>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const kind of ['cpu', 'memory'] as const) {
    const request = c.resources?.requests?.[kind];
    const limit = c.resources?.limits?.[kind];
    if (request && limit && !isUnresolved(request) && !isUnresolved(limit) && quantityValue(kind, limit) < quantityValue(kind, request)) {
      issues.push(issue([...path, 'limits', kind], limit, `must be >= 'requests.${kind}' (${JSON.stringify(request)}): Kubernetes refuses a limit below the request`));
    }
  }
  return issues;
}

function probeIssues(path: (string | number)[], c: ContainerSettings): ValidationIssue[] {
  if (c.probe === undefined || c.probe === false) return [];
  const port = c.probe.port;
  if (port === undefined && !c.ports) {
    return [issue(path, c.probe, "needs a port: declare the container's 'ports' or set 'probe.port' (or set 'probe' to false)")];
  }
  if (typeof port === 'string' && !(c.ports ?? []).some((p) => p.name === port)) {
    return [issue([...path, 'port'], port, `is not the name of one of the container's 'ports' (${(c.ports ?? []).map((p) => JSON.stringify(p.name ?? p.containerPort)).join(', ') || 'none'})`)];
  }
  return [];
}

const isZero = (x: number | string | undefined) => x === 0 || x === '0%';

function strategyIssues(path: string[], d: DeploymentSettings): ValidationIssue[] {
  const s = d.strategy;
  if (!s) return [];
  if (s.type === 'Recreate' && (s.maxSurge !== undefined || s.maxUnavailable !== undefined)) {
    return [issue([...path, 'type'], s.type, "takes no 'maxSurge' or 'maxUnavailable' (they belong to \"RollingUpdate\"): Recreate stops every Pod before starting new ones")];
  }
  if (isZero(s.maxSurge) && isZero(s.maxUnavailable)) {
    return [issue([...path, 'maxSurge'], s.maxSurge, "and 'maxUnavailable' cannot both be 0: the rollout could neither add nor remove a Pod")];
  }
  return [];
}

function serviceIssues(w: WorkloadsSettings): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const services = Object.entries(w.services ?? {});
  issues.push(...duplicateIssues(services.map(([key, s]) => ({ kind: 'Service', path: ['services', key], name: s.name ?? key, namespace: s.namespace ?? DEFAULT_NAMESPACE }))));
  const nodePorts = new Map<number, string>();
  for (const [key, s] of services) {
    const path = ['services', key];
    const type = s.type ?? 'ClusterIP';
    const seen = new Set<string>();
    s.ports.forEach((p, i) => {
      if (s.ports.length > 1 && !p.name) issues.push({ path: [...path, 'ports', i, 'name'], hasReceived: false, message: 'is required when a Service has several ports' });
      const id = `${p.port}/${p.protocol ?? 'TCP'}`;
      if (seen.has(id)) issues.push(issue([...path, 'ports', i, 'port'], p.port, 'is listed twice in the Service'));
      seen.add(id);
      if (p.nodePort === undefined) return;
      if (type === 'ClusterIP') {
        issues.push(issue([...path, 'ports', i, 'nodePort'], p.nodePort, `needs 'type' "NodePort" or "LoadBalancer" (the Service's type is "ClusterIP")`));
      } else if (nodePorts.has(p.nodePort)) {
        issues.push(issue([...path, 'ports', i, 'nodePort'], p.nodePort, `is taken by '${nodePorts.get(p.nodePort)}': a NodePort is open on every node, for one Service only`));
      } else {
        nodePorts.set(p.nodePort, [...path, 'ports', i, 'nodePort'].join('.'));
      }
    });
    if (s.loadBalancerSourceRanges && type !== 'LoadBalancer') {
      issues.push(issue([...path, 'loadBalancerSourceRanges'], s.loadBalancerSourceRanges, `needs 'type' "LoadBalancer" (the Service's type is ${JSON.stringify(type)})`));
    }
    if (s.externalTrafficPolicy && type === 'ClusterIP') {
      issues.push(issue([...path, 'externalTrafficPolicy'], s.externalTrafficPolicy, 'needs \'type\' "NodePort" or "LoadBalancer": a ClusterIP Service takes no external traffic'));
    }
  }
  return issues;
}

/** What is legal but likely a mistake; each message names the object. */
export function workloadWarnings(w: WorkloadsSettings, context: WorkloadContext = {}): string[] {
  const warnings: string[] = [];
  const items = workloadItems(w);
  const managed = new Set([...BUILT_IN_NAMESPACES, ...Object.keys(w.namespaces ?? {})]);
  const unmanaged = new Set([...items.map((i) => i.namespace), ...Object.values(w.services ?? {}).map((s) => s.namespace ?? DEFAULT_NAMESPACE)].filter((n) => !managed.has(n)));
  for (const ns of unmanaged) {
    warnings.push(`Namespace ${ns} holds workloads but is not in 'kubernetes.workloads.namespaces' and is not one every cluster has: it must exist before the kubernetes stack is applied`);
  }
  for (const item of items) {
    for (const other of items.filter((o) => o !== item && o.kind !== 'Pod' && item.selector && o.namespace === item.namespace && matches(item.selector, o.labels))) {
      warnings.push(
        `${item.kind} ${item.name}'s selector ${show(item.selector!)} also matches the Pods of ${other.kind} ${other.name} in namespace ${item.namespace}: controllers with overlapping selectors count each other's Pods in 'kubectl get pods -l' and can adopt them when their owner goes; give them distinct labels`,
      );
    }
    for (const [name, c] of Object.entries(item.settings.containers)) {
      if (context.ecrTagsMutable && typeof c.image === 'object' && c.image.tag !== undefined) {
        warnings.push(`Container ${name} of ${item.kind} ${item.name} runs ECR tag ${c.image.tag}, which the registry's MUTABLE tags let move to another image: pin a 'digest' or keep 'registry.imageTagMutability' IMMUTABLE`);
      }
    }
  }
  for (const [key, s] of Object.entries(w.services ?? {})) warnings.push(...serviceWarnings(s.name ?? key, s, items));
  return warnings;
}

function serviceWarnings(name: string, s: ServiceSettings, items: WorkloadItem[]): string[] {
  const namespace = s.namespace ?? DEFAULT_NAMESPACE;
  const selected = items.filter((i) => i.namespace === namespace && matches(s.selector, i.labels));
  if (selected.length === 0) {
    return [`Service ${name} selects ${show(s.selector)} in namespace ${namespace}, but no Pod, Deployment or ReplicaSet of 'kubernetes.workloads' carries those labels: it has no endpoints unless other Pods do`];
  }
  const warnings: string[] = [];
  const ports = selected.flatMap((i) => Object.values(i.settings.containers).flatMap((c) => c.ports ?? []));
  for (const p of s.ports) {
    const target = p.targetPort ?? p.port;
    const found = typeof target === 'string' ? ports.some((cp) => cp.name === target) : ports.length === 0 || ports.some((cp) => cp.containerPort === target);
    if (!found) warnings.push(`Service ${name} sends port ${p.port} to ${JSON.stringify(target)}, which no container of ${selected.map((i) => `${i.kind} ${i.name}`).join(', ')} declares`);
  }
  if ((s.type ?? 'ClusterIP') === 'LoadBalancer' && !s.loadBalancerSourceRanges) {
    warnings.push(`Service ${name} is a LoadBalancer without 'loadBalancerSourceRanges': an internet-facing load balancer admits 0.0.0.0/0; list your blocks, or make it internal with the load balancer controller's annotations`);
  }
  return warnings;
}
