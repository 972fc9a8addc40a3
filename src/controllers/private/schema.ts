// Field rules of the `controllers` section (book chapters 14-alb, 19 and 20: what the book installs
// by hand with helm and kubectl), shared with the configuration schema, and the names both stacks
// agree on (namespaces and service accounts). Valibot only: the configuration loads it without
// any provider class, even when no controller is configured.
import * as v from 'valibot';
import { chartVersion } from '../../kubernetes/private/schema';
import { WORKLOAD_IDENTITY_MECHANISMS } from '../../oidc/private/schema';
import { iamRoleName } from '../../private/names';
import { integer, ipv4Cidr, map, matching, nonEmptyList, oneOf, settings } from '../../private/validate';
import { ACK_S3_PERMISSIONS, bucketName, bucketNamePrefix } from '../ack-s3-controller/buckets';

/** Where each controller runs and which service account its role is for. */
export const CONTROLLER_ACCOUNTS = {
  /** AWS docs (lbc-helm): `kube-system/aws-load-balancer-controller`; the book names it `aws-load-balancer-controller-sa`. */
  awsLoadBalancerController: { namespace: 'kube-system', name: 'aws-load-balancer-controller' },
  /** The book's `autoscalercontroller.yml` and the upstream example. */
  clusterAutoscaler: { namespace: 'kube-system', name: 'cluster-autoscaler' },
  /** The book's script (`karpenter` namespace); upstream's getting started uses kube-system. */
  karpenter: { namespace: 'karpenter', name: 'karpenter' },
  /** aws-application-networking-k8s docs/guides/deploy.md. */
  vpcLattice: { namespace: 'aws-application-networking-system', name: 'gateway-api-controller' },
  /** The book's namespace (chapter 8) and the account chapter15-irsa's `IRSARole` trusts; the chart's default name is `ack-s3-controller`. */
  ackS3Controller: { namespace: 'ack-system', name: 'ack-service-account' },
} as const;

export type ControllerWithRole = keyof typeof CONTROLLER_ACCOUNTS;

const bool = v.boolean('must be true or false');
const serviceAccountName = matching(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'must be a Kubernetes service account name');

/** Label keys and values (Kubernetes syntax: optional DNS prefix, 63-character name). */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const labelKey = matching(LABEL_KEY, 'must be a Kubernetes label key such as "karpenter.sh/controller"');
const labelValue = matching(LABEL_VALUE, 'must be a Kubernetes label value: up to 63 letters, digits, "-", "_" and "."');

/** Kubernetes quantities (`250m`, `1`, `512Mi`, `1Gi`). */
const quantity = matching(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/, 'must be a Kubernetes quantity such as "250m", "1", "512Mi" or "1Gi"');
const resourceList = settings({ cpu: v.optional(quantity), memory: v.optional(quantity) });
/** Durations as Karpenter takes them (`30s`, `5m`, `720h`, or `Never`). */
const duration = matching(/^(\d+(s|m|h))+$|^Never$/, 'must be a duration such as "30s", "5m" or "720h", or "Never"');

/** Pod tolerations, as Kubernetes writes them. */
export const tolerationSchema = settings({
  key: labelKey,
  operator: v.optional(oneOf(['Equal', 'Exists'] as const)),
  value: v.optional(labelValue),
  effect: v.optional(oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const)),
});

/** Settings every controller takes. */
const chartFields = {
  /** Exact chart version. @default the version pinned in the controller's module */
  version: v.optional(chartVersion),
  /** Chart values merged over the typed ones (same shape as the chart's values.yaml); the escape hatch. */
  values: v.optional(map(v.string(), v.unknown(), 'must be an object of chart values')),
  /** Install the chapter's sample workload next to the controller. @default false */
  sampleApp: v.optional(bool),
};

/**
 * Customer managed policies that replace a controller's published policy: one your organisation
 * has reviewed, scoped to your VPC, tags or accounts. The published policy grants writes on `*`
 * (checkov CKV_AWS_111, CKV_AWS_356), which these settings remove. @default none: the published policy
 */
const replacementPolicyArns = v.optional(
  nonEmptyList(matching(/^arn:aws[a-z-]*:iam::\d{12}:policy\/[\w+=,.@/-]+$/, 'must be the ARN of a customer managed IAM policy'), 'policy ARN'),
);

/** Settings of controllers that call AWS APIs with a role of their own. */
const roleFields = {
  /** `pod-identity` or `irsa`. @default the configuration's `workloadIdentity` */
  mechanism: v.optional(oneOf(WORKLOAD_IDENTITY_MECHANISMS)),
  /** Name of the controller's IAM role. @default `<clusterName>-<controller>` */
  roleName: v.optional(iamRoleName),
};

export const awsLoadBalancerControllerFields = {
  ...chartFields,
  ...roleFields,
  /** Controller pods (chart `replicaCount`). @default 2 */
  replicaCount: v.optional(integer(1, 10)),
  /** Service account name; the role trusts it. @default "aws-load-balancer-controller" (AWS docs) */
  serviceAccountName: v.optional(serviceAccountName),
  /** Policies that replace the published iam_policy.json. @default none */
  policyArns: replacementPolicyArns,
};

/** Cluster Autoscaler expanders (how it picks the node group to grow). */
export const CLUSTER_AUTOSCALER_EXPANDERS = ['least-waste', 'most-pods', 'random', 'priority', 'price'] as const;

export const clusterAutoscalerFields = {
  ...chartFields,
  ...roleFields,
  /** Image tag; must be of the cluster's Kubernetes minor. @default the table's tag for the cluster version */
  imageTag: v.optional(matching(/^v\d+\.\d+\.\d+$/, 'must be a Cluster Autoscaler image tag such as "v1.35.2"')),
  /** @default "least-waste" (book) */
  expander: v.optional(oneOf(CLUSTER_AUTOSCALER_EXPANDERS)),
  /** @default true (book) */
  balanceSimilarNodeGroups: v.optional(bool),
  /** @default false (book: nodes running kube-system pods may be removed) */
  skipNodesWithSystemPods: v.optional(bool),
  /** @default false (book) */
  skipNodesWithLocalStorage: v.optional(bool),
};

/** Karpenter NodePool consolidation policies. */
export const CONSOLIDATION_POLICIES = ['WhenEmpty', 'WhenEmptyOrUnderutilized'] as const;

const requirementSchema = settings({
  key: labelKey,
  operator: oneOf(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const),
  values: v.optional(v.array(matching(/^\S{1,63}$/, 'must be a requirement value'))),
});

/** The default NodePool and EC2NodeClass (book: `deployment/nodepool.yml`). */
export const nodePoolFields = {
  /** Node requirements. @default the book's: categories t, c, m, r; 2-32 vCPUs; nitro; generation > 2 */
  requirements: v.optional(nonEmptyList(requirementSchema, 'requirement')),
  /** CPU limit of the pool (`spec.limits.cpu`). @default 1000 */
  cpuLimit: v.optional(integer(1)),
  /** @default "WhenEmpty" (book) */
  consolidationPolicy: v.optional(oneOf(CONSOLIDATION_POLICIES)),
  /** @default "30s" (book) */
  consolidateAfter: v.optional(duration),
  /** How long a node lives before it is replaced. @default "720h" (Karpenter's) */
  expireAfter: v.optional(duration),
  /** AMI selector alias (`al2023@latest`, `bottlerocket@v1.30.0`): pin a version in production. @default "al2023@latest" */
  amiAlias: v.optional(matching(/^(al2|al2023|bottlerocket|windows2019|windows2022)@(latest|v?[\w.-]+)$/, 'must be an AMI alias such as "al2023@latest" or "bottlerocket@v1.30.0"')),
};

export const karpenterFields = {
  ...chartFields,
  ...roleFields,
  /** Role of the nodes Karpenter launches (EC2NodeClass `role`). @default `<clusterName>-karpenter-nodes` */
  nodeRoleName: v.optional(iamRoleName),
  /** The SQS interruption queue and its EventBridge rules. @default true */
  interruptionQueue: v.optional(bool),
  /** Controller requests and limits. @default requests 250m / 512Mi, limits 1Gi of memory (fits t3.small nodes) */
  controllerResources: v.optional(settings({ requests: v.optional(resourceList), limits: v.optional(resourceList) })),
  /** Where the controller runs (it must not run on nodes it manages). @default none */
  nodeSelector: v.optional(map(labelKey, labelValue, 'must be a map of label keys to values')),
  /** Tolerations of the controller, e.g. for a tainted node group of its own. @default [] */
  tolerations: v.optional(v.array(tolerationSchema, 'must be a list of tolerations')),
  /** The default NodePool and EC2NodeClass; `false` for none. @default {} */
  nodePool: v.optional(v.union([v.literal(false), settings(nodePoolFields)], 'must be false or the NodePool settings')),
};

export const istioFields = {
  ...chartFields,
  /** istiod's chart values (the `base` and `gateway` charts take none here). @default none */
  values: chartFields.values,
  /** The `gateway` chart as `istio-ingressgateway` (the demo profile's ingress gateway, book chapter 20). @default false */
  ingressGateway: v.optional(bool),
};

/** AWS-managed prefix list IDs. */
export const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;

/** Default names of the controllers' roles: `<clusterName>-<suffix>`, cut to IAM's 64 characters. */
export function controllerRoleName(clusterName: string, suffix: string): string {
  return `${clusterName}-${suffix}`.slice(0, 64);
}

/**
 * The service network `vpcLattice.serviceNetwork` asks for: its `name`, by default the cluster's name
 * in VPC Lattice's alphabet (lower case, `-` for `_`, at most 63 characters); undefined for `false`.
 * Both stacks read it: the AWS stack creates the network, the Kubernetes stack names the sample's
 * Gateway after it (as a plain string: an object name, a file name).
 */
export function serviceNetworkName(serviceNetwork: false | { readonly name?: string } | undefined, clusterName: string): string | undefined {
  if (serviceNetwork === false) return undefined;
  return serviceNetwork?.name ?? `${clusterName.toLowerCase().replace(/_/g, '-').slice(0, 47)}-service-network`;
}

export const vpcLatticeFields = {
  ...chartFields,
  ...roleFields,
  /** Policies that replace the published recommended-inline-policy.json. @default none */
  policyArns: replacementPolicyArns,
  /**
   * IDs of the VPC Lattice managed prefix lists of the region (`com.amazonaws.<region>.vpc-lattice`,
   * and `…ipv6.vpc-lattice` for IPv6), admitted to the nodes. Required unless `lookupPrefixList`.
   */
  prefixListIds: v.optional(nonEmptyList(matching(PREFIX_LIST_ID, 'must be a prefix list ID such as "pl-07cbd8b5e26960eac"'), 'prefix list ID')),
  /** Look the IPv4 list up by name with the aws_ec2_managed_prefix_list data source (an AWS API call at plan time). @default false */
  lookupPrefixList: v.optional(bool),
  /** The service network (and its association with the cluster's VPC) Gateways map to; `false` for none. @default {name: `<clusterName>-service-network`} */
  serviceNetwork: v.optional(
    v.union(
      [v.literal(false), settings({ name: matching(/^(?!sn-)[a-z0-9]([a-z0-9-]{1,61}[a-z0-9])$/, 'must be 3 to 63 lower-case letters, digits and "-", not starting with "sn-" (VPC Lattice names)') })],
      'must be false or the service network settings',
    ),
  ),
  /** The Gateway API CRDs the controller needs; `false` when the cluster already has them. @default {} (the pinned chart) */
  gatewayApiCrds: v.optional(v.boolean('must be true or false: the CRDs are Gateway API v1.5.1\'s standard channel, pinned with their digests (src/controllers/vpc-lattice/gateway-api-crds.ts)')),
};

/** Who provisions the ingress-nginx Service's NLB: the AWS Load Balancer Controller, or the in-tree service controller of EKS's control plane. */
export const NLB_PROVISIONERS = ['aws-load-balancer-controller', 'in-tree'] as const;
/** NLB schemes (`internet-facing`: public subnets, the seed's public web application). */
export const NLB_SCHEMES = ['internet-facing', 'internal'] as const;
/** NLB targets: pod IPs (AWS Load Balancer Controller only) or node ports on the instances. */
export const NLB_TARGET_TYPES = ['ip', 'instance'] as const;

/** ingress-nginx behind an NLB (seed 001 "Load balancing"). */
export const ingressNginxFields = {
  /** Exact chart version. @default the last release, pinned in the module */
  version: chartFields.version,
  values: chartFields.values,
  /** `internet-facing` (public subnets) or `internal`. @default "internet-facing" (seed 001: the load balancer sits in the public subnets) */
  scheme: v.optional(oneOf(NLB_SCHEMES)),
  /** `ip` or `instance`; `ip` needs the AWS Load Balancer Controller. @default "ip" with the controller, "instance" without */
  targetType: v.optional(oneOf(NLB_TARGET_TYPES)),
  /** Controller pods. @default 2 (one survives a node loss) */
  replicaCount: v.optional(integer(1, 10)),
  /** Name of the IngressClass the controller serves. @default "nginx" */
  ingressClassName: v.optional(matching(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'must be a Kubernetes object name such as "nginx"')),
  /** Client blocks the NLB admits (Service `loadBalancerSourceRanges`). @default none: every address */
  loadBalancerSourceRanges: v.optional(nonEmptyList(ipv4Cidr(0, 32), 'CIDR block')),
};

/** The Secrets Store CSI driver and its AWS provider (seeds 000/001 "Secrets management"). */
export const secretsStoreCsiDriverFields = {
  /** Exact version of the driver's chart. @default pinned in the module */
  version: chartFields.version,
  /** Driver chart values merged over the typed ones. */
  values: chartFields.values,
  /** Exact version of the AWS provider's chart. @default pinned in the module */
  providerVersion: v.optional(chartVersion),
  /** AWS provider chart values merged over the typed ones. */
  providerValues: chartFields.values,
  /** Let SecretProviderClasses copy secrets into Kubernetes Secrets (`secretObjects`). @default false (the seed keeps them out of Kubernetes Secrets) */
  syncSecret: v.optional(bool),
  /** Re-read mounted secrets at this interval (`enableSecretRotation`); none turns rotation off. @default none */
  rotationPollInterval: v.optional(matching(/^\d+(s|m|h)$/, 'must be a duration such as "3600s", "60m" or "2h"')),
  /**
   * The mechanisms SecretProviderClasses authenticate with; each gives the CSIDriver a token
   * request (`tokenRequests`) for its audience. @default the application's mechanism, else `workloadIdentity`
   */
  workloadIdentities: v.optional(nonEmptyList(oneOf(WORKLOAD_IDENTITY_MECHANISMS), 'mechanism')),
};

/** The ACK S3 controller (book chapter 8). */
export const ackS3ControllerFields = {
  ...chartFields,
  ...roleFields,
  /** Service account name; the role trusts it. @default "ack-service-account" (book chapter15-irsa) */
  serviceAccountName: v.optional(serviceAccountName),
  /** `bucket-prefix` or ACK's recommended `AmazonS3FullAccess`. @default "bucket-prefix" */
  permissions: v.optional(oneOf(ACK_S3_PERMISSIONS)),
  /** Start of the names of the buckets the role reaches (with `bucket-prefix`). @default `<clusterName>-` */
  bucketNamePrefix: v.optional(bucketNamePrefix),
  /** Name of the sample's bucket: bucket names are global, pick one nobody has. @default `<bucketNamePrefix>ack-s3` */
  sampleBucketName: v.optional(bucketName),
};

export const controllersFields = {
  /** AWS Load Balancer Controller (book chapter 14, "ALB Controller Installation"). */
  awsLoadBalancerController: v.optional(settings(awsLoadBalancerControllerFields)),
  /** Cluster Autoscaler (book chapter 19, chapter19-autoscaler). */
  clusterAutoscaler: v.optional(settings(clusterAutoscalerFields)),
  /** Karpenter (book chapter 19, chapter19-karpenter). */
  karpenter: v.optional(settings(karpenterFields)),
  /** Istio base, istiod and an optional ingress gateway (book chapter 20, chapter20-istio). */
  istio: v.optional(settings(istioFields)),
  /** Amazon VPC Lattice Gateway API controller, service network and security group rules (book chapter 20, chapter20-lattice). */
  vpcLattice: v.optional(settings(vpcLatticeFields)),
  /** ingress-nginx behind an NLB (seed 001; retired upstream: a warning names its successors). */
  ingressNginx: v.optional(settings(ingressNginxFields)),
  /** Secrets Store CSI driver and its AWS provider (seeds 000/001). */
  secretsStoreCsiDriver: v.optional(settings(secretsStoreCsiDriverFields)),
  /** ACK S3 controller and, as its sample, the book's `Bucket` (book chapter 8, chapter08). */
  ackS3Controller: v.optional(settings(ackS3ControllerFields)),
};

export const controllersSchema = settings(controllersFields);
export type ControllersSettings = v.InferOutput<typeof controllersSchema>;
export type AwsLoadBalancerControllerSettings = NonNullable<ControllersSettings['awsLoadBalancerController']>;
export type ClusterAutoscalerSettings = NonNullable<ControllersSettings['clusterAutoscaler']>;
export type KarpenterSettings = NonNullable<ControllersSettings['karpenter']>;
export type IstioSettings = NonNullable<ControllersSettings['istio']>;
export type VpcLatticeSettings = NonNullable<ControllersSettings['vpcLattice']>;
export type IngressNginxSettings = NonNullable<ControllersSettings['ingressNginx']>;
export type SecretsStoreCsiDriverSettings = NonNullable<ControllersSettings['secretsStoreCsiDriver']>;
export type AckS3ControllerSettings = NonNullable<ControllersSettings['ackS3Controller']>;
export type Toleration = v.InferOutput<typeof tolerationSchema>;
