// Every Helm release the stacks create fits in the one Secret Helm keeps it in (1 MiB): local
// charts measured from the files synthesis writes, remote ones from the sizes recorded per chart
// version (__fixtures__/helm-release-sizes.json, measured from the upstream chart at its tag).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allPresets } from '../../src/presets';
import { chartContents, MAX_SECRET_BYTES, storedReleaseBytes } from '../helpers/helm-release';
import { releaseValues, synthApp } from '../helpers/synth';

const SIZES: { charts: Record<string, { storedBytes: number; measuredFrom: string }> } = JSON.parse(readFileSync(join(__dirname, '..', '__fixtures__', 'helm-release-sizes.json'), 'utf8'));
const WITH_KUBERNETES = allPresets().filter((p) => p.config.controllers || p.config.application || p.config.kubernetes || p.config.storage?.classes || p.config.storage?.nfsCsiDriver);

/** Stored bytes of every release of a preset's Kubernetes stack, by address. */
function releaseSizes(preset: string): Record<string, number | string> {
  const app = synthApp(preset);
  const out: Record<string, number | string> = {};
  for (const [name, r] of Object.entries<any>(app.stacks.kubernetes?.resource?.helm_release ?? {})) {
    // NfsCsiDriver writes plain JSON values, the others jsonencode() documents.
    const values = r.values?.[0]?.startsWith('{') ? JSON.parse(r.values[0]) : releaseValues(r);
    if (r.chart.startsWith('./')) {
      out[name] = storedReleaseBytes(chartContents(join(app.outdir, 'stacks', 'kubernetes', r.chart)), values);
      continue;
    }
    const measured = SIZES.charts[`${r.repository ?? ''} ${r.chart} ${r.version}`];
    // The values travel twice (the release's config and its rendered manifest): counted unpacked.
    out[name] = measured ? measured.storedBytes + 2 * JSON.stringify(values).length : `no measured size for ${r.repository} ${r.chart} ${r.version}`;
  }
  return out;
}

describe('Helm releases fit in their Secret (1 MiB)', () => {
  test.each(WITH_KUBERNETES.map((p) => p.name))('%s', (preset) => {
    const sizes = releaseSizes(preset);
    const problems = Object.entries(sizes).filter(([, s]) => typeof s === 'string' || s > MAX_SECRET_BYTES);
    expect(problems).toEqual([]);
  });

  test('the limit is what failed before: Envoy\'s gateway-crds-helm v1.8.0 holds more than 1 MiB with Gateway API\'s CRDs alone', () => {
    expect(SIZES.charts['oci://docker.io/envoyproxy gateway-crds-helm v1.8.0'].storedBytes).toBeGreaterThan(MAX_SECRET_BYTES);
  });

  test('the measure is Helm\'s: JSON with base64 templates, gzip, base64 — a chart of one 1.5 MiB template of random hex does not fit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helm-size-'));
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: big\nversion: 1.0.0\n');
    writeFileSync(join(dir, 'templates', 'big.yaml'), randomBytes(768 * 1024).toString('hex'));
    expect(storedReleaseBytes(chartContents(dir), {})).toBeGreaterThan(MAX_SECRET_BYTES);
  });
});
