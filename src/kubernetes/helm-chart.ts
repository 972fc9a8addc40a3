// What the book installs by hand with `helm install` (chapters 8, 14-alb, 18, 19, 20): a Helm
// release whose chart version is pinned and whose values are a typed object, not `--set` strings.
import { Release } from '@cdktf/provider-helm/lib/release';
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { throwIfIssues } from '../errors';
import { integer, matching, props, schemaIssues } from '../private/validate';
import { chartVersion } from './private/schema';

export { PINNED_VERSION } from './private/schema';

export const helmChartFields = {
  releaseName: matching(/^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/, 'must be a Helm release name: up to 53 lower-case letters, digits and "-"'),
  chart: matching(/^\S+$/, 'must be a chart name or an oci:// reference'),
  repository: v.optional(matching(/^(https?|oci):\/\/\S+$/, 'must be an https:// or oci:// chart repository URL')),
  version: chartVersion,
  namespace: matching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace'),
  timeoutSeconds: v.optional(integer(30, 3600)),
};

export interface HelmChartProps {
  /** Release name (`helm install <name>`). */
  readonly releaseName: string;
  /** Chart name in `repository`, or a full `oci://` reference. */
  readonly chart: string;
  /** Chart repository (`https://…`); none for `oci://` charts. @default none */
  readonly repository?: string;
  /** Exact chart version. */
  readonly version: string;
  readonly namespace: string;
  /** Create the namespace when missing. @default true */
  readonly createNamespace?: boolean;
  /** Values, shaped as the chart's values.yaml; Terraform references are allowed. @default {} */
  readonly values?: Record<string, unknown>;
  /**
   * Leave the chart's `crds/` folder out, when another release manages those CRDs (Karpenter's
   * `karpenter-crd` chart): Helm installs `crds/` on first install only and never upgrades them.
   * @default false
   */
  readonly skipCrds?: boolean;
  /** How long Helm waits for the release's resources to be ready. @default 600 */
  readonly timeoutSeconds?: number;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const propsSchema = props(helmChartFields);

/**
 * A `helm_release`: atomic (a failed install or upgrade rolls back), waiting for readiness, values
 * passed as one JSON document that Terraform encodes, so references (role ARNs, the cluster name)
 * resolve where they are known.
 */
export class HelmChart extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    super(scope, id);
    throwIfIssues(`HelmChart '${this.node.path}'`, schemaIssues(propsSchema, props));
    const values = props.values ?? {};
    this.release = new Release(this, 'release', {
      name: props.releaseName,
      chart: props.chart,
      ...(props.repository ? { repository: props.repository } : {}),
      version: props.version,
      namespace: props.namespace,
      createNamespace: props.createNamespace ?? true,
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: props.timeoutSeconds ?? 600,
      ...(props.skipCrds ? { skipCrds: true } : {}),
      ...(Object.keys(values).length > 0 ? { values: [Fn.jsonencode(values)] } : {}),
      ...(props.dependsOn && props.dependsOn.length > 0 ? { dependsOn: props.dependsOn } : {}),
    });
  }
}
