// What the book's chapters share (book-map §0.2–0.7): the N2 and N3 networks, the chapter 6–7
// cluster and the rule sets on the cluster security group. Presets spread these and
// add their chapter's differences.
import type { EksConfigInput } from '../config/schema';

type Rules = NonNullable<NonNullable<EksConfigInput['controlPlane']>['clusterSecurityGroupRules']>;
type NodeGroupInput = NonNullable<EksConfigInput['nodeGroups']>[string];

/** R3: the three egress rules of `sg.tf`, plus DNS over UDP, which the book's Table 4-1 lists and its code forgets. */
export const R3_RULES: Rules = [
  { type: 'egress', protocol: 'tcp', fromPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'HTTPS to AWS APIs and registries' },
  { type: 'egress', protocol: 'tcp', fromPort: 53, cidrBlocks: ['vpc'], description: 'DNS over TCP to the VPC resolver' },
  { type: 'egress', protocol: 'udp', fromPort: 53, cidrBlocks: ['vpc'], description: 'DNS over UDP to the VPC resolver' },
  { type: 'egress', protocol: 'tcp', fromPort: 10250, cidrBlocks: ['vpc'], description: 'Kubelet API on the nodes' },
];

/**
 * R3+443in (chapters 06-launch-template, 06-self-managed, 07-prefix): the book opens 443 from
 * 0.0.0.0/0 on the cluster security group, which the nodes carry too; the preset admits the VPC
 * only, which is all that can reach those private addresses anyway.
 */
export const R3_443_IN_RULES: Rules = [
  ...R3_RULES,
  { type: 'ingress', protocol: 'tcp', fromPort: 443, cidrBlocks: ['vpc'], description: 'HTTPS to the API server from the VPC (book: from 0.0.0.0/0)' },
];

/**
 * Why a book or seed preset accepts a finding of the security rule pack: each is an architecture
 * the chapter builds on purpose. docs/security.md lists them with the setting that removes each.
 */
export const BOOK_FINDINGS = {
  'EKS-PUBLIC-ENDPOINT': `the chapter's public API endpoint (book chapter 3 "Cluster Endpoint"); controlPlane.endpointAccess "private" removes it`,
  'EKS-ENDPOINT-OPEN-TO-WORLD': `the book's endpoint allow-list is commented out, so the public endpoint admits 0.0.0.0/0; controlPlane.publicAccessCidrs with your blocks removes it`,
  'EKS-ENDPOINT-PUBLIC-CIDR': `chapter 5's hybrid endpoint admits the book's workstation address (a public /32); controlPlane.endpointAccess "private" removes it`,
  'SG-EGRESS-WORLD': `the book's host reaches the internet (bastion-sg egress to 0.0.0.0/0); here HTTPS only, for SSM and the package repositories through the NAT gateway; egressCidrBlocks ["vpc"] with SSM VPC endpoints removes it`,
  'SUBNET-PUBLIC-IP': `chapter 14-pub runs the nodes in public subnets with public IPs (map_public_ip_on_launch) to reach a NodePort from outside; nodes in private subnets remove it`,
  'IAM-DOCUMENT-WRITE-UNBOUNDED': `the controller's published IAM policy, which the chapter installs as upstream documents it; the controller's policyArns (a policy you scoped) replaces it`,
  'IAM-DOCUMENT-WILDCARD-RESOURCE': `the controller's published IAM policy grants its actions on "*" as upstream documents it; the controller's policyArns (a policy you scoped) replaces it`,
  'IAM-DOCUMENT-PERMISSIONS-MANAGEMENT': `the VPC Lattice controller's recommended inline policy writes auth and bucket policies on "*" as upstream documents it; controllers.vpcLattice.policyArns replaces it`,
  'SECRET-ROTATION': `seed 001 sets the connection string once (outside Terraform here) and never rotates it; application.secrets.rotation with your rotation function removes it`,
} as const;

/** `securityRules` of a book preset: the findings it reproduces on purpose, with their reasons (BOOK_FINDINGS unless `reasons` says otherwise). */
export function bookFindings(ids: (keyof typeof BOOK_FINDINGS)[], reasons: Partial<Record<keyof typeof BOOK_FINDINGS, string>> = {}): NonNullable<EksConfigInput['securityRules']> {
  return { suppress: Object.fromEntries(ids.map((id) => [id, reasons[id] ?? BOOK_FINDINGS[id]])) };
}

/** The findings of the book's public endpoint open to the world (BOOK_PUBLIC_ENDPOINT). */
export const PUBLIC_ENDPOINT_FINDINGS = bookFindings(['EKS-PUBLIC-ENDPOINT', 'EKS-ENDPOINT-OPEN-TO-WORLD']);

/** The book's VPC (book-map §0.2–0.3): 10.0.0.0/16, private 10.0.3-4.0/24, public 10.0.5-6.0/24, one NAT gateway. */
export function bookNetwork(vpcTag: string): NonNullable<EksConfigInput['network']> {
  return {
    vpcTag,
    vpcCidr: '10.0.0.0/16',
    privateSubnetCidrs: ['10.0.3.0/24', '10.0.4.0/24'],
    publicSubnetCidrs: ['10.0.5.0/24', '10.0.6.0/24'],
    natGateways: 'single',
  };
}

/**
 * The book's public endpoint, open to the world (its allow-lists are commented out): stated
 * explicitly here and warned about at synthesis; AmazonEKSClusterPolicy only on the cluster role.
 */
export const BOOK_PUBLIC_ENDPOINT: NonNullable<EksConfigInput['controlPlane']> = {
  endpointAccess: 'public',
  publicAccessCidrs: ['0.0.0.0/0'],
  allowPublicAccessFromAnywhere: true,
  attachVpcResourceControllerPolicy: false,
};

/** N3 (book-map §0.2): the N2 network plus the /28 ENI subnets 10.0.1.0/28 and 10.0.2.0/28 (book chapter 4). */
export function bookN3Network(vpcTag: string): NonNullable<EksConfigInput['network']> {
  return { ...bookNetwork(vpcTag), eniSubnetCidrs: ['10.0.1.0/28', '10.0.2.0/28'] };
}

/**
 * The chapter 6–7 cluster (book-map "controlplane, ch06-style"; also chapters 8, 10–12):
 * `public-endpoint-cluster`, role `public-endpoint-cluster-role`, network N3 with the control
 * plane ENIs in the /28 subnets (`enis_subnet_ids`).
 */
export function chapter6Cluster(rules: Rules): Pick<EksConfigInput, 'clusterName' | 'clusterVersion' | 'network' | 'controlPlane' | 'securityRules'> {
  return {
    securityRules: PUBLIC_ENDPOINT_FINDINGS,
    clusterName: 'public-endpoint-cluster',
    // The book pins 1.31, whose EKS extended support ends on 2026-11-26.
    clusterVersion: '1.35',
    network: bookN3Network('private-endpoint-cluster-vpc'),
    controlPlane: { ...BOOK_PUBLIC_ENDPOINT, subnets: 'eni', clusterRoleName: 'public-endpoint-cluster-role', clusterSecurityGroupRules: rules },
  };
}

/**
 * The book's node group (book-map §0.6): ON_DEMAND t3.small, label `name`, and its exact name (the
 * chapters refer to it in the console and in scripts). Its `update_config.max_unavailable = 1` is
 * the module default.
 */
export function bookNodes(sizes: { desiredSize: number; maxSize: number; minSize: number }, label: string): NodeGroupInput {
  return { capacityType: 'ON_DEMAND', instanceTypes: ['t3.small'], ...sizes, labels: { name: label }, createBeforeDestroy: false };
}

/** `access_config` of chapters 06-self-managed and 06-graceful-upgrade (book-map ch06-self-managed). */
export const BOOK_ACCESS_CONFIG = { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true } as const;

/**
 * The book's launch templates (LT-bootstrap, book-map §0.7): IMDSv2 required, hop limit 1, a
 * 50 GiB disk (the book's /dev/sdf size, given to the real root volume, encrypted gp3). The book's
 * `--max-pods=120` becomes "auto": 11 for a t3.small with secondary IPs, 110 with prefixes. The
 * book's `instance_metadata_tags = "enabled"` is left off: with it EC2 refuses tag keys holding
 * "/", such as the `kubernetes.io/cluster/<name>` tag nodes carry
 * (terraform-aws-modules/terraform-aws-eks#1785).
 */
export function bookLaunchTemplate(name: string) {
  return { name, httpPutResponseHopLimit: 1, rootVolume: { sizeGiB: 50 }, maxPods: 'auto' as const };
}

/**
 * The chapter 3 cluster, which chapters 13-20 reuse (book-map "control-plane, ch03-style"):
 * `public-endpoint-cluster` (or the chapter's name), N2 network, public endpoint, rules R3,
 * node group `private-node-group` of two ON_DEMAND t3.small (2/3/2) tagged `Name=worker-node`.
 */
export function chapter3Cluster(clusterName = 'public-endpoint-cluster'): Pick<EksConfigInput, 'clusterName' | 'clusterVersion' | 'network' | 'controlPlane' | 'nodeGroups' | 'securityRules'> {
  return {
    securityRules: PUBLIC_ENDPOINT_FINDINGS,
    clusterName,
    // The book pins 1.29-1.31, all out of (or days from the end of) EKS support.
    clusterVersion: '1.35',
    network: bookNetwork(`${clusterName}-vpc`),
    controlPlane: { ...BOOK_PUBLIC_ENDPOINT, clusterSecurityGroupRules: R3_RULES },
    nodeGroups: {
      'private-node-group': { ...bookNodes({ desiredSize: 2, maxSize: 3, minSize: 2 }, 'nodes'), tags: { Name: 'worker-node' } },
    },
  };
}

/**
 * Chapter 15's workload permissions: the book grants AmazonS3FullAccess and
 * SecretsManagerReadWrite; its pods list buckets and read `app-secret-1`, which is what this grants.
 */
export const CHAPTER15_WORKLOAD_PERMISSIONS = {
  managedPolicies: ['AmazonS3ReadOnlyAccess'],
  policyStatements: [
    {
      sid: 'ReadTheChapterSecret',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: ['arn:aws:secretsmanager:*:*:secret:app-secret-1-*'],
    },
  ],
};

/**
 * The chapter 8 cluster without its add-ons (book-map chapter08, chapter11): the chapter 6–7
 * cluster with access_config API_AND_CONFIG_MAP and creator admin, rules R3 + 443 in, node group
 * `private-node-group` of t3.small 1/2/1 labelled `nodes`. Chapter 9 runs on it (its folder has no
 * cluster code of its own) and chapter 11 is exactly it.
 */
export function chapter8Cluster(): Pick<EksConfigInput, 'clusterName' | 'clusterVersion' | 'network' | 'controlPlane' | 'nodeGroups' | 'securityRules'> {
  const cluster = chapter6Cluster(R3_443_IN_RULES);
  return {
    ...cluster,
    controlPlane: { ...cluster.controlPlane, accessConfig: BOOK_ACCESS_CONFIG },
    // No launch template in the book: the preset keeps the project's (IMDSv2 only, hop limit 1,
    // encrypted disk).
    nodeGroups: { 'private-node-group': bookNodes({ desiredSize: 1, maxSize: 2, minSize: 1 }, 'nodes') },
  };
}

/**
 * Chapters 9 and 10's test principals, which the book creates by hand (`aws iam create-user
 * --user-name alice`, `create-role --role-name my-test-eks-role` trusted by alice, both with
 * eks-describe-policy): created by the stack, so the presets apply in any account.
 */
export const BOOK_TEST_USER = 'alice';
export const BOOK_TEST_ROLE = 'my-test-eks-role';

/**
 * readonly-role of the book's readonly-binding.yml (chapters 9 and 10): get and list on nodes,
 * namespaces and pods; get, list and watch on apps deployments and daemonsets. The book writes
 * the resource "deployment", which RBAC matches against nothing: here "deployments".
 */
export const READONLY_CLUSTER_ROLE = {
  rules: [
    { apiGroups: [''], resources: ['nodes', 'namespaces', 'pods'], verbs: ['get' as const, 'list' as const] },
    { apiGroups: ['apps'], resources: ['deployments', 'daemonsets'], verbs: ['get' as const, 'list' as const, 'watch' as const] },
  ],
};

/** The AWS Load Balancer Controller's published policy (chapters 14-alb, 20 and seed 001). */
export const LOAD_BALANCER_CONTROLLER_FINDINGS = {
  'IAM-DOCUMENT-WRITE-UNBOUNDED': `the AWS Load Balancer Controller's published IAM policy (iam_policy.json v3.5.0), which the chapter installs; controllers.awsLoadBalancerController.policyArns (a policy you scoped) replaces it`,
  'IAM-DOCUMENT-WILDCARD-RESOURCE': `the AWS Load Balancer Controller's published IAM policy grants its reads and writes on "*"; controllers.awsLoadBalancerController.policyArns (a policy you scoped) replaces it`,
};
