// chapter16 (by hand there: `curl -skSL …/csi-driver-nfs/v4.5.0/deploy/install-driver.sh | bash`):
// the NFS CSI driver, from the project's pinned Helm chart instead of a script piped to bash.
import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { throwIfIssues } from '../errors';
import { props, schemaIssues } from '../private/validate';
import { DEFAULT_NFS_CSI_CHART_VERSION, NFS_CSI_CHART, NFS_CSI_CHART_REPOSITORY, nfsCsiDriverFields } from '../storage/private/schema';

/** The book's install script runs one controller; each replica needs a node of its own (host network). */
export const DEFAULT_NFS_CSI_CONTROLLER_REPLICAS = 1;

export interface NfsCsiDriverProps {
  /** Chart version of kubernetes-csi/csi-driver-nfs (book: v4.5.0). @default "4.13.4" */
  readonly version?: string;
  /** Controller replicas. @default 1 */
  readonly controllerReplicas?: number;
  /** The CSIDriver's `fsGroupPolicy: File` (chart `feature.enableFSGroupPolicy`): see nfsCsiDriverFields. @default false */
  readonly fsGroupPolicy?: boolean;
  /** The helm provider to install with. @default the stack's only helm provider */
  readonly provider?: TerraformProvider;
}

const propsSchema = props(nfsCsiDriverFields);

/** The `nfs.csi.k8s.io` driver in kube-system, as a Helm release (needs the stack's helm provider). */
export class NfsCsiDriver extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, p: NfsCsiDriverProps = {}) {
    super(scope, id);
    throwIfIssues(`NfsCsiDriver '${this.node.path}'`, schemaIssues(propsSchema, p));
    this.release = new Release(this, 'release', {
      ...(p.provider ? { provider: p.provider } : {}),
      name: NFS_CSI_CHART,
      namespace: 'kube-system',
      repository: NFS_CSI_CHART_REPOSITORY,
      chart: NFS_CSI_CHART,
      version: p.version ?? DEFAULT_NFS_CSI_CHART_VERSION,
      values: [
        JSON.stringify({
          controller: { replicas: p.controllerReplicas ?? DEFAULT_NFS_CSI_CONTROLLER_REPLICAS },
          // charts/v4.13.4/csi-driver-nfs/templates/csi-nfs-driverinfo.yaml: fsGroupPolicy File when on.
          feature: { enableFSGroupPolicy: p.fsGroupPolicy ?? false },
        }),
      ],
    });
  }
}
