// Every rule of the pack, in report order (framework-free: the configuration schema reads the ids).
import type { SecurityRule } from '../private/rule';
import { COMPUTE_RULES } from './compute';
import { DATA_RULES } from './data';
import { IAM_RULES } from './iam';
import { NETWORK_RULES } from './network';

export const SECURITY_RULES: readonly SecurityRule[] = [...COMPUTE_RULES, ...NETWORK_RULES, ...DATA_RULES, ...IAM_RULES];

/** The ids `securityRules.suppress` takes. */
export const SECURITY_RULE_IDS: readonly string[] = SECURITY_RULES.map((r) => r.id);
