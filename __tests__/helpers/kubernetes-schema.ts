// Validates Kubernetes objects with ajv against recorded upstream schemas: the OpenAPI document of
// the cluster's Kubernetes version (__fixtures__/kubernetes/openapi/<minor>.json) for built-in
// kinds, and for custom resources the openAPIV3Schema of the CRDs the stack installs (the CRDs of
// the charts its Helm releases install, __fixtures__/kubernetes/charts/<chart>@<version>.json, and
// CustomResourceDefinition objects of the stack itself). Recorded by scripts/record-kubernetes-facts.ts.
//
// Unknown fields are errors, as with `kubectl apply`'s and Helm's strict validation: every object
// schema that lists its properties and does not preserve unknown fields gets
// `additionalProperties: false` (what kubeconform's `-strict` does). What a schema does not say is
// not checked here: CEL rules (`x-kubernetes-validations`), name formats, enum values (the swagger
// 2.0 document has none), cross-field rules of the API server (docs/testing.md).
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', '__fixtures__', 'kubernetes');

/** A Kubernetes object as applied. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The openAPIV3Schema of one served version of a CRD. */
export interface CrdSchema {
  readonly group: string;
  readonly kind: string;
  readonly versions: { readonly name: string; readonly served: boolean; readonly schema: any }[];
  /** Where it was read (a chart fixture, or the stack's own CustomResourceDefinition). */
  readonly from: string;
}

export interface OpenApiFixture {
  readonly kubernetes: string;
  readonly source: { repository: string; rev: string; commit: string; path: string; note?: string };
  readonly definitions: Record<string, any>;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** Absolute schema ids, so a CRD's reference to ObjectMeta resolves to the core document. */
const CORE = 'k8s:core';
/**
 * The grammar of a resource.Quantity ("100m", "1Gi", "1e3"), as controller-gen writes it into
 * CRD schemas (it is in the recorded Karpenter CRDs); the core document says only `string`. The
 * API server also accepts a JSON number there.
 */
const QUANTITY_PATTERN = String.raw`^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`;

const openApiCache = new Map<string, OpenApiFixture>();

/** The recorded OpenAPI document of a Kubernetes minor version; fails naming the recorder when there is none. */
export function openApi(minor: string): OpenApiFixture {
  let doc = openApiCache.get(minor);
  if (!doc) {
    try {
      doc = JSON.parse(readFileSync(join(FIXTURES, 'openapi', `${minor}.json`), 'utf8')) as OpenApiFixture;
    } catch {
      throw new Error(`no OpenAPI document recorded for Kubernetes ${minor}: record it with scripts/record-kubernetes-facts.ts (openapi)`);
    }
    openApiCache.set(minor, doc);
  }
  return doc;
}

/**
 * The swagger 2.0 definitions as ajv reads them: IntOrString and Quantity as the API server
 * decodes them, and closed objects (unknown fields are errors).
 */
function coreDefinitions(doc: OpenApiFixture): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [name, definition] of Object.entries(doc.definitions)) {
    if (definition.format === 'int-or-string') out[name] = { type: ['integer', 'string'] };
    else if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') out[name] = { anyOf: [{ type: 'number' }, { type: 'string', pattern: QUANTITY_PATTERN }] };
    else out[name] = closed(definition, { core: true });
  }
  return out;
}

/** `schema` with `additionalProperties: false` on every object that lists its properties and does not keep unknown fields. */
function closed(schema: any, options: { core: boolean }): any {
  if (Array.isArray(schema)) return schema.map((s) => closed(s, options));
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'x-kubernetes-validations') continue;
    // Property names are not schemas: keep them, close their schemas.
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closed(v, options)]));
    else out[key] = closed(value, options);
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.anyOf;
    out.type = ['integer', 'string'];
  }
  if (out.properties && out.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/** Where a kind's schema lives: a core definition or a CRD version's schema id. */
interface KindSchema {
  readonly ref: string;
  readonly from: string;
}

/** One ajv instance per Kubernetes version, shared by every stack: it compiles each schema once. */
interface Core {
  readonly ajv: Ajv;
  readonly definitions: Record<string, any>;
  readonly kinds: ReadonlyMap<string, KindSchema>;
}

const cores = new Map<string, Core>();

function core(minor: string): Core {
  let c = cores.get(minor);
  if (!c) {
    const doc = openApi(minor);
    const definitions = coreDefinitions(doc);
    // strict: false lets the x-kubernetes-* annotations through (ajv ignores them); verbose gives the
    // failing schema, whose fields an unknown field's message lists.
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
    addFormats(ajv);
    ajv.addSchema({ $id: CORE, definitions });
    const kinds = new Map<string, KindSchema>();
    for (const [name, definition] of Object.entries(doc.definitions)) {
      for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
        kinds.set(apiVersionKind(gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version, gvk.kind), { ref: `${CORE}#/definitions/${name}`, from: `Kubernetes ${minor} OpenAPI (${doc.source.repository}@${doc.source.rev})` });
      }
    }
    c = { ajv, definitions, kinds };
    cores.set(minor, c);
  }
  return c;
}

/** Validators for one Kubernetes version and the CRDs one stack installs. */
export class KubernetesSchemas {
  readonly minor: string;
  readonly definitions: Record<string, any>;
  private readonly ajv: Ajv;
  private readonly kinds: Map<string, KindSchema>;

  constructor(minor: string, crds: CrdSchema[] = []) {
    this.minor = minor;
    const { ajv, definitions, kinds } = core(minor);
    this.ajv = ajv;
    this.definitions = definitions;
    this.kinds = new Map(kinds);
    for (const crd of crds) {
      for (const version of crd.versions.filter((v) => v.served)) {
        // The source is part of the id: two chart versions may serve the same kind with different schemas.
        const id = `k8s:crd/${encodeURIComponent(crd.from)}/${crd.group}/${version.name}/${crd.kind}`;
        if (!ajv.getSchema(id)) {
          const schema = closed(version.schema, { core: false });
          // Every custom resource has apiVersion, kind and metadata, which the API server validates as ObjectMeta.
          schema.properties = { ...(schema.properties ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: `${CORE}#/definitions/${OBJECT_META}` } };
          ajv.addSchema({ ...schema, $id: id });
        }
        this.kinds.set(apiVersionKind(`${crd.group}/${version.name}`, crd.kind), { ref: id, from: crd.from });
      }
    }
  }

  /** Where the schema of `apiVersion`/`kind` comes from, or undefined when neither Kubernetes nor a CRD serves it. */
  source(apiVersion: string, kind: string): string | undefined {
    return this.kinds.get(apiVersionKind(apiVersion, kind))?.from;
  }

  /** The core definition of a built-in kind (for the Terraform conversion), or undefined. */
  coreDefinition(apiVersion: string, kind: string): any {
    const ref = this.kinds.get(apiVersionKind(apiVersion, kind))?.ref;
    return ref?.startsWith(`${CORE}#`) ? this.definitions[ref.slice(`${CORE}#/definitions/`.length)] : undefined;
  }

  /** A `$ref` of a core definition, resolved. */
  resolve(schema: any): any {
    const ref = schema?.$ref as string | undefined;
    return ref ? this.resolve(this.definitions[ref.replace(/^.*#\/definitions\//, '')]) : schema;
  }

  /** Problems of `object`, each naming the field, showing the value and saying what is allowed; [] when valid. */
  validate(object: KubernetesObject): string[] {
    const what = describe(object);
    if (typeof object?.apiVersion !== 'string' || typeof object?.kind !== 'string') return [`${what}: 'apiVersion' and 'kind' must be strings`];
    const kind = this.kinds.get(apiVersionKind(object.apiVersion, object.kind));
    if (!kind) {
      return [`${what}: ${object.apiVersion} ${object.kind} is served neither by Kubernetes ${this.minor} nor by a CRD this stack installs`];
    }
    // ajv compiles a schema on its first getSchema and keeps it.
    const validate = this.ajv.getSchema(kind.ref)!;
    if (validate(object)) return [];
    return dedupe(validate.errors ?? []).map((e) => `${what}: ${message(e, object)} (${kind.from})`);
  }
}

function apiVersionKind(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

function describe(object: KubernetesObject): string {
  const ns = object?.metadata?.namespace ? `${object.metadata.namespace}/` : '';
  return `${object?.kind ?? '?'} ${ns}${object?.metadata?.name ?? '?'}`;
}

/** ajv reports every branch of an anyOf and the anyOf itself: keep the most telling ones. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === 'anyOf' && errors.some((o) => o !== e && o.instancePath === e.instancePath)) return false;
    const key = `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function message(e: ErrorObject, object: unknown): string {
  const path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const field = (p: string[]) => (p.length === 0 ? '(the object)' : `'${p.join('.')}'`);
  const value = path.reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), object);
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as any)?.properties ?? {}).sort();
      return `${field([...path, extra])} is not a field here; allowed: ${allowed.join(', ')}`;
    }
    case 'required':
      return `${field([...path, (e.params as { missingProperty: string }).missingProperty])} is required`;
    case 'type':
      return `${field(path)} (${JSON.stringify(value)}) must be of type ${[e.params.type].flat().join(' or ')}`;
    case 'enum':
      return `${field(path)} (${JSON.stringify(value)}) must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${field(path)} (${JSON.stringify(value)}) ${e.message}`;
  }
}
