// The Pod spec of a workload, defaults applied once, written two ways: as the kubernetes
// provider's typed blocks (kubernetes_pod_v1, kubernetes_deployment_v1) and as the API's own JSON
// (the ReplicaSets of the local chart). One model, so both carry the same defaults.
import type { PodV1Spec } from '@cdktf/provider-kubernetes/lib/pod-v1';
import type { ContainerSettings, PodSettings } from './schema';

/**
 * What a container asks of the scheduler when it says nothing (neither request nor limit): small
 * enough for the book's t3.small nodes, enough for a small web server. The memory limit equals the
 * request unless set, so a container never uses memory the scheduler did not reserve for it; no
 * CPU limit unless set (throttling hurts latency, and CPU is shared fairly by requests).
 */
export const DEFAULT_REQUESTS = { cpu: '100m', memory: '128Mi' } as const;
/** Probes: a TCP connection to the container's first port unless `probe.httpPath` is set. */
export const DEFAULT_PROBE = {
  /** The startup probe allows this long before liveness checks begin (Java servers start slowly on small nodes). */
  startupTimeoutSeconds: 150,
  startupPeriodSeconds: 5,
  readinessPeriodSeconds: 10,
  livenessPeriodSeconds: 20,
  failureThreshold: 3,
  timeoutSeconds: 2,
} as const;
/** The default namespace of every workload and Service. */
export const DEFAULT_NAMESPACE = 'default';

/** A probe action: TCP connect or HTTP GET on a port given by number or name. */
type ProbeAction = { readonly tcp: number | string } | { readonly httpPath: string; readonly port: number | string };

interface ContainerModel {
  readonly name: string;
  readonly image: string;
  readonly settings: ContainerSettings;
  readonly requests: { cpu: string; memory: string };
  readonly limits: { cpu?: string; memory: string };
  readonly probe?: { action: ProbeAction; startupFailureThreshold: number };
}

/** A Pod template with its defaults resolved. */
export interface PodModel {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly containers: readonly ContainerModel[];
  readonly settings: PodSettings;
  readonly automountServiceAccountToken: boolean;
  readonly runAsNonRoot: boolean;
}

/** Default labels of a workload that sets none: `app: <name>`. */
export function defaultLabels(name: string): Record<string, string> {
  return { app: name };
}

/**
 * Resolves a Pod's defaults. `imageOf` turns a container's `image` setting into a reference (ECR
 * repositories to their URL from the AWS stack).
 */
export function podModel(name: string, settings: PodSettings, imageOf: (container: string) => string): PodModel {
  const containers = Object.entries(settings.containers).map(([containerName, c]): ContainerModel => {
    // As Kubernetes does, a request left out takes the limit when there is one.
    const set = c.resources ?? {};
    const requests = {
      cpu: set.requests?.cpu ?? set.limits?.cpu ?? DEFAULT_REQUESTS.cpu,
      memory: set.requests?.memory ?? set.limits?.memory ?? DEFAULT_REQUESTS.memory,
    };
    const limits = { ...(set.limits?.cpu ? { cpu: set.limits.cpu } : {}), memory: set.limits?.memory ?? requests.memory };
    const firstPort = c.ports?.[0]?.containerPort;
    const probeSettings = c.probe === false ? undefined : (c.probe ?? {});
    const probePort = probeSettings?.port ?? firstPort;
    const startup = probeSettings?.startupTimeoutSeconds ?? DEFAULT_PROBE.startupTimeoutSeconds;
    return {
      name: containerName,
      image: imageOf(containerName),
      settings: c,
      requests,
      limits,
      probe:
        probeSettings && probePort !== undefined
          ? {
              action: probeSettings.httpPath ? { httpPath: probeSettings.httpPath, port: probePort } : { tcp: probePort },
              startupFailureThreshold: Math.ceil(startup / DEFAULT_PROBE.startupPeriodSeconds),
            }
          : undefined,
    };
  });
  return {
    labels: settings.labels ?? defaultLabels(name),
    annotations: settings.annotations,
    containers,
    settings,
    // Pods that do not call the Kubernetes API get no token; naming a service account asks for one.
    automountServiceAccountToken: settings.automountServiceAccountToken ?? settings.serviceAccountName !== undefined,
    runAsNonRoot: settings.runAsNonRoot ?? true,
  };
}

/** How a Pod spec is spelled: by the Kubernetes API (JSON manifests) or by the kubernetes provider's blocks. */
interface Dialect {
  readonly containers: 'containers' | 'container';
  readonly ports: 'ports' | 'port';
  readonly volumes: 'volumes' | 'volume';
  readonly volumeMounts: 'volumeMounts' | 'volumeMount';
  /** User and group IDs: numbers in the API, strings in the provider. */
  readonly id: (n: number) => number | string;
  readonly probeAction: (a: ProbeAction) => Record<string, unknown>;
}

const API: Dialect = {
  containers: 'containers',
  ports: 'ports',
  volumes: 'volumes',
  volumeMounts: 'volumeMounts',
  id: (n) => n,
  probeAction: (a) => ('tcp' in a ? { tcpSocket: { port: a.tcp } } : { httpGet: { path: a.httpPath, port: a.port } }),
};

/** The provider's tcp_socket is a list block, and its probe ports are strings. */
const PROVIDER: Dialect = {
  containers: 'container',
  ports: 'port',
  volumes: 'volume',
  volumeMounts: 'volumeMount',
  id: String,
  probeAction: (a) => ('tcp' in a ? { tcpSocket: [{ port: String(a.tcp) }] } : { httpGet: { path: a.httpPath, port: String(a.port) } }),
};

/** The three probes with their timing: startup first, then readiness and liveness. */
function probes(c: ContainerModel, d: Dialect): Record<string, unknown> {
  if (!c.probe) return {};
  const action = d.probeAction(c.probe.action);
  const timing = (periodSeconds: number, failureThreshold: number) => ({ ...action, timeoutSeconds: DEFAULT_PROBE.timeoutSeconds, periodSeconds, failureThreshold });
  return {
    startupProbe: timing(DEFAULT_PROBE.startupPeriodSeconds, c.probe.startupFailureThreshold),
    readinessProbe: timing(DEFAULT_PROBE.readinessPeriodSeconds, DEFAULT_PROBE.failureThreshold),
    livenessProbe: timing(DEFAULT_PROBE.livenessPeriodSeconds, DEFAULT_PROBE.failureThreshold),
  };
}

function podSpec(p: PodModel, d: Dialect): Record<string, unknown> {
  const s = p.settings;
  return {
    automountServiceAccountToken: p.automountServiceAccountToken,
    ...(s.serviceAccountName ? { serviceAccountName: s.serviceAccountName } : {}),
    ...(s.nodeSelector ? { nodeSelector: s.nodeSelector } : {}),
    ...(s.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: s.terminationGracePeriodSeconds } : {}),
    // The restricted Pod Security Standard: non-root unless the workload says otherwise, the
    // runtime's seccomp profile, no privilege, no escalation, no capability.
    securityContext: {
      runAsNonRoot: p.runAsNonRoot,
      ...(s.runAsUser !== undefined ? { runAsUser: d.id(s.runAsUser) } : {}),
      ...(s.runAsGroup !== undefined ? { runAsGroup: d.id(s.runAsGroup) } : {}),
      seccompProfile: { type: 'RuntimeDefault' },
    },
    [d.containers]: p.containers.map((c) => {
      const cs = c.settings;
      return {
        name: c.name,
        image: c.image,
        ...(cs.imagePullPolicy ? { imagePullPolicy: cs.imagePullPolicy } : {}),
        ...(cs.command ? { command: cs.command } : {}),
        ...(cs.args ? { args: cs.args } : {}),
        ...(cs.env ? { env: Object.entries(cs.env).map(([name, value]) => ({ name, value })) } : {}),
        ...(cs.ports ? { [d.ports]: cs.ports.map((port) => ({ containerPort: port.containerPort, ...(port.name ? { name: port.name } : {}), protocol: port.protocol ?? 'TCP' })) } : {}),
        resources: { requests: c.requests, limits: c.limits },
        ...probes(c, d),
        securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: cs.readOnlyRootFilesystem ?? false, capabilities: { drop: ['ALL'] } },
        ...(cs.volumeMounts ? { [d.volumeMounts]: cs.volumeMounts.map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly ?? false })) } : {}),
      };
    }),
    ...(s.volumes ? { [d.volumes]: Object.entries(s.volumes).map(([name, volume]) => ({ name, csi: { readOnly: false, ...volume.csi } })) } : {}),
  };
}

/** The Pod spec as the Kubernetes API writes it (`spec` of a Pod, `spec.template.spec` of a controller). */
export function podSpecManifest(p: PodModel): Record<string, unknown> {
  return podSpec(p, API);
}

/** The same Pod spec in the kubernetes provider's blocks (kubernetes_pod_v1 `spec`, kubernetes_deployment_v1 `spec.template.spec`). */
export function podSpecTyped(p: PodModel): PodV1Spec {
  return podSpec(p, PROVIDER) as PodV1Spec;
}
