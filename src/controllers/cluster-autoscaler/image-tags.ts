// Cluster Autoscaler images per Kubernetes minor. Upstream: "use the Cluster Autoscaler release
// that matches the Kubernetes minor version of the cluster" (cluster-autoscaler README); the book
// runs v1.26.2 on 1.31 (L13070). No provider class here: the configuration checks read it.

/**
 * Patch releases per minor as aws-ia/terraform-aws-eks-blueprints-addons#516 (merged 2026-07-17)
 * took them "per the autoscaler releases page"; other minors need `imageTag`.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  '1.33': 'v1.33.5',
  '1.34': 'v1.34.4',
  '1.35': 'v1.35.1',
};

/** `1.35` of `v1.35.1`. */
export function imageMinor(tag: string): string {
  return tag.replace(/^v/, '').split('.').slice(0, 2).join('.');
}
