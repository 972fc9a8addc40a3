// The book's root main.tf without its provider and backend: the network, control-plane and
// data-plane modules composed into one cluster, with what the book adds by hand (add-ons, access
// entries, identity, storage, registry, the controllers' AWS side). The twin of AWS CDK's
// eks.Cluster and of terraform-aws-eks's root module.
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { addonConfiguration, addonEntry, type AddonSettings } from '../addons/catalogue';
import { ClusterAddon } from '../addons/cluster-addon';
import { podNetworkingOf } from '../addons/vpc-cni';
import { applicationIssues } from '../application/private/checks';
import type { Bastion } from '../bastion/bastion';
import { clusterSettingsSchema, type AccessEntrySettings, type EksConfig, type NodeGroupSettings, type ServiceAccountRoleSettings } from '../config/schema';
import { ClusterAccessEntry } from '../controlplane/access-entry';
import { IamPrincipals } from '../controlplane/iam-principals';
import { ControlPlane, PrivateApiAccess } from '../controlplane/control-plane';
import { type AccessPolicyAssociationOptions, documentationAccountWarning } from '../controlplane/private/access-config';
import { controllerIssues } from '../controllers/private/checks';
import { FargateProfile, fargateProfileFields, fargateProfileName, type FargateSelector } from '../dataplane/fargate/fargate-profile';
import { ClusterNetwork } from '../dataplane/network/cluster-network';
import { VpcFlowLogs } from '../dataplane/network/flow-logs';
import type { NodeGroupAddresses } from '../dataplane/nodes/ip-capacity';
import { ManagedNodeGroup } from '../dataplane/nodes/managed-node-group';
import { PodNetworking, SECONDARY_IP_NETWORKING } from '../dataplane/nodes/max-pods';
import { NodeRole } from '../dataplane/nodes/node-role';
import { SelfManagedNodeGroup, type SelfManagedNodeGroupProps } from '../dataplane/nodes/self-managed-node-group';
import { issue, throwIfIssues, ValidationError, ValidationIssue } from '../errors';
import { OidcProvider } from '../oidc/oidc-provider';
import { DEFAULT_WORKLOAD_IDENTITY, WorkloadIdentityMechanism } from '../oidc/private/schema';
import { ServiceAccountRole, type ServiceAccountRoleIdentity } from '../oidc/service-account-role';
import { inConfig } from '../private/in-config';
import { schemaIssues, settings } from '../private/validate';
import { ContainerRegistry } from '../registry/container-registry';
import type { EfsStorage } from '../storage/efs-storage';
import type { NfsServer } from '../storage/nfs-server';
import { storageIssues } from '../storage/private/config-checks';
import { addApplicationInfrastructure, type ApplicationInfrastructure } from './private/application-infrastructure';
import { addBastion } from './private/bastion';
import { addonRoleSettings, crossSectionIssues, identityIssues, principalReferenceIssues, sessionManagerWarning } from './private/configuration-checks';
import { addControllerInfrastructure, type ControllerInfrastructure } from './private/controller-infrastructure';
import { capacityIssues, nodeGroupAddresses, type SubnetPool } from './private/node-capacity';
import { addEfs, addNfsServer, ebsVolumeKeyStatements } from './private/storage';
import { tlsProviderIssues } from './private/tls-provider';

export { needsTlsProvider } from './private/tls-provider';

/** Tag every resource carries, through the provider's default_tags (AwsStack's). */
export const MANAGED_BY_TAG = { 'managed-by': 'cdktf' };

/** The tags of a cluster's resources: its name, MANAGED_BY_TAG and the configured `tags`. */
export function clusterTags(clusterName: string, tags: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { cluster: clusterName, ...MANAGED_BY_TAG, ...tags };
}

/**
 * An EksCluster's props: the settings of one cluster, as under a configuration file's top level
 * (docs/configuration.md, "Settings"), without `backend`, which belongs to the stack. Every section is optional
 * and takes the defaults of the module it configures.
 */
export interface EksClusterProps {
  /** EKS cluster name (book: `cluster_name`); 1-100 letters, digits, "-" and "_". */
  readonly clusterName: string;
  /** The region of the stack's AWS provider: subnets go to zones derived from it. */
  readonly region: string;
  /** Kubernetes minor version (book: `cluster_version`). @default DEFAULT_KUBERNETES_VERSION */
  readonly clusterVersion?: string;
  /**
   * Tags for the nodes' instances and volumes, which EC2 tags from the launch template only; give
   * the stack's provider the same through `default_tags` (clusterTags(); AwsStack does). @default {}
   */
  readonly tags?: Record<string, string>;
  /** ClusterNetwork settings, plus `flowLogs`. @default a /16 VPC in two zones, a NAT gateway per zone, flow logs on */
  readonly network?: EksConfig['network'];
  /** ControlPlane settings, plus `subnets` ("private", "eni" or "public"). @default private endpoint, private subnets */
  readonly controlPlane?: EksConfig['controlPlane'];
  /** The managed nodes' role (`roleName`), self-managed nodes' (`selfManagedRoleName`). @default `<clusterName>-nodes`, `<clusterName>-self-managed-nodes` */
  readonly nodeRole?: EksConfig['nodeRole'];
  /** Node groups by name, as addNodeGroup() takes them. @default none */
  readonly nodeGroups?: EksConfig['nodeGroups'];
  /** A bastion host (book chapters 4-5). @default none */
  readonly bastion?: EksConfig['bastion'];
  /** ECR repositories and their push group (book chapter 12). @default none */
  readonly registry?: EksConfig['registry'];
  /** How roles that do not say are trusted. @default "pod-identity" */
  readonly workloadIdentity?: WorkloadIdentityMechanism;
  /** The cluster's IAM OIDC provider, for IRSA. @default none */
  readonly oidcProvider?: EksConfig['oidcProvider'];
  /** Roles for service accounts by key, as addServiceAccountRole() takes them. @default none */
  readonly serviceAccountRoles?: EksConfig['serviceAccountRoles'];
  /** IAM users and roles the stack creates (book chapters 9 and 10's alice and test role), which access entries name. @default none */
  readonly iamPrincipals?: EksConfig['iamPrincipals'];
  /** Access entries by name, as addAccessEntry() takes them. @default none */
  readonly accessEntries?: EksConfig['accessEntries'];
  /** The Kubernetes stack's settings: read here only by the checks that span both stacks. @default none */
  readonly kubernetes?: EksConfig['kubernetes'];
  /** EFS, the NFS server (created here) and storage classes (their EBS keys' grants). @default none */
  readonly storage?: EksConfig['storage'];
  /** The controllers' AWS side (roles, queues, rules); KubernetesStack installs their charts. @default none */
  readonly controllers?: EksConfig['controllers'];
  /** Seed 001's application: its secrets and the backend's role. @default none */
  readonly application?: EksConfig['application'];
  /** EKS managed add-ons by name, as addAddon() takes them. @default none */
  readonly addons?: EksConfig['addons'];
  /** The day Kubernetes versions are checked against. @default today */
  readonly today?: Date;
}

/** addNodeGroup() options: a managed (default) or self-managed group. */
export type NodeGroupOptions = NodeGroupSettings;
/** addAddon() options. */
export type AddonOptions = AddonSettings;
/** addAccessEntry() options. */
export type AccessEntryOptions = AccessEntrySettings;
/** addServiceAccountRole() options. */
export type ServiceAccountRoleOptions = ServiceAccountRoleSettings;

/** addFargateProfile() options; the pods go to the cluster's private subnets. */
export interface FargateProfileOptions {
  /** Pods to run on Fargate: 1 to 5 selectors, each a namespace and optional labels. */
  readonly selectors: FargateSelector[];
  /** Name of the pod execution role. @default `<clusterName>-fargate-<name>`, cut to 64 characters */
  readonly podExecutionRoleName?: string;
  /** Tags on the profile and its role. @default {} */
  readonly tags?: Record<string, string>;
}

const fargateOptionsSchema = settings({ name: fargateProfileName, ...fargateProfileFields });

/** One EKS cluster and everything of it in AWS, with no provider and no backend: a stack holds one or several. */
export class EksCluster extends Construct {
  readonly network: ClusterNetwork;
  /** VPC flow logs, unless `network.flowLogs.enabled` is false. */
  readonly flowLogs?: VpcFlowLogs;
  readonly controlPlane: ControlPlane;
  readonly nodeRole: NodeRole;
  /** Node groups by name, those added later included. */
  readonly nodeGroups: Readonly<Record<string, ManagedNodeGroup | SelfManagedNodeGroup>>;
  /** Add-ons by name, those added later included. */
  readonly addons: Readonly<Record<string, ClusterAddon>>;
  /** The IAM users and roles of `iamPrincipals` (book chapters 9 and 10's alice and test role), when configured. */
  readonly iamPrincipals?: IamPrincipals;
  /** Access entries (book chapter 10) by name, those added later included. */
  readonly accessEntries: Readonly<Record<string, ClusterAccessEntry>>;
  /** Roles for service accounts by key, those added later included. */
  readonly serviceAccountRoles: Readonly<Record<string, ServiceAccountRole>>;
  /** Fargate profiles by name (addFargateProfile). */
  readonly fargateProfiles: Readonly<Record<string, FargateProfile>>;
  /** How the VPC CNI addresses pods, from the vpc-cni add-on's configuration. */
  readonly podNetworking: PodNetworking;
  readonly bastion?: Bastion;
  /** ECR repositories and their push group, when `registry` is configured. */
  readonly registry?: ContainerRegistry;
  /** The cluster's IAM OIDC provider, when `oidcProvider.enabled`. */
  readonly oidcProvider?: OidcProvider;
  /** How roles that do not say are trusted: `workloadIdentity`. */
  readonly workloadIdentity: WorkloadIdentityMechanism;
  readonly efs?: EfsStorage;
  /** The NFS server of book chapter 16, when `storage.nfsServer` is configured. */
  readonly nfsServer?: NfsServer;
  /** The AWS side of the `controllers`, when configured. */
  readonly controllers?: ControllerInfrastructure;
  /** The AWS side of the `application`, when configured. */
  readonly application?: ApplicationInfrastructure;
  /** The name as configured, known at synthesis (unlike `clusterName`, the resource's attribute). */
  readonly knownName: string;
  readonly region: string;
  /** The EKS cluster's name, endpoint, CA and ARN (references to its attributes). */
  readonly clusterName: string;
  readonly clusterEndpoint: string;
  readonly certificateAuthorityData: string;
  readonly clusterArn: string;
  readonly oidcIssuerUrl: string;
  readonly clusterSecurityGroupId: string;
  readonly vpcId: string;
  readonly privateSubnetIds: string[];
  readonly publicSubnetIds: string[];
  /** The managed node groups' role. */
  readonly nodeRoleArn: string;
  private readonly props: EksClusterProps;
  private readonly instanceTags: Record<string, string>;
  private readonly groups: Record<string, ManagedNodeGroup | SelfManagedNodeGroup> = {};
  private readonly installed: Record<string, ClusterAddon> = {};
  private readonly entries: Record<string, ClusterAccessEntry> = {};
  private readonly roles: Record<string, ServiceAccountRole> = {};
  private readonly profiles: Record<string, FargateProfile> = {};
  /** What the node groups take from each subnet pool, for the capacity check of the next one. */
  private readonly capacity: Record<SubnetPool, NodeGroupAddresses[]> = { private: [], public: [] };
  /** Add-ons the nodes need (vpc-cni, kube-proxy …): node groups wait for them. */
  private readonly beforeNodes: ITerraformDependable[] = [];
  private selfManagedRole?: NodeRole;
  /** The eks-pod-identity-agent add-on, once added: Pod Identity associations wait for it. */
  private podIdentityAgent?: ITerraformDependable;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const { today, ...config } = props;
    throwIfIssues(`EksCluster '${this.node.path}'`, schemaIssues(clusterSettingsSchema, config));
    const crossSection = [
      ...crossSectionIssues(config),
      ...identityIssues(config),
      ...principalReferenceIssues(config),
      ...tlsProviderIssues(this, config),
      ...(config.storage ? storageIssues(config) : []),
      ...(config.controllers ? controllerIssues(config) : []),
      ...(config.application ? applicationIssues(config) : []),
    ];
    if (crossSection.length > 0) throw new ValidationError('configuration', crossSection);
    const name = config.clusterName;
    this.props = props;
    this.knownName = name;
    this.region = config.region;
    this.nodeGroups = this.groups;
    this.addons = this.installed;
    this.accessEntries = this.entries;
    this.serviceAccountRoles = this.roles;
    this.fargateProfiles = this.profiles;
    const { subnets: controlPlaneSubnets = 'private', ...controlPlaneOptions } = config.controlPlane ?? {};
    // EC2 copies neither provider default_tags nor node group tags to the instances.
    this.instanceTags = clusterTags(name, config.tags);
    // The Pod Identity agent first: add-ons whose roles go through Pod Identity wait for it.
    const addons = Object.entries((config.addons ?? {}) as Record<string, AddonSettings | undefined>)
      .filter((e): e is [string, AddonSettings] => e[1] !== undefined)
      .sort(([a], [b]) => Number(b === 'eks-pod-identity-agent') - Number(a === 'eks-pod-identity-agent'));
    const cni = addons.find(([n]) => n === 'vpc-cni')?.[1];
    this.podNetworking = cni ? podNetworkingOf(addonConfiguration('vpc-cni', cni.configurationValues, cni.settings)) : SECONDARY_IP_NETWORKING;

    const { flowLogs, ...networkSettings } = config.network ?? {};
    this.network = inConfig(['network'], () =>
      new ClusterNetwork(this, 'network', { ...networkSettings, eniSubnets: controlPlaneSubnets === 'eni', clusterName: name, region: config.region }),
    );
    const accessPaths: PrivateApiAccess[] = [...(controlPlaneOptions.privateApiAccess ?? []), ...(config.bastion ? ['bastion' as const] : [])];
    const subnetIds = { private: this.network.privateSubnetIds, eni: this.network.eniSubnetIds, public: this.network.publicSubnetIds };
    this.controlPlane = inConfig(['controlPlane'], () =>
      new ControlPlane(this, 'control-plane', {
        ...controlPlaneOptions,
        privateApiAccess: accessPaths.length > 0 ? [...new Set(accessPaths)] : undefined,
        clusterName: name,
        clusterVersion: config.clusterVersion,
        region: config.region,
        subnetIds: subnetIds[controlPlaneSubnets],
        vpcId: this.network.vpcId,
        vpcCidr: this.network.vpcCidr,
        today,
      }),
    );
    const cp = this.controlPlane;
    this.clusterName = cp.clusterName;
    this.clusterEndpoint = cp.clusterEndpoint;
    this.certificateAuthorityData = cp.certificateAuthorityData;
    this.clusterArn = cp.clusterArn;
    this.oidcIssuerUrl = cp.oidcIssuerUrl;
    this.clusterSecurityGroupId = cp.clusterSecurityGroupId;
    this.vpcId = this.network.vpcId;
    this.privateSubnetIds = this.network.privateSubnetIds;
    this.publicSubnetIds = this.network.publicSubnetIds;
    if (flowLogs?.enabled ?? true) {
      const { enabled: _enabled, ...flowLogOptions } = flowLogs ?? {};
      this.flowLogs = new VpcFlowLogs(this, 'flow-logs', { ...flowLogOptions, clusterName: name, vpcId: this.network.vpcId, kmsKeyArn: cp.kmsKeyArn });
    }
    if (config.bastion) this.bastion = inConfig(['bastion'], () => addBastion(this, config.bastion!, sessionManagerWarning(config)));
    if (config.registry) this.registry = inConfig(['registry'], () => new ContainerRegistry(this, 'registry', { ...config.registry!, clusterName: name }));
    this.workloadIdentity = config.workloadIdentity ?? DEFAULT_WORKLOAD_IDENTITY;
    if (config.oidcProvider?.enabled) {
      const { enabled: _enabled, ...oidcOptions } = config.oidcProvider;
      this.oidcProvider = inConfig(['oidcProvider'], () => new OidcProvider(this, 'oidc-provider', { ...oidcOptions, issuerUrl: cp.oidcIssuerUrl }));
    }
    this.nodeRole = inConfig(['nodeRole'], () => new NodeRole(this, 'nodes', { roleName: `${name}-nodes`, ...config.nodeRole }));
    this.nodeRoleArn = this.nodeRole.roleArn;
    const nodeGroups = Object.entries(config.nodeGroups ?? {});
    this.checkCapacity(nodeGroups);
    if (config.storage?.efs) this.efs = inConfig(['storage', 'efs'], () => addEfs(this, config.storage!.efs!), { kmsKeyArn: 'kmsKeyId' });
    if (config.storage?.nfsServer) {
      const pools = new Set(nodeGroups.map(([, g]) => g.subnets ?? 'private'));
      this.nfsServer = inConfig(['storage', 'nfsServer'], () => addNfsServer(this, config.storage!.nfsServer!, pools));
    }
    // Created here, not inside a group: its errors belong to 'nodeRole'.
    if (nodeGroups.some(([, g]) => g.type === 'self-managed')) this.selfManagedNodeRole();

    // Add-ons the nodes need come first and node groups wait for them; the others run pods, so
    // they wait for the nodes.
    for (const [addonName, settings] of addons.filter(([n]) => beforeNodesAddon(n))) this.createAddon(addonName, settings, []);
    for (const [groupName, settings] of nodeGroups) this.createNodeGroup(groupName, settings, [...this.beforeNodes]);
    for (const [addonName, settings] of addons.filter(([n]) => !beforeNodesAddon(n))) this.createAddon(addonName, settings, this.nodes());
    if (config.iamPrincipals) {
      this.iamPrincipals = inConfig(['iamPrincipals'], () => new IamPrincipals(this, 'iam-principals', { ...config.iamPrincipals, clusterName: name, clusterArn: cp.clusterArn }));
    }
    for (const [entryName, settings] of Object.entries(config.accessEntries ?? {})) this.createAccessEntry(entryName, settings);
    for (const [key, settings] of Object.entries(config.serviceAccountRoles ?? {})) this.createServiceAccountRole(key, settings);
    const identity = (mechanism: WorkloadIdentityMechanism | undefined) => this.roleIdentity(mechanism);
    if (config.controllers) this.controllers = addControllerInfrastructure(this, config, identity);
    if (config.application) this.application = addApplicationInfrastructure(this, config, identity);
  }

  /** IAM roles of every kind of node of the cluster (for aws-auth and access entries). */
  get nodeRoleArns(): string[] {
    const karpenter = this.controllers?.karpenter?.nodeRole;
    return [this.nodeRole.roleArn, ...(this.selfManagedRole ? [this.selfManagedRole.roleArn] : []), ...(karpenter ? [karpenter.roleArn] : [])];
  }

  /**
   * Adds a node group (its options as under `nodeGroups.<name>`): managed (default) with the
   * cluster's node role, or self-managed (`type: self-managed`) with a role of its own, in the
   * private (default) or public subnets, after the add-ons the nodes need. Refused when the
   * subnets cannot hold it with the groups already there at their maximum size.
   */
  addNodeGroup(groupName: string, options: NodeGroupOptions & { readonly type: 'self-managed' }, dependsOn?: ITerraformDependable[]): SelfManagedNodeGroup;
  addNodeGroup(groupName: string, options: NodeGroupOptions & { readonly type?: 'managed' }, dependsOn?: ITerraformDependable[]): ManagedNodeGroup;
  addNodeGroup(groupName: string, options: NodeGroupOptions, dependsOn?: ITerraformDependable[]): ManagedNodeGroup | SelfManagedNodeGroup;
  addNodeGroup(groupName: string, options: NodeGroupOptions, dependsOn: ITerraformDependable[] = [...this.beforeNodes]): ManagedNodeGroup | SelfManagedNodeGroup {
    this.checkSection('nodeGroups', groupName, options);
    this.checkCapacity([[groupName, options]]);
    if (options.type === 'self-managed') this.selfManagedNodeRole();
    return this.createNodeGroup(groupName, options, dependsOn);
  }

  /**
   * Adds an EKS managed add-on (its options as under `addons.<name>`), with a role for its service
   * account where the catalogue or the options ask for one. It waits for the node groups there
   * are, unless the nodes need it (vpc-cni, kube-proxy, the Pod Identity agent).
   */
  addAddon(addonName: string, options: AddonOptions, dependsOn?: ITerraformDependable[]): ClusterAddon {
    this.checkSection('addons', addonName, options);
    return this.createAddon(addonName, options, dependsOn ?? (beforeNodesAddon(addonName) ? [] : this.nodes()));
  }

  /**
   * Adds an access entry and its access policies (its options as under `accessEntries.<name>`);
   * the principal by its ARN, or by `iamUser` / `iamRole`, a principal of `iamPrincipals`.
   */
  addAccessEntry(entryName: string, options: AccessEntryOptions): ClusterAccessEntry {
    this.checkSection('accessEntries', entryName, options);
    throwIfIssues(`EksCluster '${this.node.path}'`, principalReferenceIssues({ clusterName: this.knownName, iamPrincipals: this.props.iamPrincipals, accessEntries: { [entryName]: options } }));
    return this.createAccessEntry(entryName, options);
  }

  /** Adds a role for Kubernetes service accounts (its options as under `serviceAccountRoles.<key>`). */
  addServiceAccountRole(key: string, options: ServiceAccountRoleOptions): ServiceAccountRole {
    this.checkSection('serviceAccountRoles', key, options);
    return this.createServiceAccountRole(key, options);
  }

  /**
   * Adds a Fargate profile: pods matching its selectors run on Fargate in the private subnets,
   * with a pod execution role only the cluster's profiles may assume.
   */
  addFargateProfile(profileName: string, options: FargateProfileOptions): FargateProfile {
    const issues: ValidationIssue[] = schemaIssues(fargateOptionsSchema, { name: profileName, ...options }).map((i) => ({ ...i, path: ['fargateProfiles', profileName, ...i.path.filter((p) => p !== 'name')] }));
    if (this.profiles[profileName]) issues.push(issue(['fargateProfiles', profileName], profileName, 'is already a Fargate profile of this cluster'));
    throwIfIssues(`EksCluster '${this.node.path}'`, issues);
    const profile = new FargateProfile(this, `fargate-profile-${profileName}`, {
      ...options,
      cluster: this.controlPlane,
      profileName,
      subnetIds: this.network.privateSubnetIds,
      podExecutionRoleName: options.podExecutionRoleName ?? `${this.knownName}-fargate-${profileName}`.slice(0, 64),
    });
    this.profiles[profileName] = profile;
    return profile;
  }

  private createNodeGroup(groupName: string, settings: NodeGroupSettings, dependsOn: ITerraformDependable[]): ManagedNodeGroup | SelfManagedNodeGroup {
    const { subnets, type, ...options } = settings;
    const cp = this.controlPlane;
    const common = {
      cluster: {
        clusterName: cp.clusterName,
        // Known at plan time, unlike the cluster's name attribute: launch template names and tags.
        knownName: this.knownName,
        clusterVersion: cp.clusterVersion,
        kubernetesVersion: cp.kubernetesVersion,
        clusterEndpoint: cp.clusterEndpoint,
        certificateAuthorityData: cp.certificateAuthorityData,
        serviceIpv4Cidr: cp.serviceIpv4Cidr,
        clusterSecurityGroupId: cp.clusterSecurityGroupId,
        nodeSecurityGroupId: cp.nodeSecurityGroupId,
        authenticationMode: cp.authenticationMode,
      },
      nodeName: groupName,
      subnetIds: subnets === 'public' ? this.network.publicSubnetIds : this.network.privateSubnetIds,
      vpcId: this.network.vpcId,
      podNetworking: this.podNetworking,
      instanceTags: this.instanceTags,
      dependsOn,
    };
    const group = inConfig(['nodeGroups', groupName], () => {
      if (type !== 'self-managed') return new ManagedNodeGroup(this, `node-group-${groupName}`, { ...options, ...common, nodeRole: this.nodeRole });
      // The construct refuses, with their names, the settings only managed groups take.
      const selfManagedOptions = options as unknown as Omit<SelfManagedNodeGroupProps, keyof typeof common | 'nodeRole'>;
      return new SelfManagedNodeGroup(this, `node-group-${groupName}`, { ...selfManagedOptions, ...common, nodeRole: this.selfManagedNodeRole() });
    });
    this.groups[groupName] = group;
    return group;
  }

  private createAddon(addonName: string, settings: AddonSettings, dependsOn: ITerraformDependable[]): ClusterAddon {
    const { version, serviceAccountRole: _role, ...rest } = settings;
    const role = addonRoleSettings(addonName, settings);
    const keyStatements = addonName === 'aws-ebs-csi-driver' ? ebsVolumeKeyStatements(this.props.storage?.classes, this.controlPlane.kmsKeyArn) : [];
    const serviceAccountRole = role && {
      ...role,
      ...(keyStatements.length > 0 ? { policyStatements: [...(role.policyStatements ?? []), ...keyStatements] } : {}),
      mechanism: role.mechanism ?? this.workloadIdentity,
      roleName: role.roleName ?? `${this.knownName}-${addonName}`.slice(0, 64),
      oidcProvider: this.oidcProvider,
      podIdentityAgent: this.podIdentityAgent,
    };
    const addon = inConfig(
      ['addons', addonName],
      () =>
        new ClusterAddon(this, `addon-${addonName}`, {
          ...rest,
          serviceAccountRole,
          addonVersion: version,
          cluster: this.controlPlane,
          addonName,
          dependsOn,
          // Container Insights' groups: the control plane log group's retention, delay and key.
          logGroups: {
            clusterName: this.knownName,
            retentionDays: this.props.controlPlane?.logRetentionDays,
            kmsKeyArn: this.controlPlane.kmsKeyArn,
            deletionDelaySeconds: this.props.controlPlane?.logGroupDeletionDelaySeconds,
          },
        }),
      { addonVersion: 'version' },
    );
    if (addonName === 'eks-pod-identity-agent') this.podIdentityAgent = addon.addon;
    if (beforeNodesAddon(addonName)) this.beforeNodes.push(addon.addon);
    if (keyStatements.length > 0 && !serviceAccountRole) {
      Annotations.of(addon).addWarning(
        `Storage classes encrypt EBS volumes with a customer managed key, and the EBS CSI driver's role is not created here ('addons.aws-ebs-csi-driver.serviceAccountRole'): allow your role kms:CreateGrant (for AWS resources) and kms:Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey on the key, or volumes will not be created`,
      );
    }
    this.installed[addonName] = addon;
    return addon;
  }

  private createAccessEntry(entryName: string, settings: AccessEntrySettings): ClusterAccessEntry {
    const { iamUser, iamRole, ...options } = settings;
    // A principal of `iamPrincipals` by name: its ARN, known at apply (the configuration checks made sure it exists).
    const principalArn = options.principalArn ?? (iamUser !== undefined ? this.iamPrincipals!.users[iamUser].arn : this.iamPrincipals!.roles[iamRole!].arn);
    const entry = inConfig(['accessEntries', entryName], () => {
      const created = new ClusterAccessEntry(this, `access-entry-${entryName}`, {
        ...options,
        principalArn,
        // The configuration schema has checked the policy names against the table.
        policies: settings.policies as AccessPolicyAssociationOptions[] | undefined,
        cluster: this.controlPlane,
      });
      const warning = documentationAccountWarning(`'accessEntries.${entryName}.principalArn'`, options.principalArn);
      if (warning) Annotations.of(created).addWarning(warning);
      return created;
    });
    this.entries[entryName] = entry;
    return entry;
  }

  private createServiceAccountRole(key: string, settings: ServiceAccountRoleSettings): ServiceAccountRole {
    const role = inConfig(['serviceAccountRoles', key], () =>
      new ServiceAccountRole(this, `service-account-role-${key}`, {
        ...settings,
        roleName: settings.roleName ?? `${this.knownName}-${key}`.slice(0, 64),
        ...this.roleIdentity(settings.mechanism),
      }),
    );
    this.roles[key] = role;
    return role;
  }

  /** How a role for service accounts is trusted: its `mechanism` (else `workloadIdentity`) and what that mechanism needs. */
  private roleIdentity(mechanism: WorkloadIdentityMechanism | undefined): ServiceAccountRoleIdentity {
    return { mechanism: mechanism ?? this.workloadIdentity, oidcProvider: this.oidcProvider, clusterName: this.controlPlane.clusterName, podIdentityAgent: this.podIdentityAgent };
  }

  /** The node groups' resources, for what must wait for nodes. */
  private nodes(): ITerraformDependable[] {
    return Object.values(this.groups).map((g) => ('nodeGroup' in g ? g.nodeGroup : g.autoScalingGroup));
  }

  /** The role of self-managed nodes, apart from the managed groups' role (EKS makes its own access entry for that one). */
  private selfManagedNodeRole(): NodeRole {
    const nodeRole = this.props.nodeRole;
    this.selfManagedRole ??= inConfig(
      ['nodeRole'],
      () =>
        new NodeRole(this, 'self-managed-nodes', {
          roleName: nodeRole?.selfManagedRoleName ?? `${this.knownName}-self-managed-nodes`,
          extraManagedPolicies: nodeRole?.extraManagedPolicies,
        }),
      { roleName: 'selfManagedRoleName' },
    );
    return this.selfManagedRole;
  }

  /** Refuses node groups the subnets cannot hold with those already there (ip-capacity.ts), before any is created. */
  private checkCapacity(added: [string, NodeGroupSettings][]): void {
    const { issues, warnings } = capacityIssues(this.network, this.podNetworking, this.capacity, added);
    for (const w of warnings) Annotations.of(this).addWarning(w);
    if (issues.length > 0) throw new ValidationError('configuration', issues);
    for (const [n, g] of added) this.capacity[g.subnets ?? 'private'].push(nodeGroupAddresses(n, g));
  }

  /** The options of an add*() call, checked as the configuration checks `<section>.<name>`; a name is added once. */
  private checkSection(section: 'nodeGroups' | 'addons' | 'accessEntries' | 'serviceAccountRoles', name: string, options: unknown): void {
    const schema = settings({ [section]: clusterSettingsSchema.entries[section] });
    const issues: ValidationIssue[] = schemaIssues(schema, { [section]: { [name]: options } });
    const taken = { nodeGroups: this.groups, addons: this.installed, accessEntries: this.entries, serviceAccountRoles: this.roles }[section];
    if (taken[name]) issues.push(issue([section, name], name, `is already in '${section}' of this cluster`));
    throwIfIssues(`EksCluster '${this.node.path}'`, issues);
  }
}

/** Whether the nodes need the add-on (vpc-cni, kube-proxy, the Pod Identity agent): node groups wait for it. */
function beforeNodesAddon(name: string): boolean {
  return addonEntry(name)?.beforeNodes ?? false;
}
