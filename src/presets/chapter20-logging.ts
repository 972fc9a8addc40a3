// Book chapter 20 "Logging with App Mesh", folder chapter20-logging: the appmesh-cluster with the
// CloudWatch Observability add-on (Container Insights, Fluent Bit, X-Ray) (book-map chapter20-logging).
import type { Preset } from '.';
import { chapter3Cluster } from './book';

export const preset: Preset = {
  name: 'chapter20-logging',
  chapter: 'chapter20-logging',
  description: 'Book chapter 20: CloudWatch Observability add-on with its own role (Pod Identity), control plane logs, appmesh-cluster',
  config: {
    // The book's 15 rules on the cluster security group open 22, 80, 3306 and 30020 to the world
    // for the mesh demo; App Mesh reached end of support on 30 September 2026, so the chapter's
    // cluster keeps chapter 3's rules and no App Mesh policy on the node role. Its node group
    // (2/3/2, t3.small) carries no Name tag in the book; the shared one does.
    ...chapter3Cluster('appmesh-cluster'),
    // amazon-cloudwatch-observability: the book gives it no role and puts CloudWatchAgentServerPolicy
    // and AWSXRayDaemonWriteAccess on the node role, which pods can only borrow through IMDS with a
    // hop limit of 2 (its launch template, IMDSv1 allowed). Here the add-on's service account
    // (amazon-cloudwatch/cloudwatch-agent) gets CloudWatchAgentServerPolicy and
    // AWSXrayWriteOnlyAccess through Pod Identity, and the nodes keep IMDSv2 with hop limit 1.
    // Control plane logs, which the book never enables, are on (all five types).
    addons: {
      'eks-pod-identity-agent': {},
      'amazon-cloudwatch-observability': {},
    },
  },
};
