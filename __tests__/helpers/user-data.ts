// Reads launch template user data back: base64 (or the `base64encode(join(...))` expression CDKTF
// writes when the text refers to resources), MIME multipart parts, YAML NodeConfig and TOML.
import { parse as parseYaml } from 'yaml';

/**
 * The user data text of a synthesized or planned `user_data`. References to resources come back
 * as `${aws_x.name.attr}` placeholders.
 */
export function decodeUserData(value: string): string {
  if (!value.startsWith('${base64encode(')) return Buffer.from(value, 'base64').toString('utf8');
  const inner = value.slice('${base64encode(join("", ['.length, -']))}'.length);
  const out: string[] = [];
  let i = 0;
  while (i < inner.length) {
    if (inner[i] === ',' || inner[i] === ' ') {
      i++;
    } else if (inner[i] === '"') {
      let j = i + 1;
      let text = '';
      while (inner[j] !== '"') {
        if (inner[j] === '\\') {
          const c = inner[j + 1];
          text += c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c;
          j += 2;
        } else if (inner.startsWith('$${', j) || inner.startsWith('%%{', j)) {
          text += inner[j] + '{';
          j += 3;
        } else {
          text += inner[j++];
        }
      }
      out.push(text);
      i = j + 1;
    } else {
      // A reference or a function call, up to the next comma outside parentheses and strings.
      let j = i;
      let depth = 0;
      while (j < inner.length && !(inner[j] === ',' && depth === 0)) {
        if (inner[j] === '"') j = inner.indexOf('"', j + 1);
        else if ('([{'.includes(inner[j])) depth++;
        else if (')]}'.includes(inner[j])) depth--;
        j++;
      }
      out.push('${' + inner.slice(i, j).trim() + '}');
      i = j;
    }
  }
  return out.join('');
}

export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

/** The parts of a MIME multipart document; fails unless it is well formed and closed. */
export function mimeParts(text: string): MimePart[] {
  const [head, ...rest] = text.split('\n\n');
  const boundary = /boundary="([^"]+)"/.exec(head)?.[1];
  if (!head.includes('MIME-Version: 1.0') || !boundary) throw new Error(`not a MIME multipart document:\n${text}`);
  const body = rest.join('\n\n');
  const closing = `--${boundary}--`;
  if (!body.trimEnd().endsWith(closing)) throw new Error(`MIME document not closed with ${closing}`);
  return body
    .slice(0, body.lastIndexOf(closing))
    .split(`--${boundary}\n`)
    .filter((p) => p.trim() !== '')
    .map((part) => {
      const [headers, ...content] = part.split('\n\n');
      return {
        headers: Object.fromEntries(headers.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()])),
        // The line break before a boundary belongs to the boundary.
        body: content.join('\n\n').replace(/\n$/, ''),
      };
    });
}

/** The NodeConfig documents of AL2023 user data. */
export function nodeConfigs(text: string): any[] {
  return mimeParts(text)
    .filter((p) => p.headers['Content-Type'] === 'application/node.eks.aws')
    .map((p) => parseYaml(p.body));
}

/** A small TOML reader for the tables, strings, numbers, booleans and lists Bottlerocket user data holds. */
export function parseToml(text: string): Record<string, any> {
  const root: Record<string, any> = {};
  let table = root;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      table = root;
      for (const key of splitKeys(header[1])) table = table[key] ??= {};
      continue;
    }
    const eq = line.indexOf(' = ');
    if (eq < 0) throw new Error(`not a TOML line: ${line}`);
    table[splitKeys(line.slice(0, eq))[0]] = JSON.parse(line.slice(eq + 3));
  }
  return root;
}

function splitKeys(path: string): string[] {
  return (path.match(/"[^"]*"|[^.]+/g) ?? []).map((k) => (k.startsWith('"') ? JSON.parse(k) : k));
}
