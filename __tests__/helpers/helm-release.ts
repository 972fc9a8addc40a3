// What Helm stores for a release, measured the way Helm stores it. Helm 3's Secret driver keeps a
// release in one Secret (pkg/storage/driver/secrets.go, util.go `encodeRelease`): the release as
// JSON (the chart's metadata, templates, files and values as []byte fields, so base64 inside the
// JSON; the user's values; the rendered manifest), gzip at BestCompression, then base64. A Secret's
// data may not exceed 1 MiB (Kubernetes `MaxSecretSize`); above it the install fails ("data: Too
// long", envoyproxy/gateway#6105). Dependencies of a chart are not serialized (unexported fields).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';

/** Kubernetes' limit on a Secret's data. */
export const MAX_SECRET_BYTES = 1024 * 1024;

export interface ChartContents {
  readonly metadata: unknown;
  readonly templates: { name: string; data: Buffer }[];
  readonly files: { name: string; data: Buffer }[];
  readonly values: unknown;
  readonly schema?: Buffer;
}

/** A chart directory as Helm's loader splits it (Chart.yaml, values.yaml, values.schema.json, templates/, the rest). */
export function chartContents(dir: string): ChartContents {
  const all: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) {
        // Subcharts are loaded as dependencies, which the release JSON leaves out.
        if (relative(dir, p) !== 'charts') walk(p);
      } else all.push(relative(dir, p));
    }
  };
  walk(dir);
  const read = (name: string) => readFileSync(join(dir, name));
  const ignored = (name: string) => name === '.helmignore' || name.endsWith('.tgz');
  return {
    metadata: parse(read('Chart.yaml').toString('utf8')),
    values: all.includes('values.yaml') ? (parse(read('values.yaml').toString('utf8')) ?? {}) : {},
    schema: all.includes('values.schema.json') ? read('values.schema.json') : undefined,
    templates: all.filter((n) => n.startsWith('templates/')).sort().map((name) => ({ name, data: read(name) })),
    files: all.filter((n) => !n.startsWith('templates/') && !['Chart.yaml', 'values.yaml', 'values.schema.json'].includes(n) && !ignored(n)).sort().map((name) => ({ name, data: read(name) })),
  };
}

/**
 * The rendered manifest, estimated as the templates' text (helpers and NOTES.txt render nothing
 * into it). Exact for static templates such as CRD bundles; conditionals make the estimate high.
 */
export function manifestEstimate(chart: ChartContents): string {
  return chart.templates
    .filter((t) => !/\/_[^/]*$/.test(t.name) && !t.name.endsWith('NOTES.txt'))
    .map((t) => `---\n# Source: ${t.name}\n${t.data.toString('utf8')}`)
    .join('\n');
}

/** Bytes of the Secret data Helm writes for a release of `chart` with `config` values. */
export function storedReleaseBytes(chart: ChartContents, config: unknown, manifest = manifestEstimate(chart)): number {
  const b64 = (b: Buffer) => b.toString('base64');
  const release = {
    name: 'release',
    info: { first_deployed: '2026-01-01T00:00:00Z', last_deployed: '2026-01-01T00:00:00Z', deleted: '', description: 'Install complete', status: 'deployed' },
    chart: {
      metadata: chart.metadata,
      lock: null,
      templates: chart.templates.map((t) => ({ name: t.name, data: b64(t.data) })),
      values: chart.values,
      schema: chart.schema ? b64(chart.schema) : null,
      files: chart.files.map((f) => ({ name: f.name, data: b64(f.data) })),
    },
    config,
    manifest,
    version: 1,
    namespace: 'default',
  };
  return gzipSync(Buffer.from(JSON.stringify(release)), { level: 9 }).toString('base64').length;
}
