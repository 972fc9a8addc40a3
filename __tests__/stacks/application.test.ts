// The `application` section across the two stacks: the role and secrets in the AWS stack, the
// application in the Kubernetes stack, wired through the AWS stack's outputs; and bad input.
import { manifestObjects, ref, synthApp, synthPreset, validationLines } from '../helpers/synth';
import { parse } from 'yaml';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** On the default preset (Pod Identity with its agent): the registry, both controllers and an application with one secret. */
const APP = {
  registry: { repositories: ['web', 'api'] },
  controllers: { ingressNginx: {}, secretsStoreCsiDriver: {} },
  application: {
    frontend: { image: { repository: 'web', tag: '1.2.3' } },
    backend: { image: { repository: 'api', tag: '2.0.1' } },
    secrets: { names: ['app/db'] },
  },
};
const withApp = (application: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ ...APP, ...rest, application: { ...APP.application, ...application } });

describe('application on Pod Identity (default preset)', () => {
  const app = synthApp('default', APP);
  const aws = app.stacks.aws;
  const k8s = app.stacks.kubernetes;

  test('the role <cluster>-application, associated with app/backend after the agent, reads app/db only', () => {
    expect(aws.resource!.aws_iam_role.application_role_workload_identity_role.name).toBe('eks-default-application');
    expect(aws.resource!.aws_eks_pod_identity_association.application_role_workload_identity_association_app_backend).toMatchObject({
      cluster_name: ref('aws_eks_cluster.control_plane_cluster.name'),
      namespace: 'app',
      service_account: 'backend',
      role_arn: ref('aws_iam_role.application_role_workload_identity_role.arn'),
      depends_on: ['aws_eks_addon.addon_eks_pod_identity_agent_addon'],
    });
    const statements = aws.data!.aws_iam_policy_document.application_role_workload_identity_inline_policy_document.statement;
    expect(statements).toEqual([
      {
        sid: 'ReadTheApplicationSecrets',
        effect: 'Allow',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [`arn:${ref('data.aws_partition.partition.partition')}:secretsmanager:us-east-1:${ref('element(split(":", aws_eks_cluster.control_plane_cluster.arn), 4)')}:secret:app/db-??????`],
      },
    ]);
    expect(aws.output!.service_account_role_arns.value.application).toBe(ref('aws_iam_role.application_role_workload_identity_role.arn'));
  });

  test('existing secrets are not created (create defaults to false), and no caller identity lookup is needed', () => {
    expect(aws.resource!.aws_secretsmanager_secret).toBeUndefined();
    expect(aws.output!.application_secret_arns).toBeUndefined();
    expect(aws.data!.aws_caller_identity).toBeUndefined();
  });

  test('the service account carries no annotation; the SecretProviderClass asks for Pod Identity', () => {
    expect(k8s.resource!.kubernetes_service_account_v1.application_service_account.metadata).toMatchObject({ name: 'backend', annotations: {} });
    const [spc] = manifestObjects(app, 'kubernetes', 'application_secret_provider_class_chart_release');
    expect(spc.spec.parameters).toMatchObject({ usePodIdentity: 'true', region: 'us-east-1' });
    expect(parse(spc.spec.parameters.objects)).toEqual([{ objectName: 'app/db', objectType: 'secretsmanager' }]);
  });

  test('images are the registry\'s repository URLs from the AWS stack with the pinned tags', () => {
    const image = (tier: string) => k8s.resource!.kubernetes_deployment_v1[`application_workloads_deployment_${tier}`].spec.template.spec.container[0].image;
    expect(image('frontend')).toBe(`${remote('cross_stack_output_aws_ecr_repository_registry_repository_web_repository_url')}:1.2.3`);
    expect(image('backend')).toBe(`${remote('cross_stack_output_aws_ecr_repository_registry_repository_api_repository_url')}:2.0.1`);
    expect(aws.output!.cross_stack_output_aws_ecr_repository_registry_repository_api_repository_url.value).toBe(ref('aws_ecr_repository.registry_repository_api.repository_url'));
  });

  test('ordering: the Ingress after ingress-nginx, the SecretProviderClass after both Secrets Store releases', () => {
    expect(k8s.resource!.kubernetes_ingress_v1.application_ingress.depends_on).toEqual(['helm_release.ingress_nginx_chart_release']);
    expect(k8s.resource!.kubernetes_ingress_v1.application_ingress.spec.ingress_class_name).toBe('nginx');
    expect(k8s.resource!.helm_release.application_secret_provider_class_chart_release.depends_on).toEqual([
      'kubernetes_namespace_v1.application_workloads_namespace_app',
      'helm_release.secrets_store_csi_driver_driver_release',
      'helm_release.secrets_store_csi_driver_provider_release',
    ]);
  });

  test('every reference of the Kubernetes stack to the AWS stack is one of its outputs', () => {
    const used = new Set([...JSON.stringify(k8s).matchAll(/terraform_remote_state\.cross_stack_reference_input_aws\.outputs\.(\w+)/g)].map((m) => m[1]));
    expect([...used].filter((o) => !(o in aws.output!))).toEqual([]);
    expect(used.size).toBeGreaterThan(3);
  });
});

describe('application variants', () => {
  test('IRSA: the service account is annotated with the role ARN from the AWS stack; the SecretProviderClass uses IRSA', () => {
    const app = synthApp('default', withApp({ mechanism: 'irsa' }, { oidcProvider: { enabled: true } }));
    expect(app.stacks.kubernetes.resource!.kubernetes_service_account_v1.application_service_account.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': remote('cross_stack_output_aws_iam_role_application_role_workload_identity_role_arn'),
    });
    expect(app.stacks.aws.resource!.aws_eks_pod_identity_association).toBeUndefined();
    expect(manifestObjects(app, 'kubernetes', 'application_secret_provider_class_chart_release')[0].spec.parameters.usePodIdentity).toBe('false');
  });

  test('created secrets: name, description and key only, the exact ARN in the policy, kms:Decrypt through Secrets Manager, ARNs as an output', () => {
    const { json } = synthPreset('default', withApp({ secrets: { names: ['app/db'], create: true, kmsKeyArn: KEY, recoveryWindowDays: 7 } }));
    expect(json.resource!.aws_secretsmanager_secret.application_secrets_secret_app_db).toMatchObject({
      name: 'app/db',
      kms_key_id: KEY,
      recovery_window_in_days: 7,
      description: 'Read by app/backend on eks-default; its value is set outside Terraform',
    });
    expect(json.resource!.aws_secretsmanager_secret_version).toBeUndefined();
    const statements = json.data!.aws_iam_policy_document.application_role_workload_identity_inline_policy_document.statement;
    expect(statements[0].resources).toEqual([ref('aws_secretsmanager_secret.application_secrets_secret_app_db.arn')]);
    expect(statements[1]).toMatchObject({ actions: ['kms:Decrypt'], resources: [KEY], condition: [{ variable: 'kms:ViaService', values: [`secretsmanager.us-east-1.${ref('data.aws_partition.partition.dns_suffix')}`] }] });
    expect(json.output!.application_secret_arns.value).toEqual({ 'app/db': ref('aws_secretsmanager_secret.application_secrets_secret_app_db.arn') });
  });

  test('no secrets: no role, no SecretProviderClass; no Ingress with `ingress: false` (and no ingress-nginx needed)', () => {
    const app = synthApp('default', {
      registry: APP.registry,
      application: { frontend: APP.application.frontend, backend: APP.application.backend, ingress: false },
    });
    expect(Object.keys(app.stacks.aws.resource!.aws_iam_role).filter((r) => r.startsWith('application'))).toEqual([]);
    expect(app.stacks.kubernetes.resource!.helm_release).toBeUndefined();
    expect(app.stacks.kubernetes.resource!.kubernetes_ingress_v1).toBeUndefined();
    expect(Object.keys(app.stacks.kubernetes.resource!.kubernetes_deployment_v1).sort()).toEqual(['application_workloads_deployment_backend', 'application_workloads_deployment_frontend']);
  });

  test('settings reach the objects: namespace, service account and role names, Ingress host and paths', () => {
    const app = synthApp('default', withApp({ namespace: 'shop', serviceAccountName: 'api-reader', roleName: 'shop-api', ingress: { host: 'shop.example.com', backendPath: '/v1' } }));
    expect(app.stacks.aws.resource!.aws_iam_role.application_role_workload_identity_role.name).toBe('shop-api');
    expect(app.stacks.aws.resource!.aws_eks_pod_identity_association.application_role_workload_identity_association_shop_api_reader).toMatchObject({ namespace: 'shop', service_account: 'api-reader' });
    const k8s = app.stacks.kubernetes.resource!;
    expect(k8s.kubernetes_namespace_v1.application_workloads_namespace_shop.metadata.name).toBe('shop');
    expect(k8s.kubernetes_service_account_v1.application_service_account.metadata.name).toBe('api-reader');
    const rule = k8s.kubernetes_ingress_v1.application_ingress.spec.rule[0];
    expect(rule.host).toBe('shop.example.com');
    expect(rule.http.path.map((p: any) => p.path)).toEqual(['/', '/v1']);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['Pod Identity', {}, 'secretsmanager, eks-auth'],
    ['IRSA', { workloadIdentity: 'irsa', oidcProvider: { enabled: true } }, 'secretsmanager, sts'],
  ])('without NAT gateways (%s), a warning names the endpoints the secrets need', (_case, identity, missing) => {
    const network = { natGateways: 'none', vpcEndpoints: ['ec2', 'ecr.api', 'ecr.dkr', 's3'] };
    const { warnings } = synthPreset('default', { ...APP, ...identity, network });
    expect(warnings).toContain(`The application's secrets are read from private subnets without a NAT gateway and without VPC endpoints for ${missing}: the backend's pods cannot mount them; add them to 'network.vpcEndpoints'`);
    const { warnings: covered } = synthPreset('default', { ...APP, ...identity, network: { ...network, vpcEndpoints: [...network.vpcEndpoints, 'secretsmanager', 'sts', 'eks-auth'] } });
    expect(covered.join('\n')).not.toContain('secrets are read from private subnets');
  });

  test('an application alone makes the Kubernetes stack', () => {
    const { stacks } = synthApp('default', { registry: APP.registry, application: { ...APP.application, ingress: false, secrets: undefined } });
    expect(Object.keys(stacks)).toEqual(['aws', 'kubernetes']);
  });
});

describe('application: bad input', () => {
  test.each<[string, Record<string, unknown>, string]>([
    [
      'an image from a repository the registry does not have',
      withApp({ frontend: { image: { repository: 'webapp', tag: '1.0.0' } } }),
      `'application.frontend.image.repository' ("webapp") must name one of 'registry.repositories' ("web", "api"): images come from the cluster's ECR registry (seed 001)`,
    ],
    [
      'images without a registry',
      { ...APP, registry: undefined },
      `'application.backend.image.repository' ("api") must name a repository of the 'registry' section, which this configuration does not have`,
    ],
    ['an image tag "latest"', withApp({ backend: { image: { repository: 'api', tag: 'latest' } } }), `'application.backend.image.tag' ("latest") must not be "latest", which changes under running Pods`],
    ['an image without a tag', withApp({ backend: { image: { repository: 'api' } } }), `'application.backend.image.tag' is required`],
    [
      'an Ingress without its controller',
      { ...APP, controllers: { secretsStoreCsiDriver: {} } },
      `'application.ingress' needs an ingress controller: add 'controllers.awsLoadBalancerController' (an ALB) or 'controllers.ingressNginx' (seed 001: NGINX behind an NLB; retired), or set 'application.ingress' to false`,
    ],
    [
      'an ALB Ingress without the subnets\' discovery tags',
      { ...APP, network: { discoveryTags: false }, controllers: { awsLoadBalancerController: {}, secretsStoreCsiDriver: {} } },
      `'network.discoveryTags' (false) must be true for the application's ALB: the AWS Load Balancer Controller finds the public subnets by their kubernetes.io/role/elb tag`,
    ],
    [
      'secrets without the CSI driver',
      { ...APP, controllers: { ingressNginx: {} } },
      `'application.secrets' needs the Secrets Store CSI driver to mount them: add 'controllers.secretsStoreCsiDriver' (seed 001: the driver and its AWS provider)`,
    ],
    ['an empty secret list', withApp({ secrets: { names: [] } }), `'application.secrets.names' ([]) must list at least one secret name`],
    ['a secret name twice', withApp({ secrets: { names: ['db', 'db'] } }), `'application.secrets.names' (["db","db"]) must not list the same secret name twice`],
    ['a secret ARN instead of a name', withApp({ secrets: { names: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf'] } }), `'application.secrets.names.0' ("arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf") must be a Secrets Manager secret name`],
    ['a recovery window for secrets the stack does not create', withApp({ secrets: { names: ['db'], recoveryWindowDays: 7 } }), `'application.secrets.recoveryWindowDays' (7) applies to secrets this stack creates: set 'application.secrets.create' to true, or remove it`],
    [
      'IRSA for the backend without the OIDC provider',
      withApp({ mechanism: 'irsa' }),
      `'application.mechanism' ("irsa") needs the cluster's OIDC provider: set 'oidcProvider.enabled' to true, or use "pod-identity"`,
    ],
    [
      'Pod Identity for the backend without the agent',
      { ...APP, addons: { 'eks-pod-identity-agent': null } },
      `'workloadIdentity' ("pod-identity") needs the eks-pod-identity-agent add-on (for 'application'): add 'addons.eks-pod-identity-agent', or use "irsa"`,
    ],
    ['two tiers of one name', withApp({ frontend: { ...APP.application.frontend, name: 'web' }, backend: { ...APP.application.backend, name: 'web' } }), `'application.backend.name' ("web") must differ from 'application.frontend.name'`],
    ['one Ingress path for both tiers', withApp({ ingress: { backendPath: '/' } }), `'application.ingress.backendPath' ("/") must differ from 'frontendPath' ("/")`],
    [
      'a memory limit below its request',
      withApp({ backend: { ...APP.application.backend, resources: { requests: { memory: '256Mi' }, limits: { memory: '64Mi' } } } }),
      `'application.backend.resources.limits.memory' ("64Mi") must be >= 'requests.memory' ("256Mi"): Kubernetes refuses a limit below the request`,
    ],
    ['a CPU limit below its request', withApp({ frontend: { ...APP.application.frontend, resources: { requests: { cpu: '1' }, limits: { cpu: '500m' } } } }), `'application.frontend.resources.limits.cpu' ("500m") must be >= 'requests.cpu' ("1")`],
    [
      'a role setting without secrets (no role to configure)',
      { ...APP, application: { frontend: APP.application.frontend, backend: APP.application.backend, roleName: 'shop-api' } },
      `'application.roleName' ("shop-api") configures the backend's role, which exists only to read 'application.secrets': add the secrets, or remove it`,
    ],
    [
      'a role mechanism without secrets',
      { ...APP, application: { frontend: APP.application.frontend, backend: APP.application.backend, mechanism: 'irsa' } },
      `'application.mechanism' ("irsa") configures the backend's role, which exists only to read 'application.secrets'`,
    ],
    ['a missing tier', { ...APP, application: { frontend: APP.application.frontend } }, `'application.backend' is required`],
    ['an unknown setting', withApp({ replicas: 3 }), `'application.replicas' is not a known setting; allowed here: namespace, frontend, backend, serviceAccountName, mechanism, roleName, ingress, secrets`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(expected);
  });
});
