// Rules that tie the `controllers` section to the rest of the configuration, checked before any
// construct is built (so nothing is written when they fail). No provider class here.
import type { EksConfig } from '../../config/schema';
import { DEFAULT_KUBERNETES_VERSION } from '../../controlplane/kubernetes-versions';
import { ACCESS_ENTRY_MODES } from '../../controlplane/private/access-config';
import { issue, ValidationIssue } from '../../errors';
import { bucketSettingsIssues, defaultBucketNamePrefix } from '../ack-s3-controller/buckets';
import { CLUSTER_AUTOSCALER_IMAGE_TAGS, imageMinor } from '../cluster-autoscaler/image-tags';
import { controllerRoleName } from './schema';

const at = (...path: (string | number)[]) => ['controllers', ...path];

export function controllerIssues(config: EksConfig): ValidationIssue[] {
  const c = config.controllers ?? {};
  const issues: ValidationIssue[] = [];
  const version = config.clusterVersion ?? DEFAULT_KUBERNETES_VERSION;

  if (c.clusterAutoscaler) {
    const tag = c.clusterAutoscaler.imageTag;
    const known = Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(', ');
    if (tag === undefined && !CLUSTER_AUTOSCALER_IMAGE_TAGS[version]) {
      issues.push({
        path: at('clusterAutoscaler', 'imageTag'),
        hasReceived: false,
        message: `is required for Kubernetes ${version}: the image table (src/controllers/cluster-autoscaler/image-tags.ts) knows ${known}; set the v${version}.x tag of https://github.com/kubernetes/autoscaler/releases`,
      });
    }
    if (tag !== undefined && imageMinor(tag) !== version) {
      issues.push(
        issue(at('clusterAutoscaler', 'imageTag'), tag, `must be a ${version} release: the Cluster Autoscaler's minor version must match the cluster's ('clusterVersion' ${JSON.stringify(version)}); the book runs v1.26.2 on 1.31`),
      );
    }
  }

  if (c.karpenter) {
    const mode = config.controlPlane?.accessConfig?.authenticationMode;
    if (mode === undefined || !ACCESS_ENTRY_MODES.includes(mode)) {
      const why = `must be "API" or "API_AND_CONFIG_MAP" with 'controllers.karpenter': Karpenter's nodes join through an EC2_LINUX access entry for their role`;
      issues.push(mode === undefined ? { path: ['controlPlane', 'accessConfig', 'authenticationMode'], hasReceived: false, message: why } : issue(['controlPlane', 'accessConfig', 'authenticationMode'], mode, why));
    }
    if (config.network?.discoveryTags === false) {
      issues.push(issue(['network', 'discoveryTags'], false, `must be true with 'controllers.karpenter': its EC2NodeClass finds the private subnets by their karpenter.sh/discovery tag`));
    }
    const nodeRoleName = c.karpenter.nodeRoleName ?? controllerRoleName(config.clusterName, 'karpenter-nodes');
    const taken = [config.nodeRole?.roleName ?? `${config.clusterName}-nodes`, config.nodeRole?.selfManagedRoleName ?? `${config.clusterName}-self-managed-nodes`];
    if (taken.includes(nodeRoleName)) {
      issues.push(
        issue(at('karpenter', 'nodeRoleName'), nodeRoleName, `must differ from the node groups' roles (${taken.map((t) => JSON.stringify(t)).join(', ')}): EKS owns the access entry of a managed group's role, and Karpenter's nodes join through an entry of their own`),
      );
    }
    if (Object.keys(config.nodeGroups ?? {}).length === 0) {
      issues.push({ path: ['nodeGroups'], hasReceived: false, message: `must hold a node group with 'controllers.karpenter': the controller must not run on the nodes it manages (Karpenter docs)` });
    }
  }

  if (c.clusterAutoscaler?.sampleApp && c.karpenter?.sampleApp) {
    issues.push(issue(at('karpenter', 'sampleApp'), true, `cannot be combined with 'controllers.clusterAutoscaler.sampleApp': both install chapter 19's inflate Deployment; keep one`));
  }
  if (c.istio?.sampleApp && !c.istio.ingressGateway) {
    issues.push(issue(at('istio', 'sampleApp'), true, `needs 'controllers.istio.ingressGateway' true: the sample's Gateway selects the ingress gateway's pods (istio: ingressgateway)`));
  }

  const nginx = c.ingressNginx;
  if (nginx) {
    if (nginx.targetType === 'ip' && !c.awsLoadBalancerController) {
      issues.push(
        issue(at('ingressNginx', 'targetType'), nginx.targetType, `needs 'controllers.awsLoadBalancerController': without it EKS's in-tree service controller makes the NLB, and it registers instances (node ports) only; add the controller or use "instance"`),
      );
    }
    if (config.network?.discoveryTags === false) {
      issues.push(issue(['network', 'discoveryTags'], false, `must be true with 'controllers.ingressNginx': the NLB finds its subnets by their kubernetes.io/role/elb (or internal-elb) tag`));
    }
  }

  const lattice = c.vpcLattice;
  if (lattice) {
    if (!lattice.prefixListIds && !lattice.lookupPrefixList) {
      issues.push({
        path: at('vpcLattice', 'prefixListIds'),
        hasReceived: false,
        message: `is required: the ID of the com.amazonaws.<region>.vpc-lattice managed prefix list (aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.<region>.vpc-lattice), which VPC Lattice reaches the pods from; or set 'lookupPrefixList' to true (an AWS API call at every plan)`,
      });
    }
    if (lattice.prefixListIds && lattice.lookupPrefixList) {
      issues.push(issue(at('vpcLattice', 'lookupPrefixList'), true, `cannot be combined with 'prefixListIds' (${JSON.stringify(lattice.prefixListIds)}): name the lists, or look the IPv4 one up`));
    }
    if (lattice.sampleApp && lattice.serviceNetwork === false) {
      issues.push(issue(at('vpcLattice', 'sampleApp'), true, `needs a service network: the sample's Gateway maps to the network of its name; remove 'serviceNetwork: false'`));
    }
  }

  if (c.ackS3Controller) {
    const found = bucketSettingsIssues(c.ackS3Controller, defaultBucketNamePrefix(config.clusterName));
    issues.push(...found.map((i) => ({ ...i, path: at('ackS3Controller', ...i.path) })));
  }
  return issues;
}
