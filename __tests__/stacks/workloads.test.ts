// kubernetes.workloads in the configuration: the Kubernetes stack it makes, errors with their
// configuration paths (from the schema and from the construct), images of the registry resolved
// across the stacks, and the order after the controllers' Helm releases.
import { loadConfig } from '../../src/config/load';
import { synthApp, validationLines } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
const WEB = { image: 'nginx:1.27.3', ports: [{ containerPort: 8080 }] };
const workloads = (w: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ kubernetes: { workloads: w }, ...extra });

describe('kubernetes.workloads', () => {
  test('a Pod alone makes the Kubernetes stack, with the kubernetes provider only', () => {
    const { stacks, warnings } = synthApp('default', workloads({ pods: { web: { containers: { web: WEB } } } }));
    expect(Object.keys(stacks)).toEqual(['aws', 'kubernetes']);
    expect(Object.keys(stacks.kubernetes.resource!)).toEqual(['kubernetes_pod_v1']);
    expect(Object.keys(stacks.kubernetes.terraform!.required_providers)).toEqual(['kubernetes']);
    expect(warnings.kubernetes).toEqual([]);
  });

  test('a ReplicaSet brings the helm provider, for its local chart', () => {
    const { stacks } = synthApp('default', workloads({ replicaSets: { web: { containers: { web: WEB } } } }));
    expect(Object.keys(stacks.kubernetes.terraform!.required_providers).sort()).toEqual(['helm', 'kubernetes']);
    expect(Object.keys(stacks.kubernetes.resource!.helm_release)).toEqual(['workloads_replicasets_default_chart_release']);
  });

  test('an ECR image is the repository URL the AWS stack outputs, read from its state', () => {
    const { stacks } = synthApp('default', workloads({ pods: { web: { containers: { web: { image: { ecrRepository: 'team/web', tag: 'v1.2.3' } } } } } }, { registry: { repositories: ['team/web'] } }));
    const output = 'cross_stack_output_aws_ecr_repository_registry_repository_team_web_repository_url';
    expect(stacks.kubernetes.resource!.kubernetes_pod_v1.workloads_pod_web.spec.container[0].image).toBe(`${remote(output)}:v1.2.3`);
    expect(stacks.aws.output![output].value).toBe('${aws_ecr_repository.registry_repository_team_web.repository_url}');
  });

  test('workloads wait for the Helm releases of the controllers (their webhooks see new Pods and Services)', () => {
    const { stacks } = synthApp('chapter14-alb', workloads({ pods: { web: { containers: { web: WEB } } } }));
    expect(stacks.kubernetes.resource!.kubernetes_pod_v1.workloads_pod_web.depends_on).toEqual(
      expect.arrayContaining(['helm_release.aws_load_balancer_controller_chart_release', 'helm_release.aws_load_balancer_controller_sample_chart_release']),
    );
  });

  test('a registry with mutable tags makes an ECR tag a warning of the Kubernetes stack', () => {
    const { warnings } = synthApp('default', workloads({ pods: { web: { containers: { web: { image: { ecrRepository: 'web', tag: 'v1' } } } } } }, { registry: { repositories: ['web'], imageTagMutability: 'MUTABLE' } }));
    expect(warnings.kubernetes).toEqual([expect.stringContaining('Container web of Pod web runs ECR tag v1')]);
  });
});

describe('kubernetes.workloads: bad input names the configuration path', () => {
  test('field rules, at load time', () => {
    const lines = validationLines(() =>
      loadConfig({ env: {}, cwd: process.cwd(), overrides: workloads({ pods: { web: { containers: { web: { image: 'nginx:latest' } } } }, services: { web: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 80 }] } } }) }),
    );
    expect(lines).toEqual([
      `'kubernetes.workloads.pods.web.containers.web.image' ("nginx:latest") must not use the tag "latest", which changes under running Pods (and Kubernetes then pulls it on every start): use a version tag or a digest`,
      `'kubernetes.workloads.services.web.ports.0.nodePort' (80) must be a whole number from 30000 to 32767, the cluster's NodePort range`,
    ]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'an ECR repository the registry does not have',
      workloads({ pods: { web: { containers: { web: { image: { ecrRepository: 'backend', tag: 'v1' } } } } } }, { registry: { repositories: ['docker-images'] } }),
      `'kubernetes.workloads.pods.web.containers.web.image.ecrRepository' ("backend") is not a repository of the registry ("docker-images"): add it to 'registry.repositories'`,
    ],
    [
      'an ECR image without a registry',
      workloads({ deployments: { web: { containers: { web: { image: { ecrRepository: 'backend', tag: 'v1' } } } } } }),
      `'kubernetes.workloads.deployments.web.containers.web.image.ecrRepository' ("backend") names an ECR repository, but the 'registry' section is not configured: add it with this repository in 'registry.repositories'`,
    ],
    [
      'a selector the Pods do not carry',
      workloads({ deployments: { web: { labels: { app: 'web' }, selector: { app: 'api' }, containers: { web: WEB } } } }),
      `'kubernetes.workloads.deployments.web.selector' ({"app":"api"}) must match the Pod 'labels' ({"app":"web"}): Kubernetes refuses a Deployment whose Pods do not carry its selector`,
    ],
  ])('rules of the construct, while the Kubernetes stack is built: %s', (_case, overrides, message) => {
    expect(validationLines(() => synthApp('default', overrides))).toEqual([message]);
  });
});
