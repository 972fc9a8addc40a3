// The framework's share of a synthesis: rebuilds a synthesized AWS stack (BENCH_REPLAY_JSON, a
// cdk.tf.json) from the same provider classes, loaded by deep path, with the same attribute values,
// and synthesizes it, without any of this project's modules (no configuration, presets,
// validation or constructs of ours). What it costs above the one-resource floor is what CDKTF and
// the provider bindings cost for that infrastructure; what the real app costs above it is ours.
//
// References stay the strings Terraform reads ("${aws_vpc.network_vpc.id}"), which CDKTF resolves
// more cheaply than the tokens the real constructs pass: the replay is, if anything, a little
// cheaper than the framework's true share. The bench checks that it writes the same resources,
// data sources and outputs as the stack it replays.
import { readFileSync } from 'node:fs';
import { App, LocalBackend, TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';

type Json = Record<string, unknown>;

/** Attributes whose values are maps of user keys, left as they are. */
const MAPS = new Set(['tags', 'tags_all', 'labels']);

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (key: string) => key.charAt(0).toUpperCase() + camel(key).slice(1);

function toConfig(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => toConfig(v));
  if (value === null || typeof value !== 'object' || (key !== undefined && MAPS.has(key))) return value;
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [camel(k), toConfig(v, k)]));
}

/** `aws_eks_cluster` → the class EksCluster from @cdktf/provider-aws/lib/eks-cluster. */
function providerClass(type: string, data: boolean): new (scope: TerraformStack, id: string, config: unknown) => TerraformElement {
  const name = data ? `data_${type}` : type.replace(/^aws_/, '');
  const mod = require(`@cdktf/provider-aws/lib/${name.replace(/_/g, '-')}`) as Record<string, unknown>;
  return mod[pascal(name)] as new (scope: TerraformStack, id: string, config: unknown) => TerraformElement;
}

function addElement(stack: TerraformStack, cls: ReturnType<typeof providerClass>, name: string, body: Json): void {
  const { '//': _metadata, depends_on: dependsOn, provider: _provider, ...attributes } = body;
  const element = new cls(stack, name, toConfig(attributes));
  element.overrideLogicalId(name);
  if (dependsOn) element.addOverride('depends_on', dependsOn);
}

const tf = JSON.parse(readFileSync(process.env.BENCH_REPLAY_JSON!, 'utf8')) as Json;
const app = new App({ stackTraces: false });
const stack = new TerraformStack(app, 'replay');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider') as typeof import('@cdktf/provider-aws/lib/provider');
for (const provider of (tf.provider as { aws: Json[] }).aws) new AwsProvider(stack, 'aws', toConfig(provider) as never);
new LocalBackend(stack, { path: 'terraform.replay.tfstate' });
for (const [kind, data] of [['resource', false], ['data', true]] as const) {
  for (const [type, byName] of Object.entries((tf[kind] ?? {}) as Record<string, Json>)) {
    const cls = providerClass(type, data);
    for (const [name, body] of Object.entries(byName)) addElement(stack, cls, name, body as Json);
  }
}
for (const [name, body] of Object.entries((tf.output ?? {}) as Record<string, Json>)) {
  new TerraformOutput(stack, name, { value: body.value, description: body.description as string | undefined }).overrideLogicalId(name);
}
for (const key of ['locals', 'check']) if (tf[key]) stack.addOverride(key, tf[key]);
app.synth();
