// The stacks of one cluster: the AWS stack always, the Kubernetes stack when the configuration
// puts anything in it. Seed 001 keeps them as two Terraform code bases and states, applied in
// that order; CDKTF records the dependency (`cdktf deploy '*'` deploys aws first).
import { Annotations, App } from 'cdktf';
import type { ResolvedConfig } from '../config/schema';
import { issue, ValidationError } from '../errors';
import { AwsStack } from './aws-stack';
import { workspaceVariableWarning } from './backend';
import type { KubernetesStack } from './kubernetes-stack';

export interface ClusterStacks {
  readonly aws: AwsStack;
  readonly kubernetes?: KubernetesStack;
}

/**
 * Whether the configuration asks for anything in the Kubernetes stack (`auth` alone does not):
 * a setting of the `kubernetes` section, a controller, storage classes, the NFS CSI driver or an
 * application.
 */
export function wantsKubernetesStack(config: ResolvedConfig): boolean {
  const storage = config.storage ?? {};
  return (
    Object.entries(config.kubernetes ?? {}).some(([key, value]) => key !== 'auth' && value !== undefined) ||
    Object.values(config.controllers ?? {}).some((value) => value !== undefined) ||
    Object.keys(storage.classes ?? {}).length > 0 ||
    storage.nfsCsiDriver !== undefined ||
    config.application !== undefined
  );
}

/** Adds the stacks of the configured cluster to `app`. */
export function addClusterStacks(app: App, config: ResolvedConfig, today?: Date): ClusterStacks {
  const kubernetes = wantsKubernetesStack(config);
  const backend = config.backend;
  if (kubernetes && backend.type === 'cloud' && backend.workspaceTags) {
    // CDKTF reads another stack's outputs through a remote state data source, which names one
    // workspace; with tags it stops at synthesis (cloudBackendWorkspaceIsNotDefinedByName).
    throw new ValidationError('configuration', [
      issue(
        ['backend', 'workspaceTags'],
        backend.workspaceTags,
        `cannot be used with the kubernetes stack: it reads the aws stack's outputs from a workspace named by 'backend.workspace' (the kubernetes stack's is that name with "-kubernetes"); set 'backend.workspace' instead`,
      ),
    ]);
  }
  const aws = new AwsStack(app, 'aws', { config, today });
  if (!kubernetes) return { aws };
  // The project's one lazy load (README, "Toolchain"): the Kubernetes stack's modules (the
  // kubernetes and helm bindings, the controllers' charts, workloads, the application) would add
  // 211 ms and 30 MiB to every synthesis without a Kubernetes stack, the default's included (npm run
  // bench, 2 loaded cores: 1,033 ms lazy, 1,244 ms preloaded).
  const { KubernetesStack } = require('./kubernetes-stack') as typeof import('./kubernetes-stack');
  return { aws, kubernetes: new KubernetesStack(app, 'kubernetes', { config, cluster: aws.cluster }) };
}

/**
 * Warns on each stack whose Terraform Cloud workspace differs from TF_WORKSPACE (`tfWorkspace`),
 * which `cdktf deploy` hands on to Terraform, where it must match the workspace a stack names.
 */
export function warnAboutWorkspaceVariable(stacks: ClusterStacks, config: ResolvedConfig, tfWorkspace: string | undefined): void {
  for (const stack of [stacks.aws, stacks.kubernetes]) {
    if (!stack) continue;
    const primary = stack === stacks.aws;
    const owner = { clusterName: config.clusterName, stackId: primary ? 'aws' : 'kubernetes', primary };
    const warning = workspaceVariableWarning(config.backend, owner, tfWorkspace);
    if (warning) Annotations.of(stack).addWarning(warning);
  }
}
