// IPv4 CIDR arithmetic for subnet planning, on top of the `ipaddr.js` library (parsing and
// address conversion); blocks are handled as integer ranges.
import * as ipaddr from 'ipaddr.js';

/** A parsed, network-aligned IPv4 CIDR block. */
export interface Ipv4Block {
  readonly cidr: string;
  readonly prefix: number;
  /** First address, as an integer. */
  readonly first: bigint;
  /** Last address, as an integer. */
  readonly last: bigint;
}

/**
 * Why `text` is not a usable IPv4 CIDR block, or undefined when it is one. A block must be written
 * `a.b.c.d/n` in plain decimal and start on its own boundary (`10.0.1.0/16` is refused: it means
 * `10.0.0.0/16`).
 */
export function cidrProblem(text: string): string | undefined {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length > 0 || !ipaddr.IPv4.isValidFourPartDecimal(address) || !/^\d{1,2}$/.test(prefix ?? '') || Number(prefix) > 32) {
    return 'is not an IPv4 CIDR block; expected a.b.c.d/n with n from 0 to 32';
  }
  const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
  if (network !== address) {
    return `has host bits set; the block starting on its boundary is ${JSON.stringify(`${network}/${prefix}`)}`;
  }
  return undefined;
}

/** Parses a CIDR block that passed `cidrProblem`. */
export function parseCidr(text: string): Ipv4Block {
  const problem = cidrProblem(text);
  if (problem) throw new Error(`${JSON.stringify(text)} ${problem}`);
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  const first = toInteger(address);
  return { cidr: text, prefix, first, last: first + (1n << BigInt(32 - prefix)) - 1n };
}

/** Whether `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

/** Whether the two blocks share at least one address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Number of addresses in the block. */
export function addressCount(block: Ipv4Block): bigint {
  return block.last - block.first + 1n;
}

/** The `index`-th sub-block of `block` with prefix length `prefix` (like Terraform's cidrsubnet). */
export function subBlock(block: Ipv4Block, prefix: number, index: number): Ipv4Block {
  if (prefix < block.prefix || prefix > 32) throw new RangeError(`prefix /${prefix} does not fit in ${block.cidr}`);
  const size = 1n << BigInt(32 - prefix);
  const count = 1n << BigInt(prefix - block.prefix);
  if (index < 0 || BigInt(index) >= count) throw new RangeError(`${block.cidr} has no sub-block /${prefix} number ${index}`);
  const first = block.first + size * BigInt(index);
  return parseCidr(`${fromInteger(first)}/${prefix}`);
}

function toInteger(address: ipaddr.IPv4): bigint {
  return address.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
}

function fromInteger(n: bigint): string {
  return ipaddr.fromByteArray([24n, 16n, 8n, 0n].map((shift) => Number((n >> shift) & 255n))).toString();
}
