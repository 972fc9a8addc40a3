import { CONTROLLER_ACCOUNTS } from '../../src/controllers/private/schema';
import { CONTROLLERS_WITH_ROLES } from '../../src/cluster/private/configuration-checks';
import { ref, synthApp, synthPreset, validationLines } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
const NO_AGENT = { addons: { 'eks-pod-identity-agent': null } };

describe('controllers in the two stacks', () => {
  test('a controller alone makes the Kubernetes stack, with the helm provider authenticated from the AWS stack', () => {
    const { stacks } = synthApp('default', { controllers: { istio: {} } });
    expect(Object.keys(stacks)).toEqual(['aws', 'kubernetes']);
    expect(stacks.kubernetes.provider!.helm).toEqual([
      {
        kubernetes: expect.objectContaining({
          host: remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_endpoint'),
          exec: expect.objectContaining({ command: 'aws' }),
        }),
      },
    ]);
  });

  test('`null` removes a preset\'s controller, and with nothing left there is no Kubernetes stack', () => {
    const { stacks } = synthApp('chapter20-istio', { controllers: { istio: null } });
    expect(Object.keys(stacks)).toEqual(['aws']);
  });

  test.each(['chapter14-alb', 'chapter19-autoscaler', 'chapter19-karpenter', 'chapter20-istio', 'chapter20-lattice'])(
    '%s: every reference of the Kubernetes stack to the AWS stack is one of its outputs, read from its state',
    (preset) => {
      const { stacks } = synthApp(preset);
      const used = new Set([...JSON.stringify(stacks.kubernetes).matchAll(/terraform_remote_state\.cross_stack_reference_input_aws\.outputs\.(\w+)/g)].map((m) => m[1]));
      expect(used.size).toBeGreaterThan(2);
      expect([...used].filter((o) => !(o in stacks.aws.output!))).toEqual([]);
      expect(Object.keys(stacks.kubernetes.data!.terraform_remote_state)).toEqual(['cross_stack_reference_input_aws']);
    },
  );

  test('the identity checks know every controller with a role', () => {
    expect([...CONTROLLERS_WITH_ROLES].sort()).toEqual(Object.keys(CONTROLLER_ACCOUNTS).sort());
  });

  test('metrics-server is the EKS community add-on (no chart), created after the node groups', () => {
    const addon = synthPreset('default', { addons: { 'metrics-server': {} } }).json.resource!.aws_eks_addon.addon_metrics_server_addon;
    expect(addon).toMatchObject({ addon_name: 'metrics-server', cluster_name: ref('aws_eks_cluster.control_plane_cluster.name') });
    expect(addon.depends_on).toEqual(expect.arrayContaining(['aws_eks_node_group.node_group_default_group']));
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'IRSA for a controller without the OIDC provider',
      { controllers: { awsLoadBalancerController: { mechanism: 'irsa' } } },
      `'controllers.awsLoadBalancerController.mechanism' ("irsa") needs the cluster's OIDC provider: set 'oidcProvider.enabled' to true, or use "pod-identity"`,
    ],
    [
      'IRSA for every role without the OIDC provider',
      { workloadIdentity: 'irsa', controllers: { clusterAutoscaler: {} } },
      `'workloadIdentity' ("irsa") needs the cluster's OIDC provider (for 'controllers.clusterAutoscaler'): set 'oidcProvider.enabled' to true, or use "pod-identity"`,
    ],
    [
      'Pod Identity without the agent',
      { ...NO_AGENT, controllers: { vpcLattice: { prefixListIds: ['pl-07cbd8b5e26960eac'] } } },
      `'workloadIdentity' ("pod-identity") needs the eks-pod-identity-agent add-on (for 'controllers.vpcLattice'): add 'addons.eks-pod-identity-agent', or use "irsa"`,
    ],
    [
      'Pod Identity chosen for one controller without the agent',
      { ...NO_AGENT, workloadIdentity: 'irsa', oidcProvider: { enabled: true }, controllers: { karpenter: { mechanism: 'pod-identity' } }, controlPlane: { accessConfig: { authenticationMode: 'API' } } },
      `'controllers.karpenter.mechanism' ("pod-identity") needs the eks-pod-identity-agent add-on: add 'addons.eks-pod-identity-agent', or use "irsa"`,
    ],
    ['an unpinned chart version', { controllers: { awsLoadBalancerController: { version: '3.x' } } }, `'controllers.awsLoadBalancerController.version' ("3.x") must be an exact chart version such as "1.2.3"`],
    ['an unknown controller', { controllers: { appMesh: {} } }, `'controllers.appMesh' is not a known setting; allowed here: awsLoadBalancerController, clusterAutoscaler, karpenter, istio, vpcLattice`],
    ['a role name IAM refuses', { controllers: { clusterAutoscaler: { roleName: 'cluster autoscaler' } } }, `'controllers.clusterAutoscaler.roleName' ("cluster autoscaler") must be 1 to 64 characters`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(expected);
  });

});

// The controller's chart registers a Service webhook for every Service but its own, and Ingress and
// TargetGroupBinding webhooks, failing closed (aws/eks-charts webhook.yaml at v3.5.0): anything
// created before it answers is refused (kubernetes-sigs/aws-load-balancer-controller#3170, #4140).
describe('with the AWS Load Balancer Controller, everything that may create a Service, Ingress or TargetGroupBinding waits for its release', () => {
  const LBC = 'helm_release.aws_load_balancer_controller_chart_release';
  const TYPES = ['helm_release', 'kubernetes_service_v1', 'kubernetes_ingress_v1', 'kubernetes_manifest'];
  test.each<[string, string, Record<string, unknown>]>([
    ['mastering-terraform (ingress-nginx, the Secrets Store CSI driver, the application\'s Services and Ingress)', 'mastering-terraform', {}],
    ['chapter14-alb (the sample)', 'chapter14-alb', {}],
    ['workloads\' Services beside Karpenter', 'chapter19-karpenter', { controllers: { awsLoadBalancerController: {} }, kubernetes: { workloads: { services: { web: { selector: { app: 'web' }, ports: [{ port: 80 }] } } } } }],
  ])('%s', (_case, preset, overrides) => {
    const k8s = synthApp(preset, overrides).stacks.kubernetes;
    const waiting = TYPES.flatMap((type) => Object.entries<any>(k8s.resource![type] ?? {}).map(([name, r]) => [`${type}.${name}`, r.depends_on ?? []] as const));
    const others = waiting.filter(([address]) => address !== LBC);
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter(([, deps]) => !deps.includes(LBC)).map(([address]) => address)).toEqual([]);
    expect(k8s.resource!.helm_release.aws_load_balancer_controller_chart_release.depends_on).toBeUndefined();
  });
});
