// The Kubernetes side of seed 001's application, construct by construct.
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { parse } from 'yaml';
import { Application, ApplicationProps } from '../../src/application/application';
import { secretObjectsYaml, secretProviderClass } from '../../src/application/secret-provider-class';
import { emptyStack, ref, synthJson, validationLines } from '../helpers/synth';

const BASE: ApplicationProps = {
  frontend: { image: 'registry.example/web:1.0.0' },
  backend: { image: 'registry.example/api:1.0.0' },
};

function build(props: Partial<ApplicationProps> = {}) {
  const stack = emptyStack();
  new KubernetesProvider(stack, 'kubernetes', {});
  new HelmProvider(stack, 'helm', {});
  const app = new Application(stack, 'application', { ...BASE, ...props });
  const json = synthJson(stack);
  const r = json.resource!;
  return { app, json, r, deployment: (tier: string) => r.kubernetes_deployment_v1[`application_workloads_deployment_${tier}`] };
}

const container = (d: any) => d.spec.template.spec.container[0];

describe('Application defaults', () => {
  const { r, deployment } = build();

  test('namespace "app" (a Workloads namespace) with Pod Security Admission: baseline enforced, restricted warned and audited', () => {
    expect(r.kubernetes_namespace_v1.application_workloads_namespace_app.metadata).toEqual({
      name: 'app',
      labels: { name: 'app', 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' },
    });
  });

  test('tiers "frontend" and "backend": two replicas each, the image as given, port 8080 named http', () => {
    for (const tier of ['frontend', 'backend']) {
      const d = deployment(tier);
      expect(d.metadata).toMatchObject({ name: tier, namespace: ref('kubernetes_namespace_v1.application_workloads_namespace_app.metadata[0].name') });
      expect(d.spec).toMatchObject({ replicas: '2', selector: { match_labels: { app: tier } } });
      expect(d.spec.template.metadata.labels).toMatchObject({ app: tier });
      expect(container(d)).toMatchObject({ name: tier, port: [{ name: 'http', container_port: 8080, protocol: 'TCP' }] });
    }
    expect(container(deployment('frontend')).image).toBe('registry.example/web:1.0.0');
  });

  test('requests 100m / 128Mi, the memory limit at the request, no CPU limit', () => {
    expect(container(deployment('backend')).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
  });

  test('Workloads\' TCP startup, readiness and liveness probes on the named port without a health path', () => {
    const c = container(deployment('frontend'));
    expect(c.startup_probe).toEqual({ tcp_socket: [{ port: 'http' }], period_seconds: 5, failure_threshold: 30, timeout_seconds: 2 });
    expect(c.readiness_probe).toEqual({ tcp_socket: [{ port: 'http' }], period_seconds: 10, failure_threshold: 3, timeout_seconds: 2 });
    expect(c.liveness_probe).toEqual({ tcp_socket: [{ port: 'http' }], period_seconds: 20, failure_threshold: 3, timeout_seconds: 2 });
  });

  test('Workloads\' restricted security context: non-root, the runtime\'s seccomp profile, no privilege or escalation, no capability', () => {
    const spec = deployment('backend').spec.template.spec;
    expect(container(deployment('backend')).security_context).toEqual({ allow_privilege_escalation: false, privileged: false, read_only_root_filesystem: false, capabilities: { drop: ['ALL'] } });
    expect(spec.security_context).toEqual({ run_as_non_root: true, seccomp_profile: { type: 'RuntimeDefault' } });
  });

  test('the backend runs as its own service account (named after it, no annotation); the frontend gets no API token', () => {
    expect(r.kubernetes_service_account_v1.application_service_account.metadata).toMatchObject({ name: 'backend', annotations: {} });
    const backend = deployment('backend').spec.template.spec;
    expect(backend).toMatchObject({ service_account_name: ref('kubernetes_service_account_v1.application_service_account.metadata[0].name'), automount_service_account_token: true });
    const frontend = deployment('frontend').spec.template.spec;
    expect(frontend.service_account_name).toBeUndefined();
    expect(frontend.automount_service_account_token).toBe(false);
  });

  test('a ClusterIP Service per tier, port 80 to the container\'s http port', () => {
    expect(r.kubernetes_service_v1.application_workloads_service_backend.spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'backend' },
      port: [{ name: 'http', port: 80, target_port: 'http', protocol: 'TCP' }],
    });
  });

  test('no Ingress, no secrets volume, no SecretProviderClass without them', () => {
    expect(r.kubernetes_ingress_v1).toBeUndefined();
    expect(r.helm_release).toBeUndefined();
    expect(deployment('backend').spec.template.spec.volume).toBeUndefined();
  });
});

describe('Application settings', () => {
  test('names, ports, replicas, resources, HTTP probes and environment', () => {
    const { deployment } = build({
      namespace: 'shop',
      frontend: { image: 'w:1', name: 'web', port: 3000, replicas: 3, runAsUser: 1654, healthPath: '/healthz', env: { API_URL: 'http://api.shop.svc' }, resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1' } } },
      backend: { image: 'a:1', name: 'api' },
    });
    const d = deployment('frontend');
    expect(d.metadata.name).toBe('web');
    expect(d.spec.replicas).toBe('3');
    expect(d.spec.template.spec.security_context).toMatchObject({ run_as_user: '1654', run_as_non_root: true });
    const c = container(d);
    expect(c.port[0].container_port).toBe(3000);
    expect(c.env).toEqual([{ name: 'API_URL', value: 'http://api.shop.svc' }]);
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi', cpu: '1' } });
    expect(c.startup_probe.http_get).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readiness_probe.http_get).toEqual({ path: '/healthz', port: 'http' });
    expect(c.liveness_probe.http_get).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readiness_probe.tcp_socket).toBeUndefined();
  });

  test('the Ingress: the controller\'s class in the spec, / to the frontend and /api to the backend, after the controller', () => {
    const { r } = build({ ingress: { className: 'nginx', host: 'app.example.com', dependsOn: [] } });
    const ingress = r.kubernetes_ingress_v1.application_ingress;
    expect(ingress.metadata).toMatchObject({ name: 'frontend-ingress' });
    expect(ingress.metadata.annotations).toBeUndefined();
    expect(ingress.spec).toEqual({
      ingress_class_name: 'nginx',
      rule: [
        {
          host: 'app.example.com',
          http: {
            path: [
              { path: '/', path_type: 'Prefix', backend: { service: { name: ref('kubernetes_service_v1.application_workloads_service_frontend.metadata[0].name'), port: { number: 80 } } } },
              { path: '/api', path_type: 'Prefix', backend: { service: { name: ref('kubernetes_service_v1.application_workloads_service_backend.metadata[0].name'), port: { number: 80 } } } },
            ],
          },
        },
      ],
    });
  });

  test('secrets: the SecretProviderClass chart after the namespace and the driver, a read-only CSI volume on the backend only', () => {
    const { r, deployment } = build({ secrets: { names: ['db'], region: 'eu-west-1', usePodIdentity: true, mountPath: '/run/secrets/app', dependsOn: [] } });
    const release = r.helm_release.application_secret_provider_class_chart_release;
    expect(release).toMatchObject({ name: 'backend-secret-provider-class', namespace: 'app', depends_on: ['kubernetes_namespace_v1.application_workloads_namespace_app'] });
    expect(r.kubernetes_service_account_v1.application_service_account.depends_on).toEqual(['kubernetes_namespace_v1.application_workloads_namespace_app']);
    // The workloads wait for the account and the SecretProviderClass (the backend's Pods need both).
    for (const tier of ['frontend', 'backend']) {
      expect(deployment(tier).depends_on).toEqual(['kubernetes_service_account_v1.application_service_account', 'helm_release.application_secret_provider_class_chart_release']);
    }
    const backend = deployment('backend');
    expect(backend.spec.template.spec.volume).toEqual([
      { name: 'secrets-store-inline', csi: { driver: 'secrets-store.csi.k8s.io', read_only: true, volume_attributes: { secretProviderClass: 'backend-secrets' } } },
    ]);
    expect(container(backend).volume_mount).toEqual([{ name: 'secrets-store-inline', mount_path: '/run/secrets/app', read_only: true }]);
    expect(deployment('frontend').spec.template.spec.volume).toBeUndefined();
  });

  test.each<[string, Partial<ApplicationProps>, string]>([
    ['two tiers of one name', { frontend: { image: 'x:1', name: 'web' }, backend: { image: 'y:1', name: 'web' } }, `'backend.name' ("web") must differ from 'frontend.name'`],
    ['one path for both tiers', { ingress: { className: 'nginx', frontendPath: '/api' } }, `'ingress.backendPath' ("/api") must differ from 'frontendPath'`],
    ['a name Services refuse', { frontend: { image: 'x:1', name: 'Web_1' } }, `'frontend.name' ("Web_1") must be a DNS label`],
    ['a quantity Kubernetes does not read', { backend: { image: 'y:1', resources: { requests: { memory: '1 GB' } } } }, `'backend.resources.requests.memory' ("1 GB") must be a memory quantity such as "128Mi" or "1Gi"`],
    ['memory in millibytes', { backend: { image: 'y:1', resources: { limits: { memory: '512m' } } } }, `'backend.resources.limits.memory' ("512m") must be a memory quantity in bytes`],
    ['an empty secret list', { secrets: { names: [], region: 'eu-west-1', usePodIdentity: false, dependsOn: [] } }, `'secrets.names' ([]) must list at least one secret name`],
    ['a relative mount path', { secrets: { names: ['db'], region: 'eu-west-1', usePodIdentity: false, mountPath: 'secrets', dependsOn: [] } }, `'secrets.mountPath' ("secrets") must be an absolute path`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => build(props)).join('\n')).toContain(expected);
  });
});

describe('SecretProviderClass', () => {
  test('provider aws, the objects as a YAML list of Secrets Manager names, the region, the identity mechanism', () => {
    const spc = secretProviderClass({ name: 'api-secrets', namespace: 'app', secretNames: ['app/db', 'api-key'], region: 'eu-west-1', usePodIdentity: true });
    expect(spc).toMatchObject({ apiVersion: 'secrets-store.csi.x-k8s.io/v1', kind: 'SecretProviderClass', metadata: { name: 'api-secrets', namespace: 'app' } });
    const parameters = (spc.spec as any).parameters;
    expect(parameters).toMatchObject({ region: 'eu-west-1', usePodIdentity: 'true' });
    expect(parse(parameters.objects)).toEqual([
      { objectName: 'app/db', objectType: 'secretsmanager' },
      { objectName: 'api-key', objectType: 'secretsmanager' },
    ]);
    expect((secretProviderClass({ name: 'x', namespace: 'y', secretNames: ['z'], region: 'r', usePodIdentity: false }).spec as any).parameters.usePodIdentity).toBe('false');
  });

  test('names YAML would read as something else stay strings', () => {
    expect(parse(secretObjectsYaml(['true', '0123', 'a: b=c@d']))).toEqual(['true', '0123', 'a: b=c@d'].map((n) => ({ objectName: n, objectType: 'secretsmanager' })));
  });
});
