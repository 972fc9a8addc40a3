// Checks shared by managed and self-managed node groups: instance types against the AMI, and the
// pods per node the kubelet is told to accept (book chapter 7).
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { issue, ValidationIssue } from '../../../errors';
import { isUnresolved } from '../../../private/validate';
import { maxPodsOf, PodNetworking } from '../max-pods';
import { amazonLinux2Problem, amiAccelerator, amiArchitecture } from './ami';
import { instanceTypeInfo } from '../instance-types';
import type { AmiType, MaxPodsSetting } from './schema';

const TABLE_FILE = 'src/dataplane/nodes/instance-types.ts';

/** Instance types the AMI cannot boot (architecture) or whose accelerator it cannot drive, where the table knows the type. */
export function instanceTypeIssues(amiType: AmiType, instanceTypes: readonly string[]): ValidationIssue[] {
  if (isUnresolved(instanceTypes)) return [];
  const architecture = amiArchitecture(amiType);
  const accelerator = amiAccelerator(amiType);
  const issues: ValidationIssue[] = [];
  instanceTypes.forEach((type, i) => {
    const info = instanceTypeInfo(type);
    if (!info) return;
    if (architecture && info.architecture !== architecture) {
      issues.push(issue(['instanceTypes', i], type, `is an ${info.architecture} instance type; amiType "${amiType}" is an ${architecture} image: pick ${architecture === 'arm64' ? 'a Graviton type (e.g. "m7g.large")' : 'an x86_64 type'} or an ${info.architecture} amiType`));
    } else if (accelerator && info.accelerator !== accelerator) {
      issues.push(issue(['instanceTypes', i], type, `has no ${accelerator === 'nvidia' ? 'NVIDIA GPU' : 'AWS Neuron accelerator'}, which amiType "${amiType}" is built for; pick a matching instance type or a STANDARD amiType`));
    }
  });
  return issues;
}

export interface ResolvedMaxPods {
  /** The number for the kubelet; undefined when none was asked for. */
  readonly value?: number;
  readonly issues: ValidationIssue[];
  readonly warnings: string[];
}

/**
 * Turns the `maxPods` setting into a number: `auto` takes the smallest recommended value of the
 * instance types (EKS applies the smallest to a group of several types); a number is checked
 * against what the types can address. `path` is where the setting lives.
 */
export function resolveMaxPods(
  setting: MaxPodsSetting | undefined,
  instanceTypes: readonly string[],
  networking: PodNetworking,
  path: readonly (string | number)[],
): ResolvedMaxPods {
  if (setting === undefined || isUnresolved(instanceTypes) || isUnresolved(setting)) return { value: setting === 'auto' ? undefined : setting, issues: [], warnings: [] };
  const infos = instanceTypes.map((t) => instanceTypeInfo(t));
  if (setting === 'auto') {
    const issues = instanceTypes.flatMap((type, i) =>
      infos[i]
        ? []
        : [issue(['instanceTypes', i], type, `is not in the instance type table (${TABLE_FILE}), so '${path.join('.')}' "auto" cannot be computed; set a number, or add the type to the table with its source`)],
    );
    if (issues.length > 0) return { issues, warnings: [] };
    return { value: Math.min(...infos.map((info) => maxPodsOf(info!, networking).recommended)), issues: [], warnings: [] };
  }
  const issues: ValidationIssue[] = [];
  const warnings: string[] = [];
  for (const info of infos) {
    if (!info) continue;
    const m = maxPodsOf(info, networking);
    const mode = m.prefixMode ? 'with /28 prefixes' : 'with secondary IPs';
    if (setting > m.limit) {
      issues.push(
        issue(
          path,
          setting,
          `is more pods than ${info.instanceType} can give addresses to ${mode} (${m.limit}); pods past ${m.limit} would wait for an IP forever: ${m.prefixMode ? 'lower it' : "enable prefix delegation on the vpc-cni add-on ('addons.vpc-cni.settings.enablePrefixDelegation') or lower it"}, or use "auto"`,
        ),
      );
    } else if (setting > m.recommended) {
      warnings.push(`max pods ${setting} on ${info.instanceType} is above the EKS recommendation of ${m.recommended} (${info.vcpus} vCPUs); "auto" gives ${m.recommended}`);
    }
  }
  return { value: setting, issues, warnings };
}

/** `min <= desired <= max` (book: `scaling_config`). */
export function sizeIssues(min: number, desired: number, max: number): ValidationIssue[] {
  if ([min, desired, max].some(isUnresolved)) return [];
  const issues: ValidationIssue[] = [];
  if (min > desired) issues.push(issue(['minSize'], min, `must be <= 'desiredSize' (${desired})`));
  if (desired > max) issues.push(issue(['desiredSize'], desired, `must be <= 'maxSize' (${max})`));
  if (min > max) issues.push(issue(['minSize'], min, `must be <= 'maxSize' (${max})`));
  return issues;
}

/** The node version against the control plane's (version skew policy). */
export function versionIssues(version: string | undefined, clusterVersion: string | undefined): ValidationIssue[] {
  if (version === undefined || clusterVersion === undefined || isUnresolved(clusterVersion)) return [];
  const problem = versionSkewProblem(version, clusterVersion);
  return problem ? [issue(['version'], version, problem)] : [];
}

/** EKS publishes no Amazon Linux 2 AMIs for Kubernetes 1.33 and later. */
export function amiVersionIssues(amiType: AmiType, version: string): ValidationIssue[] {
  const problem = amazonLinux2Problem(amiType, version);
  return problem ? [issue(['amiType'], amiType, problem)] : [];
}

/** Node group and Auto Scaling group names: Terraform's `name_prefix` adds a 26-character suffix. */
const MAX_NAME_PREFIX_LENGTH = 37;

export function nameIssues(nodeName: string, createBeforeDestroy: boolean): ValidationIssue[] {
  if (!createBeforeDestroy || isUnresolved(nodeName) || nodeName.length + 1 <= MAX_NAME_PREFIX_LENGTH) return [];
  return [
    issue(
      ['nodeName'],
      nodeName,
      `must be at most ${MAX_NAME_PREFIX_LENGTH - 1} characters with 'createBeforeDestroy' (Terraform adds "-" and a 26-character suffix to reach the 63 EKS allows); shorten it or set 'createBeforeDestroy' to false`,
    ),
  ];
}

/** Launch template props that come from the node group's own settings rather than from `launchTemplate`. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  launchTemplateName: ['launchTemplate', 'name'],
  instanceTags: ['launchTemplate', 'tags'],
  keyName: ['remoteAccess', 'ec2SshKey'],
  amiType: ['amiType'],
  labels: ['labels'],
  taints: ['taints'],
};

/** Launch template issue paths, as the node group's settings name them. */
export function remapTemplateIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => {
    const [head, ...rest] = i.path;
    const mapped = TEMPLATE_PATHS[String(head)];
    return { ...i, path: mapped ? [...mapped, ...rest] : ['launchTemplate', ...i.path] };
  });
}

/** Warnings of a node group: max pods above the recommendation, spot capacity of a single instance type (book chapter 5). */
export function addNodeGroupWarnings(scope: Construct, nodeName: string, capacityType: string, instanceTypes: readonly string[], maxPodsWarnings: readonly string[]): void {
  for (const warning of maxPodsWarnings) Annotations.of(scope).addWarning(`Node group ${nodeName}: ${warning}`);
  if (capacityType === 'SPOT' && instanceTypes.length === 1) {
    Annotations.of(scope).addWarning(
      `Node group ${nodeName} buys SPOT capacity of one instance type (${instanceTypes[0]}): when that pool is reclaimed every node goes at once; list several similar types in 'instanceTypes'`,
    );
  }
}

// Book chapter 6 "Cluster Upgrade Tips": nodes are upgraded after the control plane, so during an
// upgrade (or a blue/green swap) they run an older version than the cluster.

/**
 * The Kubernetes version skew policy for the kubelet: never newer than the API server, at most
 * three minor versions older from Kubernetes 1.28 (two before).
 * @see https://kubernetes.io/releases/version-skew-policy/#kubelet
 */
export function versionSkewProblem(nodeVersion: string, clusterVersion: string): string | undefined {
  const node = minorOf(nodeVersion);
  const cluster = minorOf(clusterVersion);
  if (node === undefined || cluster === undefined) return undefined;
  if (node > cluster) {
    return `is newer than the control plane (${clusterVersion}): upgrade the cluster first, nodes follow (Kubernetes version skew policy)`;
  }
  const allowed = cluster >= 28 ? 3 : 2;
  if (cluster - node > allowed) {
    return `is ${cluster - node} minor versions older than the control plane (${clusterVersion}); the kubelet may be at most ${allowed} behind (Kubernetes version skew policy): use 1.${cluster - allowed} or later`;
  }
  return undefined;
}

function minorOf(version: string): number | undefined {
  const match = /^1\.(\d+)$/.exec(version);
  return match ? Number(match[1]) : undefined;
}
