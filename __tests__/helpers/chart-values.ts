// The values a Helm release sets, checked against the keys its chart has at that version
// (__fixtures__/kubernetes/charts/<chart>@<version>.json, recorded from the chart's values.yaml,
// templates and Chart.yaml at its tag by scripts/record-kubernetes-facts.ts), and against the
// chart's values.schema.json where it ships one (Helm refuses values that break it).
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrdSchema } from './kubernetes-schema';
import { releaseValues } from './synth';

const CHARTS = join(__dirname, '..', '__fixtures__', 'kubernetes', 'charts');

type KeyKind = 'object' | 'free' | 'array' | 'scalar' | 'null';

/** What was recorded of one chart version. */
export interface ChartFacts {
  readonly chart: string;
  readonly version: string;
  readonly source: { repository: string; rev: string; commit: string; path: string; note?: string };
  /** values.yaml's key paths and what their defaults are. */
  readonly values: Record<string, KeyKind>;
  /** values.yaml itself (Helm merges the release's values over it before checking values.schema.json). */
  readonly defaults: Record<string, unknown>;
  /** Keys whose contents the chart copies to the root of .Values (istiod's legacy `pilot`). */
  readonly rootAliases: string[];
  /** `.Values` paths the templates read. */
  readonly templateKeys: string[];
  /** Paths the templates hand over whole (toYaml, range): any key below them is taken. */
  readonly wholeInTemplates: string[];
  readonly conditions: string[];
  readonly subcharts: { name: string; version: string }[];
  readonly valuesSchema?: object;
  readonly crds: { path: string; group: string; kind: string; versions: CrdSchema['versions'] }[];
}

/** The facts recorded for `chart` at `version`, or undefined. */
export function chartFacts(chart: string, version: string): ChartFacts | undefined {
  const file = join(CHARTS, `${chart}@${version}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ChartFacts) : undefined;
}

/** The versions recorded for `chart`, oldest first. */
export function recordedVersions(chart: string): string[] {
  return readdirSync(CHARTS)
    .filter((f) => f.startsWith(`${chart}@`) && f.endsWith('.json'))
    .map((f) => f.slice(chart.length + 1, -'.json'.length))
    .sort((a, b) => a.replace(/^v/, '').localeCompare(b.replace(/^v/, ''), undefined, { numeric: true }));
}

/**
 * The facts to check a release of `chart` at `version` with: that version's, else the newest
 * recorded version before it, else the oldest (say which in the test: `recordedAt`).
 */
export function nearestFacts(chart: string, version: string): ChartFacts | undefined {
  const exact = chartFacts(chart, version);
  if (exact) return exact;
  const versions = recordedVersions(chart);
  const before = versions.filter((v) => v.replace(/^v/, '').localeCompare(version.replace(/^v/, ''), undefined, { numeric: true }) < 0);
  const pick = before.at(-1) ?? versions[0];
  return pick ? chartFacts(chart, pick) : undefined;
}

/** The CRDs a chart version installs, as the schema validator takes them. */
export function chartCrds(facts: ChartFacts): CrdSchema[] {
  return facts.crds.map((c) => ({ group: c.group, kind: c.kind, versions: c.versions, from: `CRD of chart ${facts.chart} ${facts.version} (${facts.source.repository}@${facts.source.rev} ${c.path})` }));
}

/** A helm_release's values, parsed (a jsonencode document, or plain JSON when it holds no reference). */
export function valuesOf(release: { values?: string[] }): Record<string, unknown> {
  const doc = release.values?.[0];
  if (!doc) return {};
  return doc.startsWith('${') ? releaseValues(release) : JSON.parse(doc);
}

/**
 * Values the chart does not read: each path set in `values` must be a key of values.yaml, a path
 * the templates read or a chart condition, or lie under a key that takes any keys (an empty map,
 * or a list in values.yaml, or a value the templates hand over whole). Returns one problem
 * per path, naming the chart version and where its keys were read.
 */
export function unknownValues(values: Record<string, unknown>, facts: ChartFacts): string[] {
  const known = new Map<string, KeyKind>(Object.entries(facts.values));
  for (const path of [...facts.templateKeys, ...facts.conditions]) {
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) if (!known.has(parts.slice(0, i).join('.'))) known.set(parts.slice(0, i).join('.'), 'object');
    if (!known.has(path)) known.set(path, 'scalar');
  }
  const free = new Set([...Object.entries(facts.values).filter(([, kind]) => kind === 'free' || kind === 'array').map(([p]) => p), ...facts.wholeInTemplates]);
  const subcharts = new Set(facts.subcharts.map((s) => s.name));
  const where = `chart ${facts.chart} ${facts.version} (values.yaml and templates of ${facts.source.repository}@${facts.source.rev} ${facts.source.path})`;
  const problems: string[] = [];
  const walk = (node: Record<string, unknown>, prefix: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      const path = [...prefix, key];
      const dotted = path.join('.');
      if (path.some((_p, i) => free.has(path.slice(0, i + 1).join('.')))) continue;
      if (!known.has(dotted)) {
        const siblings = [...known.keys()].filter((k) => k.split('.').length === path.length && k.startsWith(prefix.length ? `${prefix.join('.')}.` : '')).map((k) => k.split('.').at(-1));
        const sub = subcharts.has(path[0]) ? ` (values of subchart ${path[0]} are not recorded)` : '';
        problems.push(`'${dotted}' (${JSON.stringify(value)}) is not a value of ${where}${sub}; keys there: ${[...new Set(siblings)].sort().join(', ') || 'none'}`);
      } else if (value && typeof value === 'object' && !Array.isArray(value)) {
        if (['scalar', 'null'].includes(known.get(dotted)!) && Object.keys(value).length > 0 && !facts.templateKeys.some((k) => k.startsWith(`${dotted}.`))) {
          problems.push(`'${dotted}' (${JSON.stringify(value)}) is a single value in ${where}, not a map`);
        } else walk(value as Record<string, unknown>, path);
      }
    }
  };
  const aliased = Object.fromEntries(Object.entries(values).filter(([k]) => facts.rootAliases.includes(k)));
  walk(Object.fromEntries(Object.entries(values).filter(([k]) => !facts.rootAliases.includes(k))), []);
  for (const node of Object.values(aliased)) if (node && typeof node === 'object') walk(node as Record<string, unknown>, []);
  return [...problems, ...schemaProblems(values, facts)];
}

/** What the chart's values.schema.json refuses (Helm checks it before it renders anything). */
function schemaProblems(values: Record<string, unknown>, facts: ChartFacts): string[] {
  if (!facts.valuesSchema) return [];
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  const { $schema: _ignored, ...schema } = facts.valuesSchema as Record<string, unknown>;
  const validate = ajv.compile(schema);
  if (validate(coalesce(facts.defaults, values))) return [];
  return (validate.errors ?? []).map((e) => `'${e.instancePath.split('/').slice(1).join('.') || '(values)'}' ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}: values.schema.json of chart ${facts.chart} ${facts.version}`);
}

/** Helm's merge of a release's values over the chart's defaults: maps key by key, anything else replaced, null deletes. */
function coalesce(defaults: unknown, values: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(defaults) || !isMap(values)) return values;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(values)) {
    if (v === null) delete out[k];
    else out[k] = coalesce(defaults[k], v);
  }
  return out;
}
