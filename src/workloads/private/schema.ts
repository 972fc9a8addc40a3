// Field rules of `kubernetes.workloads` (the manifests book chapters 12-17 apply with kubectl),
// shared by the configuration schema and the Workloads construct. Imports no provider class: the
// configuration schema loads it on every synthesis.
import * as v from 'valibot';
import { REPOSITORY_NAME } from '../../registry/private/schema';
import { integer, ipv4Cidr, isUnresolved, map, matching, nonEmptyList, oneOf, settings } from '../../private/validate';

/**
 * DNS-1123 labels: names of namespaces, Pods, Deployments, ReplicaSets and containers (Kubernetes
 * "Object Names and IDs"; Pod names of controllers are built from them, so labels, not subdomains).
 */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1035 labels: Service names, which become DNS names and environment variables. */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** IANA service names: named ports (1-15 characters, at least one letter, no "--"). */
export const PORT_NAME = /^(?=.{1,15}$)(?=[a-z0-9-]*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;
const LABEL_NAME = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
/** Label and annotation keys: an optional DNS subdomain prefix and `/`, then a name of up to 63 characters. */
const LABEL_KEY = new RegExp(`^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?${LABEL_NAME}$`);
const LABEL_VALUE = new RegExp(`^(${LABEL_NAME})?$`);

/** The range of NodePorts (`--service-node-port-range`, which EKS does not change). */
export const NODE_PORT_RANGE = [30000, 32767] as const;
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export const STRATEGY_TYPES = ['RollingUpdate', 'Recreate'] as const;
/** Pod Security Standards levels (the `pod-security.kubernetes.io/enforce` label of a namespace). */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];
/** Namespaces every cluster has: workloads may go there without `namespaces` creating them. */
export const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

const objectName = matching(DNS_LABEL, 'must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit');
const serviceName = matching(DNS_1035_LABEL, 'must be a DNS-1035 label: at most 63 lower-case letters, digits and "-", starting with a letter and ending with a letter or digit');
const namespaceName = matching(DNS_LABEL, 'must be a namespace name: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit');
const portName = matching(PORT_NAME, 'must be a port name: 1 to 15 lower-case letters, digits and single "-", with at least one letter');
const labelKey = matching(LABEL_KEY, 'must be a label key: an optional DNS prefix and "/", then up to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
const labelMap = map(
  labelKey,
  matching(LABEL_VALUE, 'must be a label value: empty or up to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit'),
  'must be a map of label names to string values',
);
const nonEmptyLabelMap = v.pipe(
  labelMap,
  v.check((m) => isUnresolved(m) || Object.keys(m).length > 0, 'must hold at least one label'),
);
const annotationMap = map(labelKey, v.string('must be a string value'), 'must be a map of annotation names to string values');
const bool = v.boolean('must be true or false');
const port = integer(1, 65535);
/** A port by number or by the name of a container port. */
const portRef = v.union([port, portName], 'must be a port number (1-65535) or the name of a container port');

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DOMAIN = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\\d+)?)';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
/** An image reference (distribution/reference grammar): `[registry/]path[:tag][@sha256:digest]`. */
export const IMAGE_REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`);
const isLatest = (tag: string | undefined) => tag !== undefined && tag.toLowerCase() === 'latest';
const UNPINNED = 'changes under running Pods (and Kubernetes then pulls it on every start)';

const imageReference = v.pipe(
  v.string('must be an image reference string or {ecrRepository, tag}'),
  v.check((s) => isUnresolved(s) || IMAGE_REFERENCE.test(s), 'must be an image reference such as "nginx:1.27.3" or "registry.example.com/team/app@sha256:<64 hex digits>"'),
  v.check((s) => {
    const m = IMAGE_REFERENCE.exec(s);
    return isUnresolved(s) || !m || m[1] !== undefined || m[2] !== undefined;
  }, `must be pinned with a tag (":1.2.3") or a digest ("@sha256:…"): without one Kubernetes runs ":latest", which ${UNPINNED}`),
  v.check((s) => isUnresolved(s) || !isLatest(IMAGE_REFERENCE.exec(s)?.[1]), `must not use the tag "latest", which ${UNPINNED}: use a version tag or a digest`),
);

/** An image tag other than `latest` (also the application's, seed 001). */
export const imageTag = v.pipe(
  matching(TAG, 'must be an image tag: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"'),
  v.check((t) => !isLatest(t), `must not be "latest", which ${UNPINNED}: use a version tag or a digest`),
);

/** An image of a repository of the `registry` section, resolved to its URL from the AWS stack (book chapter 12: pod-ecr.yml). */
const ecrImage = v.pipe(
  settings({
    ecrRepository: matching(REPOSITORY_NAME, 'must be the name of an ECR repository of the \'registry\' section'),
    tag: v.optional(imageTag),
    digest: v.optional(matching(DIGEST, 'must be an image digest "sha256:<64 hex digits>"')),
  }),
  v.check((o) => (o.tag === undefined) !== (o.digest === undefined), "must name exactly one of 'tag' and 'digest'"),
);

/** A container image: a reference string, or `{ecrRepository, tag | digest}`. */
const image = v.lazy((input) => (typeof input === 'object' && input !== null ? ecrImage : imageReference));

/** CPU quantities: millicores (`250m`) or cores (`0.5`, `2`). */
export const CPU_QUANTITY = /^(\d+m|\d+(\.\d{1,3})?)$/;
/** Memory quantities: bytes with a binary (`Mi`, `Gi`) or decimal (`M`, `G`) suffix. */
export const MEMORY_QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const cpu = matching(CPU_QUANTITY, 'must be a CPU quantity such as "250m" or "1"');
const memory = v.pipe(
  v.string('must be a memory quantity string'),
  v.check((s) => isUnresolved(s) || !/^\d+(\.\d+)?m$/.test(s), 'must be a memory quantity in bytes: "m" means thousandths of a byte; write "Mi" (mebibytes) or "M"'),
  v.check((s) => isUnresolved(s) || /^\d+(\.\d+)?m$/.test(s) || MEMORY_QUANTITY.test(s), 'must be a memory quantity such as "128Mi" or "1Gi"'),
);
const quantities = settings({ cpu: v.optional(cpu), memory: v.optional(memory) });

const probeFields = {
  /** An HTTP GET of this path; without it, a TCP connection. */
  httpPath: v.optional(matching(/^\/\S*$/, 'must be a URL path such as "/healthz"')),
  /** @default the container's first port */
  port: v.optional(portRef),
  /** How long the container may take to start before liveness checks begin. @default 150 */
  startupTimeoutSeconds: v.optional(integer(10, 3600)),
};
const probe = v.lazy((input) => (input === false ? v.literal(false) : settings(probeFields)));

/** A mount of one of the Pod's `volumes` into a container. */
const volumeMountFields = {
  /** A key of the Pod's `volumes`. */
  name: objectName,
  mountPath: matching(/^\/\S*$/, 'must be an absolute path such as "/mnt/secrets-store"'),
  /** @default false */
  readOnly: v.optional(bool),
};

/**
 * A volume of a Pod: a CSI volume, such as the Secrets Store CSI driver's (seed 001: secrets
 * mounted as files from a SecretProviderClass).
 */
export const volumeFields = {
  csi: settings({
    /** The CSI driver's name, e.g. "secrets-store.csi.k8s.io". */
    driver: matching(/^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/, 'must be a CSI driver name such as "secrets-store.csi.k8s.io"'),
    /** @default false */
    readOnly: v.optional(bool),
    /** Driver-specific attributes, e.g. `{secretProviderClass: <name>}`. */
    volumeAttributes: v.optional(map(v.string(), v.string('must be a string value'), 'must be a map of attribute names to string values')),
  }),
};

export const containerFields = {
  image,
  imagePullPolicy: v.optional(oneOf(PULL_POLICIES)),
  command: v.optional(v.array(v.string('must be a string'), 'must be a list of strings')),
  args: v.optional(v.array(v.string('must be a string'), 'must be a list of strings')),
  env: v.optional(
    map(matching(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, 'must be an environment variable name'), v.string('must be a string value'), 'must be a map of variable names to values'),
  ),
  ports: v.optional(nonEmptyList(settings({ containerPort: port, name: v.optional(portName), protocol: v.optional(oneOf(PROTOCOLS)) }), 'port')),
  resources: v.optional(settings({ requests: v.optional(quantities), limits: v.optional(quantities) })),
  probe: v.optional(probe),
  readOnlyRootFilesystem: v.optional(bool),
  volumeMounts: v.optional(nonEmptyList(settings(volumeMountFields), 'volume mount')),
};

export const podFields = {
  /** @default the key */
  name: v.optional(objectName),
  namespace: v.optional(namespaceName),
  labels: v.optional(nonEmptyLabelMap),
  annotations: v.optional(annotationMap),
  containers: v.pipe(
    map(objectName, settings(containerFields), 'must be a map of container names to settings'),
    v.check((m) => Object.keys(m).length > 0, 'must hold at least one container'),
  ),
  serviceAccountName: v.optional(matching(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'must be a service account name (a DNS subdomain)')),
  automountServiceAccountToken: v.optional(bool),
  runAsNonRoot: v.optional(bool),
  runAsUser: v.optional(integer(0, 2147483647)),
  runAsGroup: v.optional(integer(0, 2147483647)),
  nodeSelector: v.optional(labelMap),
  terminationGracePeriodSeconds: v.optional(integer(0, 3600)),
  volumes: v.optional(map(objectName, settings(volumeFields), 'must be a map of volume names to settings')),
};

const controllerFields = {
  ...podFields,
  replicas: v.optional(integer(0, 1000)),
  selector: v.optional(nonEmptyLabelMap),
};

/** A whole number or a percentage (`25%`), as maxSurge and maxUnavailable take. */
const countOrPercent = v.union(
  [integer(0, 1000), matching(/^(100|[1-9]?\d)%$/, 'must be a percentage from "0%" to "100%"')],
  'must be a whole number or a percentage such as "25%"',
);

export const deploymentFields = {
  ...controllerFields,
  strategy: v.optional(settings({ type: v.optional(oneOf(STRATEGY_TYPES)), maxUnavailable: v.optional(countOrPercent), maxSurge: v.optional(countOrPercent) })),
  revisionHistoryLimit: v.optional(integer(0, 100)),
  minReadySeconds: v.optional(integer(0, 3600)),
};

export const serviceFields = {
  /** @default the key */
  name: v.optional(serviceName),
  namespace: v.optional(namespaceName),
  type: v.optional(oneOf(SERVICE_TYPES)),
  labels: v.optional(nonEmptyLabelMap),
  annotations: v.optional(annotationMap),
  selector: nonEmptyLabelMap,
  ports: nonEmptyList(
    settings({
      name: v.optional(portName),
      port,
      targetPort: v.optional(portRef),
      nodePort: v.optional(
        v.pipe(
          v.number('must be a number'),
          v.check(
            (n) => isUnresolved(n) || (Number.isInteger(n) && n >= NODE_PORT_RANGE[0] && n <= NODE_PORT_RANGE[1]),
            `must be a whole number from ${NODE_PORT_RANGE[0]} to ${NODE_PORT_RANGE[1]}, the cluster's NodePort range`,
          ),
        ),
      ),
      protocol: v.optional(oneOf(PROTOCOLS)),
    }),
    'port',
  ),
  loadBalancerSourceRanges: v.optional(nonEmptyList(ipv4Cidr(0, 32), 'CIDR block')),
  externalTrafficPolicy: v.optional(oneOf(['Cluster', 'Local'] as const)),
};

export const namespaceFields = {
  labels: v.optional(nonEmptyLabelMap),
  annotations: v.optional(annotationMap),
  podSecurity: v.optional(oneOf(POD_SECURITY_LEVELS)),
};

const byName = <S extends v.GenericSchema>(key: v.GenericSchema<string>, item: S, what: string) => map(key, item, `must be a map of ${what} names to settings`, { addressKeys: true });

/** The `kubernetes.workloads` section. */
export const workloadsFields = {
  namespaces: v.optional(byName(namespaceName, settings(namespaceFields), 'namespace')),
  pods: v.optional(byName(objectName, settings(podFields), 'Pod')),
  deployments: v.optional(byName(objectName, settings(deploymentFields), 'Deployment')),
  replicaSets: v.optional(byName(objectName, settings(controllerFields), 'ReplicaSet')),
  services: v.optional(byName(serviceName, settings(serviceFields), 'Service')),
};
export const workloadsSchema = settings(workloadsFields);

export type WorkloadsSettings = v.InferOutput<typeof workloadsSchema>;
export type PodSettings = v.InferOutput<ReturnType<typeof settings<typeof podFields>>>;
export type ContainerSettings = v.InferOutput<ReturnType<typeof settings<typeof containerFields>>>;
export type ReplicaSetSettings = v.InferOutput<ReturnType<typeof settings<typeof controllerFields>>>;
export type DeploymentSettings = v.InferOutput<ReturnType<typeof settings<typeof deploymentFields>>>;
export type ServiceSettings = v.InferOutput<ReturnType<typeof settings<typeof serviceFields>>>;
export type NamespaceSettings = v.InferOutput<ReturnType<typeof settings<typeof namespaceFields>>>;
export type ImageSettings = ContainerSettings['image'];
export type ProbeSettings = v.InferOutput<ReturnType<typeof settings<typeof probeFields>>>;
