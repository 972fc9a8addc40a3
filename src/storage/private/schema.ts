// Field rules of the storage module, shared with the configuration schema (no provider class here).
import * as v from 'valibot';
import { oneOf } from '../../private/validate';

export const EFS_PERFORMANCE_MODES = ['generalPurpose', 'maxIO'] as const;
export const EFS_THROUGHPUT_MODES = ['elastic', 'bursting'] as const;
/** When files move to the Infrequent Access class (the EFS API's values). */
export const EFS_TRANSITIONS = ['AFTER_1_DAY', 'AFTER_7_DAYS', 'AFTER_14_DAYS', 'AFTER_30_DAYS', 'AFTER_60_DAYS', 'AFTER_90_DAYS', 'AFTER_180_DAYS', 'AFTER_270_DAYS', 'AFTER_365_DAYS'] as const;

export const efsFields = {
  performanceMode: v.optional(oneOf(EFS_PERFORMANCE_MODES)),
  throughputMode: v.optional(oneOf(EFS_THROUGHPUT_MODES)),
  transitionToInfrequentAccess: v.optional(oneOf(EFS_TRANSITIONS)),
  backup: v.optional(v.boolean('must be true or false')),
};
