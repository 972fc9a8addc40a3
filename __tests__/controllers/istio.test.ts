import { manifestObjects, ref, releaseValues, resources, synthApp, validationLines } from '../helpers/synth';

describe('Istio (preset chapter20-istio)', () => {
  const app = synthApp('chapter20-istio');
  const releases = app.stacks.kubernetes.resource!.helm_release;

  test.each([
    ['istio_istio_base_release', 'istio-base', 'base', undefined],
    ['istio_istiod_release', 'istiod', 'istiod', 'helm_release.istio_istio_base_release'],
    ['istio_istio_ingressgateway_release', 'istio-ingressgateway', 'gateway', 'helm_release.istio_istiod_release'],
  ])('%s: release %s of chart %s 1.30.3 from istio-release.storage.googleapis.com in istio-system, after %s', (address, name, chart, after) => {
    expect(releases[address]).toMatchObject({ name, chart, repository: 'https://istio-release.storage.googleapis.com/charts', version: '1.30.3', namespace: 'istio-system' });
    expect(releases[address].depends_on).toEqual(after ? [after] : undefined);
  });

  test('istiod gets the small requests of the demo profile (t3.small nodes)', () => {
    expect(releaseValues(releases.istio_istiod_release)).toEqual({ pilot: { resources: { requests: { cpu: '100m', memory: '256Mi' } } } });
  });

  test('no world-open rule: the node security group admits the control plane on 15017 (istiod webhooks), besides the cluster traffic table', () => {
    const aws = app.stacks.aws;
    const ingress = Object.entries<any>(resources(aws, 'aws_vpc_security_group_ingress_rule'));
    expect(ingress.filter(([, r]) => r.cidr_ipv4 === '0.0.0.0/0')).toEqual([]);
    expect(ingress.find(([n]) => n === 'control_plane_security_groups_istio_webhooks_ingress')?.[1]).toMatchObject({
      security_group_id: ref('aws_security_group.control_plane_security_groups_nodes.id'),
      referenced_security_group_id: ref('aws_eks_cluster.control_plane_cluster.vpc_config[0].cluster_security_group_id'),
      ip_protocol: 'tcp',
      from_port: 15017,
      to_port: 15017,
    });
  });

  test('sample: namespace istions with sidecar injection, blue (8080) and green (8081) behind port 80, Gateway and 50/50 VirtualService', () => {
    const objects = manifestObjects(app, 'kubernetes', 'istio_sample_chart_release');
    const byName = Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    expect(byName['Namespace/istions'].metadata.labels).toEqual({ name: 'istions', 'istio-injection': 'enabled' });
    expect(byName['Service/green'].spec.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8081 }]);
    expect(byName['Gateway/istio-gateway'].spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(byName['VirtualService/blue-green'].spec.http[0].route).toEqual([
      { destination: { host: 'blue' }, weight: 50 },
      { destination: { host: 'green' }, weight: 50 },
    ]);
    expect(releases.istio_sample_chart_release.depends_on).toEqual(['helm_release.istio_istio_ingressgateway_release']);
  });
});

describe('Istio settings', () => {
  test('default cluster: base and istiod only, and no extra rule (both ends carry the cluster security group)', () => {
    const { stacks } = synthApp('default', { controllers: { istio: {} } });
    expect(Object.keys(stacks.kubernetes.resource!.helm_release).sort()).toEqual(['istio_istio_base_release', 'istio_istiod_release']);
    expect(resources(stacks.aws, 'aws_vpc_security_group_ingress_rule')).toEqual({});
    expect(stacks.aws.resource!.aws_iam_role).not.toHaveProperty('istio');
  });

  test('a pinned version of the configuration applies to the three charts', () => {
    const { stacks } = synthApp('default', { controllers: { istio: { version: '1.30.4', ingressGateway: true } } });
    expect(Object.values<any>(stacks.kubernetes.resource!.helm_release).map((r) => r.version)).toEqual(['1.30.4', '1.30.4', '1.30.4']);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['the sample without the ingress gateway', { controllers: { istio: { sampleApp: true } } }, `'controllers.istio.sampleApp' (true) needs 'controllers.istio.ingressGateway' true`],
    ['an unpinned version', { controllers: { istio: { version: '1.31' } } }, `'controllers.istio.version' ("1.31") must be an exact chart version`],
    ['an unknown setting', { controllers: { istio: { profile: 'demo' } } }, `'controllers.istio.profile' is not a known setting; allowed here: version, values, sampleApp, ingressGateway`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(expected);
  });
});
