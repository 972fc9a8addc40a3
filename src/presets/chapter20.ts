// Book chapter 20, folder chapter20 (App Mesh): the folder holds no Terraform module of its own; the
// book means the appmesh-cluster of chapter20-logging, an OIDC provider (eksctl in its scripts) and,
// for the LBR scenario's NLB, the AWS Load Balancer Controller (book-map chapter20). AWS App Mesh
// reached end of support on 30 September 2026: its controller, mesh resources and policies are not
// reproduced (docs/controllers.md); chapter20-istio and chapter20-lattice are the successors.
import type { Preset } from '.';
import { bookFindings, chapter3Cluster, LOAD_BALANCER_CONTROLLER_FINDINGS } from './book';

export const preset: Preset = {
  name: 'chapter20',
  chapter: 'chapter20',
  description: 'Book chapter 20 (App Mesh, ended 2026-09-30): appmesh-cluster, OIDC provider and the Load Balancer Controller; no App Mesh',
  config: {
    // The book's intended cluster: chapter 3's, named appmesh-cluster (its scripts look the VPC up
    // by the tag appmesh-cluster-vpc). Its 15 rules opening 22, 80, 3306 and 30020 to the world,
    // the appmesh:StreamAggregatedResources grant and the IMDSv1 launch template (hop limit 2) that
    // lets pods borrow the node role are left out: R3, IMDSv2 with hop limit 1.
    ...chapter3Cluster('appmesh-cluster'),
    securityRules: bookFindings(['EKS-PUBLIC-ENDPOINT', 'EKS-ENDPOINT-OPEN-TO-WORLD', 'IAM-DOCUMENT-WRITE-UNBOUNDED', 'IAM-DOCUMENT-WILDCARD-RESOURCE'], LOAD_BALANCER_CONTROLLER_FINDINGS),
    // `eksctl utils associate-iam-oidc-provider` in appmesh.sh: IRSA, in Terraform.
    workloadIdentity: 'irsa',
    oidcProvider: { enabled: true },
    controllers: {
      // The LBR script's controller: role AmazonEKSLoadBalancerControllerRole for
      // kube-system/aws-load-balancer-controller-sa, with the policy on the role instead of the
      // node role; chart 3.5.0 instead of an unpinned `helm install`.
      awsLoadBalancerController: {
        roleName: 'AmazonEKSLoadBalancerControllerRole',
        serviceAccountName: 'aws-load-balancer-controller-sa',
      },
    },
  },
};
