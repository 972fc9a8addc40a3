// The stacks of one cluster: the AWS stack always, the Kubernetes stack when the configuration
// puts anything in it. Seed 001 keeps them as two Terraform code bases and states, applied in
// that order; CDKTF records the dependency (`cdktf deploy '*'` deploys aws first).
import { App } from 'cdktf';
import type { ResolvedConfig } from '../config/schema';
import { AwsStack } from './aws-stack';
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
  const aws = new AwsStack(app, 'aws', { config, today });
  if (!wantsKubernetesStack(config)) return { aws };
  // Loaded only when used: the kubernetes and helm bindings are large and the default needs neither.
  const { KubernetesStack } = require('./kubernetes-stack') as typeof import('./kubernetes-stack');
  return { aws, kubernetes: new KubernetesStack(app, 'kubernetes', { config, aws }) };
}
