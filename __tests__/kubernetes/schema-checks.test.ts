// The checks of stack-schemas.test.ts can fail: objects and values of the presets, each broken in
// one way, are refused with the field, the value and what is allowed; the conversion of typed
// resources gives what the kubernetes provider sends; the recorded facts name their source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartFacts, unknownValues } from '../helpers/chart-values';
import { checkedStack, CheckedStack, objectProblems } from '../helpers/kubernetes-checks';
import { KubernetesObject, KubernetesSchemas, openApi } from '../helpers/kubernetes-schema';
import { presetAppAsIs } from '../helpers/synth';
import { CONVERTED_TYPES, typedObject } from '../helpers/terraform-kubernetes';
import { appFiles, synthApp } from '../helpers/synth';

const FIXTURES = join(__dirname, '..', '__fixtures__', 'kubernetes');
const stacks = new Map<string, CheckedStack>();
const stackOf = (preset: string) => {
  if (!stacks.has(preset)) stacks.set(preset, checkedStack(presetAppAsIs(preset), '1.35'));
  return stacks.get(preset)!;
};
/** A copy of the preset's object created at `address` (a Terraform address, then the chart template). */
const objectOf = (preset: string, address: string): any => {
  const found = stackOf(preset).objects.find((o) => o.address === address);
  if (!found) throw new Error(`no object at ${address}: ${stackOf(preset).objects.map((o) => o.address).join(', ')}`);
  return structuredClone(found.object);
};
const problems = (preset: string, object: KubernetesObject) => stackOf(preset).schemas.validate(object);
const k8s = new KubernetesSchemas('1.35');

describe('typed resources become the objects the kubernetes provider sends', () => {
  test('a Deployment: list blocks under their API names, single blocks as objects, number strings as numbers', () => {
    const deployment = objectOf('chapter17', 'kubernetes_deployment_v1.workloads_deployment_blueapp_deployment');
    expect(deployment).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'blueapp-deployment', namespace: 'default' } });
    expect(deployment.spec).toMatchObject({ replicas: 3, revisionHistoryLimit: 5, selector: { matchLabels: { app: 'blueapp' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } });
    const container = deployment.spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
    expect(container.livenessProbe).toEqual({ failureThreshold: 3, periodSeconds: 20, tcpSocket: { port: 8080 }, timeoutSeconds: 2 });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: false });
    expect(deployment.wait_for_rollout ?? deployment.waitForRollout).toBeUndefined();
  });

  test('a Service: ports under `ports`, a number target port as a number (intstr.Parse), a name as a name', () => {
    expect(objectOf('chapter14', 'kubernetes_service_v1.workloads_service_blueapp_svc').spec.ports).toEqual([{ name: 'app-port', nodePort: 30001, port: 8082, protocol: 'TCP', targetPort: 8080 }]);
    const service = typedObject('kubernetes_service_v1', { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, port: [{ port: 80, target_port: 'http' }] } }, k8s);
    expect((service.spec as any).ports).toEqual([{ port: 80, targetPort: 'http' }]);
  });

  test('RBAC: rules and subjects, acronyms spelled as the API spells them', () => {
    const role = typedObject('kubernetes_cluster_role_v1', { metadata: { name: 'r' }, rule: [{ non_resource_urls: ['/healthz'], verbs: ['get'] }] }, k8s);
    expect(role).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] });
    expect(objectOf('chapter09', 'kubernetes_cluster_role_binding_v1.rbac_cluster_role_binding_readonly_role_binding')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'readonly-group' }],
    });
  });

  test('a StorageClass takes `storage_provisioner` as `provisioner`; file modes are octal strings', () => {
    expect(objectOf('chapter16', 'kubernetes_storage_class_v1.storage_class_nfs_csi_class')).toMatchObject({ provisioner: 'nfs.csi.k8s.io', mountOptions: ['nfsvers=4.1'], allowVolumeExpansion: true });
    const pod = typedObject('kubernetes_pod_v1', { metadata: { name: 'p' }, spec: { container: [{ name: 'c', image: 'nginx:1.27' }], volume: [{ name: 'v', config_map: { name: 'cm', default_mode: '0644' } }] } }, k8s);
    expect((pod.spec as any).volumes).toEqual([{ name: 'v', configMap: { name: 'cm', defaultMode: 0o644 } }]);
  });

  test('every kubernetes_* resource class the project imports is converted', () => {
    const src = join(__dirname, '..', '..', 'src');
    const files = readdirSync(src, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.ts'));
    const imported = new Set(files.flatMap((f) => [...readFileSync(join(f.parentPath, f.name), 'utf8').matchAll(/@cdktf\/provider-kubernetes\/lib\/([a-z0-9-]+)'/g)].map((m) => m[1])));
    imported.delete('provider');
    expect([...imported].map((lib) => `kubernetes_${lib.replace(/-/g, '_')}`).filter((type) => !CONVERTED_TYPES.includes(type))).toEqual([]);
    expect(imported.size).toBeGreaterThanOrEqual(13);
  });

  test('the aws-auth patch of a CONFIG_MAP cluster (kubernetes_config_map_v1_data) is a valid ConfigMap', () => {
    const app = appFiles(synthApp('default', { controlPlane: { accessConfig: { authenticationMode: 'CONFIG_MAP' } }, kubernetes: { awsAuth: { mapUsers: [{ userarn: 'arn:aws:iam::123456789012:user/alice', username: 'alice' }] } } }));
    const checked = checkedStack(app, '1.35');
    expect(checked.objects.map((o) => o.address)).toEqual(['kubernetes_config_map_v1_data.aws_auth_config_map']);
    expect(checked.objects[0].object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles: expect.any(String), mapUsers: expect.any(String) } });
    expect(checked.schemas.validate(checked.objects[0].object)).toEqual([]);
  });

  test('throws on a resource type it cannot convert', () => {
    expect(() => typedObject('kubernetes_daemon_set_v1', {}, k8s)).toThrow('kubernetes_daemon_set_v1: no conversion to a Kubernetes object; add it to TYPED in terraform-kubernetes.ts');
  });
});

describe('kubernetes_manifest objects read at plan time from an upstream file', () => {
  // As a stack writes the Gateway API CRDs: a data.http source of the file at its tag, its sha256
  // checked in a postcondition, and a manifest decoding its body without `status`.
  const URL = 'https://raw.githubusercontent.com/kubernetes-sigs/gateway-api/v1.5.1/config/crd/standard';
  const source = (file: string, sha256: string) => ({ url: `${URL}/${file}`, lifecycle: { postcondition: [{ condition: `\${self.status_code == 200 && sha256(self.response_body) == "${sha256}"}` }] } });
  const stackWith = (sha256 = '234ad4b2757ee1b3596a4187bb98df071c5bbdd9e1806f692f2dbf8387e6bef4') => ({
    stacks: {
      kubernetes: {
        data: { http: { classes: source('gateway.networking.k8s.io_gatewayclasses.yaml', sha256), vap: source('gateway.networking.k8s.io_vap_safeupgrades.yaml', '981a4da92706cb567c051e006ff229429947f054b90cd0719c297abe14f958a1') } },
        resource: {
          kubernetes_manifest: {
            crd: { manifest: '\${{ for k, v in yamldecode(data.http.classes.response_body) : k => v if k != "status" }}' },
            binding: { manifest: '\${{ for k, v in yamldecode(split("\\n---\\n", data.http.vap.response_body)[1]) : k => v if k != "status" }}' },
            'class': { manifest: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'amazon-vpc-lattice' }, spec: { controllerName: 'application-networking.k8s.aws/gateway-api-controller' } } },
          },
        },
      },
    },
    warnings: {},
    charts: { kubernetes: {} },
  });

  test('are the recorded file\'s documents, which serve their custom resources', () => {
    const checked = checkedStack(stackWith(), '1.35');
    expect(checked.objects.map((o) => `${o.address} ${o.object.kind}`)).toEqual(['kubernetes_manifest.crd CustomResourceDefinition', 'kubernetes_manifest.binding ValidatingAdmissionPolicyBinding', 'kubernetes_manifest.class GatewayClass']);
    expect(checked.objects[0].object.status).toBeUndefined();
    expect(objectProblems(checked)).toEqual([]);
    const gatewayClass = structuredClone(checked.objects[2].object) as any;
    gatewayClass.spec.controller = 'x';
    expect(checked.schemas.validate(gatewayClass)).toEqual([expect.stringMatching(/^GatewayClass amazon-vpc-lattice: 'spec\.controller' is not a field here; allowed: controllerName, description, parametersRef \(CRD of kubernetes_manifest\.crd\)$/)]);
  });

  test('throw when the source does not check the recorded digest, or reads a file not recorded', () => {
    expect(() => checkedStack(stackWith('0'.repeat(64)), '1.35')).toThrow(`kubernetes_manifest.crd: reads ${URL}/gateway.networking.k8s.io_gatewayclasses.yaml without checking that its sha256 is 234ad4b2757ee1b3596a4187bb98df071c5bbdd9e1806f692f2dbf8387e6bef4, the recorded file's`);
    const other = stackWith();
    other.stacks.kubernetes.data.http.classes.url = `${URL}/gateway.networking.k8s.io_xroutes.yaml`;
    expect(() => checkedStack(other, '1.35')).toThrow(`kubernetes_manifest.crd: reads ${URL}/gateway.networking.k8s.io_xroutes.yaml at plan time, a file not recorded: record it with scripts/record-kubernetes-facts.ts (files)`);
  });
});

describe('objects are refused for what the schema forbids', () => {
  test('a typed resource with a wrong type, an unknown argument, a bad quantity', () => {
    const deployment = objectOf('chapter17', 'kubernetes_deployment_v1.workloads_deployment_blueapp_deployment');
    expect(problems('chapter17', deployment)).toEqual([]);
    deployment.spec.replicas = 'three';
    deployment.spec.template.spec.containers[0].imagePulPolicy = 'Always';
    deployment.spec.template.spec.containers[0].resources.requests.memory = '256 Mi';
    const found = problems('chapter17', deployment);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`Deployment default/blueapp-deployment: 'spec.replicas' ("three") must be of type integer`),
        expect.stringMatching(/'spec\.template\.spec\.containers\.0\.imagePulPolicy' is not a field here; allowed: .*imagePullPolicy/),
        expect.stringContaining(`'spec.template.spec.containers.0.resources.requests.memory' ("256 Mi") must match pattern`),
      ]),
    );
    expect(found[0]).toContain('(Kubernetes 1.35 OpenAPI (kubernetes-client/python@v35.0.0))');
  });

  test('an argument the conversion does not know reaches the schema as an unknown field', () => {
    const ns = typedObject('kubernetes_namespace_v1', { metadata: { name: 'n', lables: { a: 'b' } } }, k8s);
    expect(k8s.validate(ns)).toEqual([expect.stringMatching(/^Namespace n: 'metadata\.lables' is not a field here; allowed: .*labels/)]);
  });

  test.each([
    ['chapter19-karpenter', 'helm_release.karpenter_node_pool_chart_release templates/nodepool-default.yaml', (o: any) => (o.spec.disruption.consolidateAfterr = '30s'), /'spec\.disruption\.consolidateAfterr' is not a field here/],
    ['chapter19-karpenter', 'helm_release.karpenter_node_pool_chart_release templates/nodepool-default.yaml', (o: any) => (o.spec.limits.cpu = 'a lot'), /'spec\.limits\.cpu' \("a lot"\) must match pattern/],
    ['chapter19-karpenter', 'helm_release.karpenter_node_pool_chart_release templates/ec2nodeclass-default.yaml', (o: any) => delete o.spec.amiSelectorTerms, /'spec\.amiSelectorTerms' is required/],
    ['chapter20-istio', 'helm_release.istio_sample_chart_release templates/virtualservice-blue-green.yaml', (o: any) => (o.spec.http[0].route[0].weight = '50'), /'spec\.http\.0\.route\.0\.weight' \("50"\) must be of type integer/],
    ['chapter20-lattice', 'helm_release.vpc_lattice_sample_chart_release templates/httproute-color-route.yaml', (o: any) => (o.spec.rules[0].backendRefs[0].prot = 80), /'spec\.rules\.0\.backendRefs\.0\.prot' is not a field here/],
    ['mastering-terraform', 'helm_release.application_secret_provider_class_chart_release templates/secretproviderclass-fleet-api-secrets.yaml', (o: any) => (o.spec.provider = 5), /'spec\.provider' \(5\) must be of type string/],
    ['chapter08', 'helm_release.ack_s3_controller_sample_chart_release templates/bucket-ack-s3.yaml', (o: any) => (o.spec.nmae = o.spec.name), /'spec\.nmae' is not a field here/],
  ])('%s: %s, broken, is refused against its CRD', (preset, address, mutate, expected) => {
    const object = objectOf(preset, address);
    expect(problems(preset, object)).toEqual([]);
    mutate(object);
    expect(problems(preset, object)).toEqual([expect.stringMatching(expected)]);
  });

  test('a kind or version neither Kubernetes 1.35 nor the stack\'s CRDs serve', () => {
    const pool = objectOf('chapter19-karpenter', 'helm_release.karpenter_node_pool_chart_release templates/nodepool-default.yaml');
    expect(problems('chapter19-karpenter', { ...pool, apiVersion: 'karpenter.sh/v1beta1' })).toEqual(['NodePool default: karpenter.sh/v1beta1 NodePool is served neither by Kubernetes 1.35 nor by a CRD this stack installs']);
    expect(k8s.validate(pool)).toEqual(['NodePool default: karpenter.sh/v1 NodePool is served neither by Kubernetes 1.35 nor by a CRD this stack installs']);
    expect(k8s.validate({ apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'p' } })).toEqual(['PodSecurityPolicy p: policy/v1beta1 PodSecurityPolicy is served neither by Kubernetes 1.35 nor by a CRD this stack installs']);
  });

  test('a Kubernetes version without a recorded OpenAPI document is named, with the way to record one', () => {
    expect(() => openApi('1.29')).toThrow('no OpenAPI document recorded for Kubernetes 1.29: record it with scripts/record-kubernetes-facts.ts (openapi)');
  });
});

describe('values a chart does not have are refused', () => {
  const values = (preset: string, address: string) => structuredClone(stackOf(preset).releases.find((r) => r.address === address)!.values) as any;
  const karpenter = chartFacts('karpenter', '1.14.1')!;

  test('an unknown key, with the keys beside it; any key under a map the chart takes whole', () => {
    const v = values('chapter19-karpenter', 'helm_release.karpenter_chart_release');
    expect(unknownValues(v, karpenter)).toEqual([]);
    v.settings.clusterNmae = 'x';
    v.serviceAccount.annotations['any/annotation'] = 'is taken';
    v.controller.resources.limits.cpu = '1';
    const found = unknownValues(v, karpenter);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^'settings\.clusterNmae' \("x"\) is not a value of chart karpenter 1\.14\.1 \(values\.yaml and templates of aws\/karpenter-provider-aws@release-v1\.14\.1 charts\/karpenter\); keys there: .*clusterEndpoint, clusterName,/);
  });

  test('ingress-nginx: `controller.replicas` is not its key (`controller.replicaCount` is); a map where the chart has a single value', () => {
    const v = values('mastering-terraform', 'helm_release.ingress_nginx_chart_release');
    const facts = chartFacts('ingress-nginx', '4.15.1')!;
    expect(unknownValues(v, facts)).toEqual([]);
    v.controller.replicas = 2;
    v.controller.ingressClass = { name: 'nginx' };
    expect(unknownValues(v, facts)).toEqual([
      expect.stringMatching(/^'controller\.ingressClass' \(\{"name":"nginx"\}\) is a single value in chart ingress-nginx 4\.15\.1/),
      expect.stringMatching(/^'controller\.replicas' \(2\) is not a value of chart ingress-nginx 4\.15\.1 .*replicaCount/),
    ]);
  });

  test("istiod: keys under `pilot` are the chart's root keys (templates/zzy_descope_legacy.yaml)", () => {
    const facts = chartFacts('istiod', '1.30.3')!;
    expect(unknownValues({ pilot: { resources: { requests: { cpu: '1' } } } }, facts)).toEqual([]);
    expect(unknownValues({ pilot: { resourcez: {} } }, facts)).toEqual([expect.stringMatching(/^'resourcez' \(\{\}\) is not a value of chart istiod 1\.30\.3/)]);
  });

  test("a subchart's values other than its condition", () => {
    const facts = chartFacts('secrets-store-csi-driver-provider-aws', '3.1.1')!;
    expect(unknownValues({ 'secrets-store-csi-driver': { install: false } }, facts)).toEqual([]);
    expect(unknownValues({ 'secrets-store-csi-driver': { syncSecret: { enabled: true } } }, facts)).toEqual([
      expect.stringContaining(`'secrets-store-csi-driver.syncSecret' ({"enabled":true}) is not a value of chart secrets-store-csi-driver-provider-aws 3.1.1`),
    ]);
  });

  test("what the chart's values.schema.json refuses, after Helm's merge over values.yaml", () => {
    const v = values('chapter20-lattice', 'helm_release.vpc_lattice_chart_release');
    const facts = chartFacts('aws-gateway-controller-chart', 'v2.1.3')!;
    expect(unknownValues(v, facts)).toEqual([]);
    v.deployment = { containerPort: 'http' };
    expect(unknownValues(v, facts)).toEqual(["'deployment.containerPort' must be integer: values.schema.json of chart aws-gateway-controller-chart v2.1.3"]);
  });
});

describe('recorded facts name where they were read', () => {
  const sources = [
    ...readdirSync(join(FIXTURES, 'openapi')).map((f) => join('openapi', f)),
    ...readdirSync(join(FIXTURES, 'charts')).map((f) => join('charts', f)),
    ...readdirSync(join(FIXTURES, 'files')).map((f) => join('files', f)),
  ];
  test.each(sources)('%s', (file) => {
    const data = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
    expect(data.source).toMatchObject({ repository: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/), rev: expect.any(String), commit: expect.stringMatching(/^[0-9a-f]{40}$/), path: expect.any(String) });
    if (file.startsWith('charts')) {
      expect(file).toBe(join('charts', `${data.chart}@${data.version}.json`));
      for (const crd of data.crds) expect(crd.versions.some((v: { served: boolean }) => v.served)).toBe(true);
    } else if (file.startsWith('files')) {
      expect(file).toBe(join('files', `${data.source.repository.replace('/', '+')}@${data.source.rev}.json`));
      for (const f of data.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    } else expect(file).toBe(join('openapi', `${data.kubernetes}.json`));
  });
});
