// Records the upstream facts the Kubernetes stack's tests check against (see docs/testing.md,
// "What checks the Kubernetes stack"), as data under __tests__/__fixtures__/kubernetes/, each with
// the repository, tag (or branch) and commit it was read from. It reads a git directory (no work
// tree needed: `git show <rev>:<path>`), as the search tool's `fetch` brings one; nothing is run
// or copied from it but the facts below, and only descriptions are dropped (size).
//
//   npm run --silent build && node dist/scripts/record-kubernetes-facts.js <command> …
//
//   openapi <git-dir> <owner/repo> <rev> <path> <kubernetes-minor> <note>
//       the Kubernetes OpenAPI (swagger 2.0) document's definitions -> openapi/<minor>.json
//   chart <git-dir> <owner/repo> <rev> <chart-dir> [--version V] [--crds <path>…] [--note TEXT]
//       a chart's values.yaml (its keys, and itself for the values.schema.json check), the
//       .Values paths its templates read or hand over whole, Chart.yaml's conditions and
//       subcharts, values.schema.json, and the CRDs it installs -> charts/<name>@<version>.json
//       (--version when Chart.yaml carries a placeholder, with --note saying why)
//   files <git-dir> <owner/repo> <rev> <path>…
//       manifest files a stack reads at plan time (kubernetes_manifest of a data.http body): each
//       file's sha256 and its YAML documents -> files/<owner>+<repo>@<rev>.json
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { failureReport } from '../src/errors';

const FIXTURES = join(__dirname, '..', '..', '__tests__', '__fixtures__', 'kubernetes');

interface Source {
  readonly repository: string;
  readonly rev: string;
  readonly commit: string;
  readonly path: string;
  readonly note?: string;
}

function git(dir: string, ...args: string[]): string {
  // git's complaints are captured in the error (reported in one line below), not printed as they come.
  return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

const show = (dir: string, rev: string, path: string) => git(dir, 'show', `${rev}:${path}`);
const files = (dir: string, rev: string, path: string) => git(dir, 'ls-tree', '-r', '--name-only', rev, '--', path).split('\n').filter(Boolean);
const commitOf = (dir: string, rev: string) => git(dir, 'rev-parse', `${rev}^{commit}`).trim();

/**
 * The schema without its `description`s (they are most of its size and say nothing a validator
 * reads); a field named `description` (a key of `properties`) stays.
 */
function withoutDescriptions(value: unknown, inProperties = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutDescriptions(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => inProperties || k !== 'description')
        .map(([k, v]) => [k, withoutDescriptions(v, !inProperties && k === 'properties')]),
    );
  }
  return value;
}

function write(relative: string, data: unknown): void {
  const file = join(FIXTURES, relative);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
  console.log(`wrote ${file}`);
}

function recordOpenApi([dir, repository, rev, path, minor, note]: string[]): void {
  const doc = JSON.parse(show(dir, rev, path));
  const source: Source = { repository, rev, commit: commitOf(dir, rev), path, note };
  write(join('openapi', `${minor}.json`), { kubernetes: minor, source, definitions: withoutDescriptions(doc.definitions) });
}

/** CRDs of YAML files (Helm control lines such as `{{- if … }}` around whole documents dropped). */
function crdsOf(dir: string, rev: string, paths: string[]): unknown[] {
  const out: unknown[] = [];
  for (const path of paths.flatMap((p) => files(dir, rev, p)).filter((p) => /\.ya?ml$/.test(p))) {
    const text = show(dir, rev, path)
      .split('\n')
      .filter((line) => !/^\s*\{\{-?.*-?\}\}\s*$/.test(line))
      .join('\n');
    if (text.includes('{{')) throw new Error(`${path}: template actions inside a document; record the CRDs from a plain copy`);
    for (const d of parseAllDocuments(text)) {
      const crd = d.toJSON();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      out.push({
        path,
        group: crd.spec.group,
        kind: crd.spec.names.kind,
        scope: crd.spec.scope,
        versions: crd.spec.versions.map((v: any) => ({ name: v.name, served: v.served, schema: withoutDescriptions(v.schema?.openAPIV3Schema ?? {}) })),
      });
    }
  }
  return out;
}

type KeyKind = 'object' | 'free' | 'array' | 'scalar' | 'null';

/**
 * Every key path of values.yaml with what its default is: `object` (a map of further keys),
 * `free` (an empty map: the chart takes whatever keys are set there), `array`, `scalar`, `null`
 * (no default: a value, unless the templates read keys below it).
 */
function valueKeys(values: unknown, prefix: string, out: Record<string, KeyKind>): void {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return;
  for (const [key, value] of Object.entries(values)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value === null || Array.isArray(value)) out[path] = value === null ? 'null' : 'array';
    else if (typeof value === 'object') {
      out[path] = Object.keys(value).length === 0 ? 'free' : 'object';
      valueKeys(value, path, out);
    } else out[path] = 'scalar';
  }
}

/**
 * What the templates read: `.Values.a.b` paths (and `index .Values "a-b" "c"`), and the paths
 * they hand over whole (`toYaml`, `tpl (toYaml …)`, `range … := .Values.x`, `with .Values.x`
 * followed by `toYaml .`), under which any key is taken.
 */
function templateKeys(texts: string[]): { read: string[]; whole: string[] } {
  const read = new Set<string>();
  const whole = new Set<string>();
  const path = String.raw`\$?\.Values((?:\.[A-Za-z_][\w-]*)+)`;
  for (const text of texts) {
    for (const m of text.matchAll(new RegExp(path, 'g'))) read.add(m[1].slice(1));
    for (const m of text.matchAll(/index\s+\(?\$?\.Values((?:\.[A-Za-z_][\w-]*)*)\)?((?:\s+"[^"]+")+)/g)) {
      const keys = [...m[2].matchAll(/"([^"]+)"/g)].map((k) => k[1]);
      read.add([...m[1].split('.').filter(Boolean), ...keys].join('.'));
    }
    for (const m of text.matchAll(new RegExp(String.raw`(?:toYaml|toJson|toPrettyJson)\s+\(?\s*${path}`, 'g'))) whole.add(m[1].slice(1));
    for (const m of text.matchAll(new RegExp(String.raw`range\s+[^}]*:=\s*${path}`, 'g'))) whole.add(m[1].slice(1));
    for (const m of text.matchAll(new RegExp(String.raw`with\s+${path}\s*-?\}\}([\s\S]*?)\{\{-?\s*end`, 'g'))) {
      if (/(toYaml|toJson|tpl \(toYaml)\s+\.\s/.test(m[2])) whole.add(m[1].slice(1));
    }
  }
  return { read: [...read].sort(), whole: [...whole].sort() };
}

function recordChart(args: string[]): void {
  const [dir, repository, rev, chartDir] = args;
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  const crdPaths: string[] = [];
  for (let i = args.indexOf('--crds') + 1; i > 0 && i < args.length && !args[i].startsWith('--'); i++) crdPaths.push(args[i]);
  const chart = parse(show(dir, rev, `${chartDir}/Chart.yaml`));
  const version = option('--version') ?? String(chart.version);
  if (option('--version') && option('--version') !== String(chart.version) && !option('--note')) {
    throw new Error(`Chart.yaml says ${chart.version}: say with --note why ${version} is this chart`);
  }
  let values = parse(show(dir, rev, `${chartDir}/values.yaml`)) ?? {};
  // Istio's charts keep their defaults under this key and merge them into .Values (templates/zzz_profile.yaml).
  if (values._internal_defaults_do_not_set) {
    const { _internal_defaults_do_not_set: defaults, ...rest } = values;
    values = { ...defaults, ...rest };
  }
  const keys: Record<string, KeyKind> = {};
  valueKeys(values, '', keys);
  const templates = files(dir, rev, `${chartDir}/templates`).filter((p) => /\.(ya?ml|tpl|txt|json)$/.test(p));
  const fromTemplates = templateKeys(templates.map((p) => show(dir, rev, p)));
  const schemaFile = files(dir, rev, `${chartDir}/values.schema.json`)[0];
  // Istio's istiod copies what is under `.pilot` to the root (templates/zzy_descope_legacy.yaml).
  const aliases = [...templates.map((p) => show(dir, rev, p)).join('\n').matchAll(/mustMergeOverwrite \$\.Values \(index \$\.Values "([^"]+)"\)/g)].map((m) => m[1]);
  const source: Source = { repository, rev, commit: commitOf(dir, rev), path: chartDir, note: option('--note') };
  write(join('charts', `${chart.name}@${version}.json`), {
    chart: chart.name,
    version,
    source,
    values: keys,
    defaults: values,
    rootAliases: aliases,
    templateKeys: fromTemplates.read,
    wholeInTemplates: fromTemplates.whole,
    conditions: (chart.dependencies ?? []).flatMap((d: any) => (d.condition ? String(d.condition).split(',') : [])),
    subcharts: (chart.dependencies ?? []).map((d: any) => ({ name: d.alias ?? d.name, version: d.version })),
    valuesSchema: schemaFile ? JSON.parse(show(dir, rev, schemaFile)) : undefined,
    crds: crdPaths.length > 0 ? crdsOf(dir, rev, crdPaths) : [],
  });
}

function recordFiles([dir, repository, rev, ...paths]: string[]): void {
  const recorded = paths.flatMap((p) => files(dir, rev, p)).map((path) => {
    const bytes = execFileSync('git', ['--git-dir', dir, 'show', `${rev}:${path}`], { maxBuffer: 256 * 1024 * 1024 });
    const documents = parseAllDocuments(bytes.toString('utf8')).map((d) => withoutDescriptions(d.toJSON()));
    return { path, sha256: createHash('sha256').update(bytes).digest('hex'), documents };
  });
  const source: Source = { repository, rev, commit: commitOf(dir, rev), path: paths.join(' ') };
  write(join('files', `${repository.replace('/', '+')}@${rev}.json`), { source, files: recorded });
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'openapi' && rest.length >= 5) recordOpenApi(rest);
  else if (command === 'chart' && rest.length >= 4) recordChart(rest);
  else if (command === 'files' && rest.length >= 4) recordFiles(rest);
  else {
    console.error('usage: record-kubernetes-facts.js openapi <git-dir> <owner/repo> <rev> <path> <minor> <note>\n' + '       record-kubernetes-facts.js chart <git-dir> <owner/repo> <rev> <chart-dir> [--version V] [--note TEXT] [--crds <path>…]\n' + '       record-kubernetes-facts.js files <git-dir> <owner/repo> <rev> <path>…');
    process.exitCode = 2;
  }
} catch (e) {
  // A git command that failed (no such git directory, revision or path) is the input's fault: its
  // message; anything else is a bug of ours (failureReport: one line, status 70).
  const gitFailed = e instanceof Error && 'status' in e && 'stderr' in e;
  const { text, status } = gitFailed ? { text: `record-kubernetes-facts: git failed: ${String((e as { stderr: unknown }).stderr).trim().split('\n')[0]}`, status: 1 } : failureReport(e);
  console.error(text);
  process.exitCode = status;
}
