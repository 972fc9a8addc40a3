import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import {
  AWS_SECRETS_PROVIDER_CHART,
  SECRETS_STORE_CSI_DRIVER_CHART,
  SecretsStoreCsiDriver,
  SecretsStoreCsiDriverProps,
} from '../../src/controllers/secrets-store-csi-driver/secrets-store-csi-driver';
import { emptyStack, releaseValues, synthApp, synthJson, validationLines } from '../helpers/synth';

function build(props: Partial<SecretsStoreCsiDriverProps> = {}) {
  const stack = emptyStack();
  new HelmProvider(stack, 'helm', {});
  new SecretsStoreCsiDriver(stack, 'secrets-store-csi-driver', { region: 'eu-west-1', ...props });
  const releases = synthJson(stack).resource!.helm_release;
  return { driver: releases.secrets_store_csi_driver_driver_release, provider: releases.secrets_store_csi_driver_provider_release, count: Object.keys(releases).length };
}

describe('SecretsStoreCsiDriver', () => {
  test('the driver chart 1.6.0 and the AWS provider chart 3.1.1, both in kube-system under the book\'s release names', () => {
    const { driver, provider, count } = build();
    expect(count).toBe(2);
    expect(SECRETS_STORE_CSI_DRIVER_CHART.version).toBe('1.6.0');
    expect(AWS_SECRETS_PROVIDER_CHART.version).toBe('3.1.1');
    expect(driver).toMatchObject({
      name: 'csi-secrets-store',
      chart: 'secrets-store-csi-driver',
      repository: 'https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts',
      version: '1.6.0',
      namespace: 'kube-system',
      create_namespace: false,
    });
    expect(provider).toMatchObject({
      name: 'secrets-provider-aws',
      chart: 'secrets-store-csi-driver-provider-aws',
      repository: 'https://aws.github.io/secrets-store-csi-driver-provider-aws',
      version: '3.1.1',
      namespace: 'kube-system',
      create_namespace: false,
    });
  });

  test('the driver is installed once: the provider chart\'s bundled copy is off, and the provider waits for the driver', () => {
    const { provider } = build();
    expect(releaseValues(provider)).toEqual({ awsRegion: 'eu-west-1', 'secrets-store-csi-driver': { install: false } });
    expect(provider.depends_on).toEqual(['helm_release.secrets_store_csi_driver_driver_release']);
  });

  test('defaults: a token request for Pod Identity\'s audience, no sync into Kubernetes Secrets, no rotation', () => {
    expect(releaseValues(build().driver)).toEqual({ tokenRequests: [{ audience: 'pods.eks.amazonaws.com' }], syncSecret: { enabled: false }, enableSecretRotation: false });
  });

  // The AWS provider 3.x reads the pod's token from the CSI driver only (utils/token_parser.go at
  // tag 3.1.1): without a token request for the mechanism's audience every mount fails.
  test.each<[string, ('irsa' | 'pod-identity')[], string[]]>([
    ['IRSA', ['irsa'], ['sts.amazonaws.com']],
    ['Pod Identity', ['pod-identity'], ['pods.eks.amazonaws.com']],
    ['both', ['irsa', 'pod-identity'], ['sts.amazonaws.com', 'pods.eks.amazonaws.com']],
  ])('token requests for %s', (_case, workloadIdentities, audiences) => {
    expect(releaseValues(build({ workloadIdentities }).driver).tokenRequests).toEqual(audiences.map((audience) => ({ audience })));
  });

  test('syncSecret, rotation at an interval, versions and values', () => {
    const { driver, provider } = build({
      syncSecret: true,
      rotationPollInterval: '3600s',
      version: '1.5.4',
      providerVersion: '2.1.0',
      values: { linux: { priorityClassName: 'system-node-critical' } },
      providerValues: { useFipsEndpoint: true },
    });
    expect(driver.version).toBe('1.5.4');
    expect(provider.version).toBe('2.1.0');
    expect(releaseValues(driver)).toEqual({ tokenRequests: [{ audience: 'pods.eks.amazonaws.com' }], syncSecret: { enabled: true }, enableSecretRotation: true, rotationPollInterval: '3600s', linux: { priorityClassName: 'system-node-critical' } });
    expect(releaseValues(provider)).toMatchObject({ awsRegion: 'eu-west-1', useFipsEndpoint: true, 'secrets-store-csi-driver': { install: false } });
  });

  test.each<[string, Partial<SecretsStoreCsiDriverProps>, string]>([
    ['an unpinned driver version', { version: '1.x' }, `'version' ("1.x") must be an exact chart version`],
    ['an unpinned provider version', { providerVersion: 'latest' }, `'providerVersion' ("latest") must be an exact chart version`],
    ['a rotation interval without a unit', { rotationPollInterval: '3600' }, `'rotationPollInterval' ("3600") must be a duration such as "3600s", "60m" or "2h"`],
    ['a region that is none', { region: 'Europe' }, `'region' ("Europe") must be an AWS region code`],
    ['a mechanism that is none', { workloadIdentities: ['oidc' as never] }, `'workloadIdentities.0' ("oidc") must be one of "pod-identity", "irsa"`],
    ['no mechanism', { workloadIdentities: [] }, `'workloadIdentities' ([]) must list at least one mechanism`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => build(props)).join('\n')).toContain(expected);
  });
});

describe('controllers.secretsStoreCsiDriver in the Kubernetes stack', () => {
  test('both releases with the configured region, and no role in the AWS stack (IAM belongs to the workloads)', () => {
    const app = synthApp('default', { region: 'eu-central-1', controllers: { secretsStoreCsiDriver: { syncSecret: true } } });
    const releases = app.stacks.kubernetes.resource!.helm_release;
    expect(Object.keys(releases).sort()).toEqual(['secrets_store_csi_driver_driver_release', 'secrets_store_csi_driver_provider_release']);
    expect(releaseValues(releases.secrets_store_csi_driver_provider_release).awsRegion).toBe('eu-central-1');
    expect(releaseValues(releases.secrets_store_csi_driver_driver_release).syncSecret).toEqual({ enabled: true });
    expect(Object.keys(app.stacks.aws.resource!.aws_iam_role).filter((r) => r.includes('secret'))).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string[]]>([
    ['the stack\'s workloadIdentity (Pod Identity by default)', {}, ['pods.eks.amazonaws.com']],
    ['the stack\'s workloadIdentity irsa', { workloadIdentity: 'irsa', oidcProvider: { enabled: true } }, ['sts.amazonaws.com']],
    ['workloadIdentities as configured', { controllers: { secretsStoreCsiDriver: { workloadIdentities: ['irsa', 'pod-identity'] } } }, ['sts.amazonaws.com', 'pods.eks.amazonaws.com']],
  ])('the CSIDriver requests tokens for %s', (_case, overrides, audiences) => {
    const app = synthApp('default', { controllers: { secretsStoreCsiDriver: {} }, ...overrides });
    expect(releaseValues(app.stacks.kubernetes.resource!.helm_release.secrets_store_csi_driver_driver_release).tokenRequests).toEqual(audiences.map((audience) => ({ audience })));
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['an unpinned provider chart', { controllers: { secretsStoreCsiDriver: { providerVersion: '3' } } }, `'controllers.secretsStoreCsiDriver.providerVersion' ("3") must be an exact chart version`],
    ['a setting of another controller', { controllers: { secretsStoreCsiDriver: { mechanism: 'irsa' } } }, `'controllers.secretsStoreCsiDriver.mechanism' is not a known setting; allowed here: version, values, providerVersion, providerValues, syncSecret, rotationPollInterval, workloadIdentities`],
  ])('throws on %s', (_case, overrides, expected) => {
    expect(validationLines(() => synthApp('default', overrides)).join('\n')).toContain(expected);
  });
});
