import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import {
  DEFAULT_INGRESS_NGINX_REPLICAS,
  INGRESS_NGINX_CHART,
  IngressNginx,
  IngressNginxProps,
  nlbServiceAnnotations,
} from '../../src/controllers/ingress-nginx/ingress-nginx';
import { emptyStack, releaseValues, synthApp, synthJson, validationLines, warningsOf } from '../helpers/synth';

const LBC_ANNOTATIONS = {
  'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
  'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
};

function build(props: Partial<IngressNginxProps> = {}) {
  const stack = emptyStack();
  new HelmProvider(stack, 'helm', {});
  const nginx = new IngressNginx(stack, 'ingress-nginx', { provisioner: 'in-tree', ...props });
  return { nginx, release: synthJson(stack).resource!.helm_release.ingress_nginx_chart_release, warnings: warningsOf(stack) };
}

describe('NLB annotations of the ingress-nginx Service', () => {
  test.each<[string, Parameters<typeof nlbServiceAnnotations>[0], Record<string, string>]>([
    ['the AWS Load Balancer Controller, by default: external, IP targets, internet-facing', { provisioner: 'aws-load-balancer-controller' }, LBC_ANNOTATIONS],
    [
      'the AWS Load Balancer Controller, internal with instance targets',
      { provisioner: 'aws-load-balancer-controller', scheme: 'internal', targetType: 'instance' },
      {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'instance',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      },
    ],
    // The in-tree controller knows the type "nlb" and the "internal" flag, not scheme or target type.
    ['the in-tree controller, by default: type nlb, internet-facing', { provisioner: 'in-tree' }, { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' }],
    [
      'the in-tree controller, internal',
      { provisioner: 'in-tree', scheme: 'internal', targetType: 'instance' },
      { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb', 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
    ],
  ])('%s', (_case, options, expected) => {
    expect(nlbServiceAnnotations(options)).toEqual(expected);
  });
});

describe('IngressNginx', () => {
  test('the kubernetes/ingress-nginx chart at its last release, 4.15.1, in ingress-nginx, atomic', () => {
    const { release } = build();
    expect(INGRESS_NGINX_CHART).toEqual({ repository: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.15.1' });
    expect(release).toMatchObject({ name: 'ingress-nginx', chart: 'ingress-nginx', repository: 'https://kubernetes.github.io/ingress-nginx', version: '4.15.1', namespace: 'ingress-nginx', atomic: true });
  });

  test('defaults: two replicas, IngressClass "nginx" (not the cluster default), a LoadBalancer Service, no source ranges', () => {
    const { release, nginx } = build();
    expect(DEFAULT_INGRESS_NGINX_REPLICAS).toBe(2);
    expect(nginx.ingressClassName).toBe('nginx');
    expect(releaseValues(release)).toEqual({
      controller: {
        replicaCount: 2,
        ingressClass: 'nginx',
        ingressClassResource: { name: 'nginx', enabled: true, default: false },
        service: { type: 'LoadBalancer', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } },
      },
    });
  });

  test('settings: class name, replicas, source ranges, scheme; values merged over them', () => {
    const { release, nginx } = build({
      provisioner: 'aws-load-balancer-controller',
      ingressClassName: 'public',
      replicaCount: 3,
      scheme: 'internal',
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      values: { controller: { service: { externalTrafficPolicy: 'Local' } } },
    });
    expect(nginx.ingressClassName).toBe('public');
    const values = releaseValues(release);
    expect(values.controller).toMatchObject({ replicaCount: 3, ingressClass: 'public', ingressClassResource: { name: 'public' } });
    expect(values.controller.service).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      annotations: { ...LBC_ANNOTATIONS, 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
    });
  });

  test('warns at synth that ingress-nginx is retired, naming its successors', () => {
    const { warnings } = build();
    expect(warnings).toEqual([expect.stringContaining('ingress-nginx is retired')]);
    for (const successor of ['Gateway API', 'VPC Lattice', 'Istio', 'Envoy Gateway', 'ingress2gateway', 'ALB Ingress']) expect(warnings[0]).toContain(successor);
    expect(warnings[0]).toContain('chart 4.15.1 is its last release');
  });

  test.each<[string, Partial<IngressNginxProps>, string]>([
    ['IP targets in-tree', { provisioner: 'in-tree', targetType: 'ip' }, `'targetType' ("ip") needs provisioner "aws-load-balancer-controller": the in-tree service controller registers instances (node ports) only`],
    ['an unpinned version', { version: '4.x' }, `'version' ("4.x") must be an exact chart version`],
    ['an unknown scheme', { scheme: 'public' as never }, `'scheme' ("public") must be one of "internet-facing", "internal"`],
    ['a source range that is no CIDR block', { loadBalancerSourceRanges: ['10.0.0.1'] }, `'loadBalancerSourceRanges.0' ("10.0.0.1")`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => build(props)).join('\n')).toContain(expected);
  });
});

describe('controllers.ingressNginx in the Kubernetes stack', () => {
  const release = (app: ReturnType<typeof synthApp>) => app.stacks.kubernetes.resource!.helm_release.ingress_nginx_chart_release;

  test('without the AWS Load Balancer Controller: the in-tree NLB annotation, no dependency, and the retirement warning', () => {
    const app = synthApp('default', { controllers: { ingressNginx: {} } });
    expect(releaseValues(release(app)).controller.service.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(release(app).depends_on).toBeUndefined();
    expect(app.warnings.kubernetes).toEqual(expect.arrayContaining([expect.stringContaining('ingress-nginx is retired')]));
  });

  test('with the AWS Load Balancer Controller: its annotations, after its release (its webhook answers for the Service)', () => {
    const app = synthApp('default', { controllers: { awsLoadBalancerController: {}, ingressNginx: { scheme: 'internal' } } });
    expect(releaseValues(release(app)).controller.service.annotations).toEqual({ ...LBC_ANNOTATIONS, 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' });
    expect(release(app).depends_on).toEqual(['helm_release.aws_load_balancer_controller_chart_release']);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'IP targets without the AWS Load Balancer Controller',
      { controllers: { ingressNginx: { targetType: 'ip' } } },
      `'controllers.ingressNginx.targetType' ("ip") needs 'controllers.awsLoadBalancerController': without it EKS's in-tree service controller makes the NLB, and it registers instances (node ports) only; add the controller or use "instance"`,
    ],
    [
      'subnets without discovery tags',
      { network: { discoveryTags: false }, controllers: { ingressNginx: {} } },
      `'network.discoveryTags' (false) must be true with 'controllers.ingressNginx': the NLB finds its subnets by their kubernetes.io/role/elb (or internal-elb) tag`,
    ],
    ['an unpinned chart version', { controllers: { ingressNginx: { version: 'latest' } } }, `'controllers.ingressNginx.version' ("latest") must be an exact chart version such as "1.2.3"`],
    ['an unknown setting', { controllers: { ingressNginx: { sampleApp: true } } }, `'controllers.ingressNginx.sampleApp' is not a known setting; allowed here: version, values, scheme, targetType, replicaCount, ingressClassName, loadBalancerSourceRanges`],
    ['no replica', { controllers: { ingressNginx: { replicaCount: 0 } } }, `'controllers.ingressNginx.replicaCount' (0) must be a whole number between 1 and 10`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(expected);
  });
});
