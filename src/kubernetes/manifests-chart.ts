// Custom resources (Karpenter's NodePool, the Secrets Store's SecretProviderClass, Gateway API
// objects …) that the book applies by hand with `kubectl apply -f`, installed as a local Helm
// chart. Terraform's kubernetes_manifest would need the resource's CRD at plan time, before the
// release that brings the CRD is applied; Helm installs the chart after it, in one apply.
import { AssetType, TerraformAsset, Token } from 'cdktf';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { HelmChart } from './helm-chart';
import type { ITerraformDependable } from 'cdktf';

/** A Kubernetes object: apiVersion, kind, metadata.name and the rest. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface ManifestsChartProps {
  /** Release name; the chart is named after it. */
  readonly releaseName: string;
  /** Namespace of the release (objects may name their own). */
  readonly namespace: string;
  /** The objects; strings may be Terraform references (they become chart values). */
  readonly objects: KubernetesObject[];
  /** Typically the release that installs the objects' CRDs. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A chart written at synthesis into the stack's assets: one template per object, as JSON (which
 * YAML reads), with every Terraform reference replaced by a chart value, so the files stay static
 * and the values resolve at apply.
 */
export class ManifestsChart extends Construct {
  readonly chart: HelmChart;

  constructor(scope: Construct, id: string, props: ManifestsChartProps) {
    super(scope, id);
    throwIfIssues(`ManifestsChart '${this.node.path}'`, objectIssues(props.objects));
    const refs: string[] = [];
    const templates = props.objects.map((object) => ({
      file: `${object.kind.toLowerCase()}-${object.metadata.name}.yaml`,
      text: templateText(object, refs),
    }));
    const values = Object.fromEntries(refs.map((ref, i) => [`r${i}`, ref]));
    const files: Record<string, string> = {
      'Chart.yaml': JSON.stringify({ apiVersion: 'v2', name: props.releaseName, version: '1.0.0', description: 'Custom resources synthesized by eks-cdktf' }, null, 2),
      ...Object.fromEntries(templates.map((t) => [join('templates', t.file), t.text])),
    };
    const asset = new TerraformAsset(this, 'chart-files', { path: writeChartFiles(files), type: AssetType.DIRECTORY });
    this.chart = new HelmChart(this, 'chart', {
      releaseName: props.releaseName,
      chart: `./${asset.path}`,
      version: '1.0.0',
      namespace: props.namespace,
      values,
      dependsOn: props.dependsOn,
    });
  }
}

/** The object as JSON, each reference string replaced by `{{ .Values.rN | toJson }}`. */
function templateText(object: KubernetesObject, refs: string[]): string {
  const marker = (i: number) => `@@ref${i}@@`;
  const replaced = JSON.stringify(
    object,
    (_key, value) => {
      if (typeof value === 'string' && Token.isUnresolved(value)) {
        refs.push(value);
        return marker(refs.length - 1);
      }
      return value;
    },
    2,
  );
  // Text that looks like a template action is printed as it is.
  const literal = replaced.replace(/\{\{/g, '{{ "{{" }}');
  return literal.replace(/"@@ref(\d+)@@"/g, (_m, n) => `{{ .Values.r${n} | toJson }}`) + '\n';
}

/**
 * Chart files go to a folder named after their content, so synthesizing twice writes nothing new
 * and the asset's hash (and path) stays the same.
 */
function writeChartFiles(files: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const [name, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) hash.update(`${name}\0${text}\0`);
  const dir = join(tmpdir(), `eks-cdktf-chart-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(dir)) {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  }
  return dir;
}

function objectIssues(objects: KubernetesObject[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  objects.forEach((o, i) => {
    if (!/^[a-z0-9.-]+\/v\w+$|^v\d+\w*$/.test(o.apiVersion)) issues.push(issue(['objects', i, 'apiVersion'], o.apiVersion, 'must be a Kubernetes apiVersion such as "karpenter.sh/v1"'));
    if (!/^[A-Z][A-Za-z0-9]*$/.test(o.kind)) issues.push(issue(['objects', i, 'kind'], o.kind, 'must be a Kubernetes kind such as "NodePool"'));
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(o.metadata?.name ?? '')) issues.push(issue(['objects', i, 'metadata', 'name'], o.metadata?.name, 'must be a Kubernetes object name'));
    const key = `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    if (seen.has(key)) issues.push(issue(['objects', i], key, 'repeats an object listed earlier'));
    seen.add(key);
  });
  return issues;
}
