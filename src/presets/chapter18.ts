// Book chapter 18 (monitoring tools), folder chapter18: the chapter 3 cluster with the vpc-cni
// add-on in prefix mode (book-map chapter18). The Dashboard, kubefwd, Lens and K9s run outside
// Terraform.
import type { Preset } from '.';
import { chapter3Cluster } from './book';

export const preset: Preset = {
  name: 'chapter18',
  chapter: 'chapter18',
  description: 'Book chapter 18: chapter 3 cluster with the vpc-cni add-on in prefix mode, for the Dashboard, Lens and K9s',
  config: {
    // The book copies AmazonS3FullAccess and SecretsManagerReadWrite from chapter 15 onto the node
    // role; nothing in chapter 18 uses them, so the node role keeps the four policies only.
    ...chapter3Cluster(),
    // controlplane/addon.tf (v1.18.5-eksbuild.1, no resolve flags, cluster named by a literal):
    // EKS picks the version, the add-on refers to the cluster and takes over the self-managed one.
    addons: { 'vpc-cni': { settings: { enablePrefixDelegation: true, warmPrefixTarget: 1 } } },
  },
};
