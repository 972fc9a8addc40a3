// Cluster Autoscaler images per Kubernetes minor. Upstream: "use the Cluster Autoscaler release
// that matches the Kubernetes minor version of the cluster" (cluster-autoscaler README); the book
// runs v1.26.2 on 1.31 (L13070). No provider class here: the configuration checks read it.

/**
 * The newest patch release per minor: tags cluster-autoscaler-1.33.6, -1.34.5, -1.35.2 and -1.36.1
 * of kubernetes/autoscaler, all of 2026-07-22 (a copy read on 2026-08-22); other minors need
 * `imageTag`.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  '1.33': 'v1.33.6',
  '1.34': 'v1.34.5',
  '1.35': 'v1.35.2',
  '1.36': 'v1.36.1',
};

/** `1.35` of `v1.35.2`. */
export function imageMinor(tag: string): string {
  return tag.replace(/^v/, '').split('.').slice(0, 2).join('.');
}
