// Resolves what to synthesize: a preset (EKS_PRESET), overridden by a configuration file
// (EKS_CONFIG), both also readable from cdktf.json's "context"; region and backend details may
// come from the environment (AWS_REGION, TF_CLOUD_*). Everything is validated before any
// construct exists, so bad input never produces a half-written stack.
import { readFileSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml, parseDocument } from 'yaml';
import { issue, ValidationError, ValidationIssue } from '../errors';
import { findPreset, Preset, PRESET_NAMES } from '../presets';
import { regionProblem } from '../private/regions';
import { schemaIssues } from '../private/validate';
import { BackendConfig, configSchema, EksConfig, EksConfigInput, ResolvedConfig } from './schema';

/** The book's region, used when neither the configuration nor AWS_REGION names one. */
export const FALLBACK_REGION = 'us-east-1';
export const DEFAULT_PRESET = 'default';

export interface ConfigSources {
  /** Environment variables: EKS_PRESET, EKS_CONFIG, AWS_REGION, AWS_DEFAULT_REGION, TF_CLOUD_*. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** cdktf.json "context": EKS_PRESET and EKS_CONFIG. The environment wins over it. @default {} */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Directory a relative EKS_CONFIG path is read from. */
  readonly cwd: string;
  /** Settings applied over the preset and the file (TypeScript callers, tests). @default none */
  readonly overrides?: Partial<EksConfigInput>;
}

export interface LoadedConfig {
  readonly preset: Preset;
  /** The configuration file read, if any. */
  readonly file?: string;
  readonly config: ResolvedConfig;
}

/** One cluster of the configuration. */
export interface LoadedCluster extends LoadedConfig {
  /**
   * Its key under `clusters`, which names its stacks (`<key>-aws`, `<key>-kubernetes`); undefined
   * for a configuration of one cluster, whose stacks are `aws` and `kubernetes`.
   */
  readonly key?: string;
}

/**
 * Reads, merges and validates the configuration of one cluster; throws ValidationError on any
 * problem, and on a file that describes several (`clusters`: see loadClusters).
 */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const preset = presetSetting(sources);
  const { file, shown, data } = configFile(sources);
  if (CLUSTERS in data) {
    throw new ValidationError('configuration', [
      issue([CLUSTERS], Object.keys(data[CLUSTERS] as object), `describes several clusters: ${shown} is read with loadClusters(), which main.ts uses`),
    ]);
  }
  return single(sources, preset, file, shown, data);
}

function single(sources: ConfigSources, preset: Preset, file: string | undefined, shown: string | undefined, data: Record<string, unknown>): LoadedConfig {
  const subject = file ? `configuration (preset "${preset.name}" + ${shown})` : `configuration (preset "${preset.name}")`;
  return { preset, file, config: resolveSettings(mergeSettings(mergeSettings(preset.config, data), sources.overrides ?? {}), sources.env, subject) };
}

/**
 * Every cluster of the configuration: the one of loadConfig, or those of a file with `clusters`
 * (docs/configuration.md, "Many clusters"), each its preset (`preset`, else EKS_PRESET, else "default"), then
 * the file's other settings, then its own, merged and validated; every problem of every cluster
 * in one ValidationError, the paths under `clusters.<key>`.
 */
export function loadClusters(sources: ConfigSources): LoadedCluster[] {
  const fallback = presetSetting(sources);
  const { file, shown, data } = configFile(sources);
  if (!(CLUSTERS in data)) return [single(sources, fallback, file, shown, data)];
  const { [CLUSTERS]: clusters, ...shared } = data;
  const subject = `configuration (${shown})`;
  if (!isPlainObject(clusters) || Object.keys(clusters).length === 0) {
    throw new ValidationError(subject, [issue([CLUSTERS], clusters, 'must map one or more cluster keys to their settings (clusters: {dev: {preset: default}, prod: {…}})')]);
  }
  const issues: ValidationIssue[] = [];
  const loaded: LoadedCluster[] = [];
  for (const [key, entry] of Object.entries(clusters)) {
    const at = [CLUSTERS, key];
    if (!CLUSTER_KEY.test(key)) issues.push(issue(at, key, CLUSTER_KEY_RULE));
    if (!isPlainObject(entry)) {
      issues.push(issue(at, entry, 'must be a mapping of the cluster\'s settings ({} takes the preset as it is)'));
      continue;
    }
    const { preset: presetName, ...own } = entry;
    const preset = presetName === undefined ? fallback : typeof presetName === 'string' ? findPreset(presetName) : undefined;
    if (!preset) {
      issues.push(issue([...at, 'preset'], presetName, `is not a preset; choose one of ${PRESET_NAMES.join(', ')} ('npm run presets' describes them)`));
      continue;
    }
    try {
      const config = resolveSettings(mergeSettings(mergeSettings(mergeSettings(preset.config, shared), own), sources.overrides ?? {}), sources.env, subject);
      loaded.push({ key, preset, file, config });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues.map((i) => ({ ...i, path: [...at, ...i.path] })));
    }
  }
  if (issues.length > 0) throw new ValidationError(subject, issues);
  return loaded;
}

/** The key of the file's several clusters. */
const CLUSTERS = 'clusters';
/** Cluster keys name stacks and their folders (cdktf.out/stacks/<key>-aws) and go on the command line (cdktf deploy <key>-aws). */
const CLUSTER_KEY = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const CLUSTER_KEY_RULE =
  'is not a valid stack name: cluster keys must be 1 to 40 lower-case letters, digits and "-", starting and ending with a letter or digit (they name the stacks <key>-aws and <key>-kubernetes, their folders in cdktf.out/stacks and the arguments of cdktf deploy)';

/** EKS_PRESET's preset, or the default one. */
function presetSetting(sources: ConfigSources): Preset {
  const presetName = setting(sources, 'EKS_PRESET') ?? DEFAULT_PRESET;
  const preset = findPreset(presetName);
  if (!preset) {
    const names = PRESET_NAMES.join(', ');
    throw new ValidationError('preset', [issue(['EKS_PRESET'], presetName, `is not a preset; choose one of ${names} ('npm run presets' describes them)`)]);
  }
  return preset;
}

/** The file EKS_CONFIG names, read (no file: no settings). */
function configFile(sources: ConfigSources): { file?: string; shown?: string; data: Record<string, unknown> } {
  const shown = setting(sources, 'EKS_CONFIG');
  if (shown === undefined) return { data: {} };
  const file = resolve(sources.cwd, shown);
  return { file, shown, data: readConfigFile(file, shown) as Record<string, unknown> };
}

/** Merged settings checked against the schema, with what the environment fills in. */
function resolveSettings(merged: unknown, env: ConfigSources['env'], subject: string): ResolvedConfig {
  const issues = schemaIssues(configSchema, merged);
  if (issues.length > 0) throw new ValidationError(subject, issues);
  const config = merged as EksConfig;
  // The region from the environment is checked here, where its source is known; one in the
  // configuration is checked with the whole configuration (configuration-checks.ts).
  const fromEnv = config.region === undefined ? (['AWS_REGION', 'AWS_DEFAULT_REGION'] as const).find((name) => env[name]) : undefined;
  if (fromEnv && !config.skipRegionValidation) {
    const value = env[fromEnv]!;
    const problem = regionProblem(value);
    if (problem) throw new ValidationError(`environment (no 'region' in the ${subject})`, [issue([fromEnv], value, problem)]);
  }
  return {
    ...config,
    region: config.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? FALLBACK_REGION,
    backend: resolveBackend(config, env),
  };
}

/** EKS_PRESET / EKS_CONFIG from the environment, else from cdktf.json context. */
function setting(sources: ConfigSources, name: 'EKS_PRESET' | 'EKS_CONFIG'): string | undefined {
  const fromEnv = sources.env[name];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const fromContext = sources.context?.[name];
  if (fromContext === undefined) return undefined;
  if (typeof fromContext !== 'string' || fromContext === '') {
    throw new ValidationError('cdktf.json context', [issue(['context', name], fromContext, 'must be a non-empty string')]);
  }
  return fromContext;
}

function readConfigFile(file: string, shown: string): unknown {
  const fail = (message: string, received?: unknown): never => {
    const i: ValidationIssue = received === undefined ? { path: ['EKS_CONFIG'], hasReceived: false, message } : issue(['EKS_CONFIG'], received, message);
    throw new ValidationError('configuration file', [i]);
  };
  const ext = extname(file).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(ext)) fail('must name a .json, .yaml or .yml file', shown);
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (${isAbsolute(shown) ? shown : file})`, shown);
  }
  let data: unknown;
  try {
    data = ext === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    fail(`is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${describeParseError(e as Error, text)}`, shown);
  }
  const duplicate = ext === '.json' ? duplicateJsonKey(text) : undefined;
  if (duplicate) fail(`is not valid: the key ${JSON.stringify(duplicate.key)} appears twice in one object (line ${duplicate.line}, column ${duplicate.column}); JSON.parse would keep the last silently`, shown);
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) fail(`must hold a mapping of settings, not ${Array.isArray(data) ? 'a list' : typeof data}`, shown);
  return data;
}

/**
 * The first key a JSON object repeats, with its line. JSON.parse keeps the last value silently;
 * the yaml package reads JSON as the YAML 1.2 flow subset it is and, with uniqueKeys, reports the
 * repeat (its own message, "Map keys must be unique", gives the position but not the key).
 */
function duplicateJsonKey(text: string): { key: string; line: number; column: number } | undefined {
  const error = parseDocument(text, { uniqueKeys: true, prettyErrors: true }).errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (!error) return undefined;
  const literal = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(error.pos[0]))?.[0];
  const key = literal ? (JSON.parse(literal) as string) : text.slice(error.pos[0], error.pos[1]);
  return { key, line: error.linePos?.[0].line ?? 0, column: error.linePos?.[0].col ?? 0 };
}

/** The parser's message, first line only, with "position N" turned into a line and column. */
function describeParseError(error: Error, text: string): string {
  const first = error.message.split('\n')[0];
  const position = /at position (\d+)/.exec(first);
  if (!position) return first;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = Number(position[1]) - before.lastIndexOf('\n');
  return `${first} (line ${line}, column ${column})`;
}

/**
 * Deep merge of settings: objects merge key by key, anything else (lists included) replaces, and
 * `null` removes the key (to drop a preset's node group). A `backend` of another `type` replaces
 * the one below it: an S3 bucket means nothing to a local backend.
 */
export function mergeSettings(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else if (key === 'backend' && isPlainObject(value) && isPlainObject(out[key]) && value.type !== undefined && value.type !== out[key].type) out[key] = value;
    else out[key] = key in out ? mergeSettings(out[key], value) : value;
  }
  return out;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Local state unless configured; for Terraform Cloud, Terraform's own variables fill what the
 * configuration leaves out (TF_CLOUD_ORGANIZATION, TF_WORKSPACE, TF_CLOUD_PROJECT, TF_CLOUD_HOSTNAME).
 */
function resolveBackend(config: EksConfig, env: ConfigSources['env']): BackendConfig {
  const backend = config.backend ?? { type: 'local' as const };
  if (backend.type === 's3' && config.skipRegionValidation && backend.skipRegionValidation === undefined) return { ...backend, skipRegionValidation: true };
  if (backend.type !== 'cloud') return backend;
  if (backend.workspace && backend.workspaceTags) {
    throw new ValidationError('configuration', [
      issue(['backend', 'workspaceTags'], backend.workspaceTags, "cannot be combined with 'backend.workspace': name one workspace or select several by tags"),
    ]);
  }
  const organization = backend.organization ?? env.TF_CLOUD_ORGANIZATION;
  if (!organization) {
    throw new ValidationError('configuration', [
      { path: ['backend', 'organization'], hasReceived: false, message: 'is required for the cloud backend: set it, or TF_CLOUD_ORGANIZATION' },
    ]);
  }
  const workspace = backend.workspace ?? (backend.workspaceTags ? undefined : env.TF_WORKSPACE);
  return {
    ...backend,
    organization,
    ...(workspace ? { workspace } : {}),
    ...(backend.project ?? env.TF_CLOUD_PROJECT ? { project: backend.project ?? env.TF_CLOUD_PROJECT } : {}),
    ...(backend.hostname ?? env.TF_CLOUD_HOSTNAME ? { hostname: backend.hostname ?? env.TF_CLOUD_HOSTNAME } : {}),
  };
}
