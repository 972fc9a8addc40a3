// Book chapter 14, "Application Load Balancer", folder chapter14-alb: the AWS Load Balancer
// Controller with its IAM role and the chapter's ALB and NLB sample (book-map chapter14-alb).
import type { Preset } from '.';
import { bookFindings, chapter3Cluster, LOAD_BALANCER_CONTROLLER_FINDINGS } from './book';

export const preset: Preset = {
  name: 'chapter14-alb',
  chapter: 'chapter14-alb',
  description: 'Book chapter 14: AWS Load Balancer Controller (IRSA role, pinned chart), ALB and NLB sample on public-endpoint-cluster',
  config: {
    // Chapter 3's cluster (N2 network with the load balancer subnet tags, R3, two t3.small nodes).
    // The book's launch template allows IMDSv1 with hop limit 2 so the controller can use the node
    // role, which carries the controller's policy: every pod could then manage load balancers,
    // security groups and WAF. Here the nodes keep IMDSv2 with hop limit 1, the policy goes to the
    // controller's own role, and the chart gets the VPC ID instead of asking IMDS.
    ...chapter3Cluster(),
    securityRules: bookFindings(['EKS-PUBLIC-ENDPOINT', 'EKS-ENDPOINT-OPEN-TO-WORLD', 'IAM-DOCUMENT-WRITE-UNBOUNDED', 'IAM-DOCUMENT-WILDCARD-RESOURCE'], LOAD_BALANCER_CONTROLLER_FINDINGS),
    // controlplane/oidc.tf, without the tls_certificate thumbprint (AWS no longer needs it).
    workloadIdentity: 'irsa',
    oidcProvider: { enabled: true },
    // controlplane/addons.tf is commented out in the book, which lists the three add-ons as the
    // controller's prerequisites (L9062); they are managed add-ons here, at the version EKS picks.
    addons: { 'vpc-cni': {}, 'kube-proxy': {}, coredns: {} },
    controllers: {
      awsLoadBalancerController: {
        // The book's role, trusted by the book's service account (with the `aud` condition it
        // forgets); the book creates that account without the role annotation, the chart here
        // annotates it. Chart 3.5.0 instead of an unpinned `helm upgrade`.
        roleName: 'MyAmazonEKSLoadBalancerControllerRole',
        serviceAccountName: 'aws-load-balancer-controller-sa',
        sampleApp: true,
      },
    },
  },
};
