// Book chapter 20, "VPC Lattice", folder chapter20-lattice: lattice-cluster with the VPC Lattice
// Gateway API controller (Pod Identity), its service network and the blue/green sample
// (book-map chapter20-lattice).
import type { Preset } from '.';
import { bookFindings, chapter3Cluster } from './book';

export const preset: Preset = {
  name: 'chapter20-lattice',
  chapter: 'chapter20-lattice',
  description: 'Book chapter 20: VPC Lattice Gateway API controller (Pod Identity), service network in Terraform, blue/green sample',
  config: {
    // Chapter 3's cluster as lattice-cluster. The book's five rules (all traffic to and from the
    // VPC, 80 and 443 from the world, 443 out) become R3 plus all traffic from the VPC Lattice
    // prefix list, which is where Lattice reaches the pods from; its launch template's user data
    // bootstraps another cluster (`public-endpoint-cluster`) with the AL2-only bootstrap.sh and is
    // replaced by the project's.
    ...chapter3Cluster('lattice-cluster'),
    securityRules: bookFindings(['EKS-PUBLIC-ENDPOINT', 'EKS-ENDPOINT-OPEN-TO-WORLD', 'IAM-DOCUMENT-PERMISSIONS-MANAGEMENT', 'IAM-DOCUMENT-WRITE-UNBOUNDED', 'IAM-DOCUMENT-WILDCARD-RESOURCE'], {
      'IAM-DOCUMENT-WRITE-UNBOUNDED': `the VPC Lattice controller's recommended inline policy (vpc-lattice:* on "*"), which the chapter installs; controllers.vpcLattice.policyArns (a policy you scoped) replaces it`,
      'IAM-DOCUMENT-WILDCARD-RESOURCE': `the VPC Lattice controller's recommended inline policy grants its actions on "*"; controllers.vpcLattice.policyArns (a policy you scoped) replaces it`,
    }),
    // The add-ons of control-plane/addons.tf, at the versions EKS picks for 1.35 (the book pins
    // vpc-cni v1.18.5-eksbuild.1), referring to the cluster instead of naming it.
    addons: {
      'vpc-cni': { settings: { enablePrefixDelegation: true, warmPrefixTarget: 1 } },
      'eks-pod-identity-agent': {},
    },
    workloadIdentity: 'pod-identity',
    controllers: {
      vpcLattice: {
        roleName: 'pod-identity-vpc-lattice-role',
        // com.amazonaws.us-east-1.vpc-lattice, the preset's region (the ID seen in several public
        // outputs for that region). Other regions: aws ec2 describe-managed-prefix-lists --filters
        // Name=prefix-list-name,Values=com.amazonaws.<region>.vpc-lattice, or `lookupPrefixList`.
        prefixListIds: ['pl-07cbd8b5e26960eac'],
        // The book's `aws vpc-lattice create-service-network` and VPC association, in Terraform.
        serviceNetwork: { name: 'color-app-vpc-lattice-network' },
        sampleApp: true,
      },
    },
  },
};
