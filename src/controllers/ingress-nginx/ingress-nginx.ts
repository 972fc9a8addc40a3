// Seed 001 "Load balancing" (Mastering Terraform chapter 8, k8s/nginx.tf): NGINX as the ingress
// controller, behind a Network Load Balancer configured through the Service's annotations. The
// book installs Bitnami's `nginx-ingress-controller` chart unpinned and passes the annotation as
// one `set` string to `service.annotations` (a map); here it is the Kubernetes project's chart,
// pinned, with the annotations as a map of the typed values.
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { issue, throwIfIssues, ValidationIssue } from '../../errors';
import { HelmChart } from '../../kubernetes/helm-chart';
import { oneOf, props as propsOf, schemaIssues } from '../../private/validate';
import { ingressNginxFields, NLB_PROVISIONERS, type NLB_SCHEMES, type NLB_TARGET_TYPES } from '../private/schema';
import { mergeValues } from '../private/values';

/**
 * The last release of kubernetes/ingress-nginx: chart 4.15.1, controller v1.15.1 (June 2026; seen
 * in downstream bumps, e.g. sapcc/helm-charts#11357, not in an upstream release note). Check with
 * `helm search repo ingress-nginx/ingress-nginx --versions` before raising or lowering it.
 */
export const INGRESS_NGINX_CHART = { repository: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.15.1' } as const;
export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';
export const DEFAULT_INGRESS_CLASS_NAME = 'nginx';
/** Two controller pods: one survives a node loss (the chart's default is one). */
export const DEFAULT_INGRESS_NGINX_REPLICAS = 2;
export const DEFAULT_NLB_SCHEME: NlbScheme = 'internet-facing';

/** Retirement notice (Kubernetes blog, 2025-11-11) and where to go instead. */
export const INGRESS_NGINX_RETIREMENT = [
  'ingress-nginx is retired: SIG Network and the Security Response Committee ended its maintenance in March 2026 (Kubernetes blog, 2025-11-11);',
  `chart ${INGRESS_NGINX_CHART.version} is its last release and gets no bug or security fixes.`,
  "Plan a move to the Gateway API (the AWS Load Balancer Controller's Gateway support, VPC Lattice through controllers.vpcLattice, Istio, Envoy Gateway;",
  "ingress2gateway converts Ingress objects) or to a maintained Ingress controller (the AWS Load Balancer Controller's ALB Ingress, class \"alb\").",
  "With 'controllers.awsLoadBalancerController', removing 'controllers.ingressNginx' (null in a configuration file over a preset) puts the application's Ingress on an ALB",
].join(' ');

export type NlbProvisioner = (typeof NLB_PROVISIONERS)[number];
export type NlbScheme = (typeof NLB_SCHEMES)[number];
export type NlbTargetType = (typeof NLB_TARGET_TYPES)[number];

export interface NlbOptions {
  /** Who creates the NLB: the AWS Load Balancer Controller or EKS's in-tree service controller. */
  readonly provisioner: NlbProvisioner;
  /** @default "internet-facing" */
  readonly scheme?: NlbScheme;
  /** `ip` only with the AWS Load Balancer Controller. @default "ip" with it, "instance" in-tree */
  readonly targetType?: NlbTargetType;
}

/**
 * The Service annotations each provisioner reads (verified against their documentation):
 * - the AWS Load Balancer Controller (docs guide/service/nlb and annotations) takes Services of
 *   type `external`, with `nlb-target-type` and `scheme` (internal by default since v2.2);
 * - the in-tree controller (kubernetes/cloud-provider-aws docs/service_controller.md) knows only
 *   `aws-load-balancer-type: nlb`, instance targets, and `aws-load-balancer-internal`; it leaves
 *   `external` Services to the AWS Load Balancer Controller.
 */
export function nlbServiceAnnotations(o: NlbOptions): Record<string, string> {
  const scheme = o.scheme ?? DEFAULT_NLB_SCHEME;
  if (o.provisioner === 'aws-load-balancer-controller') {
    return {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': o.targetType ?? 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': scheme,
    };
  }
  return {
    'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
    ...(scheme === 'internal' ? { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } : {}),
  };
}

export interface IngressNginxProps extends NlbOptions {
  /** @default INGRESS_NGINX_CHART.version */
  readonly version?: string;
  /** @default 2 */
  readonly replicaCount?: number;
  /** IngressClass the controller creates and serves. @default "nginx" */
  readonly ingressClassName?: string;
  /** Client blocks the NLB admits. @default none (every address) */
  readonly loadBalancerSourceRanges?: string[];
  /** Values merged over the typed ones. @default {} */
  readonly values?: Record<string, unknown>;
  /** The AWS Load Balancer Controller's release, when it provisions the NLB (its webhook must run first). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const propsSchema = propsOf({ ...ingressNginxFields, provisioner: oneOf(NLB_PROVISIONERS) });

/** Targets the provisioner can register: the in-tree controller registers instances (node ports) only. */
export function targetTypeIssues(o: NlbOptions): ValidationIssue[] {
  if (o.provisioner === 'in-tree' && o.targetType === 'ip') {
    return [issue(['targetType'], o.targetType, `needs provisioner "aws-load-balancer-controller": the in-tree service controller registers instances (node ports) only; use "instance"`)];
  }
  return [];
}

/** The ingress-nginx release in its namespace, its Service an NLB. */
export class IngressNginx extends Construct {
  readonly chart: HelmChart;
  /** The IngressClass Ingresses name to be served by this controller. */
  readonly ingressClassName: string;

  constructor(scope: Construct, id: string, props: IngressNginxProps) {
    super(scope, id);
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`IngressNginx '${this.node.path}'`, fieldIssues.length > 0 ? fieldIssues : targetTypeIssues(props));
    this.ingressClassName = props.ingressClassName ?? DEFAULT_INGRESS_CLASS_NAME;
    const annotations = nlbServiceAnnotations(props);
    this.chart = new HelmChart(this, 'chart', {
      releaseName: 'ingress-nginx',
      ...INGRESS_NGINX_CHART,
      version: props.version ?? INGRESS_NGINX_CHART.version,
      namespace: INGRESS_NGINX_NAMESPACE,
      values: mergeValues(
        {
          controller: {
            replicaCount: props.replicaCount ?? DEFAULT_INGRESS_NGINX_REPLICAS,
            ingressClass: this.ingressClassName,
            ingressClassResource: { name: this.ingressClassName, enabled: true, default: false },
            service: {
              type: 'LoadBalancer',
              annotations,
              ...(props.loadBalancerSourceRanges ? { loadBalancerSourceRanges: props.loadBalancerSourceRanges } : {}),
            },
          },
        },
        props.values,
      ),
      dependsOn: props.dependsOn,
    });
    Annotations.of(this).addWarning(INGRESS_NGINX_RETIREMENT);
  }
}
