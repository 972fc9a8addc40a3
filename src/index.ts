// Public API: the constructs mirroring the book's modules, the cluster and the stacks composing
// them, presets and configuration loading.
export { failureReport, INTERNAL_ERROR_STATUS, ValidationError, type ValidationIssue } from './errors';
export {
  EksCluster,
  type EksClusterProps,
  type NodeGroupOptions,
  type AddonOptions,
  type AccessEntryOptions,
  type ServiceAccountRoleOptions,
  type FargateProfileOptions,
  clusterTags,
  needsTlsProvider,
  MANAGED_BY_TAG,
} from './cluster/eks-cluster';
export { FargateProfile, type FargateProfileProps, type FargateProfileCluster, type FargateSelector, FARGATE_POD_EXECUTION_POLICY } from './dataplane/fargate/fargate-profile';
export {
  ControlPlane,
  type ControlPlaneProps,
  type EndpointAccess,
  ENDPOINT_ACCESS_MODES,
  DEFAULT_ENDPOINT_ACCESS,
  type NodePortAccess,
  type PrivateApiAccess,
  PRIVATE_API_ACCESS,
} from './controlplane/control-plane';
export { ClusterSecurityGroups, CLUSTER_TRAFFIC, WEBHOOK_PORTS, type TrafficFlow, type TrafficPeer } from './controlplane/cluster-security-groups';
export { Bastion, type BastionProps, type BastionAccess, BASTION_ACCESS, amazonLinuxAmi } from './bastion/bastion';
export {
  KUBERNETES_VERSIONS,
  KUBERNETES_VERSIONS_AS_OF,
  DEFAULT_KUBERNETES_VERSION,
  type KubernetesVersionSupport,
} from './controlplane/kubernetes-versions';
export { type SecurityGroupRule, VPC_CIDR } from './controlplane/security-group-rules';
export { ClusterNetwork, type ClusterNetworkProps, type NatGatewayMode, DEFAULT_VPC_CIDR } from './dataplane/network/cluster-network';
export { VpcEndpoints, type VpcEndpointsProps } from './dataplane/network/vpc-endpoints';
export { VPC_ENDPOINT_SERVICES, type VpcEndpointService } from './dataplane/network/private/schema';
export {
  ManagedNodeGroup,
  type ManagedNodeGroupProps,
  type NodeGroupCommonProps,
  type NodeGroupCluster,
  type NodeGroupRole,
  type AmiType,
  type CapacityType,
  type LaunchTemplateOptions,
  type RemoteAccessOptions,
  type Taint,
  type TaintEffect,
  type UserDataOptions,
  AMI_TYPES,
  CAPACITY_TYPES,
  TAINT_EFFECTS,
} from './dataplane/nodes/managed-node-group';
export { NodeLaunchTemplate, type NodeLaunchTemplateProps, type ClusterConnection } from './dataplane/nodes/launch-template';
export {
  SelfManagedNodeGroup,
  type SelfManagedNodeGroupProps,
  type SelfManagedNodeCluster,
  type SelfManagedNodeRole,
  SELF_MANAGED_CAPACITY_TYPES,
} from './dataplane/nodes/self-managed-node-group';
export { NodeRole, type NodeRoleProps, NODE_ROLE_POLICIES } from './dataplane/nodes/node-role';
export { OidcProvider, type OidcProviderProps } from './oidc/oidc-provider';
export {
  ServiceAccountRole,
  type ServiceAccountRoleProps,
  type ServiceAccountRoleIdentity,
  type ServiceAccountRef,
  type PolicyStatement,
  type IrsaIssuer,
  type WorkloadIdentityMechanism,
  WORKLOAD_IDENTITY_MECHANISMS,
  DEFAULT_WORKLOAD_IDENTITY,
} from './oidc/service-account-role';
export { EfsStorage, type EfsStorageProps, NFS_PORT } from './storage/efs-storage';
export { NfsServer, type NfsServerProps, nfsUserData } from './storage/nfs-server';
export { StorageClass, type StorageClassProps } from './kubernetes/storage-class';
export { NfsCsiDriver, type NfsCsiDriverProps } from './kubernetes/nfs-csi-driver';
export { PROVISIONERS, type Provisioner } from './storage/private/schema';
export { ContainerRegistry, type ContainerRegistryProps, type ImageTagMutability } from './registry/container-registry';
export { maxPods, maxPodsOf, nodeAddressDemand, type PodNetworking, type MaxPodsResult } from './dataplane/nodes/max-pods';
export { instanceTypeInfo, knownInstanceTypes, type InstanceTypeInfo } from './dataplane/nodes/instance-types';
export { subnetCapacity, type SubnetCapacityCheck, type NodeGroupAddresses } from './dataplane/nodes/ip-capacity';
export {
  ClusterAccessEntry,
  type ClusterAccessEntryProps,
  type AccessEntryCluster,
  ACCESS_ENTRY_TYPES,
  type AccessEntryType,
  type AccessPolicyAssociationOptions,
} from './controlplane/access-entry';
export { ACCESS_POLICIES, ACCESS_SCOPE_TYPES, ASSOCIABLE_ACCESS_POLICIES, type AccessPolicyName, type AccessScopeType, type AccessPolicyFacts } from './controlplane/access-policies';
export { AUTHENTICATION_MODES, type AuthenticationMode, type AccessConfig } from './controlplane/private/access-config';
export { AwsAuth, type AwsAuthProps, type AwsAuthRole, type AwsAuthUser } from './kubernetes/aws-auth';
export {
  KubernetesRbac,
  type KubernetesRbacProps,
  type ClusterRoleBindingOptions,
  type RoleOptions,
  type RoleBindingOptions,
  type RbacSubjects,
  BUILT_IN_CLUSTER_ROLES,
} from './kubernetes/rbac';
export { RBAC_VERBS, type RbacRule } from './kubernetes/private/schema';
export { ClusterAddon, type ClusterAddonProps } from './addons/cluster-addon';
export { ADDON_CATALOGUE, ADDON_NAMES, type AddonName, type AddonCatalogueEntry } from './addons/catalogue';
export { vpcCniConfiguration, podNetworkingOf, type VpcCniSettings } from './addons/vpc-cni';
export { HelmChart, type HelmChartProps, PINNED_VERSION } from './kubernetes/helm-chart';
export { ManifestsChart, type ManifestsChartProps, type KubernetesObject } from './kubernetes/manifests-chart';
export { KubernetesStack, type KubernetesStackProps } from './stacks/kubernetes-stack';
export { addAppStacks, addClusterStacks, wantsKubernetesStack, type ClusterStacks } from './stacks/stacks';
export { AwsStack, type AwsStackProps } from './stacks/aws-stack';
export { ReadableIdStack, HIDDEN_ID, terraformAddresses, type TerraformJson } from './stacks/readable-ids';
export { loadClusters, loadConfig, type ConfigSources, type LoadedCluster, type LoadedConfig } from './config/load';
export type { EksConfig, EksConfigInput, ResolvedConfig, BackendConfig } from './config/schema';
export { PRESET_NAMES, allPresets, findPreset, type Preset } from './presets';
export { LoadBalancerControllerRole, type LoadBalancerControllerRoleProps } from './controllers/aws-load-balancer-controller/load-balancer-controller-role';
export { AwsLoadBalancerController, type AwsLoadBalancerControllerProps, LBC_CHART } from './controllers/aws-load-balancer-controller/aws-load-balancer-controller';
export { LBC_POLICY_SOURCE, LBC_POLICY_STATEMENTS } from './controllers/aws-load-balancer-controller/iam-policy';
export { ClusterAutoscalerRole, type ClusterAutoscalerRoleProps, clusterAutoscalerStatements } from './controllers/cluster-autoscaler/cluster-autoscaler-role';
export { ClusterAutoscaler, type ClusterAutoscalerProps, CLUSTER_AUTOSCALER_CHART } from './controllers/cluster-autoscaler/cluster-autoscaler';
export { CLUSTER_AUTOSCALER_IMAGE_TAGS } from './controllers/cluster-autoscaler/image-tags';
export { KarpenterInfrastructure, type KarpenterInfrastructureProps, INTERRUPTION_EVENTS } from './controllers/karpenter/karpenter-infrastructure';
export { karpenterControllerStatements, type KarpenterPolicyContext } from './controllers/karpenter/controller-policy';
export { Karpenter, type KarpenterProps, KARPENTER_CHART } from './controllers/karpenter/karpenter';
export { Istio, type IstioProps, ISTIO_CHARTS } from './controllers/istio/istio';
export { ISTIO_TRAFFIC } from './controllers/istio/istio-traffic';
export { VpcLatticeInfrastructure, type VpcLatticeInfrastructureProps } from './controllers/vpc-lattice/vpc-lattice-infrastructure';
export { GatewayApiController, type GatewayApiControllerProps, LATTICE_CHART } from './controllers/vpc-lattice/gateway-api-controller';
export { GATEWAY_API_CRDS, GatewayApiCrds } from './controllers/vpc-lattice/gateway-api-crds';
export { LATTICE_POLICY_SOURCE, LATTICE_POLICY_STATEMENTS } from './controllers/vpc-lattice/iam-policy';
export { AckS3ControllerRole, type AckS3ControllerRoleProps, ackS3BucketStatements } from './controllers/ack-s3-controller/ack-s3-controller-role';
export { AckS3Controller, type AckS3ControllerProps, ACK_S3_CHART } from './controllers/ack-s3-controller/ack-s3-controller';
export { ACK_S3_PERMISSIONS, type AckS3Permissions, bucketNameProblem } from './controllers/ack-s3-controller/buckets';
export { fromIamJson, type IamJsonStatement, type ControllerIdentity } from './controllers/private/iam';
export type { ControllersSettings } from './controllers/private/schema';
export { type ControllerInfrastructure } from './cluster/private/controller-infrastructure';
export { type Controllers } from './stacks/kubernetes-controllers';
export { IngressNginx, type IngressNginxProps, INGRESS_NGINX_CHART, INGRESS_NGINX_RETIREMENT, nlbServiceAnnotations, type NlbOptions } from './controllers/ingress-nginx/ingress-nginx';
export { SecretsStoreCsiDriver, type SecretsStoreCsiDriverProps, SECRETS_STORE_CSI_DRIVER_CHART, AWS_SECRETS_PROVIDER_CHART } from './controllers/secrets-store-csi-driver/secrets-store-csi-driver';
export { Application, type ApplicationProps, type ComponentProps, type ApplicationIngressProps, type SecretsVolumeProps } from './application/application';
export { ApplicationSecrets, type ApplicationSecretsProps } from './application/application-secrets';
export { SecretReaderRole, type SecretReaderRoleProps, secretArnPattern, SECRET_READ_ACTIONS } from './application/secret-reader-role';
export { secretProviderClass, type SecretProviderClassOptions } from './application/secret-provider-class';
export type { ApplicationSettings } from './application/private/schema';
export { type ApplicationInfrastructure } from './cluster/private/application-infrastructure';
export {
  addSecurityRules,
  evaluateSecurityRules,
  SECURITY_RULE_IDS,
  SECURITY_RULES,
  SecurityRules,
  type SecurityFinding,
  type SecurityRule,
  type SecurityRulesSettings,
} from './rules/security-rules';
