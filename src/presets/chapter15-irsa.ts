// Book chapter 15 "OIDC Terraform Automation", folder chapter15-irsa: the cluster's OIDC provider
// and the IRSA role IRSARole for the chapter's service accounts (book-map chapter15-irsa).
import type { Preset } from '.';
import { chapter3Cluster, CHAPTER15_WORKLOAD_PERMISSIONS } from './book';

export const preset: Preset = {
  name: 'chapter15-irsa',
  chapter: 'chapter15-irsa',
  description: 'Book chapter 15: OIDC provider and IRSARole trusted by two service accounts (sub and aud), read-only S3 and one secret',
  config: {
    // The book attaches its launch template (IMDSv1 allowed, hop limit 2) and puts
    // SecretsManagerReadWrite on the node role too (L9963); with IRSA neither is needed, and the
    // project's launch template keeps pods away from the node role.
    ...chapter3Cluster(),
    workloadIdentity: 'irsa',
    // controlplane/oidc.tf without the tls_certificate thumbprint: AWS no longer needs it for EKS
    // issuers (`oidcProvider.thumbprintLookup: true` restores the book's lookup).
    oidcProvider: { enabled: true },
    serviceAccountRoles: {
      irsa: {
        roleName: 'IRSARole',
        // The book's trust tests only `sub`; the role adds `aud = sts.amazonaws.com`.
        serviceAccounts: [
          { namespace: 'default', name: 'irsa-service-account' },
          { namespace: 'ack-system', name: 'ack-service-account' },
        ],
        ...CHAPTER15_WORKLOAD_PERMISSIONS,
      },
    },
  },
};
