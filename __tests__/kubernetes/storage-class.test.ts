// StorageClasses of book chapter 16 (ebs-app.yml, efs-app.yml, persistent-provisioner.yml) and the
// NFS CSI driver's Helm release, on their own in a stack.
import { TerraformResource } from 'cdktf';
import { NfsCsiDriver } from '../../src/kubernetes/nfs-csi-driver';
import { StorageClass, StorageClassProps } from '../../src/kubernetes/storage-class';
import { emptyStack, onlyResource, synthJson, validationLines, warningsOf } from '../helpers/synth';

function storageClass(props: StorageClassProps) {
  const stack = emptyStack();
  const sc = new StorageClass(stack, 'sc', props);
  return { stack, sc, json: synthJson(stack) };
}

const EBS = { name: 'gp3', provisioner: 'ebs.csi.aws.com' } as const;
const EFS = { name: 'efs-sc', provisioner: 'efs.csi.aws.com', parameters: { fileSystemId: 'fs-0123456789abcdef0' } } as const;
const NFS = { name: 'nfs-csi', provisioner: 'nfs.csi.k8s.io', parameters: { server: '10.0.3.10', share: '/mnt/nfs_share' } } as const;

describe('StorageClass defaults per provisioner', () => {
  test.each<[string, StorageClassProps, Record<string, unknown>]>([
    [
      'EBS: encrypted gp3, WaitForFirstConsumer (a volume lives in one zone), expandable',
      EBS,
      { storage_provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, volume_binding_mode: 'WaitForFirstConsumer', allow_volume_expansion: true, reclaim_policy: 'Delete' },
    ],
    [
      'EFS: an access point per volume, directory mode 700, Immediate',
      EFS,
      { storage_provisioner: 'efs.csi.aws.com', parameters: { provisioningMode: 'efs-ap', directoryPerms: '700', fileSystemId: 'fs-0123456789abcdef0' }, volume_binding_mode: 'Immediate', reclaim_policy: 'Delete' },
    ],
    [
      'NFS: NFSv4.1, Immediate (the book\'s), expandable',
      NFS,
      { storage_provisioner: 'nfs.csi.k8s.io', parameters: { server: '10.0.3.10', share: '/mnt/nfs_share' }, mount_options: ['nfsvers=4.1'], volume_binding_mode: 'Immediate', allow_volume_expansion: true },
    ],
  ])('%s', (_case, props, expected) => {
    const sc = onlyResource(storageClass(props).json, 'kubernetes_storage_class_v1');
    expect(sc).toMatchObject({ metadata: { name: props.name }, ...expected });
    expect(sc.metadata.annotations).toBeUndefined();
  });

  test('EFS classes set no volume expansion (nothing to expand); EBS and EFS no mount options', () => {
    expect(onlyResource(storageClass(EFS).json, 'kubernetes_storage_class_v1').allow_volume_expansion).toBeUndefined();
    expect(onlyResource(storageClass(EBS).json, 'kubernetes_storage_class_v1').mount_options).toBeUndefined();
  });
});

describe('StorageClass options', () => {
  test('the default class carries the is-default-class annotation', () => {
    expect(onlyResource(storageClass({ ...EBS, default: true }).json, 'kubernetes_storage_class_v1').metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
  });

  test('typed parameters are written as the strings Kubernetes stores, over the defaults', () => {
    const { json, sc } = storageClass({ ...EBS, parameters: { type: 'io2', iops: 4000, 'csi.storage.k8s.io/fstype': 'xfs', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc' } });
    expect(onlyResource(json, 'kubernetes_storage_class_v1').parameters).toEqual({
      type: 'io2',
      iops: '4000',
      encrypted: 'true',
      'csi.storage.k8s.io/fstype': 'xfs',
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
    });
    expect(sc.parameters.iops).toBe('4000');
  });

  test('the book\'s efs-app.yml parameters', () => {
    const { json } = storageClass({ ...EFS, parameters: { ...EFS.parameters, gidRangeStart: 1000, gidRangeEnd: 2000, ensureUniqueDirectory: true, reuseAccessPoint: false } });
    expect(onlyResource(json, 'kubernetes_storage_class_v1').parameters).toMatchObject({ gidRangeStart: '1000', gidRangeEnd: '2000', ensureUniqueDirectory: 'true', reuseAccessPoint: 'false' });
  });

  test('Retain, Immediate and mount options as given', () => {
    const sc = onlyResource(storageClass({ ...NFS, reclaimPolicy: 'Retain', mountOptions: ['nfsvers=4.2', 'hard'] }).json, 'kubernetes_storage_class_v1');
    expect(sc).toMatchObject({ reclaim_policy: 'Retain', mount_options: ['nfsvers=4.2', 'hard'] });
  });

  test('EBS volumes bound Immediately are warned about (a volume lives in one zone)', () => {
    expect(warningsOf(storageClass({ ...EBS, volumeBindingMode: 'Immediate' }).stack)).toEqual([expect.stringContaining('creates EBS volumes before their pod is scheduled')]);
    expect(warningsOf(storageClass(EBS).stack)).toEqual([]);
  });

  test.each(['gp2', 'standard'])('a previous-generation type (%s, the book\'s) is warned about', (type) => {
    expect(warningsOf(storageClass({ ...EBS, parameters: { type } }).stack)).toEqual([expect.stringContaining(`creates ${type} volumes, a previous-generation EBS type`)]);
  });
});

describe('StorageClass validation', () => {
  test.each<[string, StorageClassProps, string]>([
    ['an unknown parameter', { ...EBS, parameters: { iopsPerGb: 10 } }, `'parameters.iopsPerGb' is not a known setting; allowed here: type, csi.storage.k8s.io/fstype, iops, iopsPerGB`],
    ['an unknown provisioner', { name: 'x', provisioner: 'kubernetes.io/aws-ebs' as never }, `'provisioner' ("kubernetes.io/aws-ebs") must be one of "ebs.csi.aws.com", "efs.csi.aws.com", "nfs.csi.k8s.io"`],
    ['an unknown volume type', { ...EBS, parameters: { type: 'gp4' } }, `'parameters.type' ("gp4") must be one of "gp3", "gp2", "io2", "io1", "st1", "sc1", "standard"`],
    ['unencrypted volumes', { ...EBS, parameters: { encrypted: false } }, `'parameters.encrypted' (false) must be true: volumes are always encrypted`],
    ['throughput on gp2', { ...EBS, parameters: { type: 'gp2', throughput: 250 } }, `'parameters.throughput' (250) applies only to 'type' "gp3", not "gp2"`],
    ['iops on st1', { ...EBS, parameters: { type: 'st1', iops: 3000 } }, `'parameters.iops' (3000) applies only to 'type' "gp3", "io1" or "io2", not "st1"`],
    ['iops and iopsPerGB', { ...EBS, parameters: { type: 'io2', iops: 3000, iopsPerGB: 50 } }, `'parameters.iopsPerGB' (50) cannot be combined with 'iops' (3000)`],
    ['a KMS alias of a customer key', { ...EBS, parameters: { kmsKeyId: 'alias/mine' } }, `'parameters.kmsKeyId' ("alias/mine") must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or "alias/aws/ebs"`],
    ['a gid range upside down', { ...EFS, parameters: { ...EFS.parameters, gidRangeStart: 2000, gidRangeEnd: 1000 } }, `'parameters.gidRangeStart' (2000) must be <= 'gidRangeEnd' (1000)`],
    ['a fixed gid and a range', { ...EFS, parameters: { ...EFS.parameters, gid: 1000, gidRangeStart: 1000 } }, `'parameters.gid' (1000) cannot be combined with 'gidRangeStart'/'gidRangeEnd'`],
    ['a directory mode that is not octal', { ...EFS, parameters: { ...EFS.parameters, directoryPerms: '799' } }, `'parameters.directoryPerms' ("799") must be an octal mode such as "700"`],
    ['a malformed file system ID', { ...EFS, parameters: { fileSystemId: 'fs-0af3d' } }, `'parameters.fileSystemId' ("fs-0af3d") must be an EFS file system ID`],
    ['volume expansion on EFS', { ...EFS, allowVolumeExpansion: true }, `'allowVolumeExpansion' (true) is not supported by the EFS CSI driver`],
    ['an NFS share that is not absolute', { ...NFS, parameters: { server: '10.0.3.10', share: 'mnt/nfs_share' } }, `'parameters.share' ("mnt/nfs_share") must be an absolute directory path`],
    ['an unknown reclaim policy', { ...EBS, reclaimPolicy: 'Recycle' as never }, `'reclaimPolicy' ("Recycle") must be one of "Delete", "Retain"`],
    ['a name with capitals', { ...EBS, name: 'GP3' }, `'name' ("GP3") must be lower-case letters, digits, "-" and "."`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => storageClass(props)).join('\n')).toContain(expected);
  });

  test('creates no resource when the input is invalid', () => {
    const stack = emptyStack();
    expect(() => new StorageClass(stack, 'sc', { ...EBS, parameters: { throughput: 1 } })).toThrow();
    expect(stack.node.findAll().filter((c) => c instanceof TerraformResource)).toEqual([]);
  });
});

describe('NfsCsiDriver', () => {
  test('the pinned csi-driver-nfs chart in kube-system with one controller (the book: curl | bash of v4.5.0)', () => {
    const stack = emptyStack();
    new NfsCsiDriver(stack, 'nfs');
    const release = onlyResource(synthJson(stack), 'helm_release');
    expect(release).toMatchObject({
      name: 'csi-driver-nfs',
      namespace: 'kube-system',
      repository: 'https://raw.githubusercontent.com/kubernetes-csi/csi-driver-nfs/master/charts',
      chart: 'csi-driver-nfs',
      version: '4.13.4',
    });
    expect(release.values.map((v: string) => JSON.parse(v))).toEqual([{ controller: { replicas: 1 }, feature: { enableFSGroupPolicy: false } }]);
  });

  test('version and replicas as given; a version that is no version is refused', () => {
    const stack = emptyStack();
    new NfsCsiDriver(stack, 'nfs', { version: 'v4.5.0', controllerReplicas: 2, fsGroupPolicy: true });
    const release = onlyResource(synthJson(stack), 'helm_release');
    expect(release.version).toBe('v4.5.0');
    expect(JSON.parse(release.values[0])).toEqual({ controller: { replicas: 2 }, feature: { enableFSGroupPolicy: true } });
    expect(validationLines(() => new NfsCsiDriver(emptyStack(), 'nfs', { version: 'latest' })).join('\n')).toContain(`'version' ("latest") must be a chart version such as "4.13.4"`);
  });
});
