// chapter16-ebs-efs pods/ebs-app.yml and efs-app.yml, chapter16 pods/persistent-provisioner.yml
// (applied by hand there): a StorageClass of the EBS, EFS or NFS CSI driver. The book's classes
// carry a hard-coded file system ID and server address; here they come from the AWS stack.
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { throwIfIssues } from '../errors';
import { schemaIssues } from '../private/validate';
import { CLASS_DEFAULTS, storageClassIssues, storageClassWarnings } from '../storage/private/classes';
import { Provisioner, RECLAIM_POLICIES, STORAGE_CLASS_NAME, storageClassSchema, StorageClassSettings, VOLUME_BINDING_MODES } from '../storage/private/schema';
import { matching } from '../private/validate';

/** Kubernetes' own: PVCs without `storageClassName` get the class carrying it. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** The volume is deleted with its claim (the book's classes). */
export const DEFAULT_RECLAIM_POLICY = 'Delete';

export interface StorageClassProps {
  /** `metadata.name` (book: `storage-name`, `efs-sc`, `nfs-csi`). */
  readonly name: string;
  /** `ebs.csi.aws.com`, `efs.csi.aws.com` or `nfs.csi.k8s.io`. */
  readonly provisioner: Provisioner;
  /** The cluster's default class. @default false */
  readonly default?: boolean;
  /** @default "Delete" */
  readonly reclaimPolicy?: (typeof RECLAIM_POLICIES)[number];
  /** @default "WaitForFirstConsumer" for EBS (a volume lives in one zone), "Immediate" otherwise */
  readonly volumeBindingMode?: (typeof VOLUME_BINDING_MODES)[number];
  /** @default true for EBS and NFS, unset for EFS (nothing to expand) */
  readonly allowVolumeExpansion?: boolean;
  /** @default ["nfsvers=4.1"] for NFS, none otherwise */
  readonly mountOptions?: string[];
  /**
   * The driver's parameters, spelled as it documents them, over the provisioner's defaults
   * (EBS: `type: gp3`, `encrypted: true`; EFS: `provisioningMode: efs-ap`, `directoryPerms: 700`).
   * @default {}
   */
  readonly parameters?: Record<string, string | number | boolean>;
}

const nameRule = matching(STORAGE_CLASS_NAME, 'must be lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (a DNS subdomain)');

/** A StorageClass, typed per provisioner and validated like `storage.classes.<name>`. */
export class StorageClass extends Construct {
  readonly storageClass: StorageClassV1;
  readonly name: string;
  /** The parameters written, defaults included. */
  readonly parameters: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: StorageClassProps) {
    super(scope, id);
    const { name, ...rest } = props;
    const settings = rest as StorageClassSettings;
    const fieldIssues = [...schemaIssues(nameRule, name).map((i) => ({ ...i, path: ['name'] })), ...schemaIssues(storageClassSchema, settings)];
    throwIfIssues(`StorageClass '${this.node.path}'`, [...fieldIssues, ...(fieldIssues.length > 0 ? [] : storageClassIssues(settings))]);
    for (const warning of storageClassWarnings(name, settings)) Annotations.of(this).addWarning(warning);

    const defaults = CLASS_DEFAULTS[props.provisioner];
    const parameters: Record<string, string> = { ...defaults.parameters };
    for (const [key, value] of Object.entries(props.parameters ?? {})) parameters[key] = String(value);
    const expansion = props.allowVolumeExpansion ?? defaults.allowVolumeExpansion;
    const mountOptions = props.mountOptions ?? defaults.mountOptions;
    this.storageClass = new StorageClassV1(this, 'class', {
      metadata: { name, ...(props.default ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}) },
      storageProvisioner: props.provisioner,
      parameters,
      reclaimPolicy: props.reclaimPolicy ?? DEFAULT_RECLAIM_POLICY,
      volumeBindingMode: props.volumeBindingMode ?? defaults.volumeBindingMode,
      ...(expansion === undefined ? {} : { allowVolumeExpansion: expansion }),
      ...(mountOptions ? { mountOptions } : {}),
    });
    this.name = name;
    this.parameters = parameters;
  }
}
