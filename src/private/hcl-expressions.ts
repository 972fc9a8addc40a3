// Expressions of the HCL that `cdktf synth --hcl` writes (hcl.ts): a JSON value of the stack as
// the native-syntax expression Terraform reads alike, and the layout `terraform fmt` gives it.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const INDENT = '  ';

/** Thrown for Terraform JSON that cannot be written as HCL; the message names the place. */
export class HclRenderError extends Error {
  override readonly name = 'HclRenderError';
}

/** `value` as an HCL expression; `topLevel` allows a heredoc (the value of an argument itself). */
export function expression(value: Json, level: number, literal: boolean, topLevel = false): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return literal ? quoted([{ text: value.replace(/([$%])\{/g, '$1$1{'), literal: true }]) : template(value, topLevel);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => expression(v, level + 1, literal));
    const oneLine = `[${items.join(', ')}]`;
    if (!oneLine.includes('\n') && pad(level).length + oneLine.length <= 100) return oneLine;
    return `[\n${items.map((item) => `${pad(level + 1)}${item},`).join('\n')}\n${pad(level)}]`;
  }
  const fields = Object.entries(value);
  if (fields.length === 0) return '{}';
  return `{\n${aligned(fields.map(([k, v]) => `${pad(level + 1)}${objectKey(k, literal)} = ${expression(v, level + 1, literal)}`)).join('\n')}\n${pad(level)}}`;
}

/** Words an object key cannot be written as bare: HCL would read a keyword or start a `for` expression. */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if']);
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An object key: bare when it is a plain identifier, else a quoted string (a template, as in JSON). */
export function objectKey(key: string, literal = false): string {
  if (IDENTIFIER.test(key) && !KEYWORDS.has(key)) return key;
  return literal ? quoted([{ text: key.replace(/([$%])\{/g, '$1$1{'), literal: true }]) : quoted(templateParts(key));
}

/**
 * A JSON string in full expression mode, which HCL reads as a template: the same template in
 * native syntax. A single interpolation (`"${a.b}"`) is written as the bare expression, which
 * Terraform evaluates alike (template interpolation unwrapping); a multi-line value ending in a
 * newline as a heredoc, whose literal text needs no escapes.
 */
function template(text: string, topLevel: boolean): string {
  const parts = templateParts(text);
  if (parts.length === 1 && !parts[0].literal && parts[0].text.startsWith('${')) {
    const inner = parts[0].text.slice(2, -1);
    if (!inner.startsWith('~') && !inner.endsWith('~') && !inner.includes('\n') && inner.trim() !== '') return inner.trim();
  }
  if (topLevel && text.includes('\n') && text.endsWith('\n') && !text.includes('\r')) {
    const lines = text.slice(0, -1).split('\n');
    let marker = 'EOT';
    for (let n = 1; lines.some((line) => line.trim() === marker); n++) marker = `EOT${n}`;
    return `<<${marker}\n${text}${marker}`;
  }
  return quoted(parts);
}

interface TemplatePart {
  readonly text: string;
  /** Literal text (escaped when quoted) or a template sequence (`${…}`, `%{…}`, kept as written). */
  readonly literal: boolean;
}

/** `parts` as one quoted string: literal text escaped, template sequences as they are. */
function quoted(parts: readonly TemplatePart[]): string {
  return `"${parts.map((p) => (p.literal ? escapeLiteral(p.text) : p.text)).join('')}"`;
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\"\u0000-\u001f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/**
 * A template split into literal text and template sequences. `$${` and `%%{` are the escapes of
 * a literal `${` and `%{` in both syntaxes, so they stay in the literal text as written.
 */
function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      literal += text.slice(i, i + 3);
      i += 3;
    } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      const end = sequenceEnd(text, i + 2);
      if (literal) parts.push({ text: literal, literal: true });
      literal = '';
      parts.push({ text: text.slice(i, end), literal: false });
      i = end;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal || parts.length === 0) parts.push({ text: literal, literal: true });
  return parts;
}

/** The index after the `}` that closes the template sequence whose expression starts at `start`. */
function sequenceEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = quotedStringEnd(text, i + 1);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  throw new HclRenderError(`unterminated template sequence in ${JSON.stringify(text)}`);
}

/** The index after the `"` that closes a quoted string (inside an expression) starting at `start`. */
function quotedStringEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
    else if ((c === '$' || c === '%') && text[i + 1] === '{') i = sequenceEnd(text, i + 2);
    else i++;
  }
  throw new HclRenderError(`unterminated string in ${JSON.stringify(text)}`);
}

/**
 * A reference written as a JSON string (depends_on, provider, moved, ignore_changes …), which
 * Terraform parses as a native expression: the same text, bare. A `${…}` around it is dropped.
 */
export function reference(value: Json, what: string): string {
  if (typeof value !== 'string') throw new HclRenderError(`cannot write ${what} ${JSON.stringify(value)} as HCL: a reference must be a string`);
  const wrapped = /^\$\{(.*)\}$/s.exec(value);
  return (wrapped ? wrapped[1] : value).trim();
}

export function referenceAttribute(name: string, value: Json, level: number): string {
  return `${pad(level)}${name} = ${reference(value, name)}`;
}

export function referenceListAttribute(name: string, value: Json, level: number): string {
  return `${pad(level)}${name} = ${referenceList(value, name)}`;
}

function referenceList(value: Json, what: string): string {
  return `[${(Array.isArray(value) ? value : [value])
    .map((v) => reference(v, what))
    .join(', ')}]`;
}

/**
 * `items` (arguments, blocks, object fields) with the `=` of neighbouring one-line assignments
 * aligned, as `terraform fmt` does: a block or a value over several lines ends a run, a heredoc
 * counts as one line.
 */
export function aligned(items: readonly string[]): string[] {
  const assignment = /^(\s*)((?:"(?:[^"\\]|\\.)*")|[^\s"=]+) = ([\s\S]*)$/;
  const out = [...items];
  let run: { index: number; indent: string; key: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(...run.map((r) => r.key.length));
    for (const r of run) out[r.index] = `${r.indent}${r.key.padEnd(width)} = ${r.value}`;
    run = [];
  };
  items.forEach((item, index) => {
    const match = assignment.exec(item);
    const oneLine = match !== null && (!item.includes('\n') || match[3].startsWith('<<'));
    if (match && oneLine) run.push({ index, indent: match[1], key: match[2], value: match[3] });
    else if (run.length > 0) flush();
  });
  if (run.length > 0) flush();
  return out;
}

export function pad(level: number): string {
  return INDENT.repeat(level);
}
