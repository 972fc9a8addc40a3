// Mastering Terraform chapter 8, infra/secrets.tf (seed 001 "Secrets management"): the Secrets
// Manager secrets the backend reads. The book writes the value too, from a random_password, so the
// connection string sits in the Terraform state (and would in the synthesized JSON of a literal);
// here Terraform creates the secret only (name, description, key, recovery window) and the value
// is set outside it, e.g. `aws secretsmanager put-secret-value --secret-id <name> --secret-string
// file://value.txt`. Nothing secret ever reaches the state or cdktf.out/.
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { props as propsOf, schemaIssues, tagMap } from '../private/validate';
import { applicationSecretsFields } from './private/schema';

export interface ApplicationSecretsProps {
  /** Secret names (the book: `<application>-<environment>-connection-string`). */
  readonly names: string[];
  /** What the secrets are for. @default "Read by <reader>; its value is set outside Terraform" */
  readonly description?: string;
  /** Who reads them, for the default description. @default "the application" */
  readonly reader?: string;
  /** Customer managed KMS key. @default the AWS managed key aws/secretsmanager */
  readonly kmsKeyArn?: string;
  /** Days a deleted secret stays restorable; 0 deletes at once. @default 30 (Secrets Manager's default) */
  readonly recoveryWindowDays?: number;
  /** Rotation by a Lambda function of yours, every `afterDays` days (default 30). @default none */
  readonly rotation?: { readonly lambdaArn: string; readonly afterDays?: number };
  /** @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = propsOf({
  names: applicationSecretsFields.names,
  kmsKeyArn: applicationSecretsFields.kmsKeyArn,
  recoveryWindowDays: applicationSecretsFields.recoveryWindowDays,
  rotation: applicationSecretsFields.rotation,
  description: v.optional(v.pipe(v.string('must be a string'), v.maxLength(2048, 'must be at most 2048 characters (Secrets Manager)'))),
  tags: v.optional(tagMap),
});

/** Days between rotations unless `rotation.afterDays` says otherwise (checkov CKV_AWS_304 asks for 90 at most). */
export const DEFAULT_ROTATION_DAYS = 30;

/** Secrets Manager secrets without a value: Terraform owns their existence, not their content. */
export class ApplicationSecrets extends Construct {
  readonly secrets: Readonly<Record<string, SecretsmanagerSecret>>;
  /** Full ARNs (with Secrets Manager's random suffix) by name. */
  readonly secretArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ApplicationSecretsProps) {
    super(scope, id);
    const fieldIssues = schemaIssues(propsSchema, props);
    throwIfIssues(`ApplicationSecrets '${this.node.path}'`, fieldIssues.length > 0 ? fieldIssues : addressIssues(props.names));
    const description = props.description ?? `Read by ${props.reader ?? 'the application'}; its value is set outside Terraform`;
    const secrets: Record<string, SecretsmanagerSecret> = {};
    for (const name of props.names) {
      secrets[name] = new SecretsmanagerSecret(this, `secret-${secretKey(name)}`, {
        name,
        description,
        ...(props.kmsKeyArn ? { kmsKeyId: props.kmsKeyArn } : {}),
        ...(props.recoveryWindowDays !== undefined ? { recoveryWindowInDays: props.recoveryWindowDays } : {}),
        tags: props.tags ?? {},
      });
      if (props.rotation) {
        new SecretsmanagerSecretRotation(this, `rotation-${secretKey(name)}`, {
          secretId: secrets[name].id,
          rotationLambdaArn: props.rotation.lambdaArn,
          rotationRules: { automaticallyAfterDays: props.rotation.afterDays ?? DEFAULT_ROTATION_DAYS },
        });
      }
    }
    this.secrets = secrets;
    this.secretArns = Object.fromEntries(Object.entries(secrets).map(([n, s]) => [n, s.arn]));
  }
}

/** The part of a secret's Terraform address its name gives. */
const secretKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Two names that would share one Terraform address. */
function addressIssues(names: string[]): ValidationIssue[] {
  const seen = new Map<string, string>();
  const issues: ValidationIssue[] = [];
  names.forEach((name, i) => {
    const first = seen.get(secretKey(name));
    if (first !== undefined) issues.push(issue(['names', i], name, `must not differ from ${JSON.stringify(first)} only in case or punctuation: both would have the Terraform address of secret-${secretKey(name)}`));
    else seen.set(secretKey(name), name);
  });
  return issues;
}
