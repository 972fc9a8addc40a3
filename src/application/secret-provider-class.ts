// Seed 001 "Secrets management" (Mastering Terraform chapter 8, k8s/aws-secrets-manager.tf's
// kubernetes_manifest): the SecretProviderClass through which the AWS provider of the Secrets
// Store CSI driver reads the named Secrets Manager secrets with the pod's service account. The
// book adds `secretObjects`, copying the secret into a Kubernetes Secret read as an environment
// variable; here the secrets stay files in the pod's volume (the seed's argument against
// Kubernetes Secrets), so no Secret holds them.
import type { KubernetesObject } from '../kubernetes/manifests-chart';

export interface SecretProviderClassOptions {
  readonly name: string;
  readonly namespace: string;
  /** Secrets Manager secret names; each becomes a file named after it (`/` becomes `_`). */
  readonly secretNames: string[];
  /** Region of the secrets (saves the provider a node lookup per mount). */
  readonly region: string;
  /** EKS Pod Identity (`usePodIdentity: "true"`) rather than IRSA, the provider's default. */
  readonly usePodIdentity: boolean;
}

/**
 * The `objects` parameter: a YAML document in a string (the provider's format), one entry per
 * secret. Names are Secrets Manager names (letters, digits and /_+=.@-), quoted as JSON strings,
 * which YAML reads as they are.
 */
export function secretObjectsYaml(names: readonly string[]): string {
  return names.map((n) => `- objectName: ${JSON.stringify(n)}\n  objectType: "secretsmanager"\n`).join('');
}

/** A `secrets-store.csi.x-k8s.io/v1` SecretProviderClass for the `aws` provider. */
export function secretProviderClass(o: SecretProviderClassOptions): KubernetesObject {
  return {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClass',
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      provider: 'aws',
      parameters: {
        objects: secretObjectsYaml(o.secretNames),
        region: o.region,
        usePodIdentity: o.usePodIdentity ? 'true' : 'false',
      },
    },
  };
}
