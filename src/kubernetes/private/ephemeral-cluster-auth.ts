// The Kubernetes stack's token for Terraform Cloud runs (no AWS CLI there for `aws eks get-token`):
// the `aws_eks_cluster_auth` ephemeral resource of hashicorp/aws 5.100.0 (Terraform >= 1.10),
// opened during each run's plan and again during its apply, so the token in the providers is
// fresh when Helm releases start, and stored in neither plan nor state. The data source of the same
// name is read at plan time only: its token lasts about 15 minutes, so a confirmation wait or a long
// apply (releases waiting 600 s) ends "Unauthorized" (hashicorp/terraform-provider-kubernetes#1131).
import { TerraformLocal, type TerraformStack } from 'cdktf';

/** Terraform's first version with ephemeral resources (and ephemeral values in provider blocks). */
export const EPHEMERAL_TERRAFORM_VERSION = '>= 1.10.0';

/**
 * Declares `ephemeral "aws_eks_cluster_auth" "<name>"` in `stack` and returns the expression of
 * its token, for the kubernetes and helm providers. Written as an override, in this one place:
 * the prebuilt binding @cdktf/provider-aws 20.1.0 has no classes for ephemeral resources, and
 * CDKTF 0.21 no ephemeral block of its own. The stack needs the AWS provider.
 */
export function ephemeralClusterAuthToken(stack: TerraformStack, name: string, clusterName: string): string {
  // Through a local: CDKTF wires a reference to another stack (an output and its remote state)
  // only where it meets it in a construct, never inside an override.
  const cluster = new TerraformLocal(stack, `${name}_cluster_name`, clusterName);
  stack.addOverride(`ephemeral.aws_eks_cluster_auth.${name}`, { name: cluster.expression });
  stack.addOverride('terraform.required_version', EPHEMERAL_TERRAFORM_VERSION);
  return `\${ephemeral.aws_eks_cluster_auth.${name}.token}`;
}
