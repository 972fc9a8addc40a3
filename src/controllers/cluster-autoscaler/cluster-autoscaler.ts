// chapter19-autoscaler autoscalercontroller.yml (book "Deploy Autoscaler Controller", L13060-L13120),
// installed with `kubectl create -f` there: the Cluster Autoscaler, from its Helm chart here, with
// the book's flags and an image of the cluster's Kubernetes minor. The book runs v1.26.2 on 1.31
// ("K8s 1.31 corresponds to autoscaler v1.26.2", L13070); upstream: "use the Cluster Autoscaler
// release that matches the Kubernetes minor version of the cluster".
import { Construct } from 'constructs';
import { HelmChart } from '../../kubernetes/helm-chart';
import { ManifestsChart } from '../../kubernetes/manifests-chart';
import type { ServiceAccountRef } from '../../oidc/service-account-role';
import type { ClusterAutoscalerSettings } from '../private/schema';
import { inflateDeployment } from '../private/samples';
import { chartServiceAccount, mergeValues } from '../private/values';

/** kubernetes/autoscaler chart 9.59.0 (appVersion 1.35.0; chart 9.54.0 was the first with 1.35). */
export const CLUSTER_AUTOSCALER_CHART = { repository: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.59.0' } as const;

/** The book's expander (`--expander=least-waste`): the group that wastes the least CPU and memory. */
export const DEFAULT_EXPANDER = 'least-waste';

export interface ClusterAutoscalerProps {
  /** Cluster name (`autoDiscovery.clusterName`): groups tagged `k8s.io/cluster-autoscaler/<name>` are found. */
  readonly clusterName: string;
  /** Region (`awsRegion`; the chart's default is us-east-1). */
  readonly region: string;
  /** Image tag, of the cluster's Kubernetes minor. */
  readonly imageTag: string;
  readonly serviceAccount: ServiceAccountRef;
  /** @default {} */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /** Flags and chart settings from the configuration. @default {} */
  readonly settings?: Omit<ClusterAutoscalerSettings, 'mechanism' | 'roleName' | 'imageTag'>;
}

/** The Cluster Autoscaler's release (kube-system) and, on request, the chapter's inflate app. */
export class ClusterAutoscaler extends Construct {
  readonly chart: HelmChart;
  readonly sample?: ManifestsChart;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const s = props.settings ?? {};
    this.chart = new HelmChart(this, 'chart', {
      releaseName: 'cluster-autoscaler',
      ...CLUSTER_AUTOSCALER_CHART,
      version: s.version ?? CLUSTER_AUTOSCALER_CHART.version,
      namespace: props.serviceAccount.namespace,
      values: mergeValues(
        {
          cloudProvider: 'aws',
          awsRegion: props.region,
          autoDiscovery: { clusterName: props.clusterName },
          image: { tag: props.imageTag },
          rbac: { serviceAccount: chartServiceAccount(props.serviceAccount, props.serviceAccountAnnotations) },
          extraArgs: {
            'balance-similar-node-groups': s.balanceSimilarNodeGroups ?? true,
            'skip-nodes-with-system-pods': s.skipNodesWithSystemPods ?? false,
            'skip-nodes-with-local-storage': s.skipNodesWithLocalStorage ?? false,
            expander: s.expander ?? DEFAULT_EXPANDER,
          },
          // The book's requests and limits (100m, 600Mi); no CPU limit, which would only throttle it.
          resources: { requests: { cpu: '100m', memory: '600Mi' }, limits: { memory: '600Mi' } },
        },
        s.values,
      ),
    });
    if (s.sampleApp) {
      this.sample = new ManifestsChart(this, 'sample', { releaseName: 'chapter19-inflate', namespace: 'default', objects: [inflateDeployment()], dependsOn: [this.chart.release] });
    }
  }
}
