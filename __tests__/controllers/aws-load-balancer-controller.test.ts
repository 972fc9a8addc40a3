import * as v from 'valibot';
import { LBC_CHART } from '../../src/controllers/aws-load-balancer-controller/aws-load-balancer-controller';
import { LBC_POLICY_SOURCE, LBC_POLICY_STATEMENTS } from '../../src/controllers/aws-load-balancer-controller/iam-policy';
import { fromIamJson } from '../../src/controllers/private/iam';
import { manifestObjects, ref, releaseValues, synthApp } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';

/** The upstream file's shape: what a statement of docs/install/iam_policy.json may hold. */
const ACTION = /^(ec2|elasticloadbalancing|iam|cognito-idp|acm|waf-regional|wafv2|shield):[A-Z][A-Za-z]+$/;
const oneOrMany = (item: v.GenericSchema) => v.union([item, v.pipe(v.array(item), v.minLength(1))]);
const statementSchema = v.strictObject({
  Effect: v.literal('Allow'),
  Action: oneOrMany(v.pipe(v.string(), v.regex(ACTION))),
  Resource: oneOrMany(v.pipe(v.string(), v.regex(/^(\*|arn:aws:(ec2|elasticloadbalancing):\*:\*:[a-z-]+(\/(net|app))?(\/\*)+)$/))),
  Condition: v.optional(
    v.record(v.picklist(['StringEquals', 'Null']), v.record(v.string(), oneOrMany(v.string()))),
  ),
});

describe('AWS Load Balancer Controller IAM policy (data)', () => {
  test('matches its own schema: Allow statements of ELB, EC2, IAM, ACM, Cognito, WAF and Shield actions on upstream resources', () => {
    for (const statement of LBC_POLICY_STATEMENTS) expect(v.safeParse(statementSchema, statement).issues).toBeUndefined();
  });

  test('has the sixteen upstream statements, no action twice in one, and names its source version = the chart version', () => {
    expect(LBC_POLICY_STATEMENTS).toHaveLength(16);
    for (const s of LBC_POLICY_STATEMENTS) {
      const actions = [s.Action].flat();
      expect(new Set(actions).size).toBe(actions.length);
    }
    expect(LBC_POLICY_SOURCE.version).toBe(`v${LBC_CHART.version}`);
    expect(LBC_POLICY_SOURCE.url).toBe(`https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/${LBC_POLICY_SOURCE.version}/docs/install/iam_policy.json`);
  });

  test.each([
    // Without these two the controller stops reconciling or cannot create load balancers (convox/convox#1102).
    'elasticloadbalancing:DescribeListenerAttributes',
    'ec2:GetSecurityGroupsForVpc',
    'ec2:DescribeRouteTables',
    'elasticloadbalancing:SetRulePriorities',
  ])('grants %s, which later controller versions need', (action) => {
    expect(LBC_POLICY_STATEMENTS.flatMap((s) => [s.Action].flat())).toContain(action);
  });

  test('writes to load balancers and security groups only where the controller tagged them (elbv2.k8s.aws/cluster)', () => {
    const deletes = LBC_POLICY_STATEMENTS.filter((s) => [s.Action].flat().some((a) => /:(Delete(LoadBalancer|TargetGroup|SecurityGroup))$/.test(a)));
    expect(deletes).toHaveLength(2);
    for (const s of deletes) expect(s.Condition).toEqual({ Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } });
  });

  test('fromIamJson rewrites the commercial partition and keeps every condition', () => {
    const statements = fromIamJson(LBC_POLICY_STATEMENTS, 'aws-cn');
    expect(statements[5]).toEqual({
      effect: 'Allow',
      actions: ['ec2:CreateTags'],
      resources: ['arn:aws-cn:ec2:*:*:security-group/*'],
      conditions: [
        { test: 'StringEquals', variable: 'ec2:CreateAction', values: ['CreateSecurityGroup'] },
        { test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['false'] },
      ],
    });
    expect(statements.flatMap((s) => s.resources).filter((r) => r.startsWith('arn:aws:'))).toEqual([]);
  });
});

describe('AWS Load Balancer Controller (preset chapter14-alb)', () => {
  const app = synthApp('chapter14-alb');
  const aws = app.stacks.aws;
  const k8s = app.stacks.kubernetes;
  const release = k8s.resource!.helm_release.aws_load_balancer_controller_chart_release;

  test('role MyAmazonEKSLoadBalancerControllerRole, trusted through IRSA by kube-system/aws-load-balancer-controller-sa (sub and aud)', () => {
    const role = aws.resource!.aws_iam_role.aws_load_balancer_controller_controller_role;
    expect(role.name).toBe('MyAmazonEKSLoadBalancerControllerRole');
    const trust = aws.data!.aws_iam_policy_document.aws_load_balancer_controller_controller_trust.statement[0];
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust.condition.map((c: any) => c.values)).toEqual([['system:serviceaccount:kube-system:aws-load-balancer-controller-sa'], ['sts.amazonaws.com']]);
    expect(aws.resource!.aws_eks_pod_identity_association).toBeUndefined();
  });

  test('the policy is on the controller role (16 statements, partition from aws_partition), not on the node role', () => {
    const doc = aws.data!.aws_iam_policy_document.aws_load_balancer_controller_controller_inline_policy_document;
    expect(doc.statement).toHaveLength(16);
    expect(doc.statement[5].resources).toEqual([`arn:${ref('data.aws_partition.partition.partition')}:ec2:*:*:security-group/*`]);
    const nodePolicies = Object.entries<any>(aws.resource!.aws_iam_role_policy_attachment).filter(([n]) => n.startsWith('nodes_')).map(([, a]) => a.policy_arn);
    expect(nodePolicies).toHaveLength(4);
    expect(JSON.stringify(aws.resource!.aws_iam_role_policy ?? {})).not.toContain('nodes_role');
  });

  test('the chart: eks-charts aws-load-balancer-controller 3.5.0 in kube-system', () => {
    expect(release).toMatchObject({ name: 'aws-load-balancer-controller', chart: 'aws-load-balancer-controller', repository: 'https://aws.github.io/eks-charts', version: '3.5.0', namespace: 'kube-system' });
    expect(release.skip_crds).toBeUndefined();
  });

  test('values: cluster name and VPC from the AWS stack, region, two replicas, the annotated service account', () => {
    expect(releaseValues(release)).toEqual({
      clusterName: remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_name'),
      region: 'us-east-1',
      vpcId: remote('cross_stack_output_aws_vpc_network_vpc_id'),
      replicaCount: 2,
      serviceAccount: {
        create: true,
        name: 'aws-load-balancer-controller-sa',
        annotations: { 'eks.amazonaws.com/role-arn': remote('cross_stack_output_aws_iam_role_aws_load_balancer_controller_controller_role_arn') },
      },
    });
  });

  test('every reference to the AWS stack is one of its outputs', () => {
    const outputs = [...JSON.stringify(k8s).matchAll(/cross_stack_reference_input_aws\.outputs\.(\w+)/g)].map((m) => m[1]);
    expect(outputs.length).toBeGreaterThan(0);
    for (const o of new Set(outputs)) expect(Object.keys(aws.output!)).toContain(o);
  });

  test('sample: blue app behind an ALB Ingress and an NLB whose annotations are on the Service (the book puts them on the Pod)', () => {
    const sample = k8s.resource!.helm_release.aws_load_balancer_controller_sample_chart_release;
    expect(sample.depends_on).toEqual(['helm_release.aws_load_balancer_controller_chart_release']);
    const objects = manifestObjects(app, 'kubernetes', 'aws_load_balancer_controller_sample_chart_release');
    const byName = Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    expect(Object.keys(byName).sort()).toEqual(['Deployment/blueapp', 'Ingress/ingress-alb', 'Service/blueapp-nlb', 'Service/blueapp-svc']);
    expect(byName['Ingress/ingress-alb']).toMatchObject({
      metadata: { annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing', 'alb.ingress.kubernetes.io/target-type': 'ip' } },
      spec: { ingressClassName: 'alb' },
    });
    expect(byName['Service/blueapp-nlb']).toMatchObject({
      metadata: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external', 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' } },
      spec: { type: 'LoadBalancer', ports: [{ port: 80, targetPort: 8080 }] },
    });
    expect(byName['Deployment/blueapp'].spec.template.metadata.annotations).toBeUndefined();
  });
});

describe('AWS Load Balancer Controller through Pod Identity', () => {
  const { stacks } = synthApp('default', { controllers: { awsLoadBalancerController: { replicaCount: 1, values: { enableServiceMutatorWebhook: false } } } });

  test('an association for kube-system/aws-load-balancer-controller, a role named after the cluster, nothing on the service account', () => {
    expect(stacks.aws.resource!.aws_iam_role.aws_load_balancer_controller_controller_role.name).toBe('eks-default-aws-load-balancer-controller');
    expect(Object.values<any>(stacks.aws.resource!.aws_eks_pod_identity_association)).toEqual([
      expect.objectContaining({ namespace: 'kube-system', service_account: 'aws-load-balancer-controller' }),
    ]);
    const values = releaseValues(stacks.kubernetes.resource!.helm_release.aws_load_balancer_controller_chart_release);
    expect(values.serviceAccount).toEqual({ create: true, name: 'aws-load-balancer-controller', annotations: {} });
  });

  test('replicaCount and merged values reach the chart', () => {
    const values = releaseValues(stacks.kubernetes.resource!.helm_release.aws_load_balancer_controller_chart_release);
    expect(values).toMatchObject({ replicaCount: 1, enableServiceMutatorWebhook: false });
  });

  test('the role ARN is in the service_account_role_arns output', () => {
    expect(stacks.aws.output!.service_account_role_arns.value).toMatchObject({
      'controller-aws-load-balancer-controller': ref('aws_iam_role.aws_load_balancer_controller_controller_role.arn'),
    });
  });
});

describe('AWS Load Balancer Controller policy', () => {
  test('policyArns replace the published iam_policy.json', () => {
    const arn = 'arn:aws:iam::111122223333:policy/scoped-lbc';
    const { stacks } = synthApp('default', { controllers: { awsLoadBalancerController: { policyArns: [arn] } } });
    expect(stacks.aws.data!.aws_iam_policy_document.aws_load_balancer_controller_controller_inline_policy_document).toBeUndefined();
    expect(Object.values<any>(stacks.aws.resource!.aws_iam_role_policy_attachment).filter((a) => a.role === '${aws_iam_role.aws_load_balancer_controller_controller_role.name}').map((a) => a.policy_arn)).toEqual([arn]);
  });
});
