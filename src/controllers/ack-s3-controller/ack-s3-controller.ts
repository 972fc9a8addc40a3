// chapter08 "ACK Controller Deployment" (book L4978-L5065, by hand there): `helm install
// --create-namespace -n ack-system ack-s3-controller oci://public.ecr.aws/aws-controllers-k8s/s3-chart
// --version=$RELEASE_VERSION --set=aws.region=…`, with RELEASE_VERSION the latest GitHub release at
// install time, then `kubectl apply -f pod/s3.yml`. Here the chart version is pinned, the service
// account is the one chapter15-irsa's role trusts, annotated for IRSA (nothing to annotate with Pod
// Identity), and the sample Bucket is a manifest installed after the controller. The book logs
// Helm in to public.ecr.aws first; ECR Public serves unauthenticated pulls, and an expired login is
// what makes them fail (`helm registry logout public.ecr.aws`), so none is made.
import { Construct } from 'constructs';
import { HelmChart } from '../../kubernetes/helm-chart';
import { ManifestsChart } from '../../kubernetes/manifests-chart';
import type { ServiceAccountRef } from '../../oidc/service-account-role';
import { chartServiceAccount, mergeValues } from '../private/values';
import { BOOK_BUCKET_NAME } from './buckets';

/**
 * s3-chart 1.10.0 = controller v1.10.0: tag v1.10.0 of aws-controllers-k8s/s3-controller
 * (2026-08-13, helm/Chart.yaml `version` and `appVersion` 1.10.0), the newest tag in a copy read on
 * 2026-08-22. (1.12.1, pinned before, was seen in no upstream copy.) ACK chart versions carry no
 * `v`; the book ran 1.0.17.
 */
export const ACK_S3_CHART = { repository: 'oci://public.ecr.aws/aws-controllers-k8s', chart: 's3-chart', version: '1.10.0' } as const;

export interface AckS3ControllerProps {
  /** Region of the buckets and of the controller's API calls (chart `aws.region`). */
  readonly region: string;
  /** Its service account, created by the chart. */
  readonly serviceAccount: ServiceAccountRef;
  /** Annotations of the service account (the IRSA role ARN). @default {} */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /** @default ACK_S3_CHART.version */
  readonly version?: string;
  /** Values merged over the typed ones. @default {} */
  readonly values?: Record<string, unknown>;
  /** Name of the sample's bucket; none installs no sample. Bucket names are global. @default none */
  readonly sampleBucketName?: string;
}

/** The controller's release (ack-system) and, on request, the chapter's Bucket. */
export class AckS3Controller extends Construct {
  readonly chart: HelmChart;
  readonly sample?: ManifestsChart;

  constructor(scope: Construct, id: string, props: AckS3ControllerProps) {
    super(scope, id);
    // The chart's crds/ (Bucket and ACK's common CRDs) are installed on first install only (Helm
    // never upgrades crds/, helm.sh "Custom Resource Definitions"): before raising `version`, apply
    // that version's helm/crds with kubectl.
    this.chart = new HelmChart(this, 'chart', {
      releaseName: 'ack-s3-controller',
      ...ACK_S3_CHART,
      version: props.version ?? ACK_S3_CHART.version,
      namespace: props.serviceAccount.namespace,
      values: mergeValues(
        {
          aws: { region: props.region },
          serviceAccount: chartServiceAccount(props.serviceAccount, props.serviceAccountAnnotations),
        },
        props.values,
      ),
    });
    if (props.sampleBucketName !== undefined) {
      // pod/s3.yml: the object keeps the book's name; `spec.name` is the bucket's, global in S3.
      this.sample = new ManifestsChart(this, 'sample', {
        releaseName: 'chapter08-ack-s3',
        namespace: 'default',
        objects: [
          { apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', metadata: { name: BOOK_BUCKET_NAME, namespace: 'default' }, spec: { name: props.sampleBucketName } },
        ],
        dependsOn: [this.chart.release],
      });
    }
  }
}
