// Terraform native syntax (HCL) for `cdktf synth --hcl`, written from the stack's Terraform JSON,
// the configuration `cdktf synth` writes and Terraform plans, so the two formats say the same.
//
// CDKTF 0.21.0's own renderer (node_modules/cdktf/lib/hcl/render.js, called by
// TerraformStack.toHclTerraform) writes HCL that Terraform refuses or reads differently:
// - renderAttributes writes `lifecycle` through renderSimpleAttributes, so a precondition becomes an
//   argument (`precondition = [{…}]`: "An argument named "precondition" is not expected here") and
//   ignore_changes and replace_triggered_by entries become quoted strings ("Invalid
//   replace_triggered_by expression");
// - depends_on entries are quoted strings ("Quoted references are deprecated");
// - TerraformStack.toHclTerraform renders only the `terraform` part of the stack's overrides, so a
//   `check` block added with addOverride is left out;
// - renderString and escapeQuotes leave a string that holds "${" as it is, so a literal quote or
//   backslash beside a reference ends the string early (`'{"host":["${…}"]}'`), and escape only
//   the quotes of a string without one, never its backslashes;
// - renderString writes a multi-line string as a heredoc, whose value ends with one more newline;
// - renderFuzzyJsonExpression, used for everything without type information (outputs, locals,
//   overrides, lists), writes a string that reads as an integer as a number and one that starts
//   with "[", "{" or '"' as raw HCL; renderLocals drops locals whose value is falsy (0, false, "");
// - every argument CDKTF types as complex is written as a nested block, also those the provider
//   declares as attributes (hcl-blocks.ts).
// A string cannot be repaired in the rendered text (where it ends is what that text no longer
// says), so the whole file is written here: values from the JSON, and from the bindings' types
// only which keys are nested blocks (BlockSchemas, hcl-blocks.ts). The rules for reading JSON are
// HCL's (https://github.com/hashicorp/hcl/blob/main/json/spec.md) and Terraform's
// (https://developer.hashicorp.com/terraform/language/syntax/json); hcl-expressions.ts writes the
// expressions.
import { aligned, expression, HclRenderError, IDENTIFIER, Json, JsonObject, objectKey, pad, reference, referenceAttribute, referenceListAttribute } from './hcl-expressions';

export { HclRenderError } from './hcl-expressions';

/** The nested block types of a body, each with the nested block types of its own body. */
export interface BlockSchema {
  readonly [name: string]: BlockSchema;
}

/**
 * Nested block types by configuration block: `resource.<type>`, `data.<type>`,
 * `ephemeral.<type>`, `provider.<name>`. A key not listed is an attribute.
 */
export type BlockSchemas = Readonly<Record<string, BlockSchema>>;

const NO_BLOCKS: BlockSchema = {};

/** The stack's Terraform JSON (`toTerraform()`) as HCL, top-level blocks in Terraform's usual order. */
export function renderHcl(json: Record<string, unknown>, schemas: BlockSchemas): string {
  const config = json as JsonObject;
  const blocks: string[] = [];
  const order = ['terraform', 'provider', 'variable', 'locals', 'data', 'ephemeral', 'resource', 'module', 'output', 'check', 'moved', 'import'];
  const unknown = Object.keys(config).filter((key) => key !== '//' && !order.includes(key));
  if (unknown.length > 0) {
    throw new HclRenderError(`cannot write the top-level ${unknown.map((k) => JSON.stringify(k)).join(', ')} of this stack as HCL; synthesize Terraform JSON instead (cdktf synth without --hcl)`);
  }
  for (const key of order) {
    const value = config[key];
    if (value === undefined) continue;
    blocks.push(...TOP_LEVEL[key](value, schemas));
  }
  return blocks.join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Top-level blocks

type TopLevel = (value: Json, schemas: BlockSchemas) => string[];

const TOP_LEVEL: Record<string, TopLevel> = {
  terraform: (value) => [block('terraform', [], terraformBody(asObject(value, 'terraform')), 0)],
  provider: (value, schemas) =>
    entries(value, 'provider').flatMap(([name, configs]) =>
      instances(configs).map((body) => block('provider', [name], configBody(asObject(body, `provider.${name}`), schemas[`provider.${name}`] ?? NO_BLOCKS, 1), 0)),
    ),
  variable: (value) => entries(value, 'variable').map(([name, body]) => block('variable', [name], variableBody(asObject(body, `variable.${name}`)), 0)),
  locals: (value) => [block('locals', [], attributes(asObject(value, 'locals'), 1), 0)],
  data: (value, schemas) => labelled('data', value, schemas),
  ephemeral: (value, schemas) => labelled('ephemeral', value, schemas),
  resource: (value, schemas) => labelled('resource', value, schemas),
  module: (value) => entries(value, 'module').map(([name, body]) => block('module', [name], moduleBody(asObject(body, `module.${name}`)), 0)),
  output: (value) => entries(value, 'output').map(([name, body]) => block('output', [name], outputBody(asObject(body, `output.${name}`)), 0)),
  check: (value, schemas) => entries(value, 'check').map(([name, body]) => block('check', [name], checkBody(asObject(body, `check.${name}`), schemas), 0)),
  // `from` and `to` are resource addresses, which Terraform parses from JSON strings as references.
  moved: (value) => instances(value).map((body) => block('moved', [], entries(body, 'moved').map(([key, v]) => referenceAttribute(key, v, 1)), 0)),
  import: (value) => instances(value).map((body) => block('import', [], importBody(asObject(body, 'import')), 0)),
};

/** `resource`, `data` and `ephemeral`: `<kind> "<type>" "<name>" { … }`. */
function labelled(kind: string, value: Json, schemas: BlockSchemas): string[] {
  return entries(value, kind).flatMap(([type, byName]) =>
    entries(byName, `${kind}.${type}`).map(([name, body]) =>
      block(kind, [type, name], configBody(asObject(body, `${kind}.${type}.${name}`), schemas[`${kind}.${type}`] ?? NO_BLOCKS, 1, true), 0),
    ),
  );
}

function terraformBody(body: JsonObject): string[] {
  const lines: string[] = [];
  const first = ['required_version', 'required_providers'];
  const keys = [...first.filter((k) => k in body), ...Object.keys(body).filter((k) => !first.includes(k))];
  for (const [key, value] of keys.map((k) => [k, body[k]] as const)) {
    if (key === '//') continue;
    const level = 1;
    if (key === 'required_providers') {
      // Each entry is an object of literal strings, except configuration_aliases: references.
      const providers = entries(value, key).map(([name, req]) => {
        const { configuration_aliases: aliases, ...rest } = asObject(req, `terraform.required_providers.${name}`);
        const fields = [...attributes(rest, level + 2, true), ...(aliases === undefined ? [] : [referenceListAttribute('configuration_aliases', aliases, level + 2)])];
        return `${pad(level + 1)}${name} = {\n${aligned(fields).join('\n')}\n${pad(level + 1)}}`;
      });
      lines.push(`${pad(level)}required_providers {\n${providers.join('\n')}\n${pad(level)}}`);
    } else if (key === 'backend') {
      for (const [type, config] of entries(value, key)) lines.push(block('backend', [type], attributes(asObject(config, `backend.${type}`), level + 1, true), level));
    } else if (key === 'cloud') {
      const { workspaces, ...rest } = asObject(value, 'terraform.cloud');
      const inner = [...attributes(rest, level + 1, true)];
      if (workspaces !== undefined) for (const ws of instances(workspaces)) inner.push(block('workspaces', [], attributes(asObject(ws, 'cloud.workspaces'), level + 2, true), level + 1));
      lines.push(block('cloud', [], inner, level));
    } else if (key === 'experiments') {
      lines.push(referenceListAttribute('experiments', value, level));
    } else if (key === 'provider_meta') {
      for (const [name, config] of entries(value, key)) lines.push(block('provider_meta', [name], attributes(asObject(config, `provider_meta.${name}`), level + 1, true), level));
    } else {
      lines.push(attribute(key, value, level, true));
    }
  }
  return lines;
}

function variableBody(body: JsonObject): string[] {
  return bodyLines(body, 1, {
    // A type constraint is a type expression; a default is read in literal-only mode, where
    // template sequences are plain text (HCL JSON spec, "Strings").
    type: (value) => referenceAttribute('type', value, 1),
    default: (value) => attribute('default', value, 1, true),
    validation: (value) => conditions('validation', value, 1),
  });
}

function moduleBody(body: JsonObject): string[] {
  return bodyLines(body, 1, {
    source: (value) => attribute('source', value, 1, true),
    version: (value) => attribute('version', value, 1, true),
    providers: (value) => `${pad(1)}providers = {\n${aligned(entries(value, 'providers').map(([k, v]) => `${pad(2)}${objectKey(k)} = ${reference(v, `providers.${k}`)}`)).join('\n')}\n${pad(1)}}`,
    depends_on: (value) => referenceListAttribute('depends_on', value, 1),
  });
}

function outputBody(body: JsonObject): string[] {
  return bodyLines(body, 1, {
    depends_on: (value) => referenceListAttribute('depends_on', value, 1),
    precondition: (value) => conditions('precondition', value, 1),
  });
}

function checkBody(body: JsonObject, schemas: BlockSchemas): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === '//') continue;
    if (key === 'assert') lines.push(...conditions(key, value, 1));
    else if (key === 'data') {
      // A scoped data source: `data "<type>" "<name>" { … }` inside the check block.
      for (const [type, byName] of entries(value, 'check data')) {
        for (const [name, config] of entries(byName, `check data.${type}`)) {
          lines.push(block('data', [type, name], configBody(asObject(config, `data.${type}.${name}`), schemas[`data.${type}`] ?? NO_BLOCKS, 2, true), 1));
        }
      }
    } else throw new HclRenderError(`cannot write "${key}" of a check block as HCL`);
  }
  return lines;
}

function importBody(body: JsonObject): string[] {
  return bodyLines(body, 1, {
    to: (value) => referenceAttribute('to', value, 1),
    provider: (value) => referenceAttribute('provider', value, 1),
  });
}

/** Special keys of a body and how each is written; every other key is an argument. */
type SpecialKeys = Readonly<Record<string, (value: Json) => string | string[]>>;

function bodyLines(body: JsonObject, level: number, special: SpecialKeys): string[] {
  return Object.entries(body)
    .filter(([key, value]) => key !== '//' && value !== undefined)
    .flatMap(([key, value]) => (Object.hasOwn(special, key) ? special[key](value) : attribute(key, value, level)));
}

// ---------------------------------------------------------------------------------------------
// Bodies of resources, data sources, ephemeral resources and providers

/**
 * A configuration block's body: its arguments, then its nested blocks (by `schema`), then, with
 * `meta` (a resource, data source or ephemeral resource itself, not a nested block or a provider),
 * the meta-arguments Terraform reads itself, in the order the Terraform style guide lists them.
 */
function configBody(body: JsonObject, schema: BlockSchema, level: number, meta = false): string[] {
  const head: string[] = [];
  const args: string[] = [];
  const nested: string[] = [];
  const tail: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === '//' || value === undefined) continue;
    if (meta && (key === 'count' || key === 'for_each')) head.push(attribute(key, value, level));
    else if (meta && key === 'provider') head.push(referenceAttribute('provider', value, level));
    else if (meta && key === 'depends_on') tail.push(referenceListAttribute('depends_on', value, level));
    else if (meta && key === 'lifecycle') tail.push(...instances(value).map((v) => block('lifecycle', [], lifecycleBody(asObject(v, 'lifecycle'), level + 1), level)));
    else if (meta && key === 'provisioner') tail.push(...provisioners(value, level));
    else if (meta && key === 'connection') tail.push(block('connection', [], attributes(asObject(value, 'connection'), level + 1), level));
    else if (key === 'dynamic') nested.push(...dynamicBlocks(value, schema, level));
    else if (key in schema) {
      // An empty list of blocks is no block at all, in JSON as in HCL.
      if (value !== null) nested.push(...instances(value).map((v) => block(key, [], configBody(asObject(v, key), schema[key], level + 1), level)));
    } else args.push(attribute(key, value, level));
  }
  return [...head, ...args, ...nested, ...tail];
}

function lifecycleBody(body: JsonObject, level: number): string[] {
  return bodyLines(body, level, {
    // Attribute paths, or the keyword `all` (Terraform reads JSON strings here as traversals).
    ignore_changes: (value) => (value === 'all' ? `${pad(level)}ignore_changes = all` : referenceListAttribute('ignore_changes', value, level)),
    // Terraform parses each JSON string here as a native expression, not as a template
    // (decodeReplaceTriggeredBy in terraform/internal/configs/resource.go).
    replace_triggered_by: (value) => referenceListAttribute('replace_triggered_by', value, level),
    precondition: (value) => conditions('precondition', value, level),
    postcondition: (value) => conditions('postcondition', value, level),
  });
}

/** `precondition`, `postcondition`, `assert` and `validation` blocks: condition and error_message. */
function conditions(name: string, value: Json, level: number): string[] {
  return instances(value).map((v) => block(name, [], attributes(asObject(v, name), level + 1), level));
}

function provisioners(value: Json, level: number): string[] {
  return instances(value).flatMap((entry) =>
    entries(entry, 'provisioner').map(([type, config]) =>
      block(
        'provisioner',
        [type],
        bodyLines(asObject(config, `provisioner.${type}`), level + 1, {
          // `when` and `on_failure` take keywords (destroy, continue), written bare.
          when: (v) => referenceAttribute('when', v, level + 1),
          on_failure: (v) => referenceAttribute('on_failure', v, level + 1),
          connection: (v) => block('connection', [], attributes(asObject(v, 'connection'), level + 2), level + 1),
        }),
        level,
      ),
    ),
  );
}

/** `dynamic "<name>" { for_each = …; iterator = …; content { … } }`, the content by `schema[name]`. */
function dynamicBlocks(value: Json, schema: BlockSchema, level: number): string[] {
  return entries(value, 'dynamic').flatMap(([name, specs]) =>
    instances(specs).map((spec) =>
      block(
        'dynamic',
        [name],
        bodyLines(asObject(spec, `dynamic.${name}`), level + 1, {
          iterator: (v) => referenceAttribute('iterator', v, level + 1),
          content: (v) => block('content', [], configBody(asObject(v, `dynamic.${name}.content`), schema[name] ?? NO_BLOCKS, level + 2), level + 1),
        }),
        level,
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Arguments and structure

/**
 * `name = <value>`. With `literal`, template sequences in strings are plain text: Terraform reads
 * those JSON strings in literal-only mode (the `terraform` block, variable defaults, module
 * sources), so HCL must escape them.
 */
function attribute(name: string, value: Json, level: number, literal = false): string {
  if (!IDENTIFIER.test(name)) throw new HclRenderError(`cannot write the argument ${JSON.stringify(name)} as HCL: argument names are identifiers`);
  return `${pad(level)}${name} = ${expression(value, level, literal, true)}`;
}

function attributes(body: JsonObject, level: number, literal = false): string[] {
  return Object.entries(body)
    .filter(([key, value]) => key !== '//' && value !== undefined)
    .map(([key, value]) => attribute(key, value, level, literal));
}

function block(type: string, labels: readonly string[], items: readonly string[], level: number): string {
  const header = [type, ...labels.map((label) => JSON.stringify(label))].join(' ');
  if (items.length === 0) return `${pad(level)}${header} {}`;
  return `${pad(level)}${header} {\n${aligned(items).join('\n')}\n${pad(level)}}`;
}

function asObject(value: Json | undefined, where: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HclRenderError(`cannot write ${where} as HCL: expected an object, got ${JSON.stringify(value)}`);
  return value;
}

function entries(value: Json, where: string): [string, Json][] {
  return Object.entries(asObject(value, where)).filter(([key]) => key !== '//');
}

/** A block given once (an object) or repeatedly (an array of objects), as Terraform JSON allows. */
function instances(value: Json): Json[] {
  return Array.isArray(value) ? value : [value];
}
