// Glue between valibot schemas and the project's ValidationError: every module describes its
// inputs with valibot, and this file turns valibot's issues into messages that name the field,
// show the value and say what is allowed.
import { Token } from 'cdktf';
import * as v from 'valibot';
import { ValidationError, ValidationIssue } from '../errors';
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

/** A configuration section: unknown keys are errors that list the allowed ones. */
export function settings<E extends v.ObjectEntries>(entries: E) {
  const allowed = Object.keys(entries).join(', ');
  return v.strictObject(entries, (i) => {
    if (i.expected === 'never') return `is not a known setting; allowed here: ${allowed}`;
    return i.input === undefined && i.expected !== 'Object' ? 'is required' : 'must be an object';
  });
}

/** Construct props: the same field rules, but extra keys (references to other constructs) pass. */
export function props<E extends v.ObjectEntries>(entries: E) {
  return v.looseObject(entries, (i) => (i.input === undefined && i.expected !== 'Object' ? 'is required' : 'must be an object'));
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
  v.record(
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
