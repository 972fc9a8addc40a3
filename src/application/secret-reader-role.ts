// Mastering Terraform chapter 8, infra/eks-workload-identity.tf (seed 001 "Secrets management",
// Workload Identity): the IAM role the backend's service account takes to read its secrets. The
// book trusts the service account through IRSA without the `aud` condition and lets it read every
// secret of the account (`secret:*`, with a hand-written `arn:aws:` partition); here the role, for
// that one service account through IRSA or Pod Identity, reads the named secrets only.
import { Construct } from 'constructs';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { PolicyStatement, ServiceAccountRef, ServiceAccountRole, type ServiceAccountRoleIdentity } from '../oidc/service-account-role';
import { dnsSuffixOf, partitionOf } from '../private/aws';
import { isUnresolved } from '../private/validate';

/** Actions the AWS provider of the Secrets Store CSI driver calls (its README's minimum policy). */
export const SECRET_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

export interface SecretReaderRoleProps {
  /** Name of the IAM role (book: `<application>-<environment>-workload-identity`). */
  readonly roleName: string;
  /** How the role is trusted (IRSA or Pod Identity), as the stack decides. */
  readonly identity: ServiceAccountRoleIdentity;
  /** The backend's service account. */
  readonly serviceAccount: ServiceAccountRef;
  /** Names of the secrets it reads. */
  readonly secretNames: string[];
  /**
   * Exact ARNs of secrets this stack creates, by name. Others are matched by name: Secrets
   * Manager appends `-` and six random characters, so `…:secret:<name>-??????` names one secret.
   * @default {}
   */
  readonly secretArns?: Readonly<Record<string, string>>;
  /** Region of the secrets. */
  readonly region: string;
  /** Account of the secrets (from an ARN of the stack, not an aws_caller_identity lookup). */
  readonly accountId: string;
  /** Customer managed key of the secrets: kms:Decrypt through Secrets Manager only. @default none (aws/secretsmanager) */
  readonly kmsKeyArn?: string;
}

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-??????`: the secret of that name, whatever its suffix. */
export function secretArnPattern(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${name}-??????`;
}

/** A role for one service account allowed to read the named secrets, and nothing else. */
export class SecretReaderRole extends Construct {
  readonly role: ServiceAccountRole;
  readonly serviceAccount: ServiceAccountRef;
  /** The statements of its inline policy. */
  readonly statements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: SecretReaderRoleProps) {
    super(scope, id);
    throwIfIssues(`SecretReaderRole '${this.node.path}'`, readerIssues(props));
    this.serviceAccount = props.serviceAccount;
    const partition = partitionOf(this);
    const resources = props.secretNames.map((n) => props.secretArns?.[n] ?? secretArnPattern(partition, props.region, props.accountId, n));
    this.statements = [{ sid: 'ReadTheApplicationSecrets', actions: SECRET_READ_ACTIONS, resources }];
    if (props.kmsKeyArn) {
      // Secrets Manager decrypts on the caller's behalf: the key serves this role through it only.
      this.statements.push({
        sid: 'DecryptThemThroughSecretsManager',
        actions: ['kms:Decrypt'],
        resources: [props.kmsKeyArn],
        conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${props.region}.${dnsSuffixOf(this)}`] }],
      });
    }
    this.role = new ServiceAccountRole(this, 'workload-identity', {
      ...props.identity,
      roleName: props.roleName,
      serviceAccounts: [props.serviceAccount],
      policyStatements: this.statements,
    });
  }
}

function readerIssues(p: SecretReaderRoleProps): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isUnresolved(p.secretNames) && p.secretNames.length === 0) issues.push(issue(['secretNames'], p.secretNames, 'must list at least one secret: a role that reads nothing has no use'));
  for (const name of Object.keys(p.secretArns ?? {})) {
    if (!p.secretNames.includes(name)) issues.push(issue(['secretArns', name], name, `is not one of 'secretNames' (${p.secretNames.map((n) => JSON.stringify(n)).join(', ')})`));
  }
  if (p.serviceAccount.name.includes('*')) issues.push(issue(['serviceAccount', 'name'], p.serviceAccount.name, 'must name one service account: the role reads secrets for it only'));
  return issues;
}
