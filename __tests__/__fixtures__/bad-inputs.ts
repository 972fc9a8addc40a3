// Bad input a user plausibly writes, shared by the tests that feed it to the configuration loader
// in-process (config/bad-input.test.ts) and to every script as a user runs it (scripts.test.ts).
// Each names what it is, the input (settings over the default preset, a raw file, or
// environment variables) and a line the error must print.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESET_NAMES } from '../../src/presets';

export interface BadInput {
  /** What the input is, as the test names it ("throws on <name>"). */
  readonly name: string;
  /** Settings written to an EKS_CONFIG .json file over the default preset. */
  readonly settings?: Record<string, unknown>;
  /** A raw EKS_CONFIG file: its extension and text. */
  readonly file?: { readonly ext: string; readonly text: string };
  /** Environment variables (EKS_PRESET, AWS_REGION, ...). */
  readonly env?: Record<string, string>;
  /** A line of the error, exactly as printed (without the leading "  - "). */
  readonly line: string;
}

const rule = (cidr: string) => ({ type: 'ingress', protocol: 'tcp', fromPort: 22, cidrBlocks: [cidr], description: 'SSH from the office' });

export const BAD_INPUTS: readonly BadInput[] = [
  // Maps given as lists (issue 11.1): every map refuses a list and shows it as a map.
  { name: 'tags as a list of key=value strings', settings: { tags: ['team=platform'] }, line: `'tags' (["team=platform"]) must be a map of tag names to string values, not a list; write it as {"team": "platform"}` },
  {
    name: 'node groups as an eksctl list',
    settings: { nodeGroups: [{ name: 'spot', instanceTypes: ['t3.small'] }] },
    line: `'nodeGroups' ([{"name":"spot","instanceTypes":["t3.small"]}]) must be a map of node group names to settings, not a list; write it as {"spot": {"instanceTypes":["t3.small"]}} (each item's "name" becomes its key)`,
  },
  {
    name: 'access entries as a list',
    settings: { accessEntries: [{ name: 'admins', principalArn: 'arn:aws:iam::111122223333:role/admins' }] },
    line: `'accessEntries' ([{"name":"admins","principalArn":"arn:aws:iam::111122223333:role/admins"}]) must be a map of access entry names to settings, not a list; write it as {"admins": {"principalArn":"arn:aws:iam::111122223333:role/admins"}} (each item's "name" becomes its key)`,
  },
  {
    name: 'IAM users as a list',
    settings: { iamPrincipals: { users: ['alice'] } },
    line: `'iamPrincipals.users' (["alice"]) must be a map of IAM user names to settings ({}), not a list; write it as {"alice": {}}`,
  },
  { name: 'node labels as a list', settings: { nodeGroups: { default: { labels: ['role=web'] } } }, line: `'nodeGroups.default.labels' (["role=web"]) must be a map of Kubernetes labels, not a list; write it as {"role": "web"}` },
  { name: 'add-ons as a list of names', settings: { addons: ['vpc-cni', 'coredns'] }, line: `'addons' (["vpc-cni","coredns"]) must be an object of settings, not a list; write it as {"vpc-cni": {}, "coredns": {}}` },
  { name: 'a section as an empty list', settings: { controlPlane: [] }, line: `'controlPlane' ([]) must be an object of settings, not a list (write {} for an empty one)` },
  // Keys whose Terraform addresses would collide (issue 11.2).
  {
    name: 'node group names that differ only in "-" and "_"',
    settings: { nodeGroups: { 'spot-a': {}, spot_a: {} } },
    line: `'nodeGroups.spot_a' ("spot_a") and "spot-a" beside it would have the same Terraform address: addresses turn every character but letters, digits and "_" into "_"; rename one of them`,
  },
  {
    name: 'repository names that differ only in punctuation',
    settings: { registry: { repositories: ['app/web', 'app-web'] } },
    line: `'registry.repositories.1' ("app-web") and "app/web" would have the same Terraform address (only letters and digits of a name count there); rename one of them`,
  },
  // A JSON file with a duplicate key (issue 11.3).
  {
    name: 'a JSON file with a duplicate key',
    file: { ext: '.json', text: '{\n  "clusterName": "a",\n  "nodeGroups": {},\n  "clusterName": "b"\n}\n' },
    line: `'EKS_CONFIG' (FILE) is not valid: the key "clusterName" appears twice in one object (line 4, column 3); JSON.parse would keep the last silently`,
  },
  // S3 backend bucket names (issue 11.4).
  { name: 'an S3 bucket written as a URL', settings: { backend: { type: 's3', bucket: 's3://acme-terraform-state' } }, line: `'backend.bucket' ("s3://acme-terraform-state") must be the bucket name alone, without "s3://"` },
  {
    name: 'an S3 bucket name with capitals and "_"',
    settings: { backend: { type: 's3', bucket: 'Acme_State' } },
    line: `'backend.bucket' ("Acme_State") must be an S3 bucket name: 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit`,
  },
  // Regions the provider does not know (issue 11.5).
  {
    name: 'a region the provider does not know',
    settings: { region: 'us-east-9' },
    line: `'region' ("us-east-9") is not a region the AWS provider knows (hashicorp/aws 5.100.0 (aws-sdk-go-base/v2 v2.0.0-beta.65 endpoints/endpoints_gen.go): "invalid AWS Region" at plan time); known there: us-east-1, us-east-2. For a region newer than the provider, set 'skipRegionValidation' to true`,
  },
  {
    name: 'an AWS_REGION the provider does not know',
    env: { AWS_REGION: 'eu-foo-1' },
    line: `'AWS_REGION' ("eu-foo-1") is not a region the AWS provider knows (hashicorp/aws 5.100.0 (aws-sdk-go-base/v2 v2.0.0-beta.65 endpoints/endpoints_gen.go): "invalid AWS Region" at plan time). For a region newer than the provider, set 'skipRegionValidation' to true`,
  },
  // World-open rules users add (issue 11.6).
  {
    name: 'a cluster security group rule open to the world',
    settings: { controlPlane: { clusterSecurityGroupRules: [rule('0.0.0.0/0')] } },
    line: `'controlPlane.clusterSecurityGroupRules.0.cidrBlocks' (["0.0.0.0/0"]) opens TCP port 22 to the whole internet (0.0.0.0/0); list the blocks of your clients, or set 'allowFromAnywhere' to true on this rule to accept that`,
  },
  // No compute for add-ons that need it (issue 11.7).
  {
    name: 'CoreDNS in a cluster without nodes',
    settings: { nodeGroups: null },
    line: `'addons.coredns' ({}) needs a node to run its pods, and the cluster has none when the add-on is installed ('nodeGroups' is empty): EKS would report it DEGRADED after Terraform waits 20 minutes (terraform-aws-eks#3001); add a node group, or remove the add-on`,
  },
  // Earlier holes, kept fed to every script.
  {
    name: 'an unknown preset',
    env: { EKS_PRESET: 'chapter99' },
    line: `'EKS_PRESET' ("chapter99") is not a preset; choose one of PRESETS ('npm run presets' describes them)`,
  },
  { name: 'a YAML file with a duplicate key', file: { ext: '.yaml', text: 'clusterName: a\nclusterName: b\n' }, line: `'EKS_CONFIG' (FILE) is not valid YAML: Map keys must be unique at line 2, column 1:` },
  { name: 'a file that is no JSON', file: { ext: '.json', text: '{"clusterName": }' }, line: `'EKS_CONFIG' (FILE) is not valid JSON: Unexpected token '}', "{"clusterName": }" is not valid JSON` },
  { name: 'an unknown setting', settings: { clustername: 'x' }, line: `'clustername' is not a known setting; allowed here: clusterName, clusterVersion, region, skipRegionValidation, securityRules, tags, backend, network, controlPlane, nodeRole, nodeGroups, bastion, registry, workloadIdentity, oidcProvider, serviceAccountRoles, iamPrincipals, accessEntries, kubernetes, storage, controllers, application, addons` },
  { name: 'a suppression without a reason', settings: { securityRules: { suppress: { 'EKS-PUBLIC-ENDPOINT': '' } } }, line: `'securityRules.suppress.EKS-PUBLIC-ENDPOINT' ("") must give the reason the findings are accepted (a text without surrounding spaces)` },
  { name: 'a suppression of a rule the pack lacks', settings: { securityRules: { suppress: { 'NO-SUCH-RULE': 'because' } } }, line: `'securityRules.suppress.NO-SUCH-RULE' ("NO-SUCH-RULE") is not a rule of the pack (docs/security.md lists them, e.g. "EKS-PUBLIC-ENDPOINT")` },
];

const dir = mkdtempSync(join(tmpdir(), 'eks-bad-input-'));

/** The environment a user would run with: EKS_CONFIG pointing at the input written to a file. */
export function badInputEnv(input: BadInput, i: number): { env: Record<string, string>; file?: string } {
  const file = input.file ? join(dir, `input-${i}${input.file.ext}`) : input.settings ? join(dir, `input-${i}.json`) : undefined;
  if (file) writeFileSync(file, input.file ? input.file.text : JSON.stringify(input.settings));
  return { env: { ...(file ? { EKS_CONFIG: file } : {}), ...(input.env ?? {}) }, file };
}

/** The line as printed, with the file and the preset list filled in. */
export function expectedLine(input: BadInput, file: string | undefined): string {
  return input.line.replace('FILE', JSON.stringify(file)).replace('PRESETS', PRESET_NAMES.join(', '));
}

