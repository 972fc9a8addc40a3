// IAM documents kept as data in IAM's JSON shape (upstream policy files), turned into the
// statements ServiceAccountRole builds with aws_iam_policy_document.
import type { PolicyStatement, ServiceAccountRoleIdentity } from '../../oidc/service-account-role';

/** A statement in IAM's JSON shape, as upstream policy files write it. */
export interface IamJsonStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

const list = (x: string | readonly string[]): string[] => (typeof x === 'string' ? [x] : [...x]);

/**
 * The statements for ServiceAccountRole, with the commercial `arn:aws:` of upstream files
 * rewritten to `arn:<partition>:` (upstream ships a copy per partition instead).
 */
export function fromIamJson(statements: readonly IamJsonStatement[], partition: string): PolicyStatement[] {
  const arn = (r: string) => r.replace(/^arn:aws:/, `arn:${partition}:`);
  return statements.map((s) => ({
    ...(s.Sid ? { sid: s.Sid } : {}),
    effect: s.Effect,
    actions: list(s.Action),
    resources: list(s.Resource).map(arn),
    ...(s.Condition
      ? {
          conditions: Object.entries(s.Condition).flatMap(([test, entries]) =>
            Object.entries(entries).map(([variable, values]) => ({ test, variable, values: list(values) })),
          ),
        }
      : {}),
  }));
}

/** How a controller's role is trusted: the ServiceAccountRole settings the stack decides. */
export type ControllerIdentity = ServiceAccountRoleIdentity;
