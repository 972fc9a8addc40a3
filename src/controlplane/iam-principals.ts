// Book chapters 9 and 10, done by hand there (`aws iam create-user --user-name alice`,
// `create-policy` eks-describe-policy, `attach-user-policy`, `create-role --role-name
// my-test-eks-role` trusted by alice, `attach-role-policy`): the IAM users and roles the chapters'
// aws-auth mappings and access entries let into the cluster, created in the stack so those
// presets apply in any account. No access key is created: it would sit in the Terraform state
// (`aws iam create-access-key --user-name alice` by hand, as in the book).
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicy } from '@cdktf/provider-aws/lib/iam-group-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserGroupMembership } from '@cdktf/provider-aws/lib/iam-user-group-membership';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { props, schemaIssues, settings } from '../private/validate';
import { iamPrincipalsFields } from './private/access-config';

export { DOCUMENTATION_ACCOUNT, documentationAccountWarning, iamPrincipalsFields } from './private/access-config';

export type IamPrincipalsSettings = v.InferOutput<ReturnType<typeof settings<typeof iamPrincipalsFields>>>;

export interface IamPrincipalsProps extends IamPrincipalsSettings {
  /** Names the group that lets the users describe the cluster: `<clusterName>-eks-describe`. */
  readonly clusterName: string;
  /** The cluster's ARN: what the principals may describe (the book: every cluster, "*"). */
  readonly clusterArn: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({ ...iamPrincipalsFields, clusterName: v.string(), clusterArn: v.string() });

/** The book's test user(s) and role(s), with the eks:DescribeCluster they need for `aws eks update-kubeconfig`. */
export class IamPrincipals extends Construct {
  readonly users: Readonly<Record<string, IamUser>>;
  readonly roles: Readonly<Record<string, IamRole>>;

  constructor(scope: Construct, id: string, p: IamPrincipalsProps) {
    super(scope, id);
    throwIfIssues(`IamPrincipals '${this.node.path}'`, [...schemaIssues(propsSchema, p), ...referenceIssues(p)]);
    const tags = p.tags ?? {};
    const describe = new DataAwsIamPolicyDocument(this, 'describe-cluster', {
      statement: [{ effect: 'Allow', actions: ['eks:DescribeCluster'], resources: [p.clusterArn] }],
    });
    const users: Record<string, IamUser> = {};
    const userNames = Object.keys(p.users ?? {});
    if (userNames.length > 0) {
      // Through a group: policies on users are what IAM best practice (and checkov CKV_AWS_40) warns against.
      const group = new IamGroup(this, 'describe-group', { name: `${p.clusterName}-eks-describe`.slice(0, 128) });
      new IamGroupPolicy(this, 'describe-group-policy', { group: group.name, name: 'eks-describe-policy', policy: describe.json });
      for (const name of userNames) {
        users[name] = new IamUser(this, `user-${name}`, { name, tags });
        new IamUserGroupMembership(this, `user-${name}-groups`, { user: users[name].name, groups: [group.name] });
      }
    }
    const roles: Record<string, IamRole> = {};
    for (const [name, r] of Object.entries(p.roles ?? {})) {
      const trust = new DataAwsIamPolicyDocument(this, `role-${name}-trust`, {
        statement: [{ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: r.assumedBy.map((u) => users[u].arn) }] }],
      });
      roles[name] = new IamRole(this, `role-${name}`, { name, assumeRolePolicy: trust.json, tags });
      new IamRolePolicy(this, `role-${name}-describe`, { role: roles[name].name, name: 'eks-describe-policy', policy: describe.json });
    }
    this.users = users;
    this.roles = roles;
  }
}

function referenceIssues(p: IamPrincipalsSettings): ValidationIssue[] {
  const users = Object.keys(p.users ?? {});
  return Object.entries(p.roles ?? {}).flatMap(([name, r]) =>
    (r.assumedBy ?? []).flatMap((u, i) => (users.includes(u) ? [] : [issue(['roles', name, 'assumedBy', i], u, `must name a user of 'users' (${users.map((x) => JSON.stringify(x)).join(', ') || 'none'})`)])),
  );
}

