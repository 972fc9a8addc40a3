// Rules on IAM: wildcard actions, unbounded writes and permissions management (cloudsplaining,
// behind checkov CKV_AWS_107-111/356 on aws_iam_policy_document and CKV_AWS_286-290/355 on literal
// policies), open trust, administrator access, "s3:*". As ../shared/tools/seccheck.py ports them.
import { analyzePolicy, type IamAnalysis } from '../private/iam-analysis';
import { list, policyOfDocument, principalsOf, statementsOf, type Block, type StackModel } from '../private/model';
import { shown, type SecurityRule } from '../private/rule';

const POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_group_policy', 'aws_iam_user_policy'];
const DOCUMENT = 'data.aws_iam_policy_document';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const ACCOUNT = /^(\d{12}|arn:aws:iam::\d{12}:root)/;

type Statements = ReturnType<typeof statementsOf>;

/** The statements a rule reads: a document's (Effect defaults to Allow) or a literal policy's (undefined when not literal). */
function statements(b: Block, address: string, model: StackModel): Statements | undefined {
  if (address.startsWith('data.')) return 'statement' in b ? statementsOf(policyOfDocument(b)) : undefined;
  const literal = model.literalPolicy(b.policy);
  return literal === undefined ? undefined : statementsOf(literal);
}

const allows = (s: Statements[number]) => (s.Effect ?? 'Allow') === 'Allow';
const fullIam = (ss: Statements) => ss.some((s) => s.Effect === 'Allow' && list(s.Action).some((a) => a === 'iam:*' || a === '*'));

/** A rule on documents and literal policies alike; `scannerIds` name the document check first. */
function policyRule(
  id: string,
  documentId: string,
  resourceId: string,
  title: string,
  test: (ss: Statements) => string | undefined,
): SecurityRule[] {
  const base = { title, fix: `list the actions and resources the role needs, or accept the finding with its reason` };
  return [
    { ...base, id: `IAM-DOCUMENT-${id}`, scannerIds: [documentId], types: [DOCUMENT], check: (b, a, model) => { const ss = statements(b, a, model); return ss ? test(ss) : undefined; } },
    { ...base, id: `IAM-POLICY-${id}`, scannerIds: [resourceId], types: POLICY_TYPES, check: (b, a, model) => { const ss = statements(b, a, model); return ss ? test(ss) : undefined; } },
  ];
}

const analyses = new WeakMap<Statements, IamAnalysis>();
const analysis = (ss: Statements) => {
  if (!analyses.has(ss)) analyses.set(ss, analyzePolicy(ss));
  return analyses.get(ss)!;
};

/** The cloudsplaining checks: `key` of the analysis, and the checkov ids on documents and on literal policies. */
const CLOUDSPLAINING: [string, string, string, keyof IamAnalysis, string][] = [
  ['CREDENTIALS-EXPOSURE', 'CKV_AWS_107', 'CKV_AWS_287', 'credentials', 'allows credentials exposure'],
  ['DATA-EXFILTRATION', 'CKV_AWS_108', 'CKV_AWS_288', 'exfiltration', 'allows data exfiltration'],
  ['PERMISSIONS-MANAGEMENT', 'CKV_AWS_109', 'CKV_AWS_289', 'permissionsManagement', 'allows permissions management without constraints'],
  ['PRIVILEGE-ESCALATION', 'CKV_AWS_110', 'CKV_AWS_286', 'privilegeEscalation', 'allows privilege escalation'],
  ['WRITE-UNBOUNDED', 'CKV_AWS_111', 'CKV_AWS_290', 'write', 'allows write access without constraints'],
  ['WILDCARD-RESOURCE', 'CKV_AWS_356', 'CKV_AWS_355', 'unrestricted', 'allows "*" as resource for restrictable actions'],
];

/** trivy's IAM checks read aws_iam_policy documents and each role's inline policy and first aws_iam_role_policy. */
function trivyPolicy(b: Block, address: string, model: StackModel): Statements {
  if (address.startsWith('aws_iam_policy.')) return statementsOf(model.resolvedPolicy(b.policy));
  if (address.startsWith('aws_iam_role.')) return list(b.inline_policy).flatMap((ib) => statementsOf(model.resolvedPolicy(ib?.policy)));
  // aws_iam_role_policy: only the first that names a role is read for that role.
  for (const [roleAddress, role] of model.of('aws_iam_role')) {
    const firstPolicy = [...model.of('aws_iam_role_policy')].find(([, rb]) => model.refersTo(rb.role, roleAddress) || rb.role === role.name);
    if (firstPolicy?.[0] === address) return statementsOf(model.resolvedPolicy(b.policy));
  }
  return [];
}
const actionsOf = (ss: Statements, effect: string) => new Set(ss.filter((s) => String(s.Effect).toLowerCase() === effect).flatMap((s) => list(s.Action).filter((x) => typeof x === 'string').map((x: string) => x.toLowerCase())));

export const IAM_RULES: readonly SecurityRule[] = [
  ...policyRule('FULL-ADMIN', 'CKV_AWS_1', 'CKV_AWS_62', 'allows "*" on "*" (full administrator)', (ss) =>
    ss.some((s) => allows(s) && list(s.Action).includes('*') && list(s.Resource).includes('*')) ? 'allows "*" on "*"' : undefined,
  ),
  ...policyRule('WILDCARD-ACTION', 'CKV_AWS_49', 'CKV_AWS_63', 'allows action "*"', (ss) => (ss.some((s) => allows(s) && list(s.Action).includes('*')) ? 'allows action "*"' : undefined)),
  {
    id: 'IAM-DOCUMENT-ANY-AWS-PRINCIPAL',
    scannerIds: ['CKV_AWS_283'],
    title: 'document allows any AWS principal',
    fix: `name the principals`,
    types: [DOCUMENT],
    check: (b, a, model) => (statements(b, a, model)?.some((s) => !s.Condition && s.Effect !== 'Deny' && (principalsOf(s).AWS ?? []).includes('*')) ? 'any AWS principal allowed' : undefined),
  },
  {
    id: 'IAM-FULL-IAM',
    scannerIds: ['CKV2_AWS_40'],
    title: 'allows "iam:*" or "*"',
    fix: `list the IAM actions the role needs`,
    types: [DOCUMENT, ...POLICY_TYPES],
    check: (b, a, model) => {
      const ss = statements(b, a, model);
      return ss && fullIam(ss) ? 'allows "iam:*" or "*"' : undefined;
    },
  },
  ...CLOUDSPLAINING.flatMap(([id, documentId, resourceId, key, what]) =>
    policyRule(id, documentId, resourceId, what, (ss) => {
      const found = analysis(ss)[key];
      return found.length > 0 ? `${what}: ${shown(found)}` : undefined;
    }),
  ),
  {
    id: 'IAM-USER-POLICY',
    scannerIds: ['CKV_AWS_40'],
    title: 'policy attached to a user',
    fix: `attach policies to groups or roles`,
    types: ['aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_policy_attachment'],
    check: (b, a) => (a.startsWith('aws_iam_policy_attachment.') && list(b.users).length === 0 ? undefined : 'policy attached to users'),
  },
  {
    id: 'IAM-ADMINISTRATOR-ACCESS',
    scannerIds: ['CKV_AWS_274'],
    title: 'AdministratorAccess attached',
    fix: `grant what the role needs instead`,
    types: ['aws_iam_role', 'aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment'],
    check: (b, a) => ((a.startsWith('aws_iam_role.') ? list(b.managed_policy_arns).includes(ADMIN) : b.policy_arn === ADMIN) ? 'AdministratorAccess attached' : undefined),
  },
  {
    id: 'IAM-IAM-FULL-ACCESS',
    scannerIds: ['CKV2_AWS_56'],
    title: 'IAMFullAccess attached',
    fix: `grant the IAM actions the role needs instead`,
    types: ['aws_iam_role', 'aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment'],
    check: (b, a) => ((a.startsWith('aws_iam_role.') ? list(b.managed_policy_arns).some((x) => String(x).includes('IAMFullAccess')) : String(b.policy_arn ?? '').includes('IAMFullAccess')) ? 'IAMFullAccess attached' : undefined),
  },
  {
    id: 'IAM-ADMINISTRATOR-LOOKUP',
    scannerIds: ['CKV_AWS_275'],
    title: 'AdministratorAccess looked up',
    fix: `grant what the role needs instead`,
    types: ['data.aws_iam_policy'],
    check: (b) => (b.name === 'AdministratorAccess' || b.arn === ADMIN ? 'AdministratorAccess looked up' : undefined),
  },
  {
    id: 'IAM-TRUST-ANY-PRINCIPAL',
    scannerIds: ['CKV_AWS_60'],
    title: 'any principal may assume the role',
    fix: `name the principals of the trust policy`,
    types: ['aws_iam_role'],
    check: (b, _a, model) => (statementsOf(model.literalPolicy(b.assume_role_policy)).some((s) => s.Effect !== 'Deny' && (principalsOf(s).AWS ?? []).includes('*')) ? 'any principal may assume the role' : undefined),
  },
  {
    id: 'IAM-TRUST-WHOLE-ACCOUNT',
    scannerIds: ['CKV_AWS_61'],
    title: 'a whole account may assume the role',
    fix: `name the roles or users of the account`,
    types: ['aws_iam_role'],
    check: (b, _a, model) =>
      statementsOf(model.literalPolicy(b.assume_role_policy)).some((s) => s.Effect !== 'Deny' && (principalsOf(s).AWS ?? []).some((x) => typeof x === 'string' && ACCOUNT.test(x))) ? 'a whole account may assume the role' : undefined,
  },
  {
    id: 'IAM-S3-FULL',
    scannerIds: ['AVD-AWS-0345'],
    title: 'allows "s3:*"',
    fix: `list the S3 actions (controllers.ackS3Controller does)`,
    types: ['aws_iam_policy', 'aws_iam_role', 'aws_iam_role_policy'],
    check: (b, a, model) => {
      const ss = trivyPolicy(b, a, model);
      return actionsOf(ss, 'allow').has('s3:*') && !actionsOf(ss, 'deny').has('s3:*') ? 'allows "s3:*"' : undefined;
    },
  },
  {
    id: 'IAM-S3-GET-PUT-ALL',
    scannerIds: ['AVD-AWS-0346'],
    title: 's3:Get* and s3:Put* on every resource',
    fix: `name the buckets`,
    types: ['aws_iam_policy', 'aws_iam_role', 'aws_iam_role_policy'],
    check: (b, a, model) =>
      trivyPolicy(b, a, model).some((s) => String(s.Effect).toLowerCase() === 'allow' && JSON.stringify(list(s.Resource)) === '["*"]' && ['s3:get*', 's3:put*'].every((x) => list(s.Action).map((y) => String(y).toLowerCase()).includes(x)))
        ? 's3:Get* and s3:Put* on all resources'
        : undefined,
  },
];
