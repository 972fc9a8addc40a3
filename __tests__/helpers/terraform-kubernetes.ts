// The Kubernetes objects a synthesized Kubernetes stack creates, as the API server receives them:
// typed kubernetes_* resources converted the way the kubernetes provider (hashicorp/kubernetes
// 2.38.0, the version @cdktf/provider-kubernetes 12.1.1 binds) expands them, kubernetes_manifest
// objects (as written, or the recorded upstream file a data.http source reads at plan time), and
// the templates of the local charts the stack writes (ManifestsChart), rendered. Helm releases of
// published charts are not objects here: chart-values.ts checks them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TfJson } from './synth';
import type { KubernetesObject, KubernetesSchemas } from './kubernetes-schema';

/** An object and the Terraform address (and chart template) that creates it. */
export interface StackObject {
  readonly address: string;
  readonly object: KubernetesObject;
}

/** apiVersion and kind of the objects each typed resource creates. */
const TYPED: Record<string, { apiVersion: string; kind: string }> = {
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace' },
  kubernetes_pod_v1: { apiVersion: 'v1', kind: 'Pod' },
  kubernetes_service_v1: { apiVersion: 'v1', kind: 'Service' },
  kubernetes_service_account_v1: { apiVersion: 'v1', kind: 'ServiceAccount' },
  kubernetes_config_map_v1: { apiVersion: 'v1', kind: 'ConfigMap' },
  // Patches the data of an existing ConfigMap (server-side apply of these fields).
  kubernetes_config_map_v1_data: { apiVersion: 'v1', kind: 'ConfigMap' },
  kubernetes_deployment_v1: { apiVersion: 'apps/v1', kind: 'Deployment' },
  kubernetes_ingress_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  kubernetes_storage_class_v1: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' },
  kubernetes_cluster_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  kubernetes_cluster_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
  kubernetes_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  kubernetes_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
};

/** The kubernetes_* resource types this file turns into objects: the typed ones, and kubernetes_manifest. */
export const CONVERTED_TYPES: readonly string[] = [...Object.keys(TYPED), 'kubernetes_manifest'];

/** Terraform meta-arguments and CDKTF's metadata: not part of any object. */
const META = new Set(['//', 'depends_on', 'count', 'for_each', 'provider', 'lifecycle', 'connection', 'provisioner']);
/** Arguments of the provider's own (how it waits, patches), sent to no API, by resource type. */
const PROVIDER_ONLY: Record<string, string[]> = {
  '*': ['timeouts'],
  kubernetes_namespace_v1: ['wait_for_default_service_account'],
  kubernetes_pod_v1: ['target_state'],
  kubernetes_deployment_v1: ['wait_for_rollout'],
  kubernetes_service_v1: ['wait_for_load_balancer'],
  kubernetes_ingress_v1: ['wait_for_load_balancer'],
  kubernetes_config_map_v1_data: ['force', 'field_manager'],
};
/** Where the provider's name is not the API field's camelCase twin (structures_storage_class.go). */
const RENAMED: Record<string, Record<string, string>> = {
  kubernetes_storage_class_v1: { storage_provisioner: 'provisioner' },
};
/** File modes the provider reads as octal strings ("0644"; strconv.ParseInt(v, 8, 32) in structures_pod.go). */
const OCTAL = new Set(['default_mode', 'mode']);

/** Every object the stack creates, with the address that creates it; `charts` are the local charts' files by release address. */
export function stackObjects(stack: TfJson, charts: Record<string, Record<string, string>>, schemas: KubernetesSchemas): StackObject[] {
  const out: StackObject[] = [];
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    for (const [name, resource] of Object.entries<any>(resources)) {
      const address = `${type}.${name}`;
      if (type === 'kubernetes_manifest') out.push({ address, object: manifestObject(address, resource.manifest, stack) });
      else if (type === 'helm_release') {
        for (const [file, object] of Object.entries(chartObjects(address, resource, charts))) out.push({ address: `${address} ${file}`, object });
      } else if (type.startsWith('kubernetes_')) out.push({ address, object: typedObject(type, resource, schemas) });
    }
  }
  return out;
}

/** The object a typed resource creates; throws on a type or argument this conversion does not know. */
export function typedObject(type: string, resource: Record<string, unknown>, schemas: KubernetesSchemas): KubernetesObject {
  const target = TYPED[type];
  if (!target) throw new Error(`${type}: no conversion to a Kubernetes object; add it to TYPED in terraform-kubernetes.ts`);
  const dropped = new Set([...META, ...PROVIDER_ONLY['*'], ...(PROVIDER_ONLY[type] ?? [])]);
  const body = Object.fromEntries(Object.entries(resource).filter(([k]) => !dropped.has(k)));
  const renames = RENAMED[type] ?? {};
  const renamed = Object.fromEntries(Object.entries(body).map(([k, v]) => [renames[k] ?? k, v]));
  const definition = schemas.coreDefinition(target.apiVersion, target.kind);
  if (!definition) throw new Error(`${type}: Kubernetes ${schemas.minor} serves no ${target.apiVersion} ${target.kind}`);
  return { apiVersion: target.apiVersion, kind: target.kind, ...(convert(renamed, definition, schemas, type) as object) } as KubernetesObject;
}

/**
 * A Terraform block as the provider expands it into the API type `schema`: snake_case names to
 * the API's field (camelCase; the provider names lists in the singular, `container` for
 * `containers`, and spells acronyms in lower case, `non_resource_urls` for `nonResourceURLs`),
 * single blocks (lists of one in the JSON) to objects, and the strings the provider parses
 * (`replicas`, `run_as_user`; int-or-string ports, which intstr.Parse makes numbers when they
 * are) to numbers. A name that matches no field of the API type is left as it is, so the schema
 * reports it.
 */
function convert(value: unknown, schema: any, schemas: KubernetesSchemas, path: string, key?: string): unknown {
  const s = schemas.resolve(schema) ?? {};
  if (Array.isArray(value)) {
    if (s.type === 'array') return value.map((v, i) => convert(v, s.items, schemas, `${path}[${i}]`, key));
    if ((s.type === 'object' || s.properties) && value.length === 1) return convert(value[0], s, schemas, path, key);
    return value;
  }
  if (value && typeof value === 'object') {
    if (s.type === 'array') return [convert(value, s.items, schemas, path, key)];
    if (s.properties) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const field = fieldName(k, s.properties);
        out[field] = convert(v, s.properties[field], schemas, `${path}.${k}`, k);
      }
      return out;
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, s.additionalProperties, schemas, `${path}.${k}`)]));
    }
    return value;
  }
  if (typeof value === 'string' && !value.includes('${')) {
    const types = [s.type].flat();
    if (key && OCTAL.has(key) && /^0?[0-7]+$/.test(value) && types.includes('integer')) return parseInt(value, 8);
    if (types.includes('integer') && /^-?\d+$/.test(value)) return Number(value);
    if (types.includes('number') && !types.includes('string') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  }
  return value;
}

/** The API field a provider argument stands for: its camelCase, its plural, or the same letters in another case. */
function fieldName(tfName: string, properties: Record<string, unknown>): string {
  const camel = tfName.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  if (camel in properties) return camel;
  const wanted = [camel.toLowerCase(), `${camel.toLowerCase()}s`];
  const matches = Object.keys(properties).filter((p) => wanted.includes(p.toLowerCase()));
  return matches.length === 1 ? matches[0] : camel;
}

/**
 * The objects of a local chart (a ManifestsChart), rendered as Helm renders those templates: each
 * `{{ .Values.rN | toJson }}` is the release's value `rN` (a Terraform expression, here the
 * string `${expression}`), and `{{ "{{" }}` is `{{`. Published charts (no files) give none.
 */
export function chartObjects(address: string, release: { chart: string; values?: string[] }, charts: Record<string, Record<string, string>>): Record<string, KubernetesObject> {
  const files = charts[address];
  if (!files) {
    if (release.chart.startsWith('./')) throw new Error(`${address}: the files of local chart ${release.chart} were not read`);
    return {};
  }
  const values = localChartValues(release.values?.[0]);
  const out: Record<string, KubernetesObject> = {};
  for (const [file, text] of Object.entries(files)) {
    if (!file.startsWith('templates/')) continue;
    const rendered = text
      .replace(/\{\{ \.Values\.(r\d+) \| toJson \}\}/g, (_m, key: string) => {
        if (!(key in values)) throw new Error(`${address} ${file}: .Values.${key} is not among the release's values`);
        return JSON.stringify(values[key]);
      })
      .replace(/\{\{ "\{\{" \}\}/g, '{{');
    if (/\{\{(?! ")/.test(text.replace(/\{\{ \.Values\.r\d+ \| toJson \}\}|\{\{ "\{\{" \}\}/g, ''))) throw new Error(`${address} ${file}: a template action this renderer does not know`);
    out[file] = JSON.parse(rendered);
  }
  return out;
}

/** `{"r0" = <expression>, …}` of a local chart's jsonencode'd values, as `{r0: "${<expression>}"}`. */
function localChartValues(doc: string | undefined): Record<string, string> {
  if (!doc) return {};
  const body = /^\$\{jsonencode\(\{(.*)\}\)\}$/s.exec(doc)?.[1];
  if (body === undefined) return JSON.parse(doc);
  return Object.fromEntries([...body.matchAll(/"(r\d+)" = (.+?)(?=, "r\d+" = |$)/gs)].map((m) => [m[1], '${' + m[2] + '}']));
}

/** A file recorded by `record-kubernetes-facts.ts files`: its digest and YAML documents (descriptions left out). */
interface RecordedFile {
  readonly sha256: string;
  readonly documents: KubernetesObject[];
}

let recordedFiles: Map<string, RecordedFile> | undefined;

/** The recorded upstream files, by the raw.githubusercontent.com URL that serves each at its tag. */
function recordedFile(url: string): RecordedFile | undefined {
  if (!recordedFiles) {
    recordedFiles = new Map();
    const dir = join(__dirname, '..', '__fixtures__', 'kubernetes', 'files');
    for (const name of readdirSync(dir)) {
      const { source, files } = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      for (const f of files) recordedFiles.set(`https://raw.githubusercontent.com/${source.repository}/${source.rev}/${f.path}`, f);
    }
  }
  return recordedFiles.get(url);
}

/**
 * A kubernetes_manifest's object. An object is taken as written; an expression over a data.http
 * source's body (`yamldecode(data.http.x.response_body)`, or its `split("\n---\n", …)[i]`
 * document, filtered with `if k != "status"`) is the recorded file at that URL, provided the
 * source checks the body's sha256 against the recorded one: else what it reads at apply is
 * unknown here, and this throws, naming the URL.
 */
function manifestObject(address: string, manifest: unknown, stack: TfJson): KubernetesObject {
  if (typeof manifest !== 'string') return manifest as KubernetesObject;
  const body = /data\.http\.([\w-]+)\.response_body/.exec(manifest);
  if (!body) throw new Error(`${address}: the manifest is an expression this check cannot read: ${manifest}`);
  const source = stack.data?.http?.[body[1]];
  const url = String(source?.url);
  const file = recordedFile(url);
  if (!file) throw new Error(`${address}: reads ${url} at plan time, a file not recorded: record it with scripts/record-kubernetes-facts.ts (files)`);
  const digests = (source.lifecycle?.postcondition ?? []).map((p: { condition: string }) => /sha256\(self\.response_body\) == "([0-9a-f]{64})"/.exec(p.condition)?.[1]);
  if (!digests.includes(file.sha256)) throw new Error(`${address}: reads ${url} without checking that its sha256 is ${file.sha256}, the recorded file's`);
  const index = Number(/split\("\\n---\\n", data\.http\.[\w-]+\.response_body\)\[(\d+)\]/.exec(manifest)?.[1] ?? 0);
  const dropped = [...manifest.matchAll(/if k != "([^"]+)"/g)].map((m) => m[1]);
  return Object.fromEntries(Object.entries(file.documents[index]).filter(([k]) => !dropped.includes(k))) as KubernetesObject;
}
