// Reading a configuration file with `clusters`: each cluster's preset, the file's shared settings
// and its own, merged in that order and validated, every problem under `clusters.<key>`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClusters, loadConfig } from '../../src/config/load';
import { validationLines } from '../helpers/synth';

const dir = mkdtempSync(join(tmpdir(), 'eks-clusters-'));
let n = 0;
/** Writes `settings` as a JSON file and returns its name. */
function file(settings: unknown): string {
  const name = `clusters-${n++}.json`;
  writeFileSync(join(dir, name), JSON.stringify(settings));
  return name;
}
const load = (settings: unknown, env: Record<string, string> = {}) => loadClusters({ env: { ...env, EKS_CONFIG: file(settings) }, cwd: dir });

describe('loadClusters', () => {
  test('a file without clusters is one cluster without a key, as loadConfig reads it', () => {
    const [only, ...rest] = load({ clusterName: 'solo' });
    expect(rest).toEqual([]);
    expect(only.key).toBeUndefined();
    expect(only.config).toEqual(loadConfig({ env: { EKS_CONFIG: file({ clusterName: 'solo' }) }, cwd: dir }).config);
  });

  test('no file: the preset as one cluster', () => {
    expect(loadClusters({ env: { EKS_PRESET: 'chapter03' }, cwd: dir }).map((c) => [c.key, c.config.clusterName])).toEqual([[undefined, 'public-endpoint-cluster']]);
  });

  test('each cluster in file order, with its key', () => {
    expect(load({ clusters: { prod: { clusterName: 'p' }, dev: { clusterName: 'd' } } }).map((c) => [c.key, c.config.clusterName])).toEqual([
      ['prod', 'p'],
      ['dev', 'd'],
    ]);
  });

  test('merge order: the preset, then the file\'s shared settings, then the cluster\'s own', () => {
    const [dev] = load({
      tags: { team: 'platform' },
      network: { natGateways: 'single' },
      clusters: { dev: { preset: 'chapter03', network: { vpcCidr: '10.8.0.0/16' }, tags: { env: 'dev' } } },
    });
    expect(dev.preset.name).toBe('chapter03');
    expect(dev.config.clusterName).toBe('public-endpoint-cluster');
    expect(dev.config.network).toMatchObject({ natGateways: 'single', vpcCidr: '10.8.0.0/16' });
    expect(dev.config.tags).toEqual({ team: 'platform', env: 'dev' });
  });

  test('a cluster without a preset takes EKS_PRESET, else "default"', () => {
    const settings = { clusters: { a: { clusterName: 'a' } } };
    expect(load(settings)[0].preset.name).toBe('default');
    expect(load(settings, { EKS_PRESET: 'chapter04' })[0].preset.name).toBe('chapter04');
  });

  test('region and backend are resolved per cluster', () => {
    const clusters = load({ backend: { type: 's3', bucket: 'state' }, clusters: { a: { clusterName: 'a' }, b: { clusterName: 'b', region: 'eu-west-1' } } }, { AWS_REGION: 'us-west-2' });
    expect(clusters.map((c) => [c.config.region, c.config.backend])).toEqual([
      ['us-west-2', { type: 's3', bucket: 'state' }],
      ['eu-west-1', { type: 's3', bucket: 'state' }],
    ]);
  });

  test('a cluster\'s backend of another type replaces the shared one', () => {
    const [a] = load({ backend: { type: 's3', bucket: 'state', key: 'eks.tfstate' }, clusters: { a: { clusterName: 'a', backend: { type: 'local' } } } });
    expect(a.config.backend).toEqual({ type: 'local' });
  });

  test('loadConfig refuses a file of several clusters, pointing at loadClusters', () => {
    expect(validationLines(() => loadConfig({ env: { EKS_CONFIG: file({ clusters: { a: {} } }) }, cwd: dir }))).toEqual([
      `'clusters' (["a"]) describes several clusters: ${join(dir, `clusters-${n - 1}.json`).replace(`${dir}/`, '')} is read with loadClusters(), which main.ts uses`,
    ]);
  });
});

describe('loadClusters refuses', () => {
  test.each<[string, unknown, string[]]>([
    ['an empty clusters', { clusters: {} }, [`'clusters' ({}) must map one or more cluster keys to their settings (clusters: {dev: {preset: default}, prod: {…}})`]],
    ['a list', { clusters: ['dev'] }, [`'clusters' (["dev"]) must map one or more cluster keys to their settings (clusters: {dev: {preset: default}, prod: {…}})`]],
    ['a cluster that is no mapping', { clusters: { dev: 'default' } }, [`'clusters.dev' ("default") must be a mapping of the cluster's settings ({} takes the preset as it is)`]],
    ['an unknown preset', { clusters: { dev: { preset: 'chapter99' } } }, [expect.stringMatching(/^'clusters\.dev\.preset' \("chapter99"\) is not a preset; choose one of default, chapter03, /)]],
    [
      'a key that is no valid stack name',
      { clusters: { 'Prod env': {} } },
      [
        `'clusters.Prod env' ("Prod env") is not a valid stack name: cluster keys must be 1 to 40 lower-case letters, digits and "-", starting and ending with a letter or digit (they name the stacks <key>-aws and <key>-kubernetes, their folders in cdktf.out/stacks and the arguments of cdktf deploy)`,
      ],
    ],
    ['a key with a glob character', { clusters: { 'prod*': {} } }, [expect.stringMatching(/^'clusters\.prod\*' \("prod\*"\) is not a valid stack name/)]],
    [
      'bad settings in two clusters: every problem, under each cluster',
      { clusters: { dev: { nodeGroups: { default: { minSize: -1 } } }, prod: { region: 'moon-1' } } },
      [`'clusters.dev.nodeGroups.default.minSize' (-1) must be a whole number between 0 and 1000`, `'clusters.prod.region' ("moon-1") must be an AWS region code such as "us-east-1"`],
    ],
    ['an unknown setting of a cluster', { clusters: { dev: { nodegroups: {} } } }, [expect.stringMatching(/^'clusters\.dev\.nodegroups' is not a known setting; allowed here: clusterName, /)]],
  ])('%s', (_case, settings, lines) => {
    expect(validationLines(() => load(settings))).toEqual(lines);
  });
});
