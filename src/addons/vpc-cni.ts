// chapter07-prefix controlplane/cni-addon.tf (and chapter08 addons.tf): typed settings of the
// Amazon VPC CNI add-on, written into its `configuration_values` as the environment of the
// aws-node DaemonSet (https://github.com/aws/amazon-vpc-cni-k8s#cni-configuration-variables).
import * as v from 'valibot';
import { integer } from '../private/validate';
import { DEFAULT_WARM_PREFIX_TARGET, PodNetworking, SECONDARY_IP_NETWORKING } from '../dataplane/nodes/max-pods';

const bool = v.boolean('must be true or false');

/** `addons.vpc-cni.settings`. */
export const vpcCniSettingsFields = {
  /** `ENABLE_PREFIX_DELEGATION`: /28 prefixes instead of single addresses (Nitro instances; book chapter07-prefix). */
  enablePrefixDelegation: v.optional(bool),
  /** `WARM_PREFIX_TARGET`: spare prefixes per node (book: 1). */
  warmPrefixTarget: v.optional(integer(0, 64)),
  /** `WARM_IP_TARGET`: spare addresses per node. */
  warmIpTarget: v.optional(integer(0, 1000)),
  /** `MINIMUM_IP_TARGET`: addresses a node holds at least. */
  minimumIpTarget: v.optional(integer(0, 1000)),
  /** `WARM_ENI_TARGET`: spare ENIs per node (VPC CNI default 1). */
  warmEniTarget: v.optional(integer(0, 64)),
};

export interface VpcCniSettings {
  readonly enablePrefixDelegation?: boolean;
  readonly warmPrefixTarget?: number;
  readonly warmIpTarget?: number;
  readonly minimumIpTarget?: number;
  readonly warmEniTarget?: number;
}

const ENV: Readonly<Record<keyof VpcCniSettings, string>> = {
  enablePrefixDelegation: 'ENABLE_PREFIX_DELEGATION',
  warmPrefixTarget: 'WARM_PREFIX_TARGET',
  warmIpTarget: 'WARM_IP_TARGET',
  minimumIpTarget: 'MINIMUM_IP_TARGET',
  warmEniTarget: 'WARM_ENI_TARGET',
};

/** The add-on configuration the settings stand for: `{env: {ENABLE_PREFIX_DELEGATION: "true", …}}` (strings, as the schema wants). */
export function vpcCniConfiguration(settings: VpcCniSettings): Record<string, unknown> {
  const env: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV) as [keyof VpcCniSettings, string][]) {
    if (settings[key] !== undefined) env[name] = String(settings[key]);
  }
  return Object.keys(env).length > 0 ? { env } : {};
}

/** How pods get addresses under a vpc-cni configuration (typed settings and raw values merged). */
export function podNetworkingOf(configuration: Record<string, unknown> | undefined): PodNetworking {
  const env = (configuration?.env ?? {}) as Record<string, unknown>;
  if (String(env.ENABLE_PREFIX_DELEGATION).toLowerCase() !== 'true') return SECONDARY_IP_NETWORKING;
  const warm = Number(env.WARM_PREFIX_TARGET);
  return { prefixDelegation: true, warmPrefixTarget: Number.isInteger(warm) && warm >= 0 ? warm : DEFAULT_WARM_PREFIX_TARGET };
}
