import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App } from 'cdktf';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HelmChart, HelmChartProps } from '../../src/kubernetes/helm-chart';
import { ManifestsChart } from '../../src/kubernetes/manifests-chart';
import { ReadableIdStack } from '../../src/stacks/readable-ids';
import { emptyStack, onlyResource, synthJson, validationLines } from '../helpers/synth';

function chart(props: Partial<HelmChartProps> = {}) {
  const stack = emptyStack();
  new HelmProvider(stack, 'helm', {});
  new HelmChart(stack, 'lbc', { releaseName: 'aws-load-balancer-controller', chart: 'aws-load-balancer-controller', repository: 'https://aws.github.io/eks-charts', version: '3.5.0', namespace: 'kube-system', ...props });
  return synthJson(stack);
}

describe('HelmChart', () => {
  test('pinned version, atomic, waiting, namespace created, no values when none', () => {
    expect(onlyResource(chart(), 'helm_release')).toEqual(
      expect.objectContaining({
        name: 'aws-load-balancer-controller',
        chart: 'aws-load-balancer-controller',
        repository: 'https://aws.github.io/eks-charts',
        version: '3.5.0',
        namespace: 'kube-system',
        create_namespace: true,
        atomic: true,
        cleanup_on_fail: true,
        wait: true,
        timeout: 600,
      }),
    );
    expect(onlyResource(chart(), 'helm_release').values).toBeUndefined();
  });

  test('an OCI chart: the registry path as `repository`, the chart name as `chart` (helm provider 3.x), no repository login', () => {
    const release = onlyResource(chart({ releaseName: 'ack-s3-controller', chart: 's3-chart', repository: 'oci://public.ecr.aws/aws-controllers-k8s', version: '1.12.1', namespace: 'ack-system' }), 'helm_release');
    expect(release).toMatchObject({ chart: 's3-chart', repository: 'oci://public.ecr.aws/aws-controllers-k8s', version: '1.12.1' });
    expect(release.repository_username).toBeUndefined();
  });

  test('values as one document Terraform encodes, references included', () => {
    const stack = emptyStack();
    new HelmProvider(stack, 'helm', {});
    const role = new IamRole(stack, 'role', { assumeRolePolicy: '{}' });
    new HelmChart(stack, 'lbc', { releaseName: 'lbc', chart: 'c', repository: 'https://x.io', version: '1.0.0', namespace: 'kube-system', values: { clusterName: 'demo', serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': role.arn } } } });
    expect(onlyResource(synthJson(stack), 'helm_release').values).toEqual([
      '${jsonencode({"clusterName" = "demo", "serviceAccount" = {"annotations" = {"eks.amazonaws.com/role-arn" = aws_iam_role.role.arn}}})}',
    ]);
  });

  test.each<[string, Partial<HelmChartProps>, string]>([
    ['an unpinned version', { version: 'latest' }, `'version' ("latest") must be an exact chart version such as "1.2.3" (no ranges, no "latest")`],
    ['a version range', { version: '^1.2.0' }, `'version' ("^1.2.0") must be an exact chart version`],
    ['an empty version', { version: '' }, `'version' ("") must be an exact chart version`],
    ['a repository that is not a URL', { repository: 'eks' }, `'repository' ("eks") must be an https:// or oci:// chart repository URL`],
    ['an invalid release name', { releaseName: 'My_Release' }, `'releaseName' ("My_Release") must be a Helm release name`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => chart(props)).join('\n')).toContain(expected);
  });
});

describe('ManifestsChart', () => {
  function synthManifests() {
    const outdir = mkdtempSync(join(tmpdir(), 'eks-manifests-'));
    const app = new App({ outdir, stackTraces: false });
    const stack = new ReadableIdStack(app, 'k8s');
    new HelmProvider(stack, 'helm', {});
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const role = new IamRole(stack, 'role', { assumeRolePolicy: '{}' });
    new ManifestsChart(stack, 'karpenter-objects', {
      releaseName: 'karpenter-objects',
      namespace: 'kube-system',
      objects: [
        { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', metadata: { name: 'default' }, spec: { role: role.name, amiSelectorTerms: [{ alias: 'al2023@latest' }], note: 'not a {{ template }}' } },
        { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'default' }, spec: { limits: { cpu: 1000 } } },
      ],
    });
    app.synth();
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'k8s', 'cdk.tf.json'), 'utf8'));
    return { outdir, json };
  }

  test('a local chart in the stack\'s assets, references passed as values', () => {
    const { outdir, json } = synthManifests();
    const release = onlyResource(json, 'helm_release');
    expect(release.chart).toMatch(/^\.\/assets\/karpenter_objects_chart_files\/[0-9A-F]+$/i);
    expect(release.values).toEqual(['${jsonencode({"r0" = aws_iam_role.role.name})}']);
    const dir = join(outdir, 'stacks', 'k8s', release.chart);
    expect(readdirSync(join(dir, 'templates')).sort()).toEqual(['ec2nodeclass-default.yaml', 'nodepool-default.yaml']);
    const nodeClass = readFileSync(join(dir, 'templates', 'ec2nodeclass-default.yaml'), 'utf8');
    expect(nodeClass).toContain('"role": {{ .Values.r0 | toJson }}');
    expect(nodeClass).toContain('"note": "not a {{ "{{" }} template }}"');
    expect(JSON.parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8'))).toMatchObject({ apiVersion: 'v2', name: 'karpenter-objects', version: '1.0.0' });
    // What Helm's rendering makes of the two kinds of action the templates hold.
    const rendered = nodeClass.replace('{{ .Values.r0 | toJson }}', JSON.stringify('KarpenterNodeRole-demo')).replace('{{ "{{" }}', '{{');
    expect(parse(rendered)).toEqual({
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: 'default' },
      spec: { role: 'KarpenterNodeRole-demo', amiSelectorTerms: [{ alias: 'al2023@latest' }], note: 'not a {{ template }}' },
    });
  });

  test('the same objects give the same chart path', () => {
    expect(onlyResource(synthManifests().json, 'helm_release').chart).toBe(onlyResource(synthManifests().json, 'helm_release').chart);
  });

  test('throws on an object without a valid kind or name, and on repeated objects', () => {
    const stack = emptyStack();
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };
    const lines = validationLines(() => new ManifestsChart(stack, 'm', { releaseName: 'm', namespace: 'default', objects: [obj, obj, { ...obj, kind: 'configmap', metadata: { name: 'B!' } }] })).join('\n');
    expect(lines).toContain(`'objects.1' ("ConfigMap//a") repeats an object listed earlier`);
    expect(lines).toContain(`'objects.2.kind' ("configmap") must be a Kubernetes kind`);
    expect(lines).toContain(`'objects.2.metadata.name' ("B!") must be a Kubernetes object name`);
  });
});
