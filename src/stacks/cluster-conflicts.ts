// Rules across the clusters of one configuration file (`clusters`): EKS names a cluster once per
// account and region, and every stack needs a Terraform state of its own, or one cluster's apply
// would plan to destroy the other's resources.
import type { ResolvedConfig } from '../config/schema';
import { issue, ValidationIssue } from '../errors';
import { StateOwner, stateLocation } from './backend';

/** Where the project keeps local state files, as Terraform sees it from a stack's folder. */
const FROM_STACK_DIR = /^\.\.\/\.\.\/\.\.\//;

/** A cluster of the file and the stacks it makes (`aws`, and `kubernetes` when configured). */
export interface PlannedCluster {
  readonly key: string;
  readonly config: ResolvedConfig;
  readonly stacks: readonly ('aws' | 'kubernetes')[];
}

/** Two clusters with one name in one region, two stacks with one state: each found once, at the later cluster. */
export function clusterConflicts(clusters: readonly PlannedCluster[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const names = new Map<string, string>();
  const states = new Map<string, { key: string; stack: string }>();
  for (const { key, config, stacks } of clusters) {
    const at = ['clusters', key];
    const nameInRegion = `${config.region} ${config.clusterName}`;
    const first = names.get(nameInRegion);
    if (first === undefined) names.set(nameInRegion, key);
    else {
      issues.push(
        issue([...at, 'clusterName'], config.clusterName, `is also the name of 'clusters.${first}' in ${config.region}: EKS names a cluster once per account and region; give each cluster its own 'clusterName'`),
      );
    }
    for (const stack of stacks) {
      const owner: StateOwner = { clusterName: config.clusterName, stackId: stack, primary: stack === 'aws' };
      const location = stateLocation(config.backend, owner);
      const holder = states.get(location);
      if (holder === undefined) {
        states.set(location, { key, stack });
        continue;
      }
      const backend = config.backend;
      const field = backend.type === 'local' ? 'path' : backend.type === 's3' ? 'key' : backend.workspaceTags ? 'workspaceTags' : 'workspace';
      const value = (backend as Record<string, unknown>)[field];
      const where = `puts the ${stack} stack's state at ${location.replace(FROM_STACK_DIR, '')}, where 'clusters.${holder.key}' keeps its ${holder.stack} stack's: every stack needs a state of its own, or one cluster's apply would destroy the other's resources`;
      const path = [...at, 'backend', field];
      if (value === undefined) {
        issues.push({ path, hasReceived: false, message: `is not set, and the default ${where}; set one for this cluster` });
      } else {
        const env = field === 'workspace' ? ' (TF_WORKSPACE, when it fills this in, names one workspace for all clusters)' : '';
        issues.push(issue(path, value, `${where}; give each cluster its own ${field}${env}`));
      }
    }
  }
  return issues;
}
