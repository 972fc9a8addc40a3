// The stacks of the app, per cluster: the AWS stack always, the Kubernetes stack when the
// configuration puts anything in it. Seed 001 keeps them as two Terraform code bases and states,
// applied in that order; CDKTF records the dependency (`cdktf deploy '*'` deploys aws first). A
// file with `clusters` makes the stacks of each (dev-aws, dev-kubernetes, prod-aws …), each with
// its own states.
import { Annotations, App } from 'cdktf';
import type { ResolvedConfig } from '../config/schema';
import type { LoadedCluster } from '../config/load';
import { issue, throwIfIssues, ValidationError, ValidationIssue } from '../errors';
import { AwsStack } from './aws-stack';
import { workspaceVariableWarning } from './backend';
import { clusterConflicts } from './cluster-conflicts';
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

/**
 * Adds the stacks of every cluster of the configuration to `app` (loadClusters): `aws` and
 * `kubernetes` for a configuration of one cluster, `<key>-aws` and `<key>-kubernetes` for each of
 * a file's `clusters`, after the rules across them; every problem of every cluster in one
 * ValidationError, the paths under `clusters.<key>`.
 */
export function addAppStacks(app: App, clusters: readonly LoadedCluster[], today?: Date): ClusterStacks[] {
  const planned = clusters.flatMap(({ key, config }) => (key === undefined ? [] : [{ key, config, stacks: wantsKubernetesStack(config) ? (['aws', 'kubernetes'] as const) : (['aws'] as const) }]));
  throwIfIssues('configuration', clusterConflicts(planned));
  const issues: ValidationIssue[] = [];
  const stacks: ClusterStacks[] = [];
  for (const { key, config } of clusters) {
    try {
      stacks.push(addClusterStacks(app, config, today, key));
    } catch (e) {
      if (!(e instanceof ValidationError) || key === undefined) throw e;
      issues.push(...e.issues.map((i) => ({ ...i, path: ['clusters', key, ...i.path] })));
    }
  }
  throwIfIssues('configuration', issues);
  return stacks;
}

/** Adds the stacks of one cluster to `app`: `aws` and `kubernetes`, or `<key>-aws` and `<key>-kubernetes` for a cluster of a file's `clusters`. */
export function addClusterStacks(app: App, config: ResolvedConfig, today?: Date, key?: string): ClusterStacks {
  const id = (stack: 'aws' | 'kubernetes') => (key === undefined ? stack : `${key}-${stack}`);
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
  const aws = new AwsStack(app, id('aws'), { config, today });
  aws.assertUniqueAddresses();
  if (!kubernetes) return { aws };
  // The project's one lazy load (docs/toolchain.md): the Kubernetes stack's modules (the
  // kubernetes and helm bindings, the controllers' charts, workloads, the application) would add
  // 99 ms of CPU time and 28 MiB to every synthesis without a Kubernetes stack, the default's
  // included (npm run bench, 2026-12-04: 419 ms of CPU lazy, 517 ms preloaded).
  const { KubernetesStack } = require('./kubernetes-stack') as typeof import('./kubernetes-stack');
  const stack = new KubernetesStack(app, id('kubernetes'), { config, cluster: aws.cluster });
  stack.assertUniqueAddresses();
  return { aws, kubernetes: stack };
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
