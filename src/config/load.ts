// Resolves what to synthesize: a preset (EKS_PRESET), overridden by a configuration file
// (EKS_CONFIG), both also readable from cdktf.json's "context"; region and backend details may
// come from the environment (AWS_REGION, TF_CLOUD_*). Everything is validated before any
// construct exists, so bad input never produces a half-written stack.
import { readFileSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { issue, ValidationError, ValidationIssue } from '../errors';
import { findPreset, Preset, PRESET_NAMES } from '../presets';
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

/** Reads, merges and validates the configuration; throws ValidationError on any problem. */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const presetName = setting(sources, 'EKS_PRESET') ?? DEFAULT_PRESET;
  const preset = findPreset(presetName);
  if (!preset) {
    const names = PRESET_NAMES.join(', ');
    throw new ValidationError('preset', [issue(['EKS_PRESET'], presetName, `is not a preset; choose one of ${names} ('npm run presets' describes them)`)]);
  }
  const fileSetting = setting(sources, 'EKS_CONFIG');
  const file = fileSetting === undefined ? undefined : resolve(sources.cwd, fileSetting);
  const fromFile = file === undefined ? {} : readConfigFile(file, fileSetting!);
  const merged = mergeSettings(mergeSettings(preset.config, fromFile), sources.overrides ?? {});

  const subject = file ? `configuration (preset "${preset.name}" + ${fileSetting})` : `configuration (preset "${preset.name}")`;
  const issues = schemaIssues(configSchema, merged);
  if (issues.length > 0) throw new ValidationError(subject, issues);
  const config = merged as EksConfig;
  return {
    preset,
    file,
    config: {
      ...config,
      region: config.region ?? sources.env.AWS_REGION ?? sources.env.AWS_DEFAULT_REGION ?? FALLBACK_REGION,
      backend: resolveBackend(config, sources.env),
    },
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
    if (ext === '.json') {
      data = JSON.parse(text);
    } else {
      data = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
    }
  } catch (e) {
    fail(`is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${describeParseError(e as Error, text)}`, shown);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) fail(`must hold a mapping of settings, not ${Array.isArray(data) ? 'a list' : typeof data}`, shown);
  return data;
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
 * `null` removes the key (to drop a preset's node group).
 */
export function mergeSettings(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
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
