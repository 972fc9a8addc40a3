// Glue between valibot schemas and the project's ValidationError: every module describes its
// inputs with valibot, and this file turns valibot's issues into messages that name the field,
// show the value and say what is allowed.
import { Token } from 'cdktf';
import * as v from 'valibot';
import { showValue, ValidationError, ValidationIssue } from '../errors';
import { cidrProblem } from './cidr';

type AnySchema = v.GenericSchema;

/**
 * The default tail of a message for valibot's built-in checks ("must be a string").
 * Schema-specific messages below replace it where a better one exists.
 */
v.setGlobalMessage((i) => {
  if (i.kind === 'schema' && i.type === 'strict_object') return 'is not a known setting';
  if (i.input === undefined && i.kind === 'schema') return `is required (${i.expected})`;
  return `must be ${i.expected}`;
});

/** True for a value that is (or holds) an unresolved CDKTF token; such values are not checked. */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** Runs `schema` on `input` and returns every problem as ValidationIssues (empty when valid). */
export function schemaIssues(schema: AnySchema, input: unknown): ValidationIssue[] {
  const result = v.safeParse(schema, input, { abortEarly: false });
  if (result.success) return [];
  return result.issues.map((i) => {
    const path = (i.path ?? []).map((p) => p.key as string | number);
    const unknownKey = i.type === 'strict_object' && i.expected === 'never';
    const missing = i.input === undefined && i.kind === 'schema';
    return {
      path,
      received: i.input,
      hasReceived: !unknownKey && !missing,
      message: i.message,
    };
  });
}

/** Validates `input` against `schema`; throws one ValidationError listing every problem. */
export function validate<S extends AnySchema>(schema: S, input: unknown, subject: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortEarly: false });
  if (result.success) return result.output;
  throw new ValidationError(subject, schemaIssues(schema, input));
}

/** A configuration section: unknown keys are errors that list the allowed ones; a list is refused. */
export function settings<E extends v.ObjectEntries>(entries: E) {
  const allowed = Object.keys(entries).join(', ');
  const schema = v.strictObject(entries, (i) => {
    if (i.expected === 'never') return `is not a known setting; allowed here: ${allowed}`;
    return i.input === undefined && i.expected !== 'Object' ? 'is required' : 'must be an object';
  });
  return refusingLists(schema, (list) => `must be an object of settings, not a list${listHint(list)}`);
}

/** Construct props: the same field rules, but extra keys (references to other constructs) pass. */
export function props<E extends v.ObjectEntries>(entries: E) {
  const schema = v.looseObject(entries, (i) => (i.input === undefined && i.expected !== 'Object' ? 'is required' : 'must be an object'));
  return refusingLists(schema, () => 'must be an object, not a list');
}

export interface MapOptions {
  /**
   * The keys name constructs, so they become part of Terraform addresses, where every character
   * but letters, digits and "_" turns into "_": two keys that differ only there are refused.
   * @default false
   */
  readonly addressKeys?: boolean;
}

/**
 * A map of names to values (`message` says which, e.g. "must be a map of node group names to
 * settings"). Valibot's record takes any object, lists included (`["team=platform"]` would become
 * the key "0"): every map of the project is declared here, so each refuses a list and shows it
 * written as a map.
 */
export function map<K extends v.GenericSchema<string, string>, V extends AnySchema>(key: K, value: V, message: string, options: MapOptions = {}) {
  const record = v.record(key, value, message);
  const checked = options.addressKeys
    ? v.pipe(
        record,
        v.rawCheck(({ dataset, addIssue }) => {
          if (!dataset.typed) return;
          for (const [name, first] of addressCollisions(Object.keys(dataset.value))) {
            addIssue({
              input: name,
              message: `and ${JSON.stringify(first)} beside it would have the same Terraform address: addresses turn every character but letters, digits and "_" into "_"; rename one of them`,
              path: [{ type: 'object', origin: 'key', input: dataset.value, key: name, value: (dataset.value as Record<string, unknown>)[name] }],
            });
          }
        }),
      )
    : record;
  return refusingLists(checked, (list) => `${message}, not a list${listHint(list)}`);
}

/** The Terraform address fragment a name gives (ReadableIdStack's rule). */
export function addressFragment(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Each name whose address fragment an earlier name already has, with that earlier name. */
export function addressCollisions(names: readonly string[], fragment: (name: string) => string = addressFragment): [string, string][] {
  const owners = new Map<string, string>();
  const collisions: [string, string][] = [];
  for (const name of names) {
    const first = owners.get(fragment(name));
    if (first === undefined) owners.set(fragment(name), name);
    else collisions.push([name, first]);
  }
  return collisions;
}

/**
 * How a list given where a map belongs reads as one: items with a `name` (eksctl's shape) keyed
 * by it, `key=value` strings as pairs; empty when the items have neither.
 */
export function listHint(list: readonly unknown[]): string {
  if (list.length === 0) return ' (write {} for an empty one)';
  const more = list.length > 2 ? ', ...' : '';
  const named = list.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as { name?: unknown }).name === 'string');
  if (named) {
    const entries = (list as { name: string }[]).slice(0, 2).map(({ name, ...rest }) => `${JSON.stringify(name)}: ${showValue(rest)}`);
    return `; write it as {${entries.join(', ')}${more}} (each item's "name" becomes its key)`;
  }
  if (list.every((x) => typeof x === 'string' && /^[^=]+=/.test(x))) {
    const entries = (list as string[]).slice(0, 2).map((x) => {
      const at = x.indexOf('=');
      return `${JSON.stringify(x.slice(0, at))}: ${JSON.stringify(x.slice(at + 1))}`;
    });
    return `; write it as {${entries.join(', ')}${more}}`;
  }
  if (list.every((x) => typeof x === 'string')) {
    return `; write it as {${(list as string[]).slice(0, 2).map((x) => `${JSON.stringify(x)}: {}`).join(', ')}${more}}`;
  }
  return '';
}

/**
 * `schema`, except that a list is refused with `message(list)` before the schema sees it. The
 * issue has the shape of valibot's own, so schemaIssues() reports it like any other.
 */
function refusingLists<S extends AnySchema>(schema: S, message: (list: readonly unknown[]) => string): S {
  return {
    ...schema,
    '~run'(dataset: v.UnknownDataset, config: v.Config<v.BaseIssue<unknown>>) {
      const input = dataset.value;
      if (!Array.isArray(input)) return schema['~run'](dataset, config);
      const issue = { kind: 'schema', type: schema.type, input, expected: 'Object', received: 'Array', message: message(input), requirement: undefined, path: undefined, issues: undefined, lang: config.lang, abortEarly: config.abortEarly, abortPipeEarly: config.abortPipeEarly };
      return { typed: false, value: input, issues: [issue] };
    },
  } as S;
}

/** One of a fixed list of strings. */
export function oneOf<const T extends readonly string[]>(values: T) {
  const list = values.map((x) => JSON.stringify(x)).join(', ');
  return v.picklist(values, `must be one of ${list}`);
}

/** A string that matches `pattern` (tokens pass). */
export function matching(pattern: RegExp, rule: string) {
  return v.pipe(
    v.string('must be a string'),
    v.check((s) => isUnresolved(s) || pattern.test(s), rule),
  );
}

/**
 * A Kubernetes version as a string, matching `pattern` when given (tokens pass). A number is
 * refused with how to write it: YAML and JSON read an unquoted 1.30 as the number 1.3.
 */
export function kubernetesVersion(pattern?: RegExp, rule = '') {
  const text = v.string((i) => (typeof i.input === 'number' ? 'is a number: quote the version, e.g. "1.30" (YAML and JSON read 1.30 unquoted as the number 1.3)' : 'must be a string'));
  return pattern ? v.pipe(text, v.check((s) => isUnresolved(s) || pattern.test(s), rule)) : text;
}

/** A whole number in [min, max]. */
export function integer(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
  return v.pipe(
    v.number('must be a number'),
    v.check((n) => isUnresolved(n) || (Number.isInteger(n) && n >= min && n <= max), `must be a whole number ${range}`),
  );
}

/** A non-empty list of `item`s without duplicates. */
export function nonEmptyList<S extends AnySchema>(item: S, what: string) {
  return v.pipe(
    v.array(item, `must be a list of ${what}`),
    v.check((a) => isUnresolved(a) || a.length > 0, `must list at least one ${what}`),
    v.check((a) => isUnresolved(a) || new Set(a.map((x) => JSON.stringify(x))).size === a.length, `must not list the same ${what} twice`),
  );
}

/**
 * AWS resource tags: at most 50, keys 1–128 characters not starting with `aws:`, values up to
 * 256 characters (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html).
 */
export const tagMap = v.pipe(
  map(
    v.pipe(
      v.string(),
      v.check((k) => k.length >= 1 && k.length <= 128, 'must be a tag key of 1 to 128 characters'),
      v.check((k) => !k.toLowerCase().startsWith('aws:'), 'must not start with "aws:" (tag keys reserved by AWS)'),
    ),
    v.pipe(
      v.string('must be a string tag value'),
      v.check((s) => isUnresolved(s) || s.length <= 256, 'must be a tag value of at most 256 characters'),
    ),
    'must be a map of tag names to string values',
  ),
  v.check((m) => Object.keys(m).length <= 50, 'must hold at most 50 tags'),
);

/** An IPv4 CIDR block written on its boundary, with a prefix length in [minPrefix, maxPrefix]. */
export function ipv4Cidr(minPrefix: number, maxPrefix: number) {
  return v.pipe(
    v.string('must be a CIDR block string'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed || isUnresolved(dataset.value)) return;
      const problem = cidrProblem(dataset.value);
      if (problem) {
        addIssue({ message: problem });
        return;
      }
      const prefix = Number(dataset.value.split('/')[1]);
      if (prefix < minPrefix || prefix > maxPrefix) {
        addIssue({ message: `must have a prefix length from /${minPrefix} to /${maxPrefix}` });
      }
    }),
  );
}

/** `cidrBlocks` entry that stands for the VPC's own block, so rules follow a changed `vpcCidr`. */
export const VPC_CIDR = 'vpc';

/** Blocks a security group rule admits: IPv4 CIDR blocks or `"vpc"` (the VPC block). */
export const ruleCidrBlocks = nonEmptyList(v.union([v.literal(VPC_CIDR), ipv4Cidr(0, 32)], 'must be an IPv4 CIDR block or "vpc"'), 'CIDR block');
