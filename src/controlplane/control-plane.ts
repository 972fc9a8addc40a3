// chapter03 control-plane/eks.tf and iam.tf: the EKS cluster and its IAM role.
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { awsManagedPolicyArn, serviceTrustPolicy } from '../private/aws';
import { clusterName, iamRoleName } from '../private/names';
import { ipv4Cidr, isUnresolved, nonEmptyList, oneOf, props, schemaIssues, settings, tagMap } from '../private/validate';
import { DEFAULT_KUBERNETES_VERSION, kubernetesVersionProblem, kubernetesVersionWarning } from './kubernetes-versions';
import { AccessConfig, accessConfigFields, AuthenticationMode } from './private/access-config';
import { addSecurityGroupRules, ruleIssues, SecurityGroupRule, securityGroupRuleList } from './security-group-rules';

/**
 * Who can reach the Kubernetes API (book chapters 3–5):
 * - `private`: only from inside the VPC (chapter 4);
 * - `public`: only through the public endpoint, from `publicAccessCidrs` (chapter 3);
 * - `hybrid`: both; nodes use the private endpoint (chapter 5).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
 */
export const ENDPOINT_ACCESS_MODES = ['private', 'public', 'hybrid'] as const;
export type EndpointAccess = (typeof ENDPOINT_ACCESS_MODES)[number];

/** Private only: the API is not reachable from the internet at all. */
export const DEFAULT_ENDPOINT_ACCESS: EndpointAccess = 'private';

/** Field rules shared with the configuration file schema. */
export const controlPlaneFields = {
  endpointAccess: v.optional(oneOf(ENDPOINT_ACCESS_MODES)),
  publicAccessCidrs: v.optional(nonEmptyList(ipv4Cidr(0, 32), 'CIDR block')),
  allowPublicAccessFromAnywhere: v.optional(v.boolean('must be true or false')),
  clusterRoleName: v.optional(iamRoleName),
  attachVpcResourceControllerPolicy: v.optional(v.boolean('must be true or false')),
  clusterSecurityGroupRules: v.optional(securityGroupRuleList),
  tags: v.optional(tagMap),
  accessConfig: v.optional(settings(accessConfigFields)),
};

export interface ControlPlaneProps {
  /** Name of the cluster (book: `cluster_name`). */
  readonly clusterName: string;
  /** Kubernetes minor version (book: `cluster_version`). @default "1.35" (DEFAULT_KUBERNETES_VERSION) */
  readonly clusterVersion?: string;
  /** Subnets for the control plane network interfaces, in two zones or more (book: `private_subnet_ids`). */
  readonly subnetIds: string[];
  /** IPv4 block of the VPC; rules may refer to it as `"vpc"`. */
  readonly vpcCidr: string;
  /** `private`, `public` or `hybrid` endpoint access. @default "private" */
  readonly endpointAccess?: EndpointAccess;
  /**
   * Blocks allowed to reach the public endpoint (`public` and `hybrid` only; book chapter 5:
   * `public_access_cidrs`). Required for those modes. @default none
   */
  readonly publicAccessCidrs?: string[];
  /** Let `publicAccessCidrs` contain `0.0.0.0/0` (the book's chapter 3 endpoint). @default false */
  readonly allowPublicAccessFromAnywhere?: boolean;
  /** Name of the cluster IAM role (book: `"${cluster_name}-role"`). @default `${clusterName}-role` */
  readonly clusterRoleName?: string;
  /**
   * Attach `AmazonEKSVPCResourceController`, which security groups for pods and Windows nodes
   * need (seeds 000/001). The book attaches only `AmazonEKSClusterPolicy`. @default true
   */
  readonly attachVpcResourceControllerPolicy?: boolean;
  /**
   * Rules added to the security group EKS creates for the cluster (book chapter 3: `sg.tf`). They
   * only restrict traffic once EKS's default allow-all rules are gone (book L737). @default []
   */
  readonly clusterSecurityGroupRules?: SecurityGroupRule[];
  /** Tags on the cluster and its role. @default {} */
  readonly tags?: Record<string, string>;
  /**
   * Authentication mode and creator admin (book chapters 06-self-managed, 10: `access_config`);
   * access entries need API or API_AND_CONFIG_MAP. @default none: EKS's default (CONFIG_MAP through the API)
   */
  readonly accessConfig?: AccessConfig;
  /** The day versions are checked against (tests pin it). @default today */
  readonly today?: Date;
}

const propsSchema = props({
  clusterName,
  clusterVersion: v.optional(v.string('must be a string')),
  subnetIds: v.array(v.string(), 'must be a list of subnet IDs'),
  ...controlPlaneFields,
});

/** The EKS cluster, its IAM role and the rules the book adds to the cluster security group. */
export class ControlPlane extends Construct {
  readonly cluster: EksCluster;
  readonly clusterRole: IamRole;
  /** The cluster name, as a reference: anything using it is created after the cluster. */
  readonly clusterName: string;
  readonly clusterArn: string;
  /** The cluster's version, as a reference: node groups following it are upgraded after the cluster. */
  readonly clusterVersion: string;
  /** The configured version as a plain string (`"1.35"`), for checks at synthesis. */
  readonly kubernetesVersion: string;
  readonly clusterEndpoint: string;
  /** Base64 PEM of the cluster CA (book chapter 6: `cluster_auth`). */
  readonly certificateAuthorityData: string;
  /** OpenID Connect issuer of the cluster, for IRSA. */
  readonly oidcIssuerUrl: string;
  /** Security group EKS creates for the control plane ENIs and managed nodes. */
  readonly clusterSecurityGroupId: string;
  readonly clusterRoleArn: string;
  readonly endpointAccess: EndpointAccess;
  /** The configured authentication mode; undefined leaves EKS's default (CONFIG_MAP). */
  readonly authenticationMode?: AuthenticationMode;
  /** Service IPv4 block, for nodes that join on their own (nodeadm `cidr`). */
  readonly serviceIpv4Cidr: string;

  constructor(scope: Construct, id: string, props: ControlPlaneProps) {
    super(scope, id);
    const version = props.clusterVersion ?? DEFAULT_KUBERNETES_VERSION;
    const access = props.endpointAccess ?? DEFAULT_ENDPOINT_ACCESS;
    const roleName = props.clusterRoleName ?? `${props.clusterName}-role`;
    const rules = props.clusterSecurityGroupRules ?? [];
    const tags = props.tags ?? {};
    const today = props.today ?? new Date();

    const subject = `ControlPlane '${this.node.path}'`;
    const fieldIssues = schemaIssues(propsSchema, props);
    const invalid = new Set(fieldIssues.map((i) => i.path[0]));
    throwIfIssues(subject, [
      ...fieldIssues,
      ...(invalid.has('clusterVersion') ? [] : versionIssues(version, today)),
      ...(invalid.has('publicAccessCidrs') || invalid.has('endpointAccess')
        ? []
        : endpointIssues(access, props.publicAccessCidrs, props.allowPublicAccessFromAnywhere ?? false)),
      ...(invalid.has('subnetIds') ? [] : subnetIssues(props.subnetIds)),
      ...(props.clusterRoleName || invalid.has('clusterName') || isUnresolved(roleName) || roleName.length <= 64
        ? []
        : [issue(['clusterRoleName'], roleName, `(derived from 'clusterName') is longer than 64 characters; set 'clusterRoleName'`)]),
      ...(invalid.has('clusterSecurityGroupRules') ? [] : ruleIssues(rules, ['clusterSecurityGroupRules'])),
    ]);
    const warning = kubernetesVersionWarning(version, today);
    if (warning) Annotations.of(this).addWarning(warning);
    if (props.publicAccessCidrs?.includes('0.0.0.0/0') && access !== 'private') {
      Annotations.of(this).addWarning(
        `The Kubernetes API endpoint of ${props.clusterName} is public to the whole internet (0.0.0.0/0); restrict 'publicAccessCidrs' (book chapter 3, "Cluster Endpoint")`,
      );
    }

    const trust = serviceTrustPolicy(this, 'cluster-trust', ['eks.amazonaws.com']);
    this.clusterRole = new IamRole(this, 'cluster-role', {
      name: roleName,
      assumeRolePolicy: trust.json,
      tags,
    });
    const policies = ['AmazonEKSClusterPolicy'];
    if (props.attachVpcResourceControllerPolicy ?? true) policies.push('AmazonEKSVPCResourceController');
    const attachments = policies.map(
      (policy) =>
        new IamRolePolicyAttachment(this, `cluster-role-${policy}`, {
          role: this.clusterRole.name,
          policyArn: awsManagedPolicyArn(this, policy),
        }),
    );

    this.cluster = new EksCluster(this, 'cluster', {
      name: props.clusterName,
      version,
      roleArn: this.clusterRole.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: access !== 'public',
        endpointPublicAccess: access !== 'private',
        ...(access === 'private' ? {} : { publicAccessCidrs: props.publicAccessCidrs }),
      },
      ...(props.accessConfig
        ? {
            accessConfig: {
              authenticationMode: props.accessConfig.authenticationMode,
              bootstrapClusterCreatorAdminPermissions: props.accessConfig.bootstrapClusterCreatorAdminPermissions ?? true,
            },
          }
        : {}),
      tags,
      // The book depends on the role only; EKS needs the policy attached before it uses the role,
      // and keeps needing it while it deletes the cluster's network interfaces on destroy.
      dependsOn: attachments,
    });

    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;
    this.clusterVersion = this.cluster.version;
    this.kubernetesVersion = version;
    this.clusterEndpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.get(0).data;
    this.oidcIssuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;
    this.clusterRoleArn = this.clusterRole.arn;
    this.endpointAccess = access;
    this.authenticationMode = props.accessConfig?.authenticationMode;
    this.serviceIpv4Cidr = this.cluster.kubernetesNetworkConfig.serviceIpv4Cidr;

    addSecurityGroupRules(this, this.clusterSecurityGroupId, rules, props.vpcCidr);
  }
}

function versionIssues(version: string, today: Date): ValidationIssue[] {
  if (isUnresolved(version)) return [];
  const problem = kubernetesVersionProblem(version, today);
  return problem ? [issue(['clusterVersion'], version, problem)] : [];
}

function endpointIssues(access: EndpointAccess, cidrs: string[] | undefined, anywhere: boolean): ValidationIssue[] {
  if (access === 'private') {
    return cidrs
      ? [issue(['publicAccessCidrs'], cidrs, `applies only to endpointAccess "public" or "hybrid"; set 'endpointAccess' to "hybrid" for a restricted public endpoint, or remove it`)]
      : [];
  }
  if (!cidrs) {
    return [
      {
        path: ['publicAccessCidrs'],
        hasReceived: false,
        message: `is required with endpointAccess ${JSON.stringify(access)}: list the blocks allowed to reach the public endpoint (e.g. your office /32)`,
      },
    ];
  }
  if (!anywhere && cidrs.includes('0.0.0.0/0')) {
    return [issue(['publicAccessCidrs'], cidrs, `opens the API to the whole internet; narrow it, or set 'allowPublicAccessFromAnywhere' to true to accept that`)];
  }
  return [];
}

function subnetIssues(subnetIds: string[]): ValidationIssue[] {
  if (isUnresolved(subnetIds) || subnetIds.length >= 2) return [];
  return [issue(['subnetIds'], subnetIds, 'must list at least two subnets in different availability zones (EKS requirement)')];
}
