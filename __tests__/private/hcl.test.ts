// The HCL that `cdktf synth --hcl` writes (src/private/hcl.ts, src/private/hcl-blocks.ts): each
// fault of CDKTF 0.21.0's renderer, shown on CDKTF's own text and checked absent from ours; the
// values read back with hcl2json; and Terraform reading a stack of its own resources as HCL
// exactly as it reads the JSON.
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { S3TablesTable } from '@cdktf/provider-aws/lib/s3tables-table';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { parse } from '@cdktf/hcl2json';
import { DataResource, LocalBackend, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { HclRenderError, renderHcl } from '../../src/private/hcl';
import { blockSchemas } from '../../src/private/hcl-blocks';
import { ReadableIdStack } from '../../src/stacks/readable-ids';
import { testApp } from '../helpers/synth';
import { hclTwin, planStacks, planView, terraformTests } from '../helpers/terraform';

/** Values CDKTF 0.21's renderer gets wrong, each as Terraform must read it. */
const TRICKY = {
  quotesBesideReference: `--parameters '{"host":["\${replace(terraform_data.base.id, "https://", "")}"],"port":["443"]}'`,
  backslashes: 'C:\\temp\\new "quoted" \\n',
  multiLine: 'line 1\n  line 2 with ${terraform_data.base.id}\n',
  multiLineNoFinalNewline: 'a\nb',
  looksLikeNumber: '443',
  looksLikeList: '[not, a, list]',
  looksLikeObject: '{"json": "text"}',
  startsWithQuote: '"quoted"',
  escapedTemplate: 'literal $${not_a_reference} and %%{not_a_directive}',
  directive: '%{ if terraform_data.base.id != "" }set%{ else }unset%{ endif }',
  unicodeAndTabs: 'tab\there é ✓ \u0001',
  heredocMarker: 'EOT\nEOT1\n',
};

/** A stack of Terraform's own resources (no provider to install) with every construct the renderer writes. */
function rendererStack(): ReadableIdStack {
  const stack = new ReadableIdStack(testApp(), 'renderer');
  new LocalBackend(stack, { path: 'renderer.tfstate' });
  const base = new DataResource(stack, 'base', { input: { name: 'base' } });
  const variable = new TerraformVariable(stack, 'greeting', {
    type: 'string',
    default: 'hello ${not a template}',
    description: 'A "quoted" description',
    validation: [{ condition: '${length(var.greeting) > 0}', errorMessage: 'The greeting must not be "".' }],
  });
  const local = new TerraformLocal(stack, 'values', { zero: 0, no: false, empty: '', ...TRICKY });
  for (const [name, value] of [['zero', 0], ['no', false], ['empty', '']] as const) new TerraformLocal(stack, `falsy-${name}`, value);
  const tricky = new DataResource(stack, 'tricky', {
    input: { ...TRICKY, list: [1, 'two', { three: true }], nested: { 'key with spaces': 'v', for: 'keyword', 'kubernetes.io/role': '1' }, local: local.fqn, variable: variable.stringValue },
    triggersReplace: { base: base.id },
    dependsOn: [base],
    lifecycle: { createBeforeDestroy: true, ignoreChanges: ['input'], replaceTriggeredBy: ['terraform_data.base'], precondition: [{ condition: '${terraform_data.base.input.name != ""}', errorMessage: 'The "base" input is ${terraform_data.base.input.name}.' }], postcondition: [{ condition: '${self.output != null}', errorMessage: 'no output' }] },
    provisioners: [{ type: 'local-exec', command: 'echo "${self.id}" > /dev/null', when: 'destroy' }],
  });
  const counted = new DataResource(stack, 'counted', { input: { index: '${count.index}' } });
  counted.addOverride('count', 2);
  new DataResource(stack, 'each', { input: { key: '${each.value}' } }).addOverride('for_each', '${toset(["a", "b"])}');
  new DataResource(stack, 'renamed', { input: { moved: true } }).moveFromId('terraform_data.old_name');
  for (const [name, value] of Object.entries(TRICKY)) new TerraformOutput(stack, `out-${name}`, { value });
  new TerraformOutput(stack, 'out-object', { value: { a: tricky.output, list: [1, 2], tricky: TRICKY.quotesBesideReference }, sensitive: true, description: 'A "sensitive" object' });
  stack.addOverride('check.base_has_input', { assert: [{ condition: '${terraform_data.base.input.name == "base"}', error_message: 'The base input changed: "${terraform_data.base.input.name}".' }] });
  return stack;
}

const hclOf = (stack: TerraformStack) => (stack.toHclTerraform() as { hcl: string }).hcl;
/** CDKTF 0.21's own HCL of `stack` (what TerraformStack.toHclTerraform writes). */
const cdktfHclOf = (stack: TerraformStack) => (TerraformStack.prototype.toHclTerraform.call(stack) as { hcl: string }).hcl;

describe('the faults of CDKTF 0.21.0 renderer, and the HCL written instead', () => {
  // Each row: CDKTF's text has the fault; ours has the correct text instead.
  const faults: [string, RegExp, string][] = [
    ['a precondition becomes an argument of lifecycle', /^\s*precondition = \[/m, '    precondition {\n      condition     = terraform_data.base.input.name != ""'],
    ['ignore_changes entries are quoted strings', /"input",\n\]/, '    ignore_changes        = [input]'],
    ['replace_triggered_by entries are quoted strings', /"terraform_data\.base",\n\]/, '    replace_triggered_by  = [terraform_data.base]'],
    ['depends_on entries are quoted strings', /"terraform_data\.base",\n\]\n/, '  depends_on = [terraform_data.base]'],
    ['quotes beside a reference are not escaped', /'\{"host":\["\$\{/, `'{\\"host\\":[\\"\${replace(terraform_data.base.id, "https://", "")}\\"],\\"port\\":[\\"443\\"]}'`],
    ['backslashes are not escaped', /"C:\\temp\\new \\"quoted\\" \\n"/, '"C:\\\\temp\\\\new \\"quoted\\" \\\\n"'],
    ['a string that reads as a number becomes a number', /looksLikeNumber = 443$/m, 'looksLikeNumber         = "443"'],
    ['a string that starts with "[" becomes raw HCL', /looksLikeList = \[not, a, list\]$/m, 'looksLikeList           = "[not, a, list]"'],
  ];
  const stack = rendererStack();
  const cdktf = cdktfHclOf(stack);
  const ours = hclOf(stack);

  test.each(faults)('%s', (_fault, inCdktf, inOurs) => {
    expect(cdktf).toMatch(inCdktf);
    expect(ours).not.toMatch(inCdktf);
    expect(ours).toContain(inOurs);
  });

  test('a check block added as a stack override is written (CDKTF leaves it out)', () => {
    expect(cdktf).not.toContain('check "base_has_input"');
    expect(ours).toContain('check "base_has_input" {\n  assert {\n    condition     = terraform_data.base.input.name == "base"');
  });

  test('a multi-line value is a heredoc of the same value, or a quoted string with \\n (CDKTF adds a newline, or breaks the string)', () => {
    // CDKTF: a heredoc one newline longer than the value, and a raw newline inside quotes.
    expect(cdktf).toContain('value = <<EOF\nline 1\n  line 2 with ${terraform_data.base.id}\n\nEOF');
    expect(cdktf).toContain('value = "a\nb"');
    expect(ours).toContain('value = "a\\nb"');
    expect(ours).toContain('value = <<EOT\nline 1\n  line 2 with ${terraform_data.base.id}\nEOT\n');
    // A line that reads as the marker moves the marker on.
    expect(ours).toContain('value = <<EOT2\nEOT\nEOT1\nEOT2\n');
  });

  test('locals whose value is 0, false or "" are kept (CDKTF drops them)', () => {
    for (const name of ['falsy_zero', 'falsy_no', 'falsy_empty']) expect(cdktf).not.toMatch(new RegExp(`^\\s*${name} =`, 'm'));
    expect(ours).toMatch(/^ {2}falsy_zero\s+= 0$/m);
    expect(ours).toMatch(/^ {2}falsy_no\s+= false$/m);
    expect(ours).toMatch(/^ {2}falsy_empty\s+= ""$/m);
  });

  test('a string that is one interpolation is written as the bare expression', () => {
    expect(ours).toContain('  triggers_replace = {\n    base = terraform_data.base.id\n  }');
    expect(ours).toContain('    index = count.index');
  });

  test('template escapes stay escapes, and a variable default (read in literal-only mode) escapes template sequences', () => {
    expect(ours).toContain('"literal $${not_a_reference} and %%{not_a_directive}"');
    expect(ours).toContain('default     = "hello $${not a template}"');
  });

  test('a resource move becomes a moved block of references', () => {
    expect(ours).toContain('moved {\n  to   = terraform_data.renamed\n  from = terraform_data.old_name\n}');
  });
});

describe('block schemas', () => {
  test("helm 3's provider arguments are nested attributes; the kubernetes provider's exec is a block", () => {
    const stack = new ReadableIdStack(testApp(), 'providers');
    const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] };
    new HelmProvider(stack, 'helm', { kubernetes: { host: 'https://example.com', exec } });
    new KubernetesProvider(stack, 'kubernetes', { host: 'https://example.com', exec: [exec] });
    expect(blockSchemas(stack)).toEqual({ 'provider.helm': {}, 'provider.kubernetes': { exec: {} } });
    const hcl = hclOf(stack);
    expect(hcl).toContain('provider "helm" {\n  kubernetes = {\n    exec = {\n');
    expect(hcl).toContain('provider "kubernetes" {\n  host = "https://example.com"\n  exec {\n');
  });

  test("the AWS provider's single-object attributes are assigned, its blocks nested", () => {
    const stack = new ReadableIdStack(testApp(), 'tables');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { team: 'a' } }] });
    new S3TablesTable(stack, 'table', { name: 't', namespace: 'n', format: 'ICEBERG', tableBucketArn: 'arn', encryptionConfiguration: { sseAlgorithm: 'aws:kms', kmsKeyArn: 'arn:key' } });
    const hcl = hclOf(stack);
    expect(hcl).toContain('  encryption_configuration = {\n');
    expect(hcl).toContain('  default_tags {\n    tags = {\n      team = "a"');
  });
});

test('HCL that parses back (hcl2json) to the values of the JSON', async () => {
  const stack = rendererStack();
  const json = stack.toTerraform();
  const parsed = await parse('cdk.tf', hclOf(stack));
  const tricky = parsed.resource.terraform_data.tricky[0];
  // hcl2json prints a template with directives in its own spacing (`%{if …}`).
  expect(tricky.input).toEqual(expect.objectContaining({ ...TRICKY, directive: '%{if terraform_data.base.id != ""}set%{else}unset%{endif}' }));
  expect(tricky.input.nested).toEqual(json.resource.terraform_data.tricky.input.nested);
  expect(tricky.input.list).toEqual([1, 'two', { three: true }]);
  expect(parsed.locals[0]).toEqual(expect.objectContaining({ falsy_zero: 0, falsy_no: false, falsy_empty: '' }));
  for (const [name, value] of Object.entries(TRICKY)) if (name !== 'directive') expect(parsed.output[`out_${name}`][0].value).toBe(value);
});

test('the constructs the presets do not use: module, import, moved, ephemeral, dynamic blocks, provisioners with connection, cloud and s3 backends', async () => {
  const json = {
    terraform: {
      required_version: '>= 1.10',
      required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0', configuration_aliases: ['aws.east'] } },
      cloud: { organization: 'org', workspaces: { name: 'ws-${literal}' } },
    },
    variable: { size: { type: 'number', nullable: false, validation: [{ condition: '${var.size > 0}', error_message: 'must be positive' }] } },
    module: { vpc: { source: './vpc', providers: { aws: 'aws.east' }, depends_on: ['aws_vpc.a'], cidr: '${var.cidr}' } },
    ephemeral: { aws_eks_cluster_auth: { token: { name: '${aws_eks_cluster.c.name}' } } },
    resource: {
      aws_security_group: {
        sg: {
          name: 'sg',
          dynamic: { ingress: { for_each: '${var.ports}', iterator: 'port', content: { from_port: '${port.value}', to_port: '${port.value}', protocol: 'tcp' } } },
          provisioner: [{ 'remote-exec': { inline: ['echo hi'], on_failure: 'continue', connection: { type: 'ssh', host: '${self.id}' } } }],
        },
      },
    },
    moved: [{ from: 'aws_vpc.old', to: 'aws_vpc.a' }],
    import: [{ to: 'aws_vpc.a', id: 'vpc-123', provider: 'aws.east' }],
  };
  const hcl = renderHcl(json, { 'resource.aws_security_group': { ingress: {} } });
  for (const snippet of [
    '  required_version = ">= 1.10"\n  required_providers {\n    aws = {\n      source                = "hashicorp/aws"\n      version               = "5.100.0"\n      configuration_aliases = [aws.east]',
    '  cloud {\n    organization = "org"\n    workspaces {\n      name = "ws-$${literal}"',
    'variable "size" {\n  type     = number\n  nullable = false\n  validation {\n    condition     = var.size > 0',
    'module "vpc" {\n  source = "./vpc"\n  providers = {\n    aws = aws.east\n  }\n  depends_on = [aws_vpc.a]\n  cidr       = var.cidr\n}',
    'ephemeral "aws_eks_cluster_auth" "token" {\n  name = aws_eks_cluster.c.name\n}',
    '  dynamic "ingress" {\n    for_each = var.ports\n    iterator = port\n    content {\n      from_port = port.value',
    '  provisioner "remote-exec" {\n    inline     = ["echo hi"]\n    on_failure = continue\n    connection {\n      type = "ssh"\n      host = self.id',
    'moved {\n  from = aws_vpc.old\n  to   = aws_vpc.a\n}',
    'import {\n  to       = aws_vpc.a\n  id       = "vpc-123"\n  provider = aws.east\n}',
  ]) {
    expect(hcl).toContain(snippet);
  }
  // It parses, and the s3 backend's nested object is an attribute.
  expect(Object.keys(await parse('main.tf', hcl))).toEqual(expect.arrayContaining(['terraform', 'variable', 'module', 'resource', 'moved', 'import']));
  const s3 = renderHcl({ terraform: { backend: { s3: { bucket: 'b', key: 'k', use_lockfile: true, assume_role: { role_arn: 'arn:aws:iam::123456789012:role/state' } } } } }, {});
  expect(s3).toContain('  backend "s3" {\n    bucket       = "b"\n    key          = "k"\n    use_lockfile = true\n    assume_role = {\n      role_arn = "arn:aws:iam::123456789012:role/state"');
});

test('HclRenderError names a top-level block it cannot write', () => {
  expect(() => renderHcl({ removed: [{ from: 'terraform_data.x' }] }, {})).toThrow(HclRenderError);
  expect(() => renderHcl({ removed: [{ from: 'terraform_data.x' }] }, {})).toThrow('cannot write the top-level "removed" of this stack as HCL; synthesize Terraform JSON instead (cdktf synth without --hcl)');
});

const { describeTf, label } = terraformTests(false);

describeTf(`Terraform reads the HCL like the JSON (${label})`, () => {
  test('validate finds nothing and the plans of the JSON and of the HCL are the same', () => {
    const stack = rendererStack();
    const run = planStacks({ renderer: stack.toTerraform() }, { renderer: blockSchemas(stack) });
    expect(run.validation.diagnostics).toEqual([]);
    expect(run.validation).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    expect(planView(run, hclTwin('renderer'), 'hcl')).toEqual(planView(run, 'renderer', 'json'));
    // Terraform planned the resources (the comparison is not of two empty plans).
    expect([...run.plans.get('renderer')!.resources.keys()].sort()).toEqual(['terraform_data.base', 'terraform_data.counted[0]', 'terraform_data.counted[1]', 'terraform_data.each["a"]', 'terraform_data.each["b"]', 'terraform_data.renamed', 'terraform_data.tricky']);
  }, 60_000);
});
