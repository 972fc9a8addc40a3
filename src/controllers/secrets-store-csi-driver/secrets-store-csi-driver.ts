// Seeds 000/001 "Secrets management" (Mastering Terraform chapter 8, k8s/aws-secrets-manager.tf):
// the Secrets Store CSI driver and the AWS provider for it (ASCP), both with Helm. The book installs
// both charts unpinned, enables `syncSecret` to copy the secret into a Kubernetes Secret (the
// base64 store the seed argues against) and lets the provider chart install a second copy of the
// driver as its dependency. Here both charts are pinned, the provider's bundled driver is turned
// off (`secrets-store-csi-driver.install: false`) so the driver release is the only one, and
// secrets stay in mounted files unless `syncSecret` is asked for.
import { Construct } from 'constructs';
import { throwIfIssues } from '../../errors';
import { DEFAULT_WORKLOAD_IDENTITY, type WorkloadIdentityMechanism } from '../../oidc/private/schema';
import { HelmChart } from '../../kubernetes/helm-chart';
import { region } from '../../private/names';
import { props as propsOf, schemaIssues } from '../../private/validate';
import { secretsStoreCsiDriverFields } from '../private/schema';
import { mergeValues } from '../private/values';

/** kubernetes-sigs/secrets-store-csi-driver v1.6.0 ("release: update manifest and helm charts for v1.6.0", PRs #2033/#2034, April 2026). */
export const SECRETS_STORE_CSI_DRIVER_CHART = {
  repository: 'https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts',
  chart: 'secrets-store-csi-driver',
  version: '1.6.0',
} as const;
/**
 * aws/secrets-store-csi-driver-provider-aws chart 3.1.1: tag 3.1.1 (2026-06-01, "bump version number
 * to 3.1.1", #622), charts/secrets-store-csi-driver-provider-aws/Chart.yaml `version: 3.1.1`; the
 * newest tag in a copy read on 2026-08-22.
 */
export const AWS_SECRETS_PROVIDER_CHART = {
  repository: 'https://aws.github.io/secrets-store-csi-driver-provider-aws',
  chart: 'secrets-store-csi-driver-provider-aws',
  version: '3.1.1',
} as const;
/** Both DaemonSets run in kube-system (the provider's README installs them there). */
export const SECRETS_STORE_NAMESPACE = 'kube-system';
/** The CSI driver name pods' volumes ask for. */
export const SECRETS_STORE_CSI_DRIVER_NAME = 'secrets-store.csi.k8s.io';

/**
 * The audience of the service account token the AWS provider exchanges for credentials, per
 * mechanism (utils/token_parser.go at tag 3.1.1: `IRSAAudience`, `PodIdentityAudience`). From 3.0
 * the provider reads the pod's token only from the CSI driver (`csi.storage.k8s.io/serviceAccount.tokens`)
 * and fails every mount without it ("serviceAccount.tokens not provided - ensure tokenRequests is
 * configured in CSIDriver"); a driver installed apart from the provider's chart needs
 * `tokenRequests` with these audiences (README "Separate CSI Driver Installation" at 3.1.1).
 */
export const TOKEN_AUDIENCES: Readonly<Record<WorkloadIdentityMechanism, string>> = {
  irsa: 'sts.amazonaws.com',
  'pod-identity': 'pods.eks.amazonaws.com',
};

export interface SecretsStoreCsiDriverProps {
  /** Region the provider calls Secrets Manager in (`awsRegion`): without it the provider reads every pod's node for its region label. */
  readonly region: string;
  /** @default SECRETS_STORE_CSI_DRIVER_CHART.version */
  readonly version?: string;
  /** @default AWS_SECRETS_PROVIDER_CHART.version */
  readonly providerVersion?: string;
  /** Allow SecretProviderClasses to sync secrets into Kubernetes Secrets. @default false */
  readonly syncSecret?: boolean;
  /** Re-read mounted secrets at this interval (turns rotation on). @default none (off) */
  readonly rotationPollInterval?: string;
  /**
   * How the pods mounting secrets authenticate: the CSIDriver requests a token for each one's
   * audience (TOKEN_AUDIENCES). @default ["pod-identity"] (DEFAULT_WORKLOAD_IDENTITY)
   */
  readonly workloadIdentities?: WorkloadIdentityMechanism[];
  /** Driver chart values merged over the typed ones. @default {} */
  readonly values?: Record<string, unknown>;
  /** Provider chart values merged over the typed ones. @default {} */
  readonly providerValues?: Record<string, unknown>;
}

const propsSchema = propsOf({ ...secretsStoreCsiDriverFields, region });

/** The driver's release, then the AWS provider's (which needs the driver's CSI objects). */
export class SecretsStoreCsiDriver extends Construct {
  readonly driver: HelmChart;
  readonly provider: HelmChart;

  constructor(scope: Construct, id: string, props: SecretsStoreCsiDriverProps) {
    super(scope, id);
    throwIfIssues(`SecretsStoreCsiDriver '${this.node.path}'`, schemaIssues(propsSchema, props));
    const rotation = props.rotationPollInterval;
    // The book's release names (`csi-secrets-store`, `secrets-provider-aws`), which are also the provider README's.
    this.driver = new HelmChart(this, 'driver', {
      releaseName: 'csi-secrets-store',
      ...SECRETS_STORE_CSI_DRIVER_CHART,
      version: props.version ?? SECRETS_STORE_CSI_DRIVER_CHART.version,
      namespace: SECRETS_STORE_NAMESPACE,
      createNamespace: false,
      values: mergeValues(
        {
          // kubernetes-sigs/secrets-store-csi-driver chart 1.6.0: `tokenRequests` goes to the
          // CSIDriver's spec.tokenRequests (templates/csidriver.yaml).
          tokenRequests: (props.workloadIdentities ?? [DEFAULT_WORKLOAD_IDENTITY]).map((m) => ({ audience: TOKEN_AUDIENCES[m] })),
          syncSecret: { enabled: props.syncSecret ?? false },
          enableSecretRotation: rotation !== undefined,
          ...(rotation !== undefined ? { rotationPollInterval: rotation } : {}),
        },
        props.values,
      ),
    });
    this.provider = new HelmChart(this, 'provider', {
      releaseName: 'secrets-provider-aws',
      ...AWS_SECRETS_PROVIDER_CHART,
      version: props.providerVersion ?? AWS_SECRETS_PROVIDER_CHART.version,
      namespace: SECRETS_STORE_NAMESPACE,
      createNamespace: false,
      values: mergeValues(
        {
          awsRegion: props.region,
          // The chart's own copy of the driver, a dependency installed by default: the release above is the one.
          'secrets-store-csi-driver': { install: false },
        },
        props.providerValues,
      ),
      dependsOn: [this.driver.release],
    });
  }
}
