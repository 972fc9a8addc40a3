// The shape of one rule of the pack and the helpers several rules share.
import * as ipaddr from 'ipaddr.js';
import type { Block, StackModel } from './model';

/** One rule: what it checks, on which resource types, and which scanner rules it stands for. */
export interface SecurityRule {
  /** The rule's id, the key of `securityRules.suppress` (e.g. "EKS-PUBLIC-ENDPOINT"). */
  readonly id: string;
  /**
   * The checkov (CKV_AWS_*, CKV2_AWS_*) and trivy (AVD-AWS-*) rules with the same logic; the
   * first names the finding, as ../shared/tools/seccheck.py reports it.
   */
  readonly scannerIds: readonly string[];
  /** What is wrong, in a few words. */
  readonly title: string;
  /** The setting of this project (or the change) that removes the finding. */
  readonly fix: string;
  /** Resource types it reads; data sources as `data.<type>`. */
  readonly types: readonly string[];
  /**
   * Rules that report the same defect on the same address with wider logic: when one of them
   * fires there, this finding is folded into it (the scanners' checkov/trivy twins), so one
   * defect counts once.
   */
  readonly foldsInto?: readonly string[];
  /** Why `block` fails, or undefined when it passes. */
  check(block: Block, address: string, model: StackModel): string | undefined;
}

const PRIVATE_RANGES = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '::1/128', 'fe80::/10', 'fc00::/7', '100.64.0.0/10'].map((c) =>
  ipaddr.parseCIDR(c),
);

/** trivy's cidr.is_public: any block reaching outside loopback, RFC 1918, link-local, ULA and 100.64/10. */
export function isPublicCidr(c: unknown): boolean {
  if (typeof c !== 'string') return false;
  if (c === '*' || ['internet', 'any'].includes(c.toLowerCase())) return true;
  let block: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    block = ipaddr.parseCIDR(c.includes('/') ? c : `${c}/${c.includes(':') ? 128 : 32}`);
  } catch {
    return false;
  }
  const [address, bits] = block;
  const text = `${address.toString()}/${bits}`;
  const ends = address.kind() === 'ipv4' ? [ipaddr.IPv4.networkAddressFromCIDR(text), ipaddr.IPv4.broadcastAddressFromCIDR(text)] : [ipaddr.IPv6.networkAddressFromCIDR(text), ipaddr.IPv6.broadcastAddressFromCIDR(text)];
  const isPrivate = (a: ipaddr.IPv4 | ipaddr.IPv6) => PRIVATE_RANGES.some(([net, n]) => net.kind() === a.kind() && a.match([net, n] as never));
  return !isPrivate(ends[0]) || !isPrivate(ends[1]);
}

/** trivy lib.net all_ips. */
export const ALL_IPS: readonly string[] = ['0.0.0.0/0', '0000:0000:0000:0000:0000:0000:0000:0000/0', '::/0', '*'];

/** A short list of actions for a message. */
export function shown(actions: readonly string[], k = 4): string {
  return actions.slice(0, k).join(', ') + (actions.length > k ? ` (+${actions.length - k})` : '');
}
