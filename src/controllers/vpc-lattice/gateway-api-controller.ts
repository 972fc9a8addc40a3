// chapter20-lattice 1-scripts/1-install-controller.sh, 3-create-service.sh and 2-color-services/
// (book "VPC Lattice", L15677-L15970): the Amazon VPC Lattice Gateway API controller, the Gateway
// API CRDs it needs, its GatewayClass, and the chapter's blue/green sample. The book applies the
// namespace manifest from the project's `main` branch, installs chart v1.0.7 with a meaningless
// `role-name`, and never installs the Gateway API CRDs the controller requires.
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmChart } from '../../kubernetes/helm-chart';
import { GatewayApiCrds } from './gateway-api-crds';
import { KubernetesObject, ManifestsChart } from '../../kubernetes/manifests-chart';
import type { ServiceAccountRef } from '../../oidc/service-account-role';
import type { VpcLatticeSettings } from '../private/schema';
import { deployment, service } from '../private/samples';
import { chartServiceAccount, mergeValues } from '../private/values';

/** The controller's chart (deploy guide); versions carry a `v`. v2.1.x is built against Gateway API v1.5. */
export const LATTICE_CHART = { repository: 'oci://public.ecr.aws/aws-application-networking-k8s', chart: 'aws-gateway-controller-chart', version: 'v2.1.3' } as const;

/** The GatewayClass name the controller answers for (files/controller-installation/gatewayclass.yaml). */
export const LATTICE_GATEWAY_CLASS = 'amazon-vpc-lattice';

export interface GatewayApiControllerProps {
  readonly clusterName: string;
  readonly region: string;
  /** The account ID: with the nodes' IMDS hop limit of 1 the controller cannot read it from IMDS. */
  readonly accountId: string;
  /** The cluster's VPC (chart `clusterVpcId`), for the same reason. */
  readonly vpcId: string;
  readonly serviceAccount: ServiceAccountRef;
  /** @default {} */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /** The service network the sample's Gateway maps to (a Gateway is matched to the network of its name). @default none */
  readonly serviceNetworkName?: string;
  /** Chart, CRD and sample settings from the configuration. @default {} */
  readonly settings?: Omit<VpcLatticeSettings, 'mechanism' | 'roleName' | 'prefixListIds' | 'lookupPrefixList' | 'serviceNetwork'>;
}

/** Gateway API CRDs, the controller, the `amazon-vpc-lattice` GatewayClass and the sample. */
export class GatewayApiController extends Construct {
  /** The standard-channel Gateway API CRDs (see gateway-api-crds.ts), unless `gatewayApiCrds` is false. */
  readonly crds?: GatewayApiCrds;
  readonly chart: HelmChart;
  readonly gatewayClass: ManifestsChart;
  readonly sample?: ManifestsChart;

  constructor(scope: Construct, id: string, props: GatewayApiControllerProps) {
    super(scope, id);
    const s = props.settings ?? {};
    const namespace = props.serviceAccount.namespace;
    if (s.gatewayApiCrds !== false) this.crds = new GatewayApiCrds(this, 'gateway-api-crds');
    this.chart = new HelmChart(this, 'chart', {
      releaseName: 'gateway-api-controller',
      ...LATTICE_CHART,
      version: s.version ?? LATTICE_CHART.version,
      namespace,
      values: mergeValues(
        {
          serviceAccount: chartServiceAccount(props.serviceAccount, props.serviceAccountAnnotations),
          awsRegion: props.region,
          awsAccountId: props.accountId,
          clusterVpcId: props.vpcId,
          clusterName: props.clusterName,
          log: { level: 'info' },
        },
        s.values,
      ),
      dependsOn: this.crds?.manifests ?? [],
    });
    this.gatewayClass = new ManifestsChart(this, 'gateway-class', {
      releaseName: 'amazon-vpc-lattice-gateway-class',
      namespace,
      objects: [
        {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'GatewayClass',
          metadata: { name: LATTICE_GATEWAY_CLASS },
          spec: { controllerName: 'application-networking.k8s.aws/gateway-api-controller' },
        },
      ],
      dependsOn: [this.chart.release],
    });
    if (s.sampleApp) this.sample = addSample(this, props.serviceNetworkName!, [this.gatewayClass.chart.release]);
  }
}

/**
 * 2-color-services/: a Gateway named after the service network, an HTTPRoute splitting traffic
 * 50/50 between the blue and green apps. The book's green Service targets 8081 while its
 * container declares 8080; the green image listens on 8081 (chapter 20's Istio sample), so both
 * say 8081 here. API version `gateway.networking.k8s.io/v1` replaces v1beta1.
 */
function addSample(scope: Construct, gatewayName: string, dependsOn: ITerraformDependable[]): ManifestsChart {
  const apps = [
    { name: 'blue', port: 8080, podName: 'Blue pod' },
    { name: 'green', port: 8081, podName: 'green pod' },
  ];
  const objects: KubernetesObject[] = [
    ...apps.flatMap((a) => [
      deployment({ name: a.name, image: `cloudmanly/eks:${a.name}`, port: a.port, env: { PodName: a.podName } }),
      service({ name: a.name, app: a.name, port: 80, targetPort: a.port }),
    ]),
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: gatewayName, namespace: 'default' },
      spec: { gatewayClassName: LATTICE_GATEWAY_CLASS, listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'color-route', namespace: 'default' },
      spec: {
        parentRefs: [{ name: gatewayName, sectionName: 'http' }],
        rules: [{ backendRefs: apps.map((a) => ({ name: a.name, kind: 'Service', port: 80, weight: 50 })) }],
      },
    },
  ];
  return new ManifestsChart(scope, 'sample', { releaseName: 'chapter20-lattice-sample', namespace: 'default', objects, dependsOn });
}
