// The `kubernetes.workloads` section in the Kubernetes stack: images of the registry resolved to
// the repository URLs of the AWS stack (book chapter 12's pod-ecr.yml types
// ACCOUNTID.dkr.ecr.us-east-1.amazonaws.com by hand), and every workload created after the Helm
// releases already in the stack, whose webhooks and CRDs see new Pods and Services.
import { TerraformResource } from 'cdktf';
import type { ResolvedConfig } from '../config/schema';
import { Workloads } from '../workloads/workloads';
import { inConfig } from '../private/in-config';
import type { EksCluster } from '../cluster/eks-cluster';
import type { KubernetesStack } from './kubernetes-stack';

/** Adds `kubernetes.workloads` to `stack`; errors carry their configuration paths. */
export function addWorkloads(stack: KubernetesStack, cluster: EksCluster, config: ResolvedConfig): Workloads {
  const settings = config.kubernetes?.workloads ?? {};
  // ReplicaSets are a local chart.
  if (Object.keys(settings.replicaSets ?? {}).length > 0) void stack.helmProvider;
  const releases = stack.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && c.terraformResourceType === 'helm_release');
  return inConfig(['kubernetes', 'workloads'], () =>
    new Workloads(stack, 'workloads', {
      ...settings,
      ecrRepositoryUrls: cluster.registry?.repositoryUrls,
      ecrTagsMutable: config.registry?.imageTagMutability === 'MUTABLE',
      dependsOn: releases,
    }),
  );
}
