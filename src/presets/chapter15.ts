// Book chapter 15 (pods and node permissions), folder chapter15: the node role with S3 and
// Secrets Manager access that the chapter shows pods borrowing (book-map chapter15).
import type { Preset } from '.';
import { chapter3Cluster } from './book';

export const preset: Preset = {
  name: 'chapter15',
  chapter: 'chapter15',
  description: 'Book chapter 15: node role with S3 and Secrets Manager access, kept out of pods by IMDSv2 with hop limit 1',
  config: {
    // The book pins 1.29 and claims pods inherit node permissions only before 1.30 (L9430); what
    // decides it is whether pods reach the instance metadata service (see below). N2 with the
    // load balancer tags ("N2-elb").
    ...chapter3Cluster(),
    // The chapter's point, kept: the node role carries AmazonS3FullAccess and
    // SecretsManagerReadWrite. The node group's launch template requires IMDSv2 with a hop limit
    // of 1, so pods (one network hop further) cannot fetch these credentials; the book's unused
    // launch template (IMDSv1, hop limit 2) is the setting that would let them. Give workloads
    // their own role instead (chapter15-irsa, chapter15-pod-id).
    nodeRole: { extraManagedPolicies: ['AmazonS3FullAccess', 'SecretsManagerReadWrite'] },
  },
};
