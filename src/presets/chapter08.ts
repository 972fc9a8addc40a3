// Book chapter 8, folder chapter08: EKS managed add-ons (vpc-cni with prefix delegation and
// kube-proxy) on the chapter 6-7 cluster with access_config, and the ACK S3 controller the chapter
// installs by hand with its sample Bucket (book-map chapter08).
import type { Preset } from '.';
import { chapter8Cluster } from './book';

export const preset: Preset = {
  name: 'chapter08',
  chapter: 'chapter08',
  description: 'Book chapter 8: vpc-cni (prefix delegation) and kube-proxy as EKS add-ons, access_config API_AND_CONFIG_MAP, ACK S3 controller',
  config: {
    // As chapter 7's node group, named private-node-group with label nodes, 1/2/1; on the
    // project's launch template (IMDSv2 only, hop limit 1, encrypted disk) where the book lets
    // EKS make one.
    ...chapter8Cluster(),
    // dataplane/nodes/addons.tf. The book comments the versions out (v1.18.5-eksbuild.1,
    // v1.31.0-eksbuild.5) and uncomments them to show an upgrade; here EKS picks the versions for
    // 1.35 and `version` pins one. The book sets resolve_conflicts only on kube-proxy; both take
    // OVERWRITE here, so the managed add-on takes over what EKS installed self-managed.
    addons: {
      'vpc-cni': { settings: { enablePrefixDelegation: true, warmPrefixTarget: 1 } },
      'kube-proxy': {},
    },
    // "ACK Controller Deployment": the book installs the S3 controller with no AWS identity and
    // defers it to chapter 15 (L5066), whose chapter15-irsa role trusts
    // ack-system/ack-service-account; the controller could not create the chapter's bucket until
    // then. Deviation: the identity comes with the controller, IRSA as in chapter 15, hence the
    // cluster's OIDC provider (without the tls_certificate thumbprint, as chapter15-irsa). The
    // role reaches only buckets named `public-endpoint-cluster-…` instead of AmazonS3FullAccess
    // (`permissions: AmazonS3FullAccess` restores ACK's recommendation), and the chart is pinned
    // instead of the latest release at install time.
    oidcProvider: { enabled: true },
    controllers: {
      ackS3Controller: {
        mechanism: 'irsa',
        // pod/s3.yml's Bucket `ack-s3`: bucket names are global and a name that short surely
        // belongs to someone already, so the bucket is `public-endpoint-cluster-ack-s3` by
        // default; set `sampleBucketName` to a name of your own inside the prefix.
        sampleApp: true,
      },
    },
  },
};
