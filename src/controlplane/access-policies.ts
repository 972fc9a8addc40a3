// chapter10 (by hand there: `aws eks list-access-policies`, `associate-access-policy`): the EKS
// access policies an access entry can be associated with, and the Kubernetes role each one
// resembles (book Table 10-1). A plain table, no provider class: the configuration schema reads it.
//
// Sources, by the `source` field:
// - book: Table 10-1 and the `aws eks list-access-policies` output of chapter 10;
// - eks-ug: EKS User Guide, "Review access policy permissions"
//   (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html, read 2026-11);
// - eks-capabilities: EKS User Guide, "EKS Capabilities security", default access entry policies;
// - arc: ARC User Guide, Region switch "EKS resource scaling block" permissions.
// An access policy name missing here is refused with the list of known ones: add a row with its
// source when AWS publishes a new one.

/** Where an association applies: every namespace (`cluster`) or the listed ones (`namespace`). */
export const ACCESS_SCOPE_TYPES = ['cluster', 'namespace'] as const;
export type AccessScopeType = (typeof ACCESS_SCOPE_TYPES)[number];

export interface AccessPolicyFacts {
  /** The Kubernetes ClusterRole it resembles, or what it is for. */
  readonly kubernetesRole: string;
  /** The scope AWS describes it with. */
  readonly typicalScope: AccessScopeType;
  /** Who holds it (book Table 10-1's "Administrators" column, or the AWS service). */
  readonly holder: string;
  /** EKS associates it with service-linked roles itself; access entries cannot take those roles. */
  readonly serviceLinkedRolesOnly?: boolean;
  readonly source: 'book' | 'eks-ug' | 'eks-capabilities' | 'arc';
}

/**
 * Every EKS access policy known to the project, by name. The first four are the book's Table 10-1;
 * the policy ARN is `arn:<partition>:eks::aws:cluster-access-policy/<name>`.
 */
export const ACCESS_POLICIES = {
  AmazonEKSClusterAdminPolicy: { kubernetesRole: 'cluster-admin', typicalScope: 'cluster', holder: 'cluster creators, cluster administrators', source: 'book' },
  AmazonEKSAdminPolicy: { kubernetesRole: 'admin', typicalScope: 'namespace', holder: 'namespace administrators', source: 'book' },
  AmazonEKSEditPolicy: { kubernetesRole: 'edit', typicalScope: 'namespace', holder: 'namespace editors', source: 'book' },
  AmazonEKSViewPolicy: { kubernetesRole: 'view', typicalScope: 'namespace', holder: 'security auditors', source: 'book' },
  AmazonEKSAdminViewPolicy: { kubernetesRole: 'get, list and watch on every resource, Secrets included', typicalScope: 'cluster', holder: 'cluster-wide readers', source: 'book' },
  AmazonEKSSecretReaderPolicy: { kubernetesRole: 'get, list and watch on Secrets', typicalScope: 'namespace', holder: 'controllers reading Secrets (e.g. ACK)', source: 'eks-ug' },
  AmazonEMRJobPolicy: { kubernetesRole: 'EMR on EKS jobs', typicalScope: 'namespace', holder: 'Amazon EMR', source: 'book' },
  AmazonSagemakerHyperpodClusterPolicy: { kubernetesRole: 'SageMaker HyperPod', typicalScope: 'cluster', holder: 'Amazon SageMaker HyperPod', source: 'book' },
  AmazonSagemakerHyperpodControllerPolicy: { kubernetesRole: 'SageMaker HyperPod controller', typicalScope: 'cluster', holder: 'Amazon SageMaker HyperPod', source: 'book' },
  AmazonSagemakerHyperpodSystemNamespacePolicy: { kubernetesRole: 'SageMaker HyperPod system namespace', typicalScope: 'namespace', holder: 'Amazon SageMaker HyperPod', source: 'book' },
  AmazonAIOpsAssistantPolicy: { kubernetesRole: 'CloudWatch AI operations investigations', typicalScope: 'cluster', holder: 'Amazon CloudWatch', source: 'eks-ug' },
  AmazonARCRegionSwitchScalingPolicy: { kubernetesRole: 'scale workloads during a Region switch', typicalScope: 'namespace', holder: 'ARC Region switch plan execution role', source: 'arc' },
  AmazonEKSAutoNodePolicy: { kubernetesRole: 'EKS Auto Mode node components', typicalScope: 'cluster', holder: 'node roles of Auto Mode NodeClasses', source: 'eks-ug' },
  AmazonEKSLoadBalancingPolicy: { kubernetesRole: 'load balancing leader election leases', typicalScope: 'cluster', holder: 'EKS Auto Mode cluster role', source: 'eks-ug' },
  AmazonEKSNetworkingPolicy: { kubernetesRole: 'networking leader election leases', typicalScope: 'cluster', holder: 'EKS Auto Mode cluster role', source: 'eks-ug' },
  AmazonEKSLoadBalancingClusterPolicy: { kubernetesRole: 'EKS Auto Mode load balancing', typicalScope: 'cluster', holder: 'EKS Auto Mode cluster role', source: 'eks-ug' },
  AmazonEKSNetworkingClusterPolicy: { kubernetesRole: 'EKS Auto Mode networking', typicalScope: 'cluster', holder: 'EKS Auto Mode cluster role', source: 'eks-ug' },
  AmazonEKSBlockStoragePolicy: { kubernetesRole: 'storage leader election leases', typicalScope: 'cluster', holder: 'EKS (service-linked role)', serviceLinkedRolesOnly: true, source: 'eks-ug' },
  AmazonEKSBlockStorageClusterPolicy: { kubernetesRole: 'EKS Auto Mode block storage', typicalScope: 'cluster', holder: 'EKS (service-linked role)', serviceLinkedRolesOnly: true, source: 'eks-ug' },
  AmazonEKSComputePolicy: { kubernetesRole: 'compute leader election leases', typicalScope: 'cluster', holder: 'EKS (service-linked role)', serviceLinkedRolesOnly: true, source: 'eks-ug' },
  AmazonEKSComputeClusterPolicy: { kubernetesRole: 'EKS Auto Mode compute', typicalScope: 'cluster', holder: 'EKS (service-linked role)', serviceLinkedRolesOnly: true, source: 'eks-ug' },
  AmazonEKSHybridPolicy: { kubernetesRole: 'list nodes (hybrid nodes)', typicalScope: 'cluster', holder: 'EKS (service-linked role)', serviceLinkedRolesOnly: true, source: 'eks-ug' },
  AmazonEKSClusterInsightsPolicy: { kubernetesRole: 'read nodes for Cluster Insights', typicalScope: 'cluster', holder: 'EKS (service-linked role)', serviceLinkedRolesOnly: true, source: 'eks-ug' },
  AmazonEKSACKPolicy: { kubernetesRole: 'ACK custom resources', typicalScope: 'cluster', holder: 'EKS ACK capability role', source: 'eks-capabilities' },
  AmazonEKSKROPolicy: { kubernetesRole: 'kro ResourceGraphDefinitions', typicalScope: 'cluster', holder: 'EKS kro capability role', source: 'eks-capabilities' },
  AmazonEKSArgoCDClusterPolicy: { kubernetesRole: 'Argo CD cluster-scoped objects', typicalScope: 'cluster', holder: 'EKS Argo CD capability role', source: 'eks-capabilities' },
  AmazonEKSArgoCDPolicy: { kubernetesRole: 'Argo CD applications', typicalScope: 'namespace', holder: 'EKS Argo CD capability role', source: 'eks-capabilities' },
} as const satisfies Record<string, AccessPolicyFacts>;

export type AccessPolicyName = keyof typeof ACCESS_POLICIES;

/** Names of the policies an access entry declared here can be associated with. */
export const ASSOCIABLE_ACCESS_POLICIES = (Object.keys(ACCESS_POLICIES) as AccessPolicyName[]).filter(
  (name) => !(ACCESS_POLICIES[name] as AccessPolicyFacts).serviceLinkedRolesOnly,
);

/** Why `name` cannot be associated, or undefined when it can. */
export function accessPolicyProblem(name: string): string | undefined {
  const facts = (ACCESS_POLICIES as Record<string, AccessPolicyFacts>)[name];
  if (!facts) return `is not an EKS access policy; known ones: ${ASSOCIABLE_ACCESS_POLICIES.join(', ')} (src/controlplane/access-policies.ts)`;
  if (facts.serviceLinkedRolesOnly) {
    return `is associated by EKS itself with its service-linked roles, which access entries cannot take; use one of ${ASSOCIABLE_ACCESS_POLICIES.slice(0, 4).join(', ')} …`;
  }
  return undefined;
}
