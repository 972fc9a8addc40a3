// The AWS attributes the HCL must assign rather than nest (OBJECT_ATTRIBUTES in
// src/private/hcl-blocks.ts), against the provider's own schema (`terraform providers schema
// -json` of hashicorp/aws 5.100.0). For the keys the presets use, `terraform validate` of their
// HCL (plan.test.ts) already refuses a block written as an attribute and the other way round.
import { OBJECT_ATTRIBUTES } from '../../src/private/hcl-blocks';
import { awsProviderSchema, terraformTests } from '../helpers/terraform';

const { describeTf, label } = terraformTests(true);

interface SchemaBlock {
  attributes?: Record<string, { type?: unknown; optional?: boolean; required?: boolean }>;
  block_types?: Record<string, { block: SchemaBlock }>;
}

const objectTyped = (type: unknown): boolean => Array.isArray(type) && (type[0] === 'object' || objectTyped(type[1]));
/** A single object or a map of them: types Terraform's attributes-as-blocks fixup does not take as blocks (lists and sets of objects it does). */
const notListOfObjects = (type: unknown): boolean => Array.isArray(type) && (type[0] === 'object' || (type[0] === 'map' && objectTyped(type[1])));

describeTf(`block schemas against the AWS provider's schema (${label})`, () => {
  let schema: ReturnType<typeof awsProviderSchema>;
  beforeAll(() => {
    schema = awsProviderSchema();
  }, 120_000);

  test('OBJECT_ATTRIBUTES lists every settable single-object or map-of-objects attribute of the provider', () => {
    const found: Record<string, string[]> = {};
    const walk = (key: string, block: SchemaBlock, path: string[]) => {
      for (const [name, a] of Object.entries(block.attributes ?? {})) if ((a.optional || a.required) && notListOfObjects(a.type)) (found[key] ??= []).push([...path, name].join('.'));
      for (const [name, b] of Object.entries(block.block_types ?? {})) walk(key, b.block, [...path, name]);
    };
    walk('provider.aws', schema.provider.block, []);
    for (const [kind, table] of [['resource', schema.resource_schemas], ['data', schema.data_source_schemas], ['ephemeral', schema.ephemeral_resource_schemas ?? {}]] as const) {
      for (const [type, s] of Object.entries<any>(table)) walk(`${kind}.${type}`, s.block, []);
    }
    expect(found).toEqual(OBJECT_ATTRIBUTES);
  });
});
