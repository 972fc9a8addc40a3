// The Workloads construct on its own: what the book's pods/*.yml become (chapters 12-17), the
// defaults a demanding user expects, and every validation rule.
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App } from 'cdktf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadableIdStack } from '../../src/stacks/readable-ids';
import { DEFAULT_MAX_SURGE, DEFAULT_REPLICAS, DEFAULT_REVISION_HISTORY_LIMIT, Workloads, WorkloadsProps } from '../../src/workloads/workloads';
import { emptyStack, manifestObjects, synthJson, TfJson, validationLines, warningsOf } from '../helpers/synth';

const WEB = { image: 'nginx:1.27.3', ports: [{ containerPort: 8080 }] };
const DIGEST = 'sha256:' + 'a'.repeat(64);

function synth(props: WorkloadsProps) {
  const outdir = mkdtempSync(join(tmpdir(), 'eks-workloads-'));
  const app = new App({ outdir, stackTraces: false });
  const stack = new ReadableIdStack(app, 'k8s');
  new KubernetesProvider(stack, 'kubernetes', {});
  new HelmProvider(stack, 'helm', {});
  const workloads = new Workloads(stack, 'workloads', props);
  app.synth();
  const json: TfJson = JSON.parse(readFileSync(join(outdir, 'stacks', 'k8s', 'cdk.tf.json'), 'utf8'));
  const r = json.resource!;
  return { json, r, outdir, warnings: warningsOf(workloads), objects: (release: string) => manifestObjects({ stacks: { k8s: json }, outdir, warnings: {} }, 'k8s', release) };
}

describe('Pods: defaults', () => {
  const { r } = synth({ pods: { web: { containers: { web: WEB } }, worker: { containers: { worker: { image: 'busybox:1.37.0', command: ['sleep', '3600'] } } } } });
  const web = r.kubernetes_pod_v1.workloads_pod_web;
  const container = web.spec.container[0];

  test('name from the key, namespace "default", labels app=<name>', () => {
    expect(web.metadata).toEqual({ name: 'web', namespace: 'default', labels: { app: 'web' } });
  });

  test('requests of 100m CPU and 128Mi, a memory limit equal to the request, no CPU limit', () => {
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
  });

  test('startup, readiness and liveness probes: TCP to the first port; 150 s to start, then every 10 s and 20 s', () => {
    const tcp = { tcp_socket: [{ port: '8080' }], timeout_seconds: 2 };
    expect(container.startup_probe).toEqual({ ...tcp, period_seconds: 5, failure_threshold: 30 });
    expect(container.readiness_probe).toEqual({ ...tcp, period_seconds: 10, failure_threshold: 3 });
    expect(container.liveness_probe).toEqual({ ...tcp, period_seconds: 20, failure_threshold: 3 });
  });

  test('no probe for a container without a port', () => {
    const worker = r.kubernetes_pod_v1.workloads_pod_worker.spec.container[0];
    expect(worker).toMatchObject({ name: 'worker', image: 'busybox:1.37.0', command: ['sleep', '3600'] });
    for (const probe of ['startup_probe', 'readiness_probe', 'liveness_probe']) expect(worker[probe]).toBeUndefined();
  });

  test('restricted security context: non-root, RuntimeDefault seccomp, no privilege, no escalation, no capability', () => {
    expect(web.spec.security_context).toEqual({ run_as_non_root: true, seccomp_profile: { type: 'RuntimeDefault' } });
    expect(container.security_context).toEqual({ allow_privilege_escalation: false, privileged: false, read_only_root_filesystem: false, capabilities: { drop: ['ALL'] } });
  });

  test('no service account token, ports with their protocol, no pull policy (Kubernetes: IfNotPresent for a tag)', () => {
    expect(web.spec.automount_service_account_token).toBe(false);
    expect(container.port).toEqual([{ container_port: 8080, protocol: 'TCP' }]);
    expect(container.image_pull_policy).toBeUndefined();
  });
});

describe('Pods: settings', () => {
  test('HTTP probe on a named port, startup allowance, read-only root, user and group, env, args', () => {
    const { r } = synth({
      pods: {
        api: {
          labels: { app: 'api', tier: 'backend' },
          annotations: { 'example.com/owner': 'team-a' },
          runAsUser: 10001,
          runAsGroup: 10001,
          nodeSelector: { 'kubernetes.io/arch': 'arm64' },
          terminationGracePeriodSeconds: 45,
          containers: {
            api: {
              image: 'ghcr.io/acme/api@' + DIGEST,
              imagePullPolicy: 'IfNotPresent',
              args: ['--port', '9000'],
              env: { LOG_LEVEL: 'info' },
              ports: [{ containerPort: 9000, name: 'http' }, { containerPort: 9090, name: 'metrics' }],
              probe: { httpPath: '/healthz', port: 'http', startupTimeoutSeconds: 60 },
              readOnlyRootFilesystem: true,
            },
          },
        },
      },
    });
    const pod = r.kubernetes_pod_v1.workloads_pod_api;
    const c = pod.spec.container[0];
    expect(pod.metadata).toEqual({ name: 'api', namespace: 'default', labels: { app: 'api', tier: 'backend' }, annotations: { 'example.com/owner': 'team-a' } });
    expect(pod.spec).toMatchObject({
      security_context: { run_as_non_root: true, run_as_user: '10001', run_as_group: '10001' },
      node_selector: { 'kubernetes.io/arch': 'arm64' },
      termination_grace_period_seconds: 45,
    });
    expect(c).toMatchObject({ image: 'ghcr.io/acme/api@' + DIGEST, image_pull_policy: 'IfNotPresent', args: ['--port', '9000'], env: [{ name: 'LOG_LEVEL', value: 'info' }] });
    expect(c.readiness_probe.http_get).toEqual({ path: '/healthz', port: 'http' });
    expect(c.startup_probe.failure_threshold).toBe(12);
    expect(c.security_context.read_only_root_filesystem).toBe(true);
  });

  test('a limit alone sets the request, as in Kubernetes; a CPU limit is written when set', () => {
    const { r } = synth({ pods: { web: { containers: { web: { ...WEB, resources: { limits: { cpu: '500m', memory: '1Gi' } } } } } } });
    expect(r.kubernetes_pod_v1.workloads_pod_web.spec.container[0].resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } });
  });

  test('`probe: false` leaves the probes out; `runAsNonRoot: false` for images that run as root', () => {
    const { r } = synth({ pods: { web: { runAsNonRoot: false, containers: { web: { ...WEB, probe: false } } } } });
    const pod = r.kubernetes_pod_v1.workloads_pod_web;
    expect(pod.spec.container[0].readiness_probe).toBeUndefined();
    expect(pod.spec.security_context.run_as_non_root).toBe(false);
  });

  test('a service account gets its token mounted unless told otherwise', () => {
    const { r } = synth({ pods: { a: { serviceAccountName: 'app', containers: { a: WEB } }, b: { serviceAccountName: 'app', automountServiceAccountToken: false, containers: { b: WEB } } } });
    expect(r.kubernetes_pod_v1.workloads_pod_a.spec).toMatchObject({ service_account_name: 'app', automount_service_account_token: true });
    expect(r.kubernetes_pod_v1.workloads_pod_b.spec.automount_service_account_token).toBe(false);
  });

  test('`name` names the object where the key cannot (the same name in two namespaces)', () => {
    const { r } = synth({ namespaces: { test: {} }, pods: { web: { containers: { web: WEB } }, 'web-test': { name: 'web', namespace: 'test', containers: { web: WEB } } } });
    expect(r.kubernetes_pod_v1['workloads_pod_web-test'] ?? r.kubernetes_pod_v1.workloads_pod_web_test).toMatchObject({
      metadata: { name: 'web', namespace: '${kubernetes_namespace_v1.workloads_namespace_test.metadata[0].name}', labels: { app: 'web' } },
    });
  });
});

describe('images of the registry', () => {
  const urls = { 'docker-images': '123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-images' };

  test('`{ecrRepository, tag}` and `{ecrRepository, digest}` become references to the repository URL', () => {
    const { r } = synth({
      ecrRepositoryUrls: urls,
      pods: {
        tagged: { containers: { app: { image: { ecrRepository: 'docker-images', tag: 'blueapp' } } } },
        pinned: { containers: { app: { image: { ecrRepository: 'docker-images', digest: DIGEST } } } },
      },
    });
    expect(r.kubernetes_pod_v1.workloads_pod_tagged.spec.container[0].image).toBe(`${urls['docker-images']}:blueapp`);
    expect(r.kubernetes_pod_v1.workloads_pod_pinned.spec.container[0].image).toBe(`${urls['docker-images']}@${DIGEST}`);
  });

  test('a tag of a repository with mutable tags is warned about', () => {
    const { warnings } = synth({ ecrRepositoryUrls: urls, ecrTagsMutable: true, pods: { app: { containers: { app: { image: { ecrRepository: 'docker-images', tag: 'v1' } } } } } });
    expect(warnings).toEqual([expect.stringContaining('Container app of Pod app runs ECR tag v1, which the registry\'s MUTABLE tags let move to another image')]);
  });
});

describe('Deployments', () => {
  const { r } = synth({
    deployments: {
      web: { containers: { web: WEB } },
      single: { replicas: 1, containers: { web: WEB } },
      batch: { replicas: 3, labels: { app: 'batch', track: 'stable' }, selector: { app: 'batch' }, strategy: { type: 'Recreate' }, revisionHistoryLimit: 2, minReadySeconds: 10, containers: { batch: WEB } },
    },
  });

  test(`${DEFAULT_REPLICAS} replicas, selector = labels, RollingUpdate ${DEFAULT_MAX_SURGE}/1 (the book's deployment.yml), ${DEFAULT_REVISION_HISTORY_LIMIT} revisions kept`, () => {
    const d = r.kubernetes_deployment_v1.workloads_deployment_web;
    expect(d.metadata).toEqual({ name: 'web', namespace: 'default', labels: { app: 'web' } });
    expect(d.spec).toMatchObject({
      replicas: '2',
      selector: { match_labels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rolling_update: { max_surge: '1', max_unavailable: '1' } },
      revision_history_limit: 5,
      template: { metadata: { labels: { app: 'web' } } },
    });
    expect(d.spec.template.spec.container[0].resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(d.spec.template.spec.container[0].readiness_probe.tcp_socket).toEqual([{ port: '8080' }]);
  });

  test('one replica: maxUnavailable 0, so a rollout never takes the only Pod down', () => {
    expect(r.kubernetes_deployment_v1.workloads_deployment_single.spec.strategy.rolling_update).toEqual({ max_surge: '1', max_unavailable: '0' });
  });

  test('Recreate without rolling settings, a selector narrower than the labels, history and minReadySeconds', () => {
    expect(r.kubernetes_deployment_v1.workloads_deployment_batch.spec).toMatchObject({
      replicas: '3',
      selector: { match_labels: { app: 'batch' } },
      strategy: { type: 'Recreate' },
      revision_history_limit: 2,
      min_ready_seconds: 10,
      template: { metadata: { labels: { app: 'batch', track: 'stable' } } },
    });
    expect(r.kubernetes_deployment_v1.workloads_deployment_batch.spec.strategy.rolling_update).toBeUndefined();
  });

  test('percentages for maxSurge and maxUnavailable', () => {
    const { r: x } = synth({ deployments: { web: { replicas: 4, strategy: { maxSurge: '25%', maxUnavailable: '0%' }, containers: { web: WEB } } } });
    expect(x.kubernetes_deployment_v1.workloads_deployment_web.spec.strategy.rolling_update).toEqual({ max_surge: '25%', max_unavailable: '0%' });
  });
});

describe('ReplicaSets: a local chart per namespace (the provider has no ReplicaSet resource)', () => {
  const { r, objects } = synth({
    namespaces: { jobs: {} },
    replicaSets: {
      web: { labels: { tier: 'web' }, containers: { web: WEB } },
      queue: { namespace: 'jobs', replicas: 1, containers: { queue: { image: 'redis:7.4.1', ports: [{ containerPort: 6379, name: 'redis' }] } } },
    },
  });

  test('one release per namespace, the created namespace first', () => {
    expect(r.helm_release.workloads_replicasets_default_chart_release).toMatchObject({ name: 'workload-replicasets', namespace: 'default' });
    expect(r.helm_release.workloads_replicasets_jobs_chart_release).toMatchObject({ name: 'workload-replicasets', namespace: 'jobs', depends_on: ['kubernetes_namespace_v1.workloads_namespace_jobs'] });
  });

  test('the manifests carry the same defaults as the typed resources', () => {
    const [web] = objects('workloads_replicasets_default_chart_release');
    expect(web).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'default', labels: { tier: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { tier: 'web' } },
        template: {
          metadata: { labels: { tier: 'web' } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27.3',
                ports: [{ containerPort: 8080, protocol: 'TCP' }],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
                startupProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 2, periodSeconds: 5, failureThreshold: 30 },
                readinessProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 2, periodSeconds: 10, failureThreshold: 3 },
                livenessProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 2, periodSeconds: 20, failureThreshold: 3 },
                securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: false, capabilities: { drop: ['ALL'] } },
              },
            ],
          },
        },
      },
    });
    const [queue] = objects('workloads_replicasets_jobs_chart_release');
    expect(queue.metadata).toEqual({ name: 'queue', namespace: 'jobs', labels: { app: 'queue' } });
    expect(queue.spec.replicas).toBe(1);
    expect(queue.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 6379, name: 'redis', protocol: 'TCP' }]);
  });
});

describe('volumes: CSI volumes and their mounts (the Secrets Store CSI driver\'s, seed 001)', () => {
  const SECRETS = { csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'api-secrets' } } };
  const mounted = { ...WEB, volumeMounts: [{ name: 'secrets', mountPath: '/mnt/secrets-store', readOnly: true }] };
  const { r, objects } = synth({
    deployments: { api: { volumes: { secrets: SECRETS }, containers: { api: mounted } } },
    replicaSets: { worker: { volumes: { scratch: { csi: { driver: 'secrets-store.csi.k8s.io' } } }, containers: { worker: { ...WEB, volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] } } } },
  });

  test('typed: the volume on the Pod, the mount on the container', () => {
    const spec = r.kubernetes_deployment_v1.workloads_deployment_api.spec.template.spec;
    expect(spec.volume).toEqual([{ name: 'secrets', csi: { driver: 'secrets-store.csi.k8s.io', read_only: true, volume_attributes: { secretProviderClass: 'api-secrets' } } }]);
    expect(spec.container[0].volume_mount).toEqual([{ name: 'secrets', mount_path: '/mnt/secrets-store', read_only: true }]);
  });

  test('manifests: the same, read-write unless asked', () => {
    const spec = objects('workloads_replicasets_default_chart_release')[0].spec.template.spec;
    expect(spec.volumes).toEqual([{ name: 'scratch', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: false } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'scratch', mountPath: '/scratch', readOnly: false }]);
  });

  test('no volumes, no volume keys', () => {
    expect(synth({ pods: { web: { containers: { web: WEB } } } }).r.kubernetes_pod_v1.workloads_pod_web.spec.volume).toBeUndefined();
  });
});

describe('Services and namespaces', () => {
  const { r, warnings } = synth({
    namespaces: { shop: { labels: { team: 'shop' } }, legacy: { podSecurity: 'privileged', annotations: { owner: 'ops' } } },
    deployments: { web: { namespace: 'shop', containers: { web: { ...WEB, ports: [{ containerPort: 8080, name: 'http' }] } } } },
    services: {
      web: { namespace: 'shop', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
      'web-nodeport': { namespace: 'shop', type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, nodePort: 30080 }, { name: 'admin', port: 9000, targetPort: 8080, protocol: 'TCP' }] },
      'web-public': { namespace: 'shop', type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 443, targetPort: 8080 }], loadBalancerSourceRanges: ['203.0.113.0/24'], externalTrafficPolicy: 'Local', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } },
    },
  });

  test('namespaces enforce the baseline Pod Security Standard and warn and audit restricted; Pods wait for the default account', () => {
    expect(r.kubernetes_namespace_v1.workloads_namespace_shop).toEqual(
      expect.objectContaining({
        metadata: { name: 'shop', labels: { team: 'shop', 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' } },
        wait_for_default_service_account: true,
      }),
    );
    expect(r.kubernetes_namespace_v1.workloads_namespace_legacy.metadata).toMatchObject({ annotations: { owner: 'ops' }, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } });
  });

  test('ClusterIP by default, targetPort = port unless set (a number or a port name), TCP', () => {
    expect(r.kubernetes_service_v1.workloads_service_web).toEqual(
      expect.objectContaining({
        metadata: { name: 'web', namespace: '${kubernetes_namespace_v1.workloads_namespace_shop.metadata[0].name}' },
        spec: { type: 'ClusterIP', selector: { app: 'web' }, port: [{ port: 80, target_port: 'http', protocol: 'TCP' }] },
      }),
    );
    expect(r.kubernetes_service_v1.workloads_service_web_nodeport.spec.port).toEqual([
      { name: 'http', port: 8080, target_port: '8080', node_port: 30080, protocol: 'TCP' },
      { name: 'admin', port: 9000, target_port: '8080', protocol: 'TCP' },
    ]);
  });

  test('LoadBalancer with source ranges, traffic policy and annotations', () => {
    expect(r.kubernetes_service_v1.workloads_service_web_public).toMatchObject({
      metadata: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } },
      spec: { type: 'LoadBalancer', load_balancer_source_ranges: ['203.0.113.0/24'], external_traffic_policy: 'Local' },
    });
  });

  test('no warning when every Service selects a workload on a declared port', () => {
    expect(warnings).toEqual([]);
  });
});

test('dependsOn reaches every object', () => {
  const stack = emptyStack();
  new KubernetesProvider(stack, 'kubernetes', {});
  const before = new NamespaceV1(stack, 'before', { metadata: { name: 'before' } });
  new Workloads(stack, 'w', { dependsOn: [before], pods: { p: { containers: { p: WEB } } }, deployments: { d: { containers: { d: WEB } } }, services: { s: { selector: { app: 'p' }, ports: [{ port: 80, targetPort: 8080 }] } } });
  const r = synthJson(stack).resource!;
  for (const [type, name] of [['kubernetes_pod_v1', 'w_pod_p'], ['kubernetes_deployment_v1', 'w_deployment_d'], ['kubernetes_service_v1', 'w_service_s']]) {
    expect(r[type][name].depends_on).toEqual(['kubernetes_namespace_v1.before']);
  }
});

describe('validation: nothing is created, every problem is named', () => {
  const pod = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ pods: { web: { containers: { web: { ...WEB, ...container } }, ...extra } } });
  const lines = (props: Record<string, unknown>) => validationLines(() => new Workloads(emptyStack(), 'w', props as WorkloadsProps));

  test.each<[string, Record<string, unknown>, string]>([
    ['an image without tag or digest', pod({ image: 'nginx' }), `'pods.web.containers.web.image' ("nginx") must be pinned with a tag (":1.2.3") or a digest ("@sha256:…"): without one Kubernetes runs ":latest"`],
    ['the tag latest', pod({ image: 'cloudmanly/eks:latest' }), `'pods.web.containers.web.image' ("cloudmanly/eks:latest") must not use the tag "latest", which changes under running Pods`],
    ['a malformed reference', pod({ image: 'Nginx:1.27' }), `'pods.web.containers.web.image' ("Nginx:1.27") must be an image reference such as "nginx:1.27.3"`],
    ['an ECR tag latest', pod({ image: { ecrRepository: 'docker-images', tag: 'latest' } }), `'pods.web.containers.web.image.tag' ("latest") must not be "latest"`],
    ['an ECR image with a tag and a digest', pod({ image: { ecrRepository: 'docker-images', tag: 'v1', digest: DIGEST } }), `'pods.web.containers.web.image' ({"ecrRepository":"docker-images","tag":"v1","digest":"sha256:`],
    ['an ECR image without a registry', pod({ image: { ecrRepository: 'docker-images', tag: 'v1' } }), `'pods.web.containers.web.image.ecrRepository' ("docker-images") names an ECR repository, but the 'registry' section is not configured`],
    ['a name that is no DNS-1123 label', { pods: { Web_1: { containers: { web: WEB } } } }, `'pods.Web_1' ("Web_1") must be a DNS-1123 label: at most 63 lower-case letters`],
    ['a Service name starting with a digit', { services: { '1web': { selector: { app: 'web' }, ports: [{ port: 80 }] } } }, `'services.1web' ("1web") must be a DNS-1035 label: at most 63 lower-case letters, digits and "-", starting with a letter`],
    ['a port out of range', pod({ ports: [{ containerPort: 70000 }] }), `'pods.web.containers.web.ports.0.containerPort' (70000) must be a whole number between 1 and 65535`],
    ['memory in millibytes', pod({ resources: { requests: { memory: '128m' } } }), `'pods.web.containers.web.resources.requests.memory' ("128m") must be a memory quantity in bytes: "m" means thousandths of a byte; write "Mi"`],
    ['a limit below the request', pod({ resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } }), `'pods.web.containers.web.resources.limits.memory' ("512Mi") must be >= 'requests.memory' ("1Gi")`],
    ['a probe on an undeclared port name', pod({ probe: { port: 'http' } }), `'pods.web.containers.web.probe.port' ("http") is not the name of one of the container's 'ports' (8080)`],
    ['a probe without a port', pod({ ports: undefined, probe: {} }), `'pods.web.containers.web.probe' ({}) needs a port: declare the container's 'ports' or set 'probe.port'`],
    ['a port twice in a container', pod({ ports: [{ containerPort: 8080 }, { containerPort: 8080 }] }), `'pods.web.containers.web.ports' ([{"containerPort":8080},{"containerPort":8080}]) must not list the same port twice`],
    ['a port twice in a Pod', { pods: { web: { containers: { a: WEB, b: WEB } } } }, `'pods.web.containers.b.ports.0.containerPort' (8080) is declared twice in the Pod (also 'pods.web.containers.a.ports.0')`],
    ['a port name twice in a Pod', { pods: { web: { containers: { a: { ...WEB, ports: [{ containerPort: 80, name: 'http' }] }, b: { ...WEB, ports: [{ containerPort: 81, name: 'http' }] } } } } }, `'pods.web.containers.b.ports.0.name' ("http") is used twice in the Pod (also 'pods.web.containers.a.ports.0'): port names must be unique`],
    ['an unknown setting', pod({ replica: 3 }), `'pods.web.containers.web.replica' is not a known setting; allowed here: image, imagePullPolicy`],
    ['a label value with spaces', pod({}, { labels: { app: 'blue app' } }), `'pods.web.labels.app' ("blue app") must be a label value`],
    ['no container', { pods: { web: { containers: {} } } }, `'pods.web.containers' ({}) must hold at least one container`],
    ['a selector the Pods do not carry', { deployments: { web: { labels: { app: 'web' }, selector: { app: 'api' }, containers: { web: WEB } } } }, `'deployments.web.selector' ({"app":"api"}) must match the Pod 'labels' ({"app":"web"}): Kubernetes refuses a Deployment whose Pods do not carry its selector`],
    ['a ReplicaSet selecting a bare Pod', { pods: { solo: { labels: { env: 'dev' }, containers: { web: WEB } } }, replicaSets: { rs: { labels: { env: 'dev' }, containers: { web: WEB } } } }, `'replicaSets.rs.selector' ({"env":"dev"}) matches the labels of Pod 'pods.solo' in namespace "default": the ReplicaSet would adopt it`],
    ['Recreate with rolling settings', { deployments: { web: { strategy: { type: 'Recreate', maxSurge: 1 }, containers: { web: WEB } } } }, `'deployments.web.strategy.type' ("Recreate") takes no 'maxSurge' or 'maxUnavailable'`],
    ['a rollout that can neither add nor remove', { deployments: { web: { strategy: { maxSurge: 0, maxUnavailable: '0%' }, containers: { web: WEB } } } }, `'deployments.web.strategy.maxSurge' (0) and 'maxUnavailable' cannot both be 0`],
    ['a bad percentage', { deployments: { web: { strategy: { maxSurge: '150%' }, containers: { web: WEB } } } }, `'deployments.web.strategy.maxSurge' ("150%") must be a percentage from "0%" to "100%"`],
    ['a NodePort outside the range', { services: { web: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 8080 }] } } }, `'services.web.ports.0.nodePort' (8080) must be a whole number from 30000 to 32767, the cluster's NodePort range`],
    ['a nodePort on a ClusterIP Service', { services: { web: { selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30001 }] } } }, `'services.web.ports.0.nodePort' (30001) needs 'type' "NodePort" or "LoadBalancer" (the Service's type is "ClusterIP")`],
    ['two Services on one NodePort', { services: { a: { type: 'NodePort', selector: { app: 'a' }, ports: [{ port: 80, nodePort: 30001 }] }, b: { type: 'NodePort', selector: { app: 'b' }, ports: [{ port: 80, nodePort: 30001 }] } } }, `'services.b.ports.0.nodePort' (30001) is taken by 'services.a.ports.0.nodePort'`],
    ['several ports without names', { services: { web: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443 }] } } }, `'services.web.ports.0.name' is required when a Service has several ports`],
    ['a Service without selector', { services: { web: { ports: [{ port: 80 }] } } }, `'services.web.selector' is required`],
    ['source ranges on a NodePort Service', { services: { web: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }], loadBalancerSourceRanges: ['10.0.0.0/8'] } } }, `'services.web.loadBalancerSourceRanges' (["10.0.0.0/8"]) needs 'type' "LoadBalancer"`],
    ['a namespace every cluster has', { namespaces: { default: {} } }, `'namespaces' ("default") is a namespace every cluster has: Terraform cannot create it`],
    ['two objects of one name', { pods: { a: { name: 'web', containers: { web: WEB } }, b: { name: 'web', containers: { web: WEB } } } }, `'pods.b.name' ("web") names the same Pod in namespace "default" as 'pods.a'`],
    ['a mount of a volume the Pod lacks', pod({ volumeMounts: [{ name: 'secrets', mountPath: '/mnt' }] }), `'pods.web.containers.web.volumeMounts.0.name' ("secrets") is not a volume of the Pod (it has no 'volumes'): Kubernetes refuses a mount of a volume the Pod does not declare`],
    [
      'one path mounted twice',
      pod({ volumeMounts: [{ name: 'a', mountPath: '/mnt' }, { name: 'b', mountPath: '/mnt' }] }, { volumes: { a: { csi: { driver: 'secrets-store.csi.k8s.io' } }, b: { csi: { driver: 'secrets-store.csi.k8s.io' } } } }),
      `'pods.web.containers.web.volumeMounts.1.mountPath' ("/mnt") is mounted twice in the container`,
    ],
    ['a relative mount path', pod({ volumeMounts: [{ name: 'a', mountPath: 'mnt' }] }), `'pods.web.containers.web.volumeMounts.0.mountPath' ("mnt") must be an absolute path`],
    ['a volume that is not CSI', pod({}, { volumes: { a: { hostPath: { path: '/' } } } }), `'pods.web.volumes.a.hostPath' is not a known setting; allowed here: csi`],
    ['an unknown pod security level', { namespaces: { apps: { podSecurity: 'strict' } } }, `'namespaces.apps.podSecurity' ("strict") must be one of "privileged", "baseline", "restricted"`],
  ])('throws on %s', (_case, props, message) => {
    expect(lines(props)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  test('an ECR repository the registry does not have names the ones it has', () => {
    expect(lines({ ecrRepositoryUrls: { 'docker-images': 'x' }, ...pod({ image: { ecrRepository: 'backend', tag: 'v1' } }) })).toEqual([
      `'pods.web.containers.web.image.ecrRepository' ("backend") is not a repository of the registry ("docker-images"): add it to 'registry.repositories'`,
    ]);
  });
});

describe('warnings: legal, but likely a mistake', () => {
  const warned = (props: WorkloadsProps) => warningsOf(new Workloads(emptyStack(), 'w', props));

  test.each<[string, WorkloadsProps, string]>([
    ['a Service that selects nothing', { services: { web: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } } }, `Service web selects app=nothing in namespace default, but no Pod, Deployment or ReplicaSet of 'kubernetes.workloads' carries those labels`],
    ['a target port no selected container declares', { pods: { web: { containers: { web: WEB } } }, services: { web: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 9090 }] } } }, 'Service web sends port 80 to 9090, which no container of Pod web declares'],
    ['an open LoadBalancer', { pods: { web: { containers: { web: WEB } } }, services: { web: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } } }, "Service web is a LoadBalancer without 'loadBalancerSourceRanges'"],
    ['controllers with overlapping selectors', { replicaSets: { a: { labels: { env: 'dev' }, containers: { web: WEB } } }, deployments: { b: { labels: { app: 'b', env: 'dev' }, containers: { web: WEB } } } }, "ReplicaSet a's selector env=dev also matches the Pods of Deployment b in namespace default"],
    ['a namespace nothing creates', { pods: { web: { namespace: 'apps', containers: { web: WEB } } } }, "Namespace apps holds workloads but is not in 'kubernetes.workloads.namespaces'"],
  ])('%s', (_case, props, message) => {
    expect(warned(props)).toEqual([expect.stringContaining(message)]);
  });
});
