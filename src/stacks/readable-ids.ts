// Terraform addresses that read like the book's (`aws_eks_cluster.control_plane_cluster`)
// instead of CDKTF's default hashed ids, and that fail loudly instead of colliding.
import { TerraformElement, TerraformStack } from 'cdktf';
import { Construct, Node } from 'constructs';

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
 * destroy and create.
 */
export class ReadableIdStack extends TerraformStack {
  private readonly owners = new Map<string, string>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
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
      throw new Error(`Constructs '${owner}' and '${node.path}' would both have the Terraform address "${id}"; rename one of them`);
    }
    this.owners.set(id, node.path);
    return id;
  }
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
