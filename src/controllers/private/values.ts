// Chart values: the typed values a controller module writes, with the configuration's `values`
// merged over them (objects key by key, anything else replaced), the way Helm merges values files.
import type { ServiceAccountRef } from '../../oidc/service-account-role';

type Values = Record<string, unknown>;

const isObject = (x: unknown): x is Values => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `base` with `overrides` merged over it; neither is modified. */
export function mergeValues(base: Values, overrides: Values = {}): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = isObject(value) && isObject(merged[key]) ? mergeValues(merged[key] as Values, value) : value;
  }
  return merged;
}

/**
 * The `serviceAccount` values the controllers' charts share: the chart creates the account its
 * role trusts, annotated with the role for IRSA (nothing to annotate with Pod Identity).
 */
export function chartServiceAccount(account: ServiceAccountRef, annotations: Record<string, string> = {}): Values {
  return { create: true, name: account.name, annotations };
}
