// Field rules of the identity modules (OIDC provider, service account roles), shared with the
// configuration schema. Imports no provider class, so the configuration can load it cheaply.
import * as v from 'valibot';
import { iamRoleName } from '../../private/names';
import { matching, nonEmptyList, oneOf, settings } from '../../private/validate';

/** How pods get AWS credentials: IRSA (OIDC web identity, book chapter 15) or EKS Pod Identity. */
export const WORKLOAD_IDENTITY_MECHANISMS = ['pod-identity', 'irsa'] as const;
export type WorkloadIdentityMechanism = (typeof WORKLOAD_IDENTITY_MECHANISMS)[number];

/** Pod Identity by default: no OIDC provider to run, and roles reusable across clusters. */
export const DEFAULT_WORKLOAD_IDENTITY: WorkloadIdentityMechanism = 'pod-identity';

/** Kubernetes namespaces are DNS labels (RFC 1123). */
export const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Service account names are DNS subdomains; `*` (IRSA only) matches any characters. */
export const SERVICE_ACCOUNT = /^[a-z0-9*]([-a-z0-9.*]{0,251}[a-z0-9*])?$/;

export const serviceAccountSchema = settings({
  namespace: matching(NAMESPACE, 'must be a Kubernetes namespace: up to 63 lower-case letters, digits and "-"'),
  name: matching(SERVICE_ACCOUNT, 'must be a Kubernetes service account name (lower-case letters, digits, "-", "."), "*" allowed for IRSA'),
});

const ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;

export const policyStatementSchema = settings({
  sid: v.optional(matching(/^[A-Za-z0-9]{1,128}$/, 'must be letters and digits only (IAM Sid)')),
  effect: v.optional(oneOf(['Allow', 'Deny'] as const)),
  actions: nonEmptyList(matching(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'must be an IAM action such as "s3:GetObject"'), 'action'),
  resources: nonEmptyList(matching(/^(\*|arn:.+)$/, 'must be "*" or an ARN'), 'resource'),
  conditions: v.optional(
    v.array(
      settings({
        test: matching(/^((ForAllValues|ForAnyValue):)?[A-Za-z]+$/, 'must be an IAM condition operator such as "StringEquals" (set operators as "ForAllValues:StringEquals")'),
        variable: matching(/^\S+$/, 'must be a condition key such as "aws:SourceVpc"'),
        values: nonEmptyList(v.string('must be a string'), 'value'),
      }),
    ),
  ),
});

export const serviceAccountRoleFields = {
  roleName: v.optional(iamRoleName),
  mechanism: v.optional(oneOf(WORKLOAD_IDENTITY_MECHANISMS)),
  serviceAccounts: nonEmptyList(serviceAccountSchema, 'service account'),
  managedPolicies: v.optional(v.array(matching(/^[\w+=,.@/-]{1,128}$/, 'must be an AWS managed policy name such as "AmazonS3ReadOnlyAccess"'))),
  policyArns: v.optional(v.array(matching(ARN, 'must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name>)'))),
  policyStatements: v.optional(v.array(policyStatementSchema)),
};

export const oidcProviderFields = {
  enabled: v.optional(v.boolean('must be true or false')),
  clientIds: v.optional(nonEmptyList(matching(/^\S{1,255}$/, 'must be a client ID (audience) without spaces'), 'client ID')),
  thumbprintLookup: v.optional(v.boolean('must be true or false')),
};
