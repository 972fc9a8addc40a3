// What the kubernetes and helm providers would send to the cluster, checked where Terraform cannot
// run them (docs/testing.md, "What checks the Kubernetes stack"): every object of every preset's
// and every docs example's Kubernetes stack against the OpenAPI schema of the cluster's
// Kubernetes version and the CRDs its charts install, and every Helm release's values against the
// keys of its chart at the pinned version.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, mergeSettings } from '../../src/config/load';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/controlplane/kubernetes-versions';
import { PRESET_NAMES } from '../../src/presets';
import { wantsKubernetesStack } from '../../src/stacks/stacks';
import { chartFacts, nearestFacts, recordedVersions, unknownValues } from '../helpers/chart-values';
import { CheckedStack, checkedStack, objectProblems } from '../helpers/kubernetes-checks';
import { appFiles, presetAppAsIs, synthApp } from '../helpers/synth';

const ROOT = join(__dirname, '..', '..');

/**
 * Cases that fail on a known defect of issue 16 (§3, §4): each runs as test.failing, so the fix
 * makes it pass and jest then reports it, until its line here is removed.
 */
// Checks expected to fail while a known defect stands, by test name, with the defect (e.g. a pin
// whose chart version no upstream copy shows). None today: the §3.8 pins of issue 16 were fixed.
const EXPECTED_FAILURES: Record<string, string> = {};

const minorOf = (preset: string, overrides: Record<string, unknown> = {}) => {
  const { config } = loadConfig({ env: { EKS_PRESET: preset }, cwd: ROOT, overrides });
  return { minor: config.clusterVersion ?? DEFAULT_KUBERNETES_VERSION, kubernetes: wantsKubernetesStack(config) };
};

const KUBERNETES_PRESETS = PRESET_NAMES.filter((name) => minorOf(name).kubernetes);

const cases = new Set<string>();

/** A test that is expected to fail while the defect named in EXPECTED_FAILURES stands. */
function check(name: string, fn: () => void): void {
  cases.add(name);
  (EXPECTED_FAILURES[name] ? test.failing : test)(EXPECTED_FAILURES[name] ? `${name} [expected failure: ${EXPECTED_FAILURES[name]}]` : name, fn);
}

/** The checks of one Kubernetes stack: its objects, then each published chart's values and recorded version. */
function checkStack(label: string, checked: CheckedStack): void {
  check(`${label}: every object is valid for Kubernetes ${checked.minor} and the CRDs of its charts`, () => {
    expect(objectProblems(checked)).toEqual([]);
  });
  for (const r of checked.releases) {
    const facts = nearestFacts(r.chart, r.version);
    const at = facts && facts.version !== r.version ? ` (keys recorded at ${facts.version})` : '';
    check(`${label}: ${r.address} (${r.chart} ${r.version}) sets only values the chart has${at}`, () => {
      if (!facts) throw new Error(`no keys recorded for chart ${r.chart}: record them with scripts/record-kubernetes-facts.ts (chart)`);
      expect(unknownValues(r.values, facts)).toEqual([]);
    });
    check(`${label}: ${r.address} (${r.chart} ${r.version}): the chart's keys and CRDs are recorded at that version`, () => {
      expect(chartFacts(r.chart, r.version) ? r.version : `not recorded (recorded: ${recordedVersions(r.chart).join(', ') || 'none'})`).toBe(r.version);
    });
  }
}

describe.each(KUBERNETES_PRESETS)('preset %s', (preset) => {
  checkStack(preset, checkedStack(presetAppAsIs(preset), minorOf(preset).minor));
});

test('the presets with a Kubernetes stack are found from the preset list', () => {
  expect(KUBERNETES_PRESETS).toEqual(expect.arrayContaining(['chapter09', 'chapter19-karpenter', 'chapter20-istio', 'chapter20-lattice', 'mastering-terraform']));
});

/**
 * The YAML examples of the README and docs/ that configure something in the Kubernetes stack; an
 * example of several clusters (`clusters`, docs/configuration.md) counts as one per cluster, its
 * preset then the shared settings then its own, as loadClusters merges them.
 */
function docsExamples(): { name: string; preset: string; example: Record<string, unknown> }[] {
  const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  return files.flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)]
      .flatMap((m, i) => {
        const example = parse(m[1]);
        if (!example || typeof example !== 'object') return [];
        const name = `${file} example ${i + 1}`;
        if (!('clusters' in example)) return [{ name, preset: 'default', example }];
        const { clusters, ...shared } = example as { clusters: Record<string, { preset?: string } & Record<string, unknown>> };
        return Object.entries(clusters).map(([key, { preset = 'default', ...own }]) => ({ name: `${name}, cluster ${key}`, preset, example: mergeSettings(shared, own) as Record<string, unknown> }));
      })
      .filter(({ preset, example }) => minorOf(preset, example).kubernetes),
  );
}

describe.each(docsExamples())('$name, on its preset', ({ name, preset, example }) => {
  checkStack(name, checkedStack(appFiles(synthApp(preset, example)), minorOf(preset, example).minor));
});

test('every expected failure names a case of this file (a fix that renames its case removes the entry)', () => {
  expect(Object.keys(EXPECTED_FAILURES).filter((name) => !cases.has(name))).toEqual([]);
});
