// chapter20-istio istio.sh and istio/*.yml (book "Istio Implementation" and "Istio Ingress Gateway",
// L15990-L16260): Istio from its Helm charts. The book runs `istioctl install --set profile=demo`
// (unpinned, with an egress gateway and the demo's permissive settings); here the `base` and
// `istiod` charts are pinned and the ingress gateway, which the chapter's sample uses, is the
// `gateway` chart named `istio-ingressgateway` (pods labelled `istio: ingressgateway`, as the
// demo profile's).
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmChart } from '../../kubernetes/helm-chart';
import { KubernetesObject, ManifestsChart } from '../../kubernetes/manifests-chart';
import type { IstioSettings } from '../private/schema';
import { deployment, service } from '../private/samples';
import { mergeValues } from '../private/values';

/**
 * Istio 1.30.3 (tag of 2026-07-16), the newest release of istio/istio in a copy read on 2026-08-22
 * (1.31 had reached 1.31.0-rc.0 only; 1.31.1, pinned before, was seen nowhere). It needs Kubernetes
 * 1.32 or later (istioctl/pkg/install/k8sversion `MinK8SVersion = 32` at 1.30.3). Its charts are
 * published to https://istio-release.storage.googleapis.com/charts (manifests/charts/README.md at
 * 1.30.3, which also names oci://registry.istio.io/release/charts).
 */
export const ISTIO_CHARTS = { repository: 'https://istio-release.storage.googleapis.com/charts', version: '1.30.3' } as const;
export const ISTIO_NAMESPACE = 'istio-system';

export interface IstioProps {
  /** Chart version, the ingress gateway and the sample, from the configuration. @default {} */
  readonly settings?: IstioSettings;
}

/** istio-base, istiod and, on request, the ingress gateway and the chapter's blue/green sample. */
export class Istio extends Construct {
  readonly base: HelmChart;
  readonly istiod: HelmChart;
  readonly ingressGateway?: HelmChart;
  readonly sample?: ManifestsChart;

  constructor(scope: Construct, id: string, props: IstioProps = {}) {
    super(scope, id);
    const s = props.settings ?? {};
    const chart = (release: string, name: string, values: Record<string, unknown> | undefined, dependsOn: ITerraformDependable[]) =>
      new HelmChart(this, release, {
        releaseName: release,
        chart: name,
        repository: ISTIO_CHARTS.repository,
        version: s.version ?? ISTIO_CHARTS.version,
        namespace: ISTIO_NAMESPACE,
        values,
        dependsOn,
      });
    // base holds the CRDs as templates (not crds/), so upgrades update them.
    this.base = chart('istio-base', 'base', undefined, []);
    this.istiod = chart('istiod', 'istiod', mergeValues({}, s.values), [this.base.release]);
    if (s.ingressGateway) this.ingressGateway = chart('istio-ingressgateway', 'gateway', undefined, [this.istiod.release]);
    if (s.sampleApp) {
      this.sample = new ManifestsChart(this, 'sample', {
        releaseName: 'chapter20-istio-sample',
        namespace: ISTIO_NAMESPACE,
        objects: sampleObjects(),
        dependsOn: [(this.ingressGateway ?? this.istiod).release],
      });
    }
  }
}

/**
 * istio/1-ns.yml, 2-apps.yml and 3-ingress.yml: namespace `istions` with sidecar injection, the blue
 * (8080) and green (8081) apps behind port 80, and a Gateway with a VirtualService sending half of
 * the traffic to each. The book's namespace file declares `istions` twice; the VirtualService's
 * weights sit beside the destinations, where Istio reads them; `networking.istio.io/v1` replaces
 * v1alpha3.
 */
function sampleObjects(): KubernetesObject[] {
  const namespace = 'istions';
  const apps = [
    { name: 'blue', port: 8080 },
    { name: 'green', port: 8081 },
  ];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { name: namespace, 'istio-injection': 'enabled' } } },
    ...apps.flatMap((a) => [
      deployment({ name: a.name, image: `cloudmanly/eks:${a.name}`, port: a.port, namespace }),
      service({ name: a.name, app: a.name, port: 80, targetPort: a.port, namespace, portName: 'http' }),
    ]),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'istio-gateway', namespace },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'blue-green', namespace },
      spec: {
        hosts: ['*'],
        gateways: ['istio-gateway'],
        http: [{ match: [{ uri: { prefix: '/' } }], route: apps.map((a) => ({ destination: { host: a.name }, weight: 50 })) }],
      },
    },
  ];
}
