// Book chapter06-launch-template `user-data.sh`: the user data that joins a node to its cluster
// and sets its pod density, written for the AMI family that will read it:
// - Amazon Linux 2023: a nodeadm NodeConfig (YAML) in a MIME multipart document
//   (https://awslabs.github.io/amazon-eks-ami/nodeadm/);
// - Amazon Linux 2: a shell part calling /etc/eks/bootstrap.sh, in MIME multipart (the book's
//   format; AL2023 has no bootstrap.sh, which is why the book's --max-pods=120 has no effect there);
// - Bottlerocket: TOML settings (https://bottlerocket.dev/en/os/latest/api/settings/kubernetes/).
// On an EKS AMI in a managed node group, EKS adds the cluster connection itself and merges it with
// this user data; a custom AMI or a self-managed node must carry the connection here.
import { Fn } from 'cdktf';
import { stringify } from 'yaml';
import { issue, ValidationIssue } from '../../../errors';
import { AMI_FAMILY_NAMES, AmiFamily } from './ami';
import type { Taint, TaintEffect, UserDataOptions } from './schema';

/** What a node needs to join a cluster on its own. */
export interface ClusterConnection {
  readonly name: string;
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthority: string;
  /** Service IPv4 block of the cluster (nodeadm `cidr`; the DNS service is its 10th address). */
  readonly serviceIpv4Cidr: string;
}

export interface UserDataSpec {
  readonly family: AmiFamily;
  /** The cluster to join, when the user data must join it itself; absent when EKS adds it. */
  readonly join?: ClusterConnection;
  readonly maxPods?: number;
  /** Kubelet labels and taints (only with `join`: EKS applies a managed group's own). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  readonly options?: UserDataOptions;
}

export const MIME_BOUNDARY = '==EKSCDKTF==';
const NODEADM_API = 'node.eks.aws/v1alpha1';

/** Problems with asking `spec.family` to read this user data (paths relative to the launch template props). */
export function userDataIssues(spec: UserDataSpec): ValidationIssue[] {
  const o = spec.options ?? {};
  const family = AMI_FAMILY_NAMES[spec.family];
  const issues: ValidationIssue[] = [];
  const at = (field: keyof UserDataOptions) => ['userData', field];

  if (o.raw !== undefined) {
    for (const field of ['script', 'nodeConfig', 'bottlerocketSettings'] as const) {
      if (o[field] !== undefined) issues.push(issue(at(field), o[field], `cannot be combined with 'userData.raw', which replaces the generated user data; use one or the other`));
    }
    if (spec.maxPods !== undefined) issues.push(issue(['maxPods'], spec.maxPods, `cannot be combined with 'userData.raw' (raw user data sets its own kubelet settings); remove one of them`));
    const wrong = rawFamilyProblem(o.raw, spec.family);
    if (wrong) issues.push(issue(at('raw'), abbreviate(o.raw), wrong));
    return issues;
  }
  if (spec.family === 'custom') {
    if (spec.join) {
      issues.push({
        path: ['userData', 'raw'],
        hasReceived: false,
        message: `is required for amiType "CUSTOM": nothing else can join a custom AMI to the cluster; set 'amiType' to the AMI's family (e.g. "AL2023_x86_64_STANDARD") to have the bootstrap generated, or give the complete user data here`,
      });
    }
    for (const field of ['script', 'nodeConfig', 'bottlerocketSettings'] as const) {
      if (o[field] !== undefined) issues.push(issue(at(field), abbreviate(o[field]), `needs a known AMI family; set 'amiType' to the AMI's family or use 'userData.raw'`));
    }
    if (spec.maxPods !== undefined) issues.push(issue(['maxPods'], spec.maxPods, `needs a known AMI family to be written into user data; set 'amiType' to the AMI's family or use 'userData.raw'`));
    return issues;
  }
  if (spec.family === 'windows') {
    for (const field of ['script', 'nodeConfig', 'bottlerocketSettings'] as const) {
      if (o[field] !== undefined) issues.push(issue(at(field), abbreviate(o[field]), `is not generated for Windows nodes; use 'userData.raw' (PowerShell)`));
    }
    if (spec.maxPods !== undefined) issues.push(issue(['maxPods'], spec.maxPods, `is not written into Windows user data by this project; use 'userData.raw'`));
    if (spec.join) issues.push({ path: ['userData', 'raw'], hasReceived: false, message: `is required for Windows nodes that join the cluster on their own (custom AMI or self-managed)` });
    return issues;
  }
  if (o.nodeConfig !== undefined && spec.family !== 'al2023') {
    issues.push(issue(at('nodeConfig'), abbreviate(o.nodeConfig), `is a nodeadm NodeConfig, which only Amazon Linux 2023 reads; ${family} ${spec.family === 'bottlerocket' ? "reads TOML settings: use 'userData.bottlerocketSettings'" : "uses /etc/eks/bootstrap.sh: use 'maxPods', 'labels', 'taints' or 'userData.script'"}`));
  }
  if (o.nodeConfig !== undefined && spec.family === 'al2023') {
    if ('cluster' in o.nodeConfig) issues.push(issue([...at('nodeConfig'), 'cluster'], abbreviate(o.nodeConfig.cluster), `is written by the node group (or by EKS); remove it`));
    const kubeletConfig = (o.nodeConfig.kubelet as { config?: Record<string, unknown> } | undefined)?.config;
    if (spec.maxPods !== undefined && kubeletConfig && 'maxPods' in kubeletConfig) {
      issues.push(issue([...at('nodeConfig'), 'kubelet', 'config', 'maxPods'], kubeletConfig.maxPods, `conflicts with 'maxPods' (${spec.maxPods}); set one of them`));
    }
  }
  if (o.bottlerocketSettings !== undefined && spec.family !== 'bottlerocket') {
    issues.push(issue(at('bottlerocketSettings'), abbreviate(o.bottlerocketSettings), `are Bottlerocket TOML settings; ${family} ${spec.family === 'al2023' ? "reads a nodeadm NodeConfig: use 'userData.nodeConfig'" : "runs shell user data: use 'userData.script'"}`));
  }
  if (o.script !== undefined) {
    if (spec.family === 'bottlerocket') {
      issues.push(issue(at('script'), abbreviate(o.script), `cannot run on Bottlerocket, which has no shell user data; use 'userData.bottlerocketSettings' (e.g. a bootstrap container)`));
    } else if (o.script.includes('/etc/eks/bootstrap.sh')) {
      issues.push(
        issue(
          at('script'),
          abbreviate(o.script),
          spec.family === 'al2023'
            ? `calls /etc/eks/bootstrap.sh, which Amazon Linux 2023 does not have (nodeadm joins the node); set 'maxPods' or 'userData.nodeConfig' instead`
            : `calls /etc/eks/bootstrap.sh, which ${spec.join ? 'the node group calls itself' : 'EKS calls itself on its AMI'}; set 'maxPods', 'labels' or 'taints' instead`,
        ),
      );
    }
  }
  if (spec.family === 'al2' && !spec.join && spec.maxPods !== undefined) {
    issues.push(issue(['maxPods'], spec.maxPods, `cannot be set on an EKS Amazon Linux 2 AMI, whose bootstrap.sh arguments EKS writes itself; use AL2023 (amiType "AL2023_x86_64_STANDARD") or a custom AMI ('amiId')`));
  }
  return issues;
}

/** Why raw user data looks written for another family than `family`, or undefined. */
function rawFamilyProblem(raw: string, family: AmiFamily): string | undefined {
  const isToml = /^\s*\[settings[.\]]/m.test(raw);
  const isNodeConfig = raw.includes(NODEADM_API) || /kind:\s*NodeConfig/.test(raw);
  const callsBootstrap = raw.includes('/etc/eks/bootstrap.sh');
  if (family === 'al2023' && callsBootstrap) return 'calls /etc/eks/bootstrap.sh, which Amazon Linux 2023 does not have: write a nodeadm NodeConfig';
  if (family === 'al2023' && isToml) return 'holds Bottlerocket TOML settings; Amazon Linux 2023 reads a nodeadm NodeConfig';
  if (family === 'al2' && isNodeConfig) return 'holds a nodeadm NodeConfig, which only Amazon Linux 2023 reads; Amazon Linux 2 uses /etc/eks/bootstrap.sh';
  if (family === 'al2' && isToml) return 'holds Bottlerocket TOML settings; Amazon Linux 2 runs shell user data';
  if (family === 'bottlerocket' && (isNodeConfig || callsBootstrap || /^(#!|MIME-Version)/m.test(raw))) {
    return 'is shell or MIME user data; Bottlerocket only reads TOML settings';
  }
  return undefined;
}

function abbreviate(value: unknown): unknown {
  return typeof value === 'string' && value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

/** The user data text (it may hold Terraform references), or undefined when there is nothing to say. */
export function renderUserData(spec: UserDataSpec): string | undefined {
  const o = spec.options ?? {};
  if (o.raw !== undefined) return o.raw;
  switch (spec.family) {
    case 'al2023':
      return al2023UserData(spec, o);
    case 'al2':
      return al2UserData(spec, o);
    case 'bottlerocket':
      return bottlerocketUserData(spec, o);
    default:
      return undefined;
  }
}

function al2023UserData(spec: UserDataSpec, o: UserDataOptions): string | undefined {
  const kubeletConfig: Record<string, unknown> = spec.maxPods === undefined ? {} : { maxPods: spec.maxPods };
  const flags = spec.join ? kubeletFlags(spec) : [];
  const generated: Record<string, unknown> = {
    ...(spec.join
      ? {
          cluster: {
            name: spec.join.name,
            apiServerEndpoint: spec.join.endpoint,
            certificateAuthority: spec.join.certificateAuthority,
            cidr: spec.join.serviceIpv4Cidr,
          },
        }
      : {}),
    ...(Object.keys(kubeletConfig).length > 0 || flags.length > 0
      ? { kubelet: { ...(Object.keys(kubeletConfig).length > 0 ? { config: kubeletConfig } : {}), ...(flags.length > 0 ? { flags } : {}) } }
      : {}),
  };
  const spec_ = deepMerge(generated, o.nodeConfig ?? {});
  const parts: MimePart[] = [];
  if (o.script !== undefined) parts.push(shellPart(o.script));
  if (Object.keys(spec_).length > 0) {
    const doc = stringify(
      { apiVersion: NODEADM_API, kind: 'NodeConfig', spec: spec_ },
      { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' },
    );
    parts.push({ contentType: 'application/node.eks.aws', body: `---\n${doc}` });
  }
  return parts.length > 0 ? mime(parts) : undefined;
}

function al2UserData(spec: UserDataSpec, o: UserDataOptions): string | undefined {
  const lines: string[] = [];
  if (o.script !== undefined) lines.push(o.script.trimEnd());
  if (spec.join) {
    const c = spec.join;
    const kubeletArgs = [...(spec.maxPods === undefined ? [] : [`--max-pods=${spec.maxPods}`]), ...kubeletFlags(spec)];
    const args = [
      `/etc/eks/bootstrap.sh ${shellQuote(c.name)}`,
      `--apiserver-endpoint ${shellQuote(c.endpoint)}`,
      `--b64-cluster-ca ${shellQuote(c.certificateAuthority)}`,
      `--service-ipv4-cidr ${shellQuote(c.serviceIpv4Cidr)}`,
      ...(kubeletArgs.length > 0 ? [`--kubelet-extra-args ${shellQuote(kubeletArgs.join(' '))}`] : []),
      ...(spec.maxPods === undefined ? [] : ['--use-max-pods false']),
    ];
    lines.push(args.join(' \\\n  '));
  }
  if (lines.length === 0) return undefined;
  return mime([shellPart(lines.join('\n'))]);
}

function bottlerocketUserData(spec: UserDataSpec, o: UserDataOptions): string | undefined {
  const kubernetes: Record<string, unknown> = {};
  if (spec.join) {
    kubernetes['cluster-name'] = spec.join.name;
    kubernetes['api-server'] = spec.join.endpoint;
    kubernetes['cluster-certificate'] = spec.join.certificateAuthority;
    kubernetes['cluster-dns-ip'] = Fn.cidrhost(spec.join.serviceIpv4Cidr, 10);
  }
  if (spec.maxPods !== undefined) kubernetes['max-pods'] = spec.maxPods;
  if (spec.join && spec.labels && Object.keys(spec.labels).length > 0) kubernetes['node-labels'] = { ...spec.labels };
  if (spec.join && spec.taints && spec.taints.length > 0) {
    const taints: Record<string, string[]> = {};
    for (const t of spec.taints) (taints[t.key] ??= []).push(`${t.value ?? ''}:${kubeletEffect(t.effect)}`);
    kubernetes['node-taints'] = taints;
  }
  const settings = deepMerge(Object.keys(kubernetes).length > 0 ? { kubernetes } : {}, o.bottlerocketSettings ?? {});
  return Object.keys(settings).length > 0 ? toToml({ settings }) : undefined;
}

/** `--node-labels` and `--register-with-taints` for nodes that join on their own. */
function kubeletFlags(spec: UserDataSpec): string[] {
  const flags: string[] = [];
  const labels = Object.entries(spec.labels ?? {});
  if (labels.length > 0) flags.push(`--node-labels=${labels.map(([k, v]) => `${k}=${v}`).join(',')}`);
  const taints = spec.taints ?? [];
  if (taints.length > 0) flags.push(`--register-with-taints=${taints.map((t) => `${t.key}=${t.value ?? ''}:${kubeletEffect(t.effect)}`).join(',')}`);
  return flags;
}

/** `NO_SCHEDULE` (EKS API) as the kubelet spells it, `NoSchedule`. */
export function kubeletEffect(effect: TaintEffect): string {
  return effect
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

interface MimePart {
  readonly contentType: string;
  readonly body: string;
}

function shellPart(script: string): MimePart {
  const body = script.startsWith('#!') ? script : `#!/bin/bash\nset -o errexit -o pipefail -o nounset\n${script}`;
  return { contentType: 'text/x-shellscript; charset="us-ascii"', body };
}

/** A MIME multipart/mixed document, the format EKS requires for Amazon Linux launch template user data. */
function mime(parts: readonly MimePart[]): string {
  const out = ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`, ''];
  for (const p of parts) out.push(`--${MIME_BOUNDARY}`, `Content-Type: ${p.contentType}`, '', p.body.endsWith('\n') ? p.body.slice(0, -1) : p.body, '');
  out.push(`--${MIME_BOUNDARY}--`, '');
  return out.join('\n');
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Objects merge key by key (`extra` wins on leaves), lists concatenate. */
function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    if (isObject(current) && isObject(value)) out[key] = deepMerge(current, value);
    else if (Array.isArray(current) && Array.isArray(value)) out[key] = [...current, ...value];
    else out[key] = value;
  }
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A small TOML writer for Bottlerocket settings: tables, strings, numbers, booleans and lists. */
export function toToml(doc: Record<string, unknown>): string {
  const lines: string[] = [];
  const write = (path: string[], table: Record<string, unknown>) => {
    const scalars = Object.entries(table).filter(([, v]) => !isObject(v));
    const tables = Object.entries(table).filter(([, v]) => isObject(v)) as [string, Record<string, unknown>][];
    if (scalars.length > 0 && path.length > 0) {
      if (lines.length > 0) lines.push('');
      lines.push(`[${path.map(tomlKey).join('.')}]`);
    }
    for (const [k, v] of scalars) lines.push(`${tomlKey(k)} = ${tomlValue(v)}`);
    for (const [k, v] of tables) write([...path, k], v);
  };
  write([], doc);
  return `${lines.join('\n')}\n`;
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function tomlValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  throw new Error(`cannot write ${JSON.stringify(value)} as a TOML value`);
}
