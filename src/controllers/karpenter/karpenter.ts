// chapter19-karpenter script.sh and deployment/nodepool.yml (book "Karpenter Deployment" and
// "Deploy Node Pool", L13332-L13470): the Karpenter releases and the default NodePool and
// EC2NodeClass. The book sets `clusterEndpoint` at the top of the values (the v1 chart reads
// `settings.clusterEndpoint`), an IRSA annotation on a Pod Identity cluster, and asks for 1 vCPU
// and 1 GiB per controller on 2 vCPU / 2 GiB t3.small nodes.
import { Construct } from 'constructs';
import { HelmChart } from '../../kubernetes/helm-chart';
import { KubernetesObject, ManifestsChart } from '../../kubernetes/manifests-chart';
import type { ServiceAccountRef } from '../../oidc/service-account-role';
import type { KarpenterSettings } from '../private/schema';
import { inflateDeployment } from '../private/samples';
import { chartServiceAccount, mergeValues } from '../private/values';
import { DISCOVERY_TAG } from './discovery';

/**
 * Karpenter 1.14.1 (tag v1.14.1, 2026-08-20, the newest release in the upstream copy of
 * 2026-08-21): Kubernetes 1.26 to 1.36 (hack/docs/compatibilitymatrix_gen/compatibility.yaml).
 */
export const KARPENTER_CHART = { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter', version: '1.14.1' } as const;
/** Its CRDs as a chart of their own, so upgrades update them (Karpenter upgrade guide). */
export const KARPENTER_CRD_CHART = { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter-crd' } as const;

/** Requests that leave room on small nodes (t3.small: 2 vCPU, 2 GiB); memory capped, CPU not. */
export const DEFAULT_CONTROLLER_RESOURCES = { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } };

/** The book's NodePool requirements (repository nodepool.yml). */
export const DEFAULT_REQUIREMENTS = [
  { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['t', 'c', 'm', 'r'] },
  { key: 'karpenter.k8s.aws/instance-cpu', operator: 'In', values: ['2', '4', '8', '16', '32'] },
  { key: 'karpenter.k8s.aws/instance-hypervisor', operator: 'In', values: ['nitro'] },
  { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['2'] },
];
export const DEFAULT_CPU_LIMIT = 1000;
export const DEFAULT_CONSOLIDATION_POLICY = 'WhenEmpty';
export const DEFAULT_CONSOLIDATE_AFTER = '30s';
/** Amazon Linux 2023, the EKS default; an alias at `latest` follows new AMIs (drift), so pin one in production. */
export const DEFAULT_AMI_ALIAS = 'al2023@latest';

export interface KarpenterProps {
  /** Cluster name (`settings.clusterName`), as a reference to the cluster. */
  readonly clusterName: string;
  /** Cluster name as a plain string: the discovery tag's value. */
  readonly discoveryTagValue: string;
  /** API endpoint (`settings.clusterEndpoint`); saves a DescribeCluster call at start. */
  readonly clusterEndpoint: string;
  /** The interruption queue's name (`settings.interruptionQueue`). @default none (no interruption handling) */
  readonly interruptionQueueName?: string;
  /** Role of the nodes, named by the EC2NodeClass (Karpenter makes the instance profile). */
  readonly nodeRoleName: string;
  readonly serviceAccount: ServiceAccountRef;
  /** @default {} */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /** Chart, placement, NodePool and sample settings from the configuration. @default {} */
  readonly settings?: Omit<KarpenterSettings, 'mechanism' | 'roleName' | 'nodeRoleName' | 'interruptionQueue'>;
}

/** karpenter-crd, karpenter, and the default NodePool and EC2NodeClass. */
export class Karpenter extends Construct {
  readonly crdChart: HelmChart;
  readonly chart: HelmChart;
  readonly nodePool?: ManifestsChart;
  readonly sample?: ManifestsChart;

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id);
    const s = props.settings ?? {};
    const version = s.version ?? KARPENTER_CHART.version;
    const namespace = props.serviceAccount.namespace;
    this.crdChart = new HelmChart(this, 'crd-chart', { releaseName: 'karpenter-crd', ...KARPENTER_CRD_CHART, version, namespace });
    this.chart = new HelmChart(this, 'chart', {
      releaseName: 'karpenter',
      ...KARPENTER_CHART,
      version,
      namespace,
      skipCrds: true,
      values: mergeValues(
        {
          settings: {
            clusterName: props.clusterName,
            clusterEndpoint: props.clusterEndpoint,
            ...(props.interruptionQueueName ? { interruptionQueue: props.interruptionQueueName } : {}),
          },
          serviceAccount: chartServiceAccount(props.serviceAccount, props.serviceAccountAnnotations),
          controller: { resources: s.controllerResources ?? DEFAULT_CONTROLLER_RESOURCES },
          ...(s.nodeSelector ? { nodeSelector: s.nodeSelector } : {}),
          ...(s.tolerations ? { tolerations: s.tolerations } : {}),
        },
        s.values,
      ),
      dependsOn: [this.crdChart.release],
    });
    if (s.nodePool !== false) {
      this.nodePool = new ManifestsChart(this, 'node-pool', {
        releaseName: 'karpenter-node-pool',
        namespace,
        objects: nodePoolObjects(props, s.nodePool ?? {}),
        dependsOn: [this.chart.release],
      });
    }
    if (s.sampleApp) {
      this.sample = new ManifestsChart(this, 'sample', {
        releaseName: 'chapter19-inflate',
        namespace: 'default',
        objects: [inflateDeployment()],
        dependsOn: this.nodePool ? [this.nodePool.chart.release] : [this.chart.release],
      });
    }
  }
}

/** The book's EC2NodeClass and NodePool, both named `default`. */
function nodePoolObjects(props: KarpenterProps, pool: NonNullable<Exclude<KarpenterSettings['nodePool'], false>>): KubernetesObject[] {
  const discovery = { [DISCOVERY_TAG]: props.discoveryTagValue };
  return [
    {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: 'default' },
      spec: {
        amiSelectorTerms: [{ alias: pool.amiAlias ?? DEFAULT_AMI_ALIAS }],
        role: props.nodeRoleName,
        subnetSelectorTerms: [{ tags: discovery }],
        securityGroupSelectorTerms: [{ tags: discovery }],
        tags: discovery,
      },
    },
    {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'default' },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
            requirements: pool.requirements ?? DEFAULT_REQUIREMENTS,
            ...(pool.expireAfter ? { expireAfter: pool.expireAfter } : {}),
          },
        },
        limits: { cpu: pool.cpuLimit ?? DEFAULT_CPU_LIMIT },
        disruption: {
          consolidationPolicy: pool.consolidationPolicy ?? DEFAULT_CONSOLIDATION_POLICY,
          consolidateAfter: pool.consolidateAfter ?? DEFAULT_CONSOLIDATE_AFTER,
        },
      },
    },
  ];
}
