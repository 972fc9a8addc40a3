// chapter03 control-plane/variables.tf `cluster_version`: which Kubernetes minor versions EKS
// accepts for new clusters, with their support dates.

/** Support window of one Kubernetes minor version on EKS. Dates are ISO days (UTC). */
export interface KubernetesVersionSupport {
  readonly version: string;
  /** Last day of standard support; extended support (extra hourly cost) follows. */
  readonly endOfStandardSupport?: string;
  /** Last day of extended support; EKS then upgrades the cluster and refuses new ones. */
  readonly endOfExtendedSupport?: string;
}

/**
 * Versions EKS offers for new clusters, newest first, as published in the EKS version calendar
 * (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html) on
 * KUBERNETES_VERSIONS_AS_OF. 1.36's dates were not in the calendar we read; its checks are skipped.
 * The book pins 1.29, 1.30 and 1.31, which are past (or days from) the end of extended support.
 */
export const KUBERNETES_VERSIONS: readonly KubernetesVersionSupport[] = [
  { version: '1.36' },
  { version: '1.35', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
  { version: '1.34', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  { version: '1.33', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  { version: '1.32', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  { version: '1.31', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
];

export const KUBERNETES_VERSIONS_AS_OF = '2026-11-21';

/** The newest version with published standard support dates. */
export const DEFAULT_KUBERNETES_VERSION = '1.35';

/** Problem with using `version` on `today`, or undefined; warnings are separate (see supportWarning). */
export function kubernetesVersionProblem(version: string, today: Date = new Date()): string | undefined {
  const entry = KUBERNETES_VERSIONS.find((k) => k.version === version);
  const allowed = KUBERNETES_VERSIONS.map((k) => JSON.stringify(k.version)).join(', ');
  if (!entry) return `is not a Kubernetes version EKS offers for new clusters; use one of ${allowed}`;
  if (entry.endOfExtendedSupport && isoDay(today) > entry.endOfExtendedSupport) {
    return `reached the end of EKS extended support on ${entry.endOfExtendedSupport}; use one of ${allowed}`;
  }
  return undefined;
}

/** A warning when `version` is in extended support on `today` (it costs more per cluster hour). */
export function kubernetesVersionWarning(version: string, today: Date = new Date()): string | undefined {
  const entry = KUBERNETES_VERSIONS.find((k) => k.version === version);
  if (!entry?.endOfStandardSupport || isoDay(today) <= entry.endOfStandardSupport) return undefined;
  return (
    `Kubernetes ${version} left EKS standard support on ${entry.endOfStandardSupport}: the cluster runs in ` +
    `extended support (extra cost per cluster hour) until ${entry.endOfExtendedSupport}, then EKS upgrades it`
  );
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
