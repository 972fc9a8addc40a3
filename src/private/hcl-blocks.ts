// Which keys of a stack's Terraform JSON are nested blocks in HCL (JSON writes blocks and object
// values alike; HCL needs `name { … }` for one and `name = { … }` for the other).
//
// The provider bindings say it in the HCL fragments of their classes (toHclTerraform), where
// each argument carries `isBlock`. That flag is CDKTF's "complex type" (the generator's
// AttributeTypeModel.isComplex): true for nested blocks, and also for the object-typed
// attributes and nested attributes of the providers below, which CDKTF 0.21's renderer then
// writes as blocks too. Those are taken out here.
import { TerraformElement, TerraformStack, Tokenization } from 'cdktf';
import type { BlockSchemas } from './hcl';

/**
 * Providers built on terraform-plugin-framework that declare no nested blocks at all: every
 * object-typed argument is a nested attribute. hashicorp/helm 3.1.1 (the release
 * @cdktf/provider-helm 12.1.2 was generated from): helm/provider.go, resource_helm_release.go and
 * data_helm_template.go at tag v3.1.1 declare `kubernetes`, `exec`, `registries`, `experiments`,
 * `set`, `set_list`, `set_sensitive`, `set_wo`, `postrender` and `metadata` as NestedAttributes and
 * no Blocks (the helm 3 upgrade guide: `set = [{ … }]`, `kubernetes = { … }`).
 */
export const PROVIDERS_WITHOUT_BLOCKS: readonly string[] = ['helm'];

/**
 * Object-typed attributes (paths inside the block, `.`-separated) that Terraform refuses as blocks, by configuration block, for
 * hashicorp/aws 5.100.0: its single-object and map-of-object attributes (`terraform providers
 * schema -json`; list and set of objects also take block syntax, through Terraform's
 * attributes-as-blocks fixup). __tests__/terraform/hcl-blocks.test.ts derives this list from the
 * provider's schema, so a provider update that changes it fails there.
 */
export const OBJECT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  'resource.aws_lexv2models_bot_version': ['locale_specification'],
  'resource.aws_s3tables_table': ['encryption_configuration', 'maintenance_configuration'],
  'resource.aws_s3tables_table_bucket': ['encryption_configuration', 'maintenance_configuration'],
};

type MutableSchema = { [name: string]: MutableSchema };

/** An argument of a binding's HCL fragment; providers' fragments pass through keysToSnakeCase, hence `is_block`. */
interface TypedArgument {
  readonly value: unknown;
  readonly isBlock?: boolean;
  readonly is_block?: boolean;
}

/**
 * The nested block types of every resource, data source and provider type in `stack`, merged
 * over all of their instances (a key is a block or not by the provider's schema, whatever the
 * instance).
 */
export function blockSchemas(stack: TerraformStack): BlockSchemas {
  const schemas: Record<string, MutableSchema> = {};
  const elements = stack.node.findAll().filter((c): c is TerraformElement => TerraformElement.isTerraformElement(c) && TerraformStack.of(c) === stack);
  for (const element of elements) {
    const fragment = element.toHclTerraform() as Record<string, Record<string, unknown> | undefined>;
    for (const kind of ['resource', 'data', 'ephemeral']) {
      for (const [type, byName] of Object.entries(fragment[kind] ?? {})) {
        for (const typed of Object.values(byName as Record<string, Record<string, unknown>>)) collect(typed, (schemas[`${kind}.${type}`] ??= {}));
      }
    }
    for (const [name, instances] of Object.entries(fragment.provider ?? {})) {
      for (const typed of instances as Record<string, unknown>[]) collect(typed, (schemas[`provider.${name}`] ??= {}));
    }
  }
  for (const key of Object.keys(schemas)) {
    const [kind, type] = key.split('.');
    const provider = kind === 'provider' ? type : type.split('_')[0];
    if (PROVIDERS_WITHOUT_BLOCKS.includes(provider)) schemas[key] = {};
    for (const path of OBJECT_ATTRIBUTES[key] ?? []) {
      const names = path.split('.');
      const parent = names.slice(0, -1).reduce<MutableSchema | undefined>((schema, name) => schema?.[name], schemas[key]);
      if (parent) delete parent[names[names.length - 1]];
    }
  }
  return schemas as BlockSchemas;
}

function collect(typed: Record<string, unknown>, into: MutableSchema): void {
  for (const [name, argument] of Object.entries(typed)) {
    if (!isTypedArgument(argument) || !(argument.isBlock ?? argument.is_block)) continue;
    const nested = (into[name] ??= {});
    for (const body of [argument.value].flat()) {
      if (body !== null && typeof body === 'object' && !Tokenization.isResolvable(body)) collect(body as Record<string, unknown>, nested);
    }
  }
}

function isTypedArgument(value: unknown): value is TypedArgument {
  return value !== null && typeof value === 'object' && 'value' in value && ('isBlock' in value || 'is_block' in value);
}
