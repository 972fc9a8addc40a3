// chapter20-lattice (never installed by the book, though its controller requires them): the
// Gateway API CRDs of the standard channel, one kubernetes_manifest per object, each read at plan
// time from the upstream file at a pinned tag and checked against the digest recorded here. Not a
// Helm release: Helm keeps every template of a release in one Secret, limited to 1 MiB, and the
// CRD bundle does not fit (Envoy Gateway's gateway-crds-helm v1.8.0: "data: Too long",
// envoyproxy/gateway#6105, #6471; its README says `helm template | kubectl apply`).
import { DataHttp } from '@cdktf/provider-http/lib/data-http';
import { HttpProvider } from '@cdktf/provider-http/lib/provider';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * Gateway API v1.5.1 (tag of kubernetes-sigs/gateway-api, commit e7677b70, 2026-03-14), which
 * controller v2.1.x needs ("not compatible with Gateway API CRD versions prior to v1.5",
 * upgrading-v2-0-x-to-v2-1-y.md). The files are the ones hack/build-install-yaml.sh concatenates
 * into the release's standard-install.yaml (config/crd/standard/gateway*.yaml); each digest is
 * the sha256 of the file at the tag, as read from the repository.
 */
export const GATEWAY_API_CRDS = {
  version: 'v1.5.1',
  baseUrl: 'https://raw.githubusercontent.com/kubernetes-sigs/gateway-api/v1.5.1/config/crd/standard',
  files: [
    { file: 'gateway.networking.k8s.io_backendtlspolicies.yaml', sha256: '9b8818172153d72f9c84032db0be0a4a657277d13f5bbc22226ad9481ff57971', objects: ['CustomResourceDefinition'] },
    { file: 'gateway.networking.k8s.io_gatewayclasses.yaml', sha256: '234ad4b2757ee1b3596a4187bb98df071c5bbdd9e1806f692f2dbf8387e6bef4', objects: ['CustomResourceDefinition'] },
    { file: 'gateway.networking.k8s.io_gateways.yaml', sha256: '7416e8300eb4d8c0a71a23445609075bbacbe8bc80104584b019cfe1ebe77c31', objects: ['CustomResourceDefinition'] },
    { file: 'gateway.networking.k8s.io_grpcroutes.yaml', sha256: '979f4125d44d3df24659ba00d1d04ff8e76c45423193e8aae82dd5810d7827df', objects: ['CustomResourceDefinition'] },
    { file: 'gateway.networking.k8s.io_httproutes.yaml', sha256: '682203b109baecb18d38073a578f7bc2c17d22fe9b0c27bf030850abe014c370', objects: ['CustomResourceDefinition'] },
    { file: 'gateway.networking.k8s.io_listenersets.yaml', sha256: '9221468d19fdfbb0026113b1ef64abac64f27607975aff2410361b8b38f0e0bb', objects: ['CustomResourceDefinition'] },
    { file: 'gateway.networking.k8s.io_referencegrants.yaml', sha256: 'a8902c486eed0b7339f5bb8a476ccaba0918eb038048402bdc01cbb69b0fbb51', objects: ['CustomResourceDefinition'] },
    { file: 'gateway.networking.k8s.io_tlsroutes.yaml', sha256: '818e4827c469a40e2527a2851591e656782c50fea8dd44812c900d219da09345', objects: ['CustomResourceDefinition'] },
    // Two documents: the policy refusing experimental CRDs over standard ones, and its binding.
    { file: 'gateway.networking.k8s.io_vap_safeupgrades.yaml', sha256: '981a4da92706cb567c051e006ff229429947f054b90cd0719c297abe14f958a1', objects: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'] },
  ],
} as const;

/** The standard-channel Gateway API objects, each a kubernetes_manifest of the file it comes from. */
export class GatewayApiCrds extends Construct {
  /** The manifests, in file order; what uses Gateway API kinds waits for them. */
  readonly manifests: Manifest[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    if (!stack.node.tryFindChild('http')) new HttpProvider(stack, 'http');
    for (const { file, sha256, objects } of GATEWAY_API_CRDS.files) {
      const key = file.replace(/^gateway\.networking\.k8s\.io_|\.yaml$/g, '');
      const source = new DataHttp(this, `source-${key}`, {
        url: `${GATEWAY_API_CRDS.baseUrl}/${file}`,
        retry: { attempts: 3, minDelayMs: 1000 },
        lifecycle: {
          postcondition: [
            { condition: `\${self.status_code == 200 && sha256(self.response_body) == "${sha256}"}`, errorMessage: `${file} of Gateway API ${GATEWAY_API_CRDS.version} is not the file this project recorded (sha256 ${sha256})` },
          ],
        },
      });
      const documents = objects.length === 1 ? [`yamldecode(${source.fqn}.response_body)`] : objects.map((_kind, i) => `yamldecode(split("\\n---\\n", ${source.fqn}.response_body)[${i}])`);
      objects.forEach((kind, i) => {
        const manifest = new Manifest(this, `${key}${objects.length > 1 ? `-${kind.toLowerCase()}` : ''}`, { manifest: {} });
        // The object without its `status`, which kubernetes_manifest refuses ("'status' attribute
        // key is not allowed in manifest configuration", hashicorp/terraform-provider-kubernetes#2739:
        // the generated CRDs carry an empty one). An override: the value is an expression.
        manifest.addOverride('manifest', `\${{ for k, v in ${documents[i]} : k => v if k != "status" }}`);
        this.manifests.push(manifest);
      });
    }
  }
}
