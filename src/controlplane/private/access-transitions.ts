// Book chapter 10, "Access Management Authentication Modes": EKS moves the authentication mode
// one way only (CONFIG_MAP → API_AND_CONFIG_MAP → API, skipping allowed) and refuses the way
// back; bootstrap_cluster_creator_admin_permissions is read when the cluster is created, and the
// book destroys and recreates the cluster to change it.
//
// Synthesis cannot see the mode the cluster has now; Terraform can, where the state is a local
// file: at plan time a precondition reads the cluster's access_config from that file (as left by
// the last apply) and stops a backward move before EKS refuses it half-way through an apply, and
// a check block warns that a changed bootstrap flag is ignored. With no state file yet (first
// plan, or a copy planned elsewhere) both pass. Remote states (S3, Terraform Cloud) cannot be
// read this way: terraform_remote_state fails on a state that does not exist yet, so the first
// plan of every new cluster would fail.
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { Lazy, TerraformLocal, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AccessConfig, AUTHENTICATION_MODES } from './access-config';

/** Text that Terraform reads as a string literal inside an expression. */
const hclString = (s: string) => JSON.stringify(s);

/**
 * Adds to `cluster` a precondition refusing a backward authentication mode change, and to its
 * stack a check block warning about a changed bootstrap flag; both read the cluster's previous
 * access_config from `stateFile` (the stack's local state, relative to where Terraform runs).
 */
export function guardAccessConfigTransitions(scope: Construct, cluster: EksCluster, accessConfig: AccessConfig, stateFile: string): void {
  const stack = TerraformStack.of(scope);
  const name = Lazy.stringValue({ produce: () => stack.getLogicalId(cluster) });
  // The access_config the last apply left in the state, or null (no state file, no cluster yet,
  // a state written by another tool).
  const prior = new TerraformLocal(
    scope,
    'prior-access-config',
    '${try([for r in jsondecode(file(' +
      hclString(stateFile) +
      ')).resources : r.instances[0].attributes.access_config[0] if r.mode == "managed" && r.type == "aws_eks_cluster" && r.name == "' +
      name +
      '" && !can(r.module)][0], null)}',
  );
  const priorMode = `try(${prior.fqn}.authentication_mode, null)`;
  const order = `[${AUTHENTICATION_MODES.map(hclString).join(', ')}]`;
  const mode = hclString(accessConfig.authenticationMode);
  cluster.lifecycle = {
    ...cluster.lifecycle,
    precondition: [
      {
        condition: `\${${priorMode} == null || try(index(${order}, ${mode}) >= index(${order}, ${priorMode}), true)}`,
        errorMessage:
          `The authentication mode of the cluster cannot go from \${coalesce(${priorMode}, "?")} (its mode in the Terraform state) to ${accessConfig.authenticationMode}: ` +
          'EKS moves it one way only, CONFIG_MAP -> API_AND_CONFIG_MAP -> API, and refuses the way back (book chapter 10). ' +
          'Keep the current mode, or destroy the cluster and create it again in the new one.',
      },
    ],
  };
  const bootstrap = accessConfig.bootstrapClusterCreatorAdminPermissions ?? true;
  const priorBootstrap = `try(${prior.fqn}.bootstrap_cluster_creator_admin_permissions, null)`;
  stack.addOverride(`check.${stack.getLogicalId(prior)}_bootstrap`, {
    assert: [
      {
        condition: `\${${priorBootstrap} == null || ${priorBootstrap} == ${bootstrap}}`,
        error_message:
          `bootstrap_cluster_creator_admin_permissions is ${bootstrap} in the configuration but the cluster was created with \${coalesce(try(tostring(${priorBootstrap}), null), "?")}: ` +
          'EKS reads it at creation only, so the change is ignored (lifecycle ignore_changes). To apply it, destroy and recreate the cluster (book chapter 10); ' +
          "to take the creator's admin rights away from the running cluster, delete its access entry (aws eks delete-access-entry) after giving another principal AmazonEKSClusterAdminPolicy.",
      },
    ],
  });
}
