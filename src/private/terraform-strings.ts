// Long texts that mix literal content (scripts, YAML, TOML) with Terraform references, such as
// user data that names the cluster endpoint. CDKTF refuses double quotes in function arguments and
// its Fn.rawString leaves `%{` and backslashes unescaped, so literals are written here as HCL
// string literals and joined with the references by Terraform.
import { Fn, IResolvable, Token, Tokenization } from 'cdktf';

/** `text` as an HCL quoted string, with template sequences (`${`, `%{`) escaped. */
export function hclQuoted(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${escaped}"`;
}

type Fragment =
  | { type: 'literal'; lit: unknown }
  | { type: 'escape'; kind: 'open' | 'close' }
  | { type: 'token'; token: IResolvable }
  | { type: 'intrinsic'; value: unknown };

function literal(text: string): string {
  const resolvable: IResolvable = { creationStack: [], resolve: () => hclQuoted(text), toString: () => text };
  return Token.asString(resolvable);
}

/**
 * `text` base64-encoded, as EC2 user data must be: computed here when `text` is plain (so a plan
 * shows it), by Terraform (`base64encode(join(...))`) when it holds references.
 */
export function base64Text(text: string): string {
  if (!Token.isUnresolved(text)) return Buffer.from(text, 'utf8').toString('base64');
  // TokenizedStringFragments keeps its fragment list private; its shape is stable across CDKTF 0.x.
  const { fragments } = Tokenization.reverseString(text) as unknown as { fragments: Fragment[] };
  const parts = fragments.map((f) => {
    if (f.type === 'literal') return literal(String(f.lit));
    if (f.type === 'escape') return literal(f.kind === 'open' ? '${' : '}');
    return Token.asString(f.type === 'token' ? f.token : f.value);
  });
  return Fn.base64encode(Fn.join('', parts));
}
