// What the rules read: one stack's Terraform JSON, resolved, with the reference graph checkov's
// graph checks draw (an edge from a block to every block one of its attributes refers to) and the
// policy documents as the scanners read them.
import type { IamStatement } from './iam-analysis';

/** One resource or data source block of the synthesized JSON. */
export type Block = Record<string, any>;

/** Synthesized Terraform JSON, as far as the rules read it. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
}

const TOKEN = /(?<![\w.-])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)/g;

/** Every string in a block (comments `//` left out). */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const x of value) yield* strings(x);
  else if (value && typeof value === 'object') for (const [k, x] of Object.entries(value)) if (k !== '//') yield* strings(x);
}

export class StackModel {
  /** Blocks by address: `aws_vpc.network_vpc`, `data.aws_iam_policy_document.x`. */
  readonly blocks = new Map<string, Block>();
  private readonly edges = new Map<string, Set<string>>();

  constructor(json: StackJson) {
    for (const [kind, prefix] of [['resource', ''], ['data', 'data.']] as const) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        for (const [name, block] of Object.entries(byName ?? {})) this.blocks.set(`${prefix}${type}.${name}`, block);
      }
    }
    for (const [address, block] of this.blocks) this.edges.set(address, new Set([...this.refs(block)].filter((a) => a !== address)));
  }

  /** Blocks of one type (`aws_vpc`, or `data.aws_iam_policy_document`), with their addresses. */
  *of(type: string): Generator<[string, Block]> {
    for (const [address, block] of this.blocks) if (address.slice(0, address.lastIndexOf('.')) === type) yield [address, block];
  }

  /** Addresses of blocks in this stack that `value` refers to. */
  refs(value: unknown): Set<string> {
    const found = new Set<string>();
    for (const s of strings(value)) {
      const parts = [...s.matchAll(/\$\{(.*?)\}/gs)].map((m) => m[1]);
      for (const part of parts.length > 0 ? parts : [s]) for (const m of part.matchAll(TOKEN)) if (this.blocks.has(m[1])) found.add(m[1]);
    }
    return found;
  }

  /** Whether `value` refers to the block at `address`. */
  refersTo(value: unknown, address: string): boolean {
    return this.refs(value).has(address);
  }

  /** Blocks of the given types connected to `address` by a reference either way. */
  connected(address: string, types: ReadonlySet<string>): string[] {
    const near = new Set(this.edges.get(address) ?? []);
    for (const [other, refs] of this.edges) if (refs.has(address)) near.add(other);
    return [...near].filter((a) => types.has(typeOf(a)));
  }

  /** A literal policy (JSON string or object), as checkov reads it; undefined otherwise. */
  literalPolicy(value: unknown): { Statement?: unknown } | undefined {
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as { Statement?: unknown };
    if (typeof value === 'string' && value.trimStart().startsWith('{')) {
      try {
        return JSON.parse(value) as { Statement?: unknown };
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** What trivy reads: a literal policy, or the aws_iam_policy_document it refers to. */
  resolvedPolicy(value: unknown): { Statement?: unknown } | undefined {
    const literal = this.literalPolicy(value);
    if (literal !== undefined || typeof value !== 'string') return literal;
    const m = /^\$\{(data\.aws_iam_policy_document\.[\w-]+)\.json\}$/.exec(value);
    const block = m ? this.blocks.get(m[1]) : undefined;
    return block ? policyOfDocument(block) : undefined;
  }
}

/** The type part of an address (`aws_vpc` of `aws_vpc.x`, `aws_iam_policy_document` of `data.aws_iam_policy_document.x`). */
export function typeOf(address: string): string {
  const parts = address.split('.');
  return parts[parts.length - 2];
}

export const list = (x: unknown): any[] => (Array.isArray(x) ? x : x === undefined || x === null ? [] : [x]);
export const blocksOf = (x: unknown): Block[] => list(x).filter((b) => b && typeof b === 'object' && !Array.isArray(b));
export const first = (x: unknown): Block => blocksOf(x)[0] ?? {};
/** True as CDKTF writes it (some booleans become "true"). */
export const isTrue = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
export const isFalse = (v: unknown): boolean => v === false || (typeof v === 'string' && v.toLowerCase() === 'false');
/** An unresolved Terraform expression, which the scanners leave undecided. */
export const isExpression = (v: unknown): boolean => typeof v === 'string' && v.includes('${');
export const int = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
};

/** data aws_iam_policy_document as IAM JSON (checkov's conversion; Effect defaults to Allow). */
export function policyOfDocument(block: Block): { Statement: IamStatement[] } {
  return {
    Statement: blocksOf(block.statement).map((s) => {
      const j: Record<string, any> = { Effect: s.effect || 'Allow' };
      for (const [k, K] of [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']]) if (k in s) j[K] = list(s[k]);
      for (const [k, K] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']]) {
        for (const p of blocksOf(s[k])) ((j[K] ??= {})[p.type] ??= []).push(...list(p.identifiers));
      }
      for (const c of blocksOf(s.condition)) ((j.Condition ??= {})[c.test] ??= {})[c.variable] = list(c.values);
      return j as IamStatement;
    }),
  };
}

/** The statements of a policy. */
export function statementsOf(policy: { Statement?: unknown } | undefined): (IamStatement & { Principal?: unknown })[] {
  return list(policy?.Statement).filter((s) => s && typeof s === 'object');
}

/** A statement's principals by type (`"*"` alone counts as every type's "*"). */
export function principalsOf(s: { Principal?: unknown }): Record<string, unknown[]> {
  if (s.Principal === '*') return { '*': ['*'] };
  if (!s.Principal || typeof s.Principal !== 'object') return {};
  return Object.fromEntries(Object.entries(s.Principal as Record<string, unknown>).map(([k, v]) => [k, list(v)]));
}
