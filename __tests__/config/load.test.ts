import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, mergeSettings } from '../../src/config/load';
import { ValidationError } from '../../src/errors';
import { PRESET_NAMES } from '../../src/presets';
import { validationLines } from '../helpers/synth';

const dir = mkdtempSync(join(tmpdir(), 'eks-config-'));
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}
const load = (env: Record<string, string | undefined> = {}, context?: Record<string, unknown>) => loadConfig({ env, context, cwd: dir });
const problems = (env: Record<string, string | undefined>, context?: Record<string, unknown>) => validationLines(() => load(env, context)).join('\n');

describe('choosing a preset', () => {
  test('"default" when nothing is set', () => {
    expect(load().preset.name).toBe('default');
  });

  test('EKS_PRESET from the environment', () => {
    expect(load({ EKS_PRESET: 'chapter03' }).config.clusterName).toBe('public-endpoint-cluster');
  });

  test('EKS_PRESET from cdktf.json context, the environment winning over it', () => {
    expect(load({}, { EKS_PRESET: 'chapter03' }).preset.name).toBe('chapter03');
    expect(load({ EKS_PRESET: 'default' }, { EKS_PRESET: 'chapter03' }).preset.name).toBe('default');
  });

  test('throws on an unknown preset, listing the presets', () => {
    expect(problems({ EKS_PRESET: 'chapter99' })).toBe(
      `'EKS_PRESET' ("chapter99") is not a preset; choose one of ${PRESET_NAMES.join(', ')} ('npm run presets' describes them)`,
    );
  });

  test('throws on a context value that is not a string', () => {
    expect(problems({}, { EKS_CONFIG: 42 })).toContain(`'context.EKS_CONFIG' (42) must be a non-empty string`);
  });
});

describe('configuration files', () => {
  test('a JSON file overrides the preset; objects merge, lists replace', () => {
    const name = file('over.json', JSON.stringify({ clusterName: 'team-a', network: { natGateways: 'single' }, nodeGroups: { default: { instanceTypes: ['m7i.large', 'm6i.large'] } } }));
    const { config, file: read } = load({ EKS_CONFIG: name });
    expect(read).toBe(join(dir, name));
    expect(config.clusterName).toBe('team-a');
    expect(config.network).toEqual({ natGateways: 'single' });
    expect(config.controlPlane).toEqual({ endpointAccess: 'private', accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true } });
    expect(config.nodeGroups).toEqual({ default: { instanceTypes: ['m7i.large', 'm6i.large'] } });
  });

  test('a YAML file, read from cdktf.json context', () => {
    const name = file('over.yaml', 'clusterName: yaml-cluster\nnodeGroups:\n  spot:\n    capacityType: SPOT\n    instanceTypes: [m6i.large, m5.large]\n');
    const { config } = load({}, { EKS_CONFIG: name });
    expect(config.clusterName).toBe('yaml-cluster');
    expect(Object.keys(config.nodeGroups!)).toEqual(['default', 'spot']);
  });

  test('null removes a preset entry', () => {
    const name = file('drop.yml', 'nodeGroups:\n  default: null\n  other: {}\n');
    expect(Object.keys(load({ EKS_CONFIG: name }).config.nodeGroups!)).toEqual(['other']);
  });

  test.each([
    ['clusterVersion', 'clusterVersion: 1.30\n', "'clusterVersion' (1.3)"],
    ['a node group version', 'nodeGroups:\n  default:\n    version: 1.30\n', "'nodeGroups.default.version' (1.3)"],
  ])('throws on an unquoted YAML version (%s), which YAML reads as a number, and says to quote it', (_case, yaml, field) => {
    expect(problems({ EKS_CONFIG: file('version.yaml', yaml) })).toBe(`${field} is a number: quote the version, e.g. "1.30" (YAML and JSON read 1.30 unquoted as the number 1.3)`);
  });

  test('an empty YAML file changes nothing', () => {
    expect(load({ EKS_CONFIG: file('empty.yaml', '') }).config.clusterName).toBe('eks-default');
  });

  test.each([
    ['a missing file', 'nope.json', `'EKS_CONFIG' ("nope.json") cannot be read: ENOENT`],
    ['an unsupported extension', 'config.toml', `'EKS_CONFIG' ("config.toml") must name a .json, .yaml or .yml file`],
  ])('throws on %s', (_case, name, expected) => {
    expect(problems({ EKS_CONFIG: name })).toContain(expected);
  });

  test('throws on invalid JSON, saying where', () => {
    expect(problems({ EKS_CONFIG: file('bad.json', '{"clusterName": "a",\n "region": "b",,}') })).toMatch(
      /'EKS_CONFIG' \("bad.json"\) is not valid JSON: .* at position 36 \(line 2, column 16\)/,
    );
    expect(problems({ EKS_CONFIG: file('bad2.json', '{"clusterName": }') })).toContain(`'EKS_CONFIG' ("bad2.json") is not valid JSON: Unexpected token`);
  });

  test('throws on invalid YAML, with the line', () => {
    expect(problems({ EKS_CONFIG: file('bad.yaml', 'clusterName: a\n  network: [\n') })).toMatch(/'EKS_CONFIG' \("bad.yaml"\) is not valid YAML: .*line/);
  });

  test('throws on duplicate YAML keys', () => {
    expect(problems({ EKS_CONFIG: file('dup.yaml', 'clusterName: a\nclusterName: b\n') })).toContain('is not valid YAML');
  });

  test('throws on a file that is a list', () => {
    expect(problems({ EKS_CONFIG: file('list.yaml', '- a\n- b\n') })).toContain(`must hold a mapping of settings, not a list`);
  });
});

describe('validation of settings', () => {
  const withFile = (settings: unknown) => problems({ EKS_CONFIG: file(`case-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(settings)) });

  test.each<[string, unknown, string]>([
    ['an unknown top-level key', { clustername: 'x' }, `'clustername' is not a known setting; allowed here: clusterName, clusterVersion, region, skipRegionValidation, securityRules, tags, backend, network, controlPlane, nodeRole, nodeGroups, bastion`],
    ['an unknown nested key', { network: { cidr: '10.0.0.0/16' } }, `'network.cidr' is not a known setting; allowed here: vpcTag, vpcCidr, availabilityZones`],
    ['an unknown node group key', { nodeGroups: { default: { instanceType: 't3.small' } } }, `'nodeGroups.default.instanceType' is not a known setting; allowed here: capacityType, instanceTypes`],
    ['a cluster name outside EKS rules', { clusterName: 'my cluster!' }, `'clusterName' ("my cluster!") must be 1 to 100 characters: letters, digits, "-" and "_"`],
    ['a cluster name that is too long', { clusterName: 'a'.repeat(101) }, `'clusterName' ("${'a'.repeat(101)}") must be 1 to 100 characters`],
    ['a region that is not a region code', { region: 'Virginia' }, `'region' ("Virginia") must be an AWS region code such as "us-east-1"`],
    ['an invalid VPC block', { network: { vpcCidr: '10.0.0.0/33' } }, `'network.vpcCidr' ("10.0.0.0/33") is not an IPv4 CIDR block`],
    ['an empty instance type list', { nodeGroups: { default: { instanceTypes: [] } } }, `'nodeGroups.default.instanceTypes' ([]) must list at least one instance type`],
    ['a wrong type', { nodeGroups: { default: { minSize: '2' } } }, `'nodeGroups.default.minSize' ("2") must be a number`],
    ['a node group name outside EKS rules', { nodeGroups: { 'bad name': {} } }, `'nodeGroups.bad name' ("bad name") node group names must be 1 to 63 letters`],
    ['an unknown backend type', { backend: { type: 'consul' } }, `'backend.type' ("consul") must be an object whose 'type' is "local", "s3" or "cloud"`],
    ['an S3 backend without bucket', { backend: { type: 's3' } }, `'backend.bucket' is required`],
    ['an unknown backend key', { backend: { type: 'local', bucket: 'x' } }, `'backend.bucket' is not a known setting; allowed here: type, path`],
    ['reserved tag keys', { tags: { 'aws:owner': 'me' } }, `must not start with "aws:"`],
  ])('throws on %s', (_case, settings, expected) => {
    expect(withFile(settings)).toContain(expected);
  });

  test('reports every problem of the file at once', () => {
    const lines = validationLines(() =>
      load({ EKS_CONFIG: file('many.json', JSON.stringify({ clusterName: '-', region: 'x', network: { vpcCidr: 'y' }, nodeGroups: { default: { maxSize: 0 } } })) }),
    );
    expect(lines).toHaveLength(4);
  });

  test('the error names the preset and the file', () => {
    try {
      load({ EKS_CONFIG: file('named.json', JSON.stringify({ region: 'x' })) });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as Error).message).toMatch(/^Invalid configuration \(preset "default" \+ named.json\): 1 problem\n  - 'region' \("x"\)/);
    }
  });
});

describe('region', () => {
  test.each<[string, Record<string, string>, object, string]>([
    ['the configuration', { AWS_REGION: 'eu-west-1' }, { region: 'ap-south-1' }, 'ap-south-1'],
    ['AWS_REGION', { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' }, {}, 'eu-west-1'],
    ['AWS_DEFAULT_REGION', { AWS_DEFAULT_REGION: 'eu-west-2' }, {}, 'eu-west-2'],
    ['the book region us-east-1', {}, {}, 'us-east-1'],
  ])('comes from %s first', (_case, env, settings, region) => {
    expect(loadConfig({ env, cwd: dir, overrides: settings }).config.region).toBe(region);
  });
});

describe('backend', () => {
  test('local by default', () => {
    expect(load().config.backend).toEqual({ type: 'local' });
  });

  test('cloud settings fall back to Terraform\'s own variables', () => {
    const { config } = loadConfig({
      env: { TF_CLOUD_ORGANIZATION: 'acme', TF_WORKSPACE: 'eks-prod', TF_CLOUD_HOSTNAME: 'tfe.acme.io', TF_CLOUD_PROJECT: 'platform' },
      cwd: dir,
      overrides: { backend: { type: 'cloud' } },
    });
    expect(config.backend).toEqual({ type: 'cloud', organization: 'acme', workspace: 'eks-prod', hostname: 'tfe.acme.io', project: 'platform' });
  });

  test('configured cloud settings win over the environment', () => {
    const { config } = loadConfig({ env: { TF_CLOUD_ORGANIZATION: 'env-org' }, cwd: dir, overrides: { backend: { type: 'cloud', organization: 'cfg-org' } } });
    expect(config.backend).toMatchObject({ organization: 'cfg-org' });
  });

  test('throws on a cloud backend without organization', () => {
    expect(validationLines(() => loadConfig({ env: {}, cwd: dir, overrides: { backend: { type: 'cloud' } } })).join()).toContain(
      `'backend.organization' is required for the cloud backend: set it, or TF_CLOUD_ORGANIZATION`,
    );
  });

  test('throws on a workspace name combined with workspace tags', () => {
    const lines = validationLines(() => loadConfig({ env: {}, cwd: dir, overrides: { backend: { type: 'cloud', organization: 'o', workspace: 'w', workspaceTags: ['eks'] } } }));
    expect(lines.join()).toContain(`'backend.workspaceTags' (["eks"]) cannot be combined with 'backend.workspace'`);
  });
});

describe('mergeSettings', () => {
  test.each([
    [{ a: { b: 1, c: 2 } }, { a: { c: 3 } }, { a: { b: 1, c: 3 } }],
    [{ a: [1, 2] }, { a: [3] }, { a: [3] }],
    [{ a: 1, b: 2 }, { b: null }, { a: 1 }],
    [{ a: { b: 1 } }, { a: 'x' }, { a: 'x' }],
  ])('%j + %j = %j', (base, over, result) => {
    expect(mergeSettings(base, over)).toEqual(result);
  });
});
