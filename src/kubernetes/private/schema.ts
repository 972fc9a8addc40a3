// Field rules of the Kubernetes-side modules, shared with the configuration schema. Imports no
// provider class: the configuration loads it even when no Kubernetes stack is synthesized.
import * as v from 'valibot';
import { matching, nonEmptyList, oneOf, settings } from '../../private/validate';

/**
 * An exact chart version (`1.2.3`, `v1.0.7`, `1.2.3-rc.1`): the book installs "latest" (ACK, the
 * AWS Load Balancer Controller, Istio), which changes under a running cluster.
 */
export const PINNED_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** A chart version field: exact versions only. */
export const chartVersion = matching(PINNED_VERSION, 'must be an exact chart version such as "1.2.3" (no ranges, no "latest"): an unpinned chart changes under a running cluster');

/**
 * How the kubernetes and helm providers get a token: `exec` runs `aws eks get-token` where
 * Terraform runs (needs the AWS CLI); `token` reads the aws_eks_cluster_auth data source (needs AWS
 * credentials in Terraform, as in Terraform Cloud remote runs, which have no AWS CLI).
 */
export const KUBERNETES_AUTH_MODES = ['exec', 'token'] as const;
export type KubernetesAuthMode = (typeof KUBERNETES_AUTH_MODES)[number];

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/[\w+=,.@/-]+$/;
/** Kubernetes user and group names in aws-auth: no spaces; `{{SessionName}}`-style placeholders allowed. */
const SUBJECT = /^[\w:{}@.=+,\/-]{1,256}$/;

const subjectFields = {
  username: matching(SUBJECT, 'must be a Kubernetes user name without spaces (placeholders such as {{SessionName}} allowed)'),
  groups: nonEmptyList(matching(SUBJECT, 'must be a Kubernetes group name without spaces'), 'group'),
};

export const awsAuthFields = {
  mapRoles: v.optional(
    v.array(settings({ rolearn: matching(ROLE_ARN, 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)'), ...subjectFields })),
  ),
  mapUsers: v.optional(
    v.array(settings({ userarn: matching(USER_ARN, 'must be an IAM user ARN (arn:aws:iam::<account>:user/<name>)'), ...subjectFields })),
  ),
};

export const kubernetesFields = {
  auth: v.optional(oneOf(KUBERNETES_AUTH_MODES)),
  awsAuth: v.optional(settings(awsAuthFields)),
};
