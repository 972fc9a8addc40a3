// chapter14-alb script.sh ("ALB Controller Installation", book L9183-L9260): the AWS Load Balancer
// Controller's Helm release, and the chapter's sample (pods/alb.yml, pods/nlb.yml) as manifests.
// The book installs an unpinned chart with `helm upgrade` (no `-i`), a hand-typed VPC ID, a
// service account without the role annotation, and its CRDs from the eks-charts `master` branch;
// here the chart is pinned, its CRDs come from the same chart version, and the service account is
// created by the chart, annotated for IRSA (nothing to annotate with Pod Identity).
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmChart } from '../../kubernetes/helm-chart';
import { KubernetesObject, ManifestsChart } from '../../kubernetes/manifests-chart';
import type { ServiceAccountRef } from '../../oidc/service-account-role';
import { deployment, service } from '../private/samples';
import { chartServiceAccount, mergeValues } from '../private/values';

/** eks-charts; since chart 3.0.0 the chart version equals the controller version (aws/eks-charts#1297). */
export const LBC_CHART = { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '3.5.0' } as const;
/** The chart's default, kept: one replica per zone survives a node loss. */
export const DEFAULT_LBC_REPLICAS = 2;
/** The IngressClass the chart creates (values.yaml `ingressClass: alb`, `createIngressClassResource: true`, eks-charts at v3.5.0). */
export const ALB_INGRESS_CLASS = 'alb';

/**
 * An internet-facing ALB sending to the pods' addresses (ip targets: no node port). Annotations the
 * controller reads on Ingresses (docs guide/ingress/annotations, v3.5.0).
 */
export const ALB_INGRESS_ANNOTATIONS: Readonly<Record<string, string>> = {
  'alb.ingress.kubernetes.io/scheme': 'internet-facing',
  'alb.ingress.kubernetes.io/target-type': 'ip',
};

/**
 * The health check of a Service's ALB target group, as annotations of the Service (where they win
 * over the Ingress's): the tier's HTTP path, else any HTTP answer counts (the pods' probes are TCP
 * then, and ALB checks only speak HTTP).
 */
export function albHealthCheckAnnotations(healthPath: string | undefined): Record<string, string> {
  return healthPath ? { 'alb.ingress.kubernetes.io/healthcheck-path': healthPath } : { 'alb.ingress.kubernetes.io/success-codes': '200-499' };
}

export interface AwsLoadBalancerControllerProps {
  /** Cluster name (chart `clusterName`, required): tags and discovery of the cluster's subnets and groups. */
  readonly clusterName: string;
  /** Region (chart `region`). */
  readonly region: string;
  /**
   * VPC (chart `vpcId`): without it the controller asks IMDS, which pods cannot reach with the
   * nodes' hop limit of 1 (the book raises the limit to 2 instead).
   */
  readonly vpcId: string;
  /** Its service account, created by the chart. */
  readonly serviceAccount: ServiceAccountRef;
  /** Annotations of the service account (the IRSA role ARN). @default {} */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /** @default LBC_CHART.version */
  readonly version?: string;
  /** @default 2 */
  readonly replicaCount?: number;
  /** Values merged over the typed ones. @default {} */
  readonly values?: Record<string, unknown>;
  /** Install the chapter's ALB and NLB sample. @default false */
  readonly sampleApp?: boolean;
}

/** The controller's release (kube-system) and, on request, the chapter's sample. */
export class AwsLoadBalancerController extends Construct {
  readonly chart: HelmChart;
  readonly sample?: ManifestsChart;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    super(scope, id);
    // The chart's crds/ (IngressClassParams, TargetGroupBinding and the gateway CRDs) are installed
    // on first install only: Helm never upgrades crds/. Before raising `version`, apply that
    // version's crds/crds.yaml (AWS docs, "Upgrade"; kubernetes-sigs/aws-load-balancer-controller#4555).
    this.chart = new HelmChart(this, 'chart', {
      releaseName: 'aws-load-balancer-controller',
      ...LBC_CHART,
      version: props.version ?? LBC_CHART.version,
      namespace: props.serviceAccount.namespace,
      values: mergeValues(
        {
          clusterName: props.clusterName,
          region: props.region,
          vpcId: props.vpcId,
          replicaCount: props.replicaCount ?? DEFAULT_LBC_REPLICAS,
          serviceAccount: chartServiceAccount(props.serviceAccount, props.serviceAccountAnnotations),
        },
        props.values,
      ),
    });
    if (props.sampleApp) this.sample = addSample(this, [this.chart.release]);
  }
}

/**
 * pods/alb.yml and pods/nlb.yml: the blue app behind an ALB (Ingress of class `alb`) and an NLB.
 * The book's NLB annotations sit on the Pod, where nothing reads them (L8917), so the in-tree
 * controller made a Classic Load Balancer; they belong on the Service. The bare Pod becomes a
 * Deployment; the Classic Load Balancer demo (clb.yml) is left out: with the controller's service
 * webhook every `type: LoadBalancer` Service gets an NLB, and CLBs are a previous generation.
 * Both load balancers are internet-facing, as in the book.
 */
function addSample(scope: Construct, dependsOn: ITerraformDependable[]): ManifestsChart {
  const objects: KubernetesObject[] = [
    deployment({ name: 'blueapp', image: 'cloudmanly/eks:blueapp', port: 8080 }),
    service({ name: 'blueapp-svc', app: 'blueapp', port: 80, targetPort: 8080 }),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'ingress-alb',
        namespace: 'default',
        annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing', 'alb.ingress.kubernetes.io/target-type': 'ip' },
      },
      spec: {
        ingressClassName: 'alb',
        rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'blueapp-svc', port: { number: 80 } } } }] } }],
      },
    },
    service({
      name: 'blueapp-nlb',
      app: 'blueapp',
      port: 80,
      targetPort: 8080,
      type: 'LoadBalancer',
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      },
    }),
  ];
  // After the controller: its webhooks must answer before these objects are admitted.
  return new ManifestsChart(scope, 'sample', { releaseName: 'chapter14-alb-sample', namespace: 'default', objects, dependsOn });
}
