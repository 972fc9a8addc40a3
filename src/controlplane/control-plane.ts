// chapter03 control-plane/eks.tf and iam.tf: the EKS cluster and its IAM role.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import * as ipaddr from 'ipaddr.js';
import * as v from 'valibot';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { awsManagedPolicyArn, serviceTrustPolicy } from '../private/aws';
import { DEFAULT_LOG_GROUP_DELETION_DELAY_SECONDS, DEFAULT_LOG_RETENTION_DAYS, kmsKeyArn, logGroupDeletionDelaySeconds, logRetentionDays, waitBeforeDeletion } from '../private/logs';
import { clusterName, iamRoleName, region } from '../private/names';
import { parseCidr } from '../private/cidr';
import { integer, ipv4Cidr, isUnresolved, nonEmptyList, oneOf, props, ruleCidrBlocks, schemaIssues, settings, tagMap } from '../private/validate';
import { ClusterSecurityGroups, type TrafficFlow } from './cluster-security-groups';
import { DEFAULT_KUBERNETES_VERSION, kubernetesVersionProblem, kubernetesVersionWarning } from './kubernetes-versions';
import { ClusterKey } from './private/cluster-key';
import { AccessConfig, accessConfigFields, AuthenticationMode } from './private/access-config';
import { guardAccessConfigTransitions } from './private/access-transitions';
import { addSecurityGroupRules, ruleIssues, SecurityGroupRule, securityGroupRuleList, worldOpenWarnings } from './security-group-rules';

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

/** Control plane log types EKS can send to CloudWatch Logs. */
export const CLUSTER_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
export type ClusterLogType = (typeof CLUSTER_LOG_TYPES)[number];
/**
 * How people and tools reach a private endpoint (book chapter 4, "the bridge from your laptop to
 * the cluster"): a bastion host, a client or site-to-site VPN, Direct Connect, a transit gateway,
 * VPC peering, or by running inside the VPC (CI runners, Cloud9, CodeBuild).
 */
export const PRIVATE_API_ACCESS = ['bastion', 'vpn', 'direct-connect', 'transit-gateway', 'peering', 'in-vpc'] as const;
export type PrivateApiAccess = (typeof PRIVATE_API_ACCESS)[number];

/** Kubernetes' NodePort range; EKS does not let it change. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

/** Who may reach NodePort services on the nodes (book chapter 14-pub `sg.tf`). */
export interface NodePortAccess {
  /** Blocks allowed in; `"vpc"` stands for the VPC block. */
  readonly cidrBlocks: string[];
  /** First port. @default 30000 */
  readonly fromPort?: number;
  /** Last port. @default fromPort when set, else 32767 */
  readonly toPort?: number;
  /** Let `cidrBlocks` contain `0.0.0.0/0` (the book's rule). @default false */
  readonly allowFromAnywhere?: boolean;
}

const nodePort = integer(NODE_PORT_MIN, NODE_PORT_MAX);

/** Field rules shared with the configuration file schema. */
export const controlPlaneFields = {
  enabledClusterLogTypes: v.optional(v.pipe(v.array(oneOf(CLUSTER_LOG_TYPES), 'must be a list of log types'), v.check((a) => new Set(a).size === a.length, 'must not list a log type twice'))),
  logRetentionDays: v.optional(logRetentionDays),
  logGroupDeletionDelaySeconds: v.optional(logGroupDeletionDelaySeconds),
  encryptSecrets: v.optional(v.boolean('must be true or false')),
  kmsKeyArn: v.optional(kmsKeyArn),
  endpointAccess: v.optional(oneOf(ENDPOINT_ACCESS_MODES)),
  publicAccessCidrs: v.optional(nonEmptyList(ipv4Cidr(0, 32), 'CIDR block')),
  allowPublicAccessFromAnywhere: v.optional(v.boolean('must be true or false')),
  privateApiAccess: v.optional(nonEmptyList(oneOf(PRIVATE_API_ACCESS), 'access path')),
  additionalSecurityGroup: v.optional(v.boolean('must be true or false')),
  nodeSecurityGroup: v.optional(v.boolean('must be true or false')),
  nodePorts: v.optional(
    settings({
      cidrBlocks: ruleCidrBlocks,
      fromPort: v.optional(nodePort),
      toPort: v.optional(nodePort),
      allowFromAnywhere: v.optional(v.boolean('must be true or false')),
    }),
  ),
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
  /** Region of the cluster; the KMS key policy names its CloudWatch Logs service. */
  readonly region: string;
  /**
   * Subnets for the control plane network interfaces, in two zones or more: the nodes' private
   * subnets (book chapter 3: `private_subnet_ids`), dedicated /28 ones (chapter 4: `eni_subnet_ids`)
   * or public ones (chapter 14-pub: `public_subnet_ids`).
   */
  readonly subnetIds: string[];
  /** IPv4 block of the VPC; rules may refer to it as `"vpc"`. */
  readonly vpcCidr: string;
  /** VPC of the cluster, for the security groups below (book chapter 4: `vpc_id`). @default none */
  readonly vpcId?: string;
  /** `private`, `public` or `hybrid` endpoint access. @default "private" */
  readonly endpointAccess?: EndpointAccess;
  /**
   * Blocks allowed to reach the public endpoint (`public` and `hybrid` only; book chapter 5:
   * `public_access_cidrs`). Required for those modes. @default none
   */
  readonly publicAccessCidrs?: string[];
  /** Let `publicAccessCidrs` contain `0.0.0.0/0` (the book's chapter 3 endpoint). @default false */
  readonly allowPublicAccessFromAnywhere?: boolean;
  /**
   * How the private endpoint is reached (a Bastion counts as `bastion`); without any, a private
   * endpoint gets a warning saying how to reach it. `private` and `hybrid` only. @default []
   */
  readonly privateApiAccess?: PrivateApiAccess[];
  /**
   * Give the control plane ENIs an additional security group with the cluster traffic rules
   * (book chapters 4–5: `additional-sg.tf`); needs `vpcId`. @default false
   */
  readonly additionalSecurityGroup?: boolean;
  /**
   * Create a node security group with the cluster traffic rules, for launch templates to attach
   * in place of the cluster security group; needs `vpcId`. @default false
   */
  readonly nodeSecurityGroup?: boolean;
  /** Open a NodePort range on the nodes to the given blocks (book chapter 14-pub). @default none */
  readonly nodePorts?: NodePortAccess;
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
  /**
   * Control plane logs sent to CloudWatch Logs (the book enables none).
   * @default all five: api, audit, authenticator, controllerManager, scheduler
   */
  readonly enabledClusterLogTypes?: ClusterLogType[];
  /** Retention of the control plane log group `/aws/eks/<name>/cluster`. @default 365 */
  readonly logRetentionDays?: number;
  /**
   * On destroy, how long the log group waits after the cluster is gone: EKS still delivers logs
   * for a while and would re-create the group without retention or key (see waitBeforeDeletion).
   * 0 deletes it at once. @default 300
   */
  readonly logGroupDeletionDelaySeconds?: number;
  /** Envelope encryption of Kubernetes secrets with a KMS key. @default true */
  readonly encryptSecrets?: boolean;
  /**
   * Customer managed KMS key for secrets and the log group; without it the construct creates one
   * (rotation on) when anything needs encrypting. @default a key created for the cluster
   */
  readonly kmsKeyArn?: string;
  /** Tags on the cluster and its role. @default {} */
  readonly tags?: Record<string, string>;
  /**
   * Authentication mode and creator admin (book chapters 06-self-managed, 10: `access_config`);
   * access entries need API or API_AND_CONFIG_MAP. The mode moves one way only (CONFIG_MAP →
   * API_AND_CONFIG_MAP → API); the creator flag is read at creation only, later changes are
   * ignored. @default none: EKS's default (CONFIG_MAP through the API)
   */
  readonly accessConfig?: AccessConfig;
  /** The day versions are checked against (tests pin it). @default today */
  readonly today?: Date;
}

const propsSchema = props({
  clusterName,
  region,
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
  /** The KMS key of secrets and logs (given or created); undefined when nothing is encrypted. */
  readonly kmsKeyArn?: string;
  /** `/aws/eks/<name>/cluster`, created before the cluster so it has a retention and a key. */
  readonly logGroup?: CloudwatchLogGroup;
  /** The additional security group of the control plane ENIs, when `additionalSecurityGroup` is on. */
  readonly additionalSecurityGroupId?: string;
  /** The node security group, when `nodeSecurityGroup` is on: attach it through launch templates. */
  readonly nodeSecurityGroupId?: string;
  /** The group that identifies the nodes: the node security group, else the cluster security group. */
  readonly nodesSecurityGroupId: string;
  /** The configured authentication mode; undefined leaves EKS's default (CONFIG_MAP). */
  readonly authenticationMode?: AuthenticationMode;
  /** Service IPv4 block, for nodes that join on their own (nodeadm `cidr`). */
  readonly serviceIpv4Cidr: string;
  private readonly accessConfig?: AccessConfig;
  private readonly securityGroups?: ClusterSecurityGroups;

  constructor(scope: Construct, id: string, props: ControlPlaneProps) {
    super(scope, id);
    const version = props.clusterVersion ?? DEFAULT_KUBERNETES_VERSION;
    const access = props.endpointAccess ?? DEFAULT_ENDPOINT_ACCESS;
    const roleName = props.clusterRoleName ?? `${props.clusterName}-role`;
    const rules = props.clusterSecurityGroupRules ?? [];
    const privateApiAccess = props.privateApiAccess ?? [];
    const additionalSecurityGroup = props.additionalSecurityGroup ?? false;
    const nodeSecurityGroup = props.nodeSecurityGroup ?? false;
    const tags = props.tags ?? {};
    const today = props.today ?? new Date();
    const logTypes = props.enabledClusterLogTypes ?? [...CLUSTER_LOG_TYPES];
    const encryptSecrets = props.encryptSecrets ?? true;

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
      ...(invalid.has('endpointAccess') || access !== 'public' || !props.privateApiAccess
        ? []
        : [issue(['privateApiAccess'], props.privateApiAccess, `applies only to endpointAccess "private" or "hybrid" (a public-only endpoint has no private side); remove it or change 'endpointAccess'`)]),
      ...((additionalSecurityGroup || nodeSecurityGroup) && props.vpcId === undefined
        ? [{ path: ['vpcId'], hasReceived: false, message: `is required with 'additionalSecurityGroup' or 'nodeSecurityGroup' (the groups are created in it)` }]
        : []),
      ...(invalid.has('nodePorts') || !props.nodePorts ? [] : nodePortIssues(props.nodePorts)),
    ]);
    const warning = kubernetesVersionWarning(version, today);
    if (warning) Annotations.of(this).addWarning(warning);
    if (props.publicAccessCidrs?.includes('0.0.0.0/0') && access !== 'private') {
      Annotations.of(this).addWarning(
        `The Kubernetes API endpoint of ${props.clusterName} is public to the whole internet (0.0.0.0/0); restrict 'publicAccessCidrs' (book chapter 3, "Cluster Endpoint")`,
      );
    }

    if (access === 'private' && privateApiAccess.length === 0) {
      Annotations.of(this).addWarning(
        `The Kubernetes API endpoint of ${props.clusterName} is private and nothing names how you will reach it: kubectl, Helm and Terraform's Kubernetes providers must run inside the VPC. Add a bastion (the 'bastion' setting: an SSM Session Manager host, book chapter 4), or name your VPN, Direct Connect, transit gateway, peering or in-VPC runners in 'privateApiAccess'; or use endpointAccess "hybrid" with your address in 'publicAccessCidrs'. Naming your way in (a 'bastion', or 'controlPlane.privateApiAccess', e.g. ["in-vpc"]) silences this warning`,
      );
    }
    if (props.accessConfig?.bootstrapClusterCreatorAdminPermissions === false) {
      Annotations.of(this).addWarning(
        `bootstrapClusterCreatorAdminPermissions is false: the identity that creates ${props.clusterName} gets no Kubernetes access (book chapter 10, "Disable Cluster Creator"); give your administrators an access entry with AmazonEKSClusterAdminPolicy. EKS reads the flag at creation only: changing it on a running cluster has no effect (the book destroys and recreates the cluster)`,
      );
    }
    for (const w of worldOpenWarnings(rules, `The cluster security group of ${props.clusterName}`)) Annotations.of(this).addWarning(w);
    if (props.nodePorts?.allowFromAnywhere && props.nodePorts.cidrBlocks.includes('0.0.0.0/0')) {
      Annotations.of(this).addWarning(
        `NodePort services of ${props.clusterName} are open to the whole internet (0.0.0.0/0); restrict 'nodePorts.cidrBlocks' or put a load balancer in front (book chapter 14)`,
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

    // One key for secrets and logs, created unless the user brings one.
    const needsKey = encryptSecrets || logTypes.length > 0;
    this.kmsKeyArn =
      props.kmsKeyArn ??
      (needsKey
        ? new ClusterKey(this, 'cluster-key', { clusterName: props.clusterName, region: props.region, sameAccountArn: this.clusterRole.arn, tags }).keyArn
        : undefined);
    const dependencies: ITerraformDependable[] = [...attachments];
    if (encryptSecrets) {
      // What EKS needs on the key for envelope encryption (https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html).
      const kmsUse = new DataAwsIamPolicyDocument(this, 'cluster-role-kms-document', {
        statement: [{ effect: 'Allow', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [this.kmsKeyArn!] }],
      });
      dependencies.push(new IamRolePolicy(this, 'cluster-role-kms', { role: this.clusterRole.name, name: 'secrets-encryption', policy: kmsUse.json }));
    }
    if (logTypes.length > 0) {
      // Created before the cluster: otherwise EKS creates it, with no retention and no key.
      this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
        name: `/aws/eks/${props.clusterName}/cluster`,
        retentionInDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
        kmsKeyId: this.kmsKeyArn,
        tags,
      });
      // The cluster depends on the group, so a destroy deletes the cluster first; then the group waits.
      waitBeforeDeletion(this.logGroup, props.logGroupDeletionDelaySeconds ?? DEFAULT_LOG_GROUP_DELETION_DELAY_SECONDS);
      dependencies.push(this.logGroup);
    }
    let groups: ClusterSecurityGroups | undefined;
    if (additionalSecurityGroup || nodeSecurityGroup) {
      groups = new ClusterSecurityGroups(this, 'security-groups', {
        clusterName: props.clusterName,
        vpcId: props.vpcId!,
        additionalSecurityGroup,
        nodeSecurityGroup,
        tags,
      });
    }

    this.cluster = new EksCluster(this, 'cluster', {
      name: props.clusterName,
      version,
      roleArn: this.clusterRole.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: access !== 'public',
        endpointPublicAccess: access !== 'private',
        ...(access === 'private' ? {} : { publicAccessCidrs: props.publicAccessCidrs }),
        ...(groups?.additionalSecurityGroupId ? { securityGroupIds: [groups.additionalSecurityGroupId] } : {}),
      },
      enabledClusterLogTypes: logTypes,
      ...(encryptSecrets ? { encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.kmsKeyArn! } } } : {}),
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
      dependsOn: dependencies,
      // EKS reads the creator flag at creation only, and the provider would replace the whole
      // cluster for a change (hashicorp/terraform-provider-aws#38950): a change is ignored
      // instead, and guardAccessConfigTransitions() warns about it.
      ...(props.accessConfig ? { lifecycle: { ignoreChanges: ['access_config[0].bootstrap_cluster_creator_admin_permissions'] } } : {}),
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
    this.additionalSecurityGroupId = groups?.additionalSecurityGroupId;
    this.nodeSecurityGroupId = groups?.nodeSecurityGroupId;
    this.nodesSecurityGroupId = groups?.nodeSecurityGroupId ?? this.clusterSecurityGroupId;
    this.authenticationMode = props.accessConfig?.authenticationMode;
    this.accessConfig = props.accessConfig;
    this.serviceIpv4Cidr = this.cluster.kubernetesNetworkConfig.serviceIpv4Cidr;
    this.securityGroups = groups;

    addSecurityGroupRules(this, this.clusterSecurityGroupId, rules, props.vpcCidr);
    groups?.connect(this.clusterSecurityGroupId);
    if (props.nodePorts) {
      const { cidrBlocks, fromPort, toPort } = props.nodePorts;
      const rule: SecurityGroupRule = {
        type: 'ingress',
        protocol: 'tcp',
        fromPort: fromPort ?? NODE_PORT_MIN,
        toPort: toPort ?? (fromPort === undefined ? NODE_PORT_MAX : fromPort),
        cidrBlocks,
        description: 'Kubernetes NodePort services (book chapter 14-pub)',
      };
      addSecurityGroupRules(new Construct(this, 'node-ports'), this.nodesSecurityGroupId, [rule], props.vpcCidr);
    }
  }

  /**
   * Makes Terraform read the cluster's current access_config from `stateFile` (the stack's local
   * state, relative to the directory Terraform runs in) at plan time: a backward authentication
   * mode change fails the plan before EKS would refuse it, a changed creator flag is warned about.
   * Does nothing without `accessConfig`.
   */
  guardAccessConfigTransitions(stateFile: string): void {
    if (this.accessConfig) guardAccessConfigTransitions(this, this.cluster, this.accessConfig, stateFile);
  }

  /**
   * Opens more flows between the control plane and the nodes (a controller's webhook port, such
   * as istiod's 15017) on the additional and node security groups, when the cluster has them.
   * Without them both ends carry the cluster security group, whose own rule admits everything.
   */
  addTrafficFlows(flows: readonly TrafficFlow[]): void {
    this.securityGroups?.connect(this.clusterSecurityGroupId, flows);
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
  return cidrs.flatMap((cidr, i) => {
    const range = isUnresolved(cidr) ? undefined : nonPublicRange(cidr);
    return range
      ? [issue(['publicAccessCidrs', i], cidr, `is a ${range} block, not an internet address: the public endpoint sees only public source addresses (book chapter 5); clients inside the VPC or its networks use the private endpoint (endpointAccess "hybrid")`)]
      : [];
  });
}

/** Address ranges nothing on the internet comes from, by ipaddr.js range name. */
const NON_PUBLIC_RANGES: Readonly<Record<string, string>> = {
  private: 'private (RFC 1918)',
  carrierGradeNat: 'carrier-grade NAT (RFC 6598)',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  broadcast: 'broadcast',
  unspecified: '"this network" (0.0.0.0/8)',
};

function nonPublicRange(cidr: string): string | undefined {
  const block = parseCidr(cidr);
  if (block.prefix === 0) return undefined;
  return NON_PUBLIC_RANGES[ipaddr.IPv4.parse(cidr.split('/')[0]).range()];
}

function nodePortIssues(access: NodePortAccess): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const from = access.fromPort ?? NODE_PORT_MIN;
  if (access.toPort !== undefined && !isUnresolved(access.toPort) && !isUnresolved(from) && access.toPort < from) {
    issues.push(issue(['nodePorts', 'toPort'], access.toPort, `must be >= 'fromPort' (${from})`));
  }
  if (!access.allowFromAnywhere && access.cidrBlocks.includes('0.0.0.0/0')) {
    issues.push(
      issue(['nodePorts', 'cidrBlocks'], access.cidrBlocks, `opens NodePort services to the whole internet; list the blocks of your clients, or set 'nodePorts.allowFromAnywhere' to true to accept that`),
    );
  }
  return issues;
}

function subnetIssues(subnetIds: string[]): ValidationIssue[] {
  if (isUnresolved(subnetIds) || subnetIds.length >= 2) return [];
  return [issue(['subnetIds'], subnetIds, 'must list at least two subnets in different availability zones (EKS requirement)')];
}
