// The base of the project's stacks: Terraform addresses that read like the book's
// (`aws_eks_cluster.control_plane_cluster`) instead of CDKTF's default hashed ids, and that fail
// loudly instead of colliding; HCL (`cdktf synth --hcl`) that says what the JSON says; and a stack
// folder that holds only the format written last.
import { IStackSynthesizer, ISynthesisSession, Manifest, TerraformElement, TerraformStack } from 'cdktf';
import { Construct, Node } from 'constructs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { issue, ValidationError } from '../errors';
import { renderHcl } from '../private/hcl';
import { blockSchemas } from '../private/hcl-blocks';
import { addSecurityRules, type SecurityRulesSettings } from '../rules/security-rules';

/**
 * The construct id left out of addresses, as CDKTF's own logical ids leave it out (and AWS CDK's):
 * AwsStack's EksCluster has it, so its resources keep the addresses they had when the stack
 * created them itself; a stack holding two clusters gives each an id of its own instead.
 */
export const HIDDEN_ID = 'Default';

/**
 * A stack whose resources are addressed by their construct path joined with `_`
 * (`network/private-subnet-1` becomes `network_private_subnet_1`), without HIDDEN_ID components.
 * Addresses are API: a changed construct id or path moves the resource, which Terraform plans as
 * destroy and create. Every synthesis runs the project's security rule pack on it
 * (rules/security-rules.ts), registered here so that each stack of the project has it, whatever
 * it holds.
 */
export class ReadableIdStack extends TerraformStack {
  private readonly owners = new Map<string, string>();

  constructor(scope: Construct, id: string, securityRules: SecurityRulesSettings = {}) {
    super(scope, id);
    addSecurityRules(this, securityRules);
    this.synthesizer = new SingleFormatSynthesizer(this, this.synthesizer);
  }

  /**
   * The stack as HCL, written from its Terraform JSON (src/private/hcl.ts says why CDKTF's own
   * renderer is not used), and the metadata the CLI reads from metadata.json beside it.
   */
  override toHclTerraform(): { hcl: string; metadata: Record<string, unknown> } {
    const json = this.toTerraform();
    return { hcl: renderHcl(json, blockSchemas(this)), metadata: hclMetadata(json) };
  }

  override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const components = node.scopes
      .slice(node.scopes.indexOf(this) + 1)
      .map((c) => c.node.id)
      .filter((c) => c !== HIDDEN_ID);
    const id = components.map((c) => c.replace(/[^A-Za-z0-9_]/g, '_')).join('_');
    const owner = this.owners.get(id);
    if (owner !== undefined && owner !== node.path) {
      // Configuration keys that collide are refused before (MapOptions.addressKeys); this is
      // what TypeScript users meet when two construct ids of theirs collide.
      throw new ValidationError('construct ids', [
        issue([node.path], id, `has the Terraform address of '${owner}' too ("-", "/" and other characters but letters, digits and "_" become "_"); rename one of the two construct ids`),
      ]);
    }
    this.owners.set(id, node.path);
    return id;
  }

  /**
   * Gives every element its address now, so a collision fails before anything is written (CDKTF
   * would otherwise find it while writing the stack).
   */
  assertUniqueAddresses(): void {
    for (const c of this.node.findAll()) if (TerraformElement.isTerraformElement(c)) void c.friendlyUniqueId;
  }
}

/**
 * Writes the stack as CDKTF does, then removes the other format's files from its folder: CDKTF
 * 0.21 leaves them, so after `cdktf synth --hcl` the next `cdktf synth`, `diff` or `deploy` wrote
 * cdk.tf.json beside the old cdk.tf and Terraform, reading both, failed on every resource declared
 * twice (and a cdk.tf.json left beside a new cdk.tf did the same).
 */
class SingleFormatSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly stack: TerraformStack,
    private readonly inner: IStackSynthesizer,
  ) {}

  synthesize(session: ISynthesisSession): void {
    this.inner.synthesize(session);
    const written = join(session.outdir, session.manifest.forStack(this.stack).synthesizedStackPath);
    // cdk.tf and its metadata.json (HCL), or cdk.tf.json (JSON), in the same folder.
    const stale = written.endsWith('.json') ? [written.slice(0, -'.json'.length), join(written, '..', Manifest.stackMetadataPath)] : [`${written}.json`];
    for (const file of stale) rmSync(file, { force: true });
  }
}

/**
 * What CDKTF writes to metadata.json for an HCL stack (TerraformStack.toHclTerraform), which the
 * CLI reads instead of the stack file: the stack's metadata and outputs, each resource's and data
 * source's construct metadata, and the terraform block.
 */
function hclMetadata(json: Record<string, any>): Record<string, unknown> {
  const metadata: Record<string, any> = { '//': json['//'] };
  const comment = (body: Record<string, unknown>) => ({ '//': body['//'] });
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(json[kind] ?? {})) {
      for (const [name, body] of Object.entries(byName)) ((metadata[kind] ??= {})[type] ??= {})[name] = comment(body);
    }
  }
  for (const [name, body] of Object.entries<Record<string, unknown>>(json.module ?? {})) (metadata.module ??= {})[name] = comment(body);
  if (json.terraform) metadata.terraform = json.terraform;
  return metadata;
}

/** Synthesized Terraform JSON, as far as addresses are concerned. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

/**
 * Every resource and data source address of a synthesized stack (`aws_vpc.network_vpc`,
 * `data.aws_partition.partition`), sorted: what a committed address list is compared with.
 */
export function terraformAddresses(json: TerraformJson): string[] {
  const list: string[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const name of Object.keys(byName)) list.push(`${type}.${name}`);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const name of Object.keys(byName)) list.push(`data.${type}.${name}`);
  return list.sort();
}
