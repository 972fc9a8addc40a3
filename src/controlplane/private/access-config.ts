// Book chapters 9 and 10: how IAM principals authenticate to the cluster. Field rules only, so the
// configuration schema and ControlPlane load no access entry provider class.
import * as v from 'valibot';
import { oneOf } from '../../private/validate';

/**
 * Where EKS looks up IAM principals (book chapter 10): the aws-auth ConfigMap, access entries
 * (`API`), or both. Changing it is one-way: CONFIG_MAP → API_AND_CONFIG_MAP → API.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
 */
export const AUTHENTICATION_MODES = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'] as const;
export type AuthenticationMode = (typeof AUTHENTICATION_MODES)[number];

/** Modes in which access entries (aws_eks_access_entry) work. */
export const ACCESS_ENTRY_MODES: readonly AuthenticationMode[] = ['API', 'API_AND_CONFIG_MAP'];

/** The cluster's `access_config` (book chapters 06-self-managed, 08, 10: API_AND_CONFIG_MAP). */
export const accessConfigFields = {
  authenticationMode: oneOf(AUTHENTICATION_MODES),
  /**
   * Give the identity creating the cluster cluster-admin through an access entry. Read at
   * creation only: changing it replaces the cluster.
   */
  bootstrapClusterCreatorAdminPermissions: v.optional(v.boolean('must be true or false')),
};

export interface AccessConfig {
  /** `CONFIG_MAP`, `API_AND_CONFIG_MAP` or `API`. */
  readonly authenticationMode: AuthenticationMode;
  /** Cluster-admin for the cluster creator; read at creation only. @default true (the EKS default) */
  readonly bootstrapClusterCreatorAdminPermissions?: boolean;
}
