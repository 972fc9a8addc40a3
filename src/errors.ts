// Project-wide error type: every invalid input, from a configuration file or from the
// TypeScript API, ends up as one ValidationError that names the field, the value and what is
// allowed. Nothing is synthesized once one is thrown.

/** One problem found in the input. */
export interface ValidationIssue {
  /** Path of the field from the root of the input (`['nodeGroups', 'default', 'minSize']`). */
  readonly path: readonly (string | number)[];
  /** The value received; absent when the field itself is missing. */
  readonly received?: unknown;
  /** Whether `received` is meaningful (a missing field has no value to show). */
  readonly hasReceived: boolean;
  /** What is wrong and what is allowed, e.g. `must be <= 'desiredSize' (2)`. */
  readonly message: string;
}

/** Thrown for any invalid input; lists every problem found in one pass. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';

  constructor(
    /** What was being validated, e.g. `configuration` or `ManagedNodeGroup 'aws/node_group_default'`. */
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(formatMessage(subject, issues));
  }

  /** One line per issue, as printed to users. */
  get lines(): string[] {
    return this.issues.map(formatIssue);
  }
}

/** Builds an issue for a field with a value. */
export function issue(path: readonly (string | number)[], received: unknown, message: string): ValidationIssue {
  return { path, received, hasReceived: true, message };
}

/** Throws a ValidationError when `issues` is not empty. */
export function throwIfIssues(subject: string, issues: readonly ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationError(subject, issues);
}

/** Renders a value the way it appears in error messages: strings quoted, objects as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

function formatIssue(i: ValidationIssue): string {
  const field = i.path.length > 0 ? `'${i.path.join('.')}'` : 'the input';
  return i.hasReceived ? `${field} (${showValue(i.received)}) ${i.message}` : `${field} ${i.message}`;
}

function formatMessage(subject: string, issues: readonly ValidationIssue[]): string {
  const n = issues.length;
  const head = `Invalid ${subject}: ${n} problem${n === 1 ? '' : 's'}`;
  return [head, ...issues.map((i) => `  - ${formatIssue(i)}`)].join('\n');
}

/** Exit status of a command stopped by an error of this project rather than by its input (sysexits EX_SOFTWARE). */
export const INTERNAL_ERROR_STATUS = 70;

/**
 * What a command prints for an error that stopped it, and its exit status: a ValidationError's
 * problems (status 1); anything else is a bug of this project, told in one line without a stack
 * trace (status 70). Every entry point (main.ts, scripts/) reports errors through this.
 */
export function failureReport(error: unknown): { readonly text: string; readonly status: number } {
  if (error instanceof ValidationError) return { text: error.message, status: 1 };
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    text: `Internal error, a bug in this project (eks-cdktf), not in your configuration; please report it with this line: ${what.split('\n')[0]}`,
    status: INTERNAL_ERROR_STATUS,
  };
}
