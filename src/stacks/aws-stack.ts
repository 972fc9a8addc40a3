// The book's root main.tf: provider, backend and the network, control plane and node modules,
// plus the outputs the book forgets.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, Fn, ITerraformDependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { addonConfiguration, addonEntry, type AddonSettings } from '../addons/catalogue';
import { ClusterAddon } from '../addons/cluster-addon';
import { Bastion } from '../bastion/bastion';
import { ContainerRegistry } from '../registry/container-registry';
import { ValidationError, ValidationIssue } from '../errors';
import { inConfig } from '../private/in-config';
import type { AccessEntrySettings, BastionSettings, NodeGroupSettings, ResolvedConfig, ServiceAccountRoleSettings, StorageConfig } from '../config/schema';
import { ClusterAccessEntry } from '../controlplane/access-entry';
import type { AccessPolicyAssociationOptions } from '../controlplane/private/access-config';
import { OidcProvider } from '../oidc/oidc-provider';
import { DEFAULT_WORKLOAD_IDENTITY, WorkloadIdentityMechanism } from '../oidc/private/schema';
import { ServiceAccountRole, type ServiceAccountRoleIdentity } from '../oidc/service-account-role';
import { ControlPlane, PrivateApiAccess } from '../controlplane/control-plane';
import { ClusterNetwork } from '../dataplane/network/cluster-network';
import { VpcFlowLogs } from '../dataplane/network/flow-logs';
import { NodeGroupAddresses, subnetCapacity } from '../dataplane/nodes/ip-capacity';
import { ManagedNodeGroup } from '../dataplane/nodes/managed-node-group';
import { PodNetworking, SECONDARY_IP_NETWORKING } from '../dataplane/nodes/max-pods';
import { NodeRole } from '../dataplane/nodes/node-role';
import { DEFAULT_INSTANCE_TYPES, DEFAULT_MAX_SIZE } from '../dataplane/nodes/managed-node-group';
import { SelfManagedNodeGroup, type SelfManagedNodeGroupProps } from '../dataplane/nodes/self-managed-node-group';
import { EfsStorage } from '../storage/efs-storage';
import { NfsServer } from '../storage/nfs-server';
import type { PolicyStatement } from '../oidc/service-account-role';
import { addApplicationInfrastructure, type ApplicationInfrastructure } from '../cluster/private/application-infrastructure';
import { addControllerInfrastructure, type ControllerInfrastructure } from '../cluster/private/controller-infrastructure';
import { addBackend, localStatePath } from './backend';
import { addonRoleSettings, bastionSubnet, crossSectionIssues, identityIssues, sessionManagerWarning } from '../cluster/private/configuration-checks';
import { ReadableIdStack } from './readable-ids';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { EFS_AWS_MANAGED_KEY } from '../storage/private/schema';
import { ebsClassKeyArn } from '../storage/private/classes';
import { storageIssues } from '../storage/private/config-checks';
import { controllerIssues } from '../controllers/private/checks';
import { applicationIssues } from '../application/private/checks';
import { podNetworkingOf } from '../addons/vpc-cni';

/** Tag every resource carries, through the provider's default_tags. */
export const MANAGED_BY_TAG = { 'managed-by': 'cdktf' };

export interface AwsStackProps {
  readonly config: ResolvedConfig;
  /** The day Kubernetes versions are checked against. @default today */
  readonly today?: Date;
}

/** The AWS infrastructure of one cluster: VPC, EKS control plane, node roles, node groups, add-ons and an optional bastion. */
export class AwsStack extends ReadableIdStack {
  readonly network: ClusterNetwork;
  /** VPC flow logs, unless `network.flowLogs.enabled` is false. */
  readonly flowLogs?: VpcFlowLogs;
  readonly controlPlane: ControlPlane;
  readonly nodeRole: NodeRole;
  readonly nodeGroups: Readonly<Record<string, ManagedNodeGroup | SelfManagedNodeGroup>>;
  readonly addons: Readonly<Record<string, ClusterAddon>>;
  /** Access entries of the configuration (book chapter 10), by name. */
  readonly accessEntries: Readonly<Record<string, ClusterAccessEntry>>;
  /** How the VPC CNI addresses pods, from the vpc-cni add-on's configuration. */
  readonly podNetworking: PodNetworking;
  /** The bastion host, when the configuration has one. */
  readonly bastion?: Bastion;
  /** ECR repositories and their push group, when `registry` is configured. */
  readonly registry?: ContainerRegistry;
  /** The cluster's IAM OIDC provider, when `oidcProvider.enabled`. */
  readonly oidcProvider?: OidcProvider;
  /** Roles for service accounts (`serviceAccountRoles`), by key. */
  readonly serviceAccountRoles: Readonly<Record<string, ServiceAccountRole>>;
  /** How roles that do not say are trusted: `workloadIdentity`. */
  readonly workloadIdentity: WorkloadIdentityMechanism;
  /** The EFS file system, when `storage.efs` is configured. */
  readonly efs?: EfsStorage;
  /** The NFS server of book chapter 16, when `storage.nfsServer` is configured. */
  readonly nfsServer?: NfsServer;
  /** The AWS side of the `controllers` (roles, Karpenter's queue and node role, the Lattice network), when configured. */
  readonly controllers?: ControllerInfrastructure;
  /** The AWS side of the `application` (its secrets and the backend's role), when configured. */
  readonly application?: ApplicationInfrastructure;
  readonly region: string;
  private readonly config: ResolvedConfig;
  private readonly instanceTags: Record<string, string>;
  private selfManagedRole?: NodeRole;
  /** The eks-pod-identity-agent add-on, once added: Pod Identity associations wait for it. */
  private podIdentityAgent?: ITerraformDependable;

  constructor(scope: Construct, id: string, props: AwsStackProps) {
    super(scope, id);
    const config = props.config;
    const name = config.clusterName;
    this.region = config.region;
    this.config = config;
    const crossSection = [
      ...crossSectionIssues(config),
      ...identityIssues(config),
      ...(config.storage ? storageIssues(config) : []),
      ...(config.controllers ? controllerIssues(config) : []),
      ...(config.application ? applicationIssues(config) : []),
    ];
    if (crossSection.length > 0) throw new ValidationError('configuration', crossSection);
    const { subnets: controlPlaneSubnets = 'private', ...controlPlaneOptions } = config.controlPlane ?? {};
    const defaultTags = { cluster: name, ...MANAGED_BY_TAG, ...(config.tags ?? {}) };
    // EC2 copies neither provider default_tags nor node group tags to the instances.
    this.instanceTags = defaultTags;
    // The Pod Identity agent first: add-ons whose roles go through Pod Identity wait for it.
    const addons = Object.entries((config.addons ?? {}) as Record<string, AddonSettings | undefined>)
      .filter((e): e is [string, AddonSettings] => e[1] !== undefined)
      .sort(([a], [b]) => Number(b === 'eks-pod-identity-agent') - Number(a === 'eks-pod-identity-agent'));
    const cni = addons.find(([n]) => n === 'vpc-cni')?.[1];
    this.podNetworking = cni
      ? podNetworkingOf(addonConfiguration('vpc-cni', cni.configurationValues, cni.settings))
      : SECONDARY_IP_NETWORKING;

    const stateOwner = { clusterName: name, stackId: id, primary: true };
    addBackend(this, config.backend, stateOwner, config.region);
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: defaultTags }],
    });

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
        today: props.today,
      }),
    );
    // Terraform reads the mode the cluster has now from a local state at plan time and refuses a
    // backward change; remote states cannot be read before they exist (README, "Authentication modes").
    const stateFile = localStatePath(config.backend, stateOwner);
    if (stateFile) this.controlPlane.guardAccessConfigTransitions(stateFile);
    if (flowLogs?.enabled ?? true) {
      const { enabled: _enabled, ...flowLogOptions } = flowLogs ?? {};
      this.flowLogs = new VpcFlowLogs(this, 'flow-logs', {
        ...flowLogOptions,
        clusterName: name,
        vpcId: this.network.vpcId,
        kmsKeyArn: this.controlPlane.kmsKeyArn,
      });
    }
    if (config.bastion) this.bastion = inConfig(['bastion'], () => this.addBastion(config.bastion!, config));
    if (config.registry) {
      this.registry = inConfig(['registry'], () => new ContainerRegistry(this, 'registry', { ...config.registry!, clusterName: name }));
    }
    this.workloadIdentity = config.workloadIdentity ?? DEFAULT_WORKLOAD_IDENTITY;
    if (config.oidcProvider?.enabled) {
      const { enabled: _enabled, ...oidcOptions } = config.oidcProvider;
      if (oidcOptions.thumbprintLookup) {
        // The book's tls_certificate lookup brings in the tls provider, for this opt-in only.
        if (!this.node.tryFindChild('tls')) new TlsProvider(this, 'tls');
      }
      this.oidcProvider = inConfig(['oidcProvider'], () => new OidcProvider(this, 'oidc-provider', { ...oidcOptions, issuerUrl: this.controlPlane.oidcIssuerUrl }));
    }
    this.nodeRole = inConfig(['nodeRole'], () =>
      new NodeRole(this, 'nodes', { roleName: `${name}-nodes`, ...config.nodeRole }),
    );
    this.checkNodeGroups();
    if (config.storage?.efs) this.efs = inConfig(['storage', 'efs'], () => this.addEfs(config.storage!.efs!), { kmsKeyArn: 'kmsKeyId' });
    if (config.storage?.nfsServer) this.nfsServer = inConfig(['storage', 'nfsServer'], () => this.addNfsServer(config.storage!.nfsServer!));
    // Created here, not inside a group: its errors belong to 'nodeRole'.
    if (Object.values(config.nodeGroups ?? {}).some((g) => g.type === 'self-managed')) this.selfManagedNodeRole();

    // Add-ons the nodes need come first and node groups wait for them; the others run pods, so
    // they wait for the nodes.
    const installed: Record<string, ClusterAddon> = {};
    const beforeNodesAddon = (n: string) => addonEntry(n)?.beforeNodes ?? false;
    for (const [addonName, settings] of addons.filter(([n]) => beforeNodesAddon(n))) {
      installed[addonName] = this.addAddon(addonName, settings);
    }
    const beforeNodes = Object.values(installed).map((a) => a.addon);
    const groups: Record<string, ManagedNodeGroup | SelfManagedNodeGroup> = {};
    for (const [groupName, settings] of Object.entries(config.nodeGroups ?? {})) {
      groups[groupName] = inConfig(['nodeGroups', groupName], () => this.addNodeGroup(groupName, settings, beforeNodes));
    }
    this.nodeGroups = groups;
    const nodes = Object.values(groups).map((g) => ('nodeGroup' in g ? g.nodeGroup : g.autoScalingGroup));
    for (const [addonName, settings] of addons.filter(([n]) => !beforeNodesAddon(n))) {
      installed[addonName] = this.addAddon(addonName, settings, nodes);
    }
    this.addons = installed;
    const entries: Record<string, ClusterAccessEntry> = {};
    for (const [entryName, settings] of Object.entries(config.accessEntries ?? {})) entries[entryName] = this.addAccessEntry(entryName, settings);
    this.accessEntries = entries;

    const roles: Record<string, ServiceAccountRole> = {};
    for (const [key, settings] of Object.entries(config.serviceAccountRoles ?? {})) {
      roles[key] = inConfig(['serviceAccountRoles', key], () => this.addServiceAccountRole(key, settings));
    }
    this.serviceAccountRoles = roles;

    if (config.controllers) {
      this.controllers = addControllerInfrastructure(this, config, (mechanism) => this.roleIdentity(mechanism));
    }

    if (config.application) {
      this.application = addApplicationInfrastructure(this, config, (mechanism) => this.roleIdentity(mechanism));
    }

    this.addOutputs();
  }

  /** IAM roles of every kind of node in the stack (for aws-auth and access entries). */
  get nodeRoleArns(): string[] {
    const karpenter = this.controllers?.karpenter?.nodeRole;
    return [this.nodeRole.roleArn, ...(this.selfManagedRole ? [this.selfManagedRole.roleArn] : []), ...(karpenter ? [karpenter.roleArn] : [])];
  }

  /**
   * Adds a node group: managed (default) with the stack's node role, or self-managed (`type:
   * self-managed`) with a role of its own; `subnets` picks private (default) or public subnets.
   */
  addNodeGroup(groupName: string, settings: NodeGroupSettings, dependsOn: ITerraformDependable[] = []): ManagedNodeGroup | SelfManagedNodeGroup {
    const { subnets, type, ...options } = settings;
    const cp = this.controlPlane;
    const common = {
      cluster: {
        clusterName: cp.clusterName,
        // Known at plan time, unlike the cluster's name attribute: launch template names and tags.
        knownName: this.config.clusterName,
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
    if (type === 'self-managed') {
      // The construct refuses, with their names, the settings only managed groups take.
      const selfManagedOptions = options as unknown as Omit<SelfManagedNodeGroupProps, keyof typeof common | 'nodeRole'>;
      return new SelfManagedNodeGroup(this, `node-group-${groupName}`, { ...selfManagedOptions, ...common, nodeRole: this.selfManagedNodeRole() });
    }
    return new ManagedNodeGroup(this, `node-group-${groupName}`, { ...options, ...common, nodeRole: this.nodeRole });
  }

  /**
   * Adds an EKS managed add-on (its settings as under `addons.<name>`), with a role for its
   * service account where the catalogue or the settings ask for one.
   */
  addAddon(addonName: string, settings: AddonSettings, dependsOn: ITerraformDependable[] = []): ClusterAddon {
    const { version, serviceAccountRole: _role, ...rest } = settings;
    const role = addonRoleSettings(addonName, settings);
    const keyStatements = addonName === 'aws-ebs-csi-driver' ? this.ebsVolumeKeyStatements() : [];
    const serviceAccountRole = role && {
      ...role,
      ...(keyStatements.length > 0 ? { policyStatements: [...(role.policyStatements ?? []), ...keyStatements] } : {}),
      mechanism: role.mechanism ?? this.workloadIdentity,
      roleName: role.roleName ?? `${this.config.clusterName}-${addonName}`.slice(0, 64),
      oidcProvider: this.oidcProvider,
      podIdentityAgent: this.podIdentityAgent,
    };
    const addon = inConfig(
      ['addons', addonName],
      () => new ClusterAddon(this, `addon-${addonName}`, { ...rest, serviceAccountRole, addonVersion: version, cluster: this.controlPlane, addonName, dependsOn }),
      { addonVersion: 'version' },
    );
    if (addonName === 'eks-pod-identity-agent') this.podIdentityAgent = addon.addon;
    if (keyStatements.length > 0 && !serviceAccountRole) {
      Annotations.of(addon).addWarning(
        `Storage classes encrypt EBS volumes with a customer managed key, and the EBS CSI driver's role is not created here ('addons.aws-ebs-csi-driver.serviceAccountRole'): allow your role kms:CreateGrant (for AWS resources) and kms:Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey on the key, or volumes will not be created`,
      );
    }
    return addon;
  }

  /**
   * Book chapter16-ebs-efs `efs.tf`: the EFS file system with a mount target in every private
   * subnet, NFS from the nodes' security group, encrypted with the cluster's key unless
   * `kmsKeyId` names another (or the AWS managed key).
   */
  private addEfs(settings: NonNullable<StorageConfig['efs']>): EfsStorage {
    const { kmsKeyId, ...options } = settings;
    // The cluster key's policy delegates to the account's IAM policies, which is what EFS needs:
    // it uses the key through grants made with the credentials that create the file system.
    const key = kmsKeyId === EFS_AWS_MANAGED_KEY ? undefined : (kmsKeyId ?? this.controlPlane.kmsKeyArn);
    return new EfsStorage(this, 'efs', {
      ...options,
      kmsKeyArn: key,
      clusterName: this.config.clusterName,
      vpcId: this.network.vpcId,
      subnetIds: this.network.privateSubnetIds,
      clientSecurityGroupIds: [this.controlPlane.nodesSecurityGroupId],
    });
  }

  /** Book chapter 16's NFS server (`nfs/`): a bastion-module host in the first private subnet, exporting to the nodes' subnets. */
  private addNfsServer(settings: NonNullable<StorageConfig['nfsServer']>): NfsServer {
    const pools = new Set(Object.values(this.config.nodeGroups ?? {}).map((g) => g.subnets ?? 'private'));
    const nodeSubnetCidrs = [
      ...(pools.size === 0 || pools.has('private') ? this.network.privateSubnetCidrs : []),
      ...(pools.has('public') ? this.network.publicSubnetCidrs : []),
    ];
    return new NfsServer(this, 'nfs-server', {
      name: `${this.config.clusterName}-nfs`.slice(0, 56),
      ...settings,
      vpcId: this.network.vpcId,
      vpcCidr: this.network.vpcCidr,
      subnetId: this.network.privateSubnetIds[0],
      nodeSubnetCidrs,
      clientSecurityGroupIds: [this.controlPlane.nodesSecurityGroupId],
    });
  }

  /**
   * What the EBS CSI driver's role needs on the customer managed keys of the storage classes
   * (https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html): grants for EC2 to attach the
   * volumes, and the key operations of creating them. None with the AWS managed key.
   */
  private ebsVolumeKeyStatements(): PolicyStatement[] {
    const classes = this.config.storage?.classes;
    if (!classes) return [];
    const keys = [...new Set(Object.values(classes).map((c) => ebsClassKeyArn(c, this.controlPlane.kmsKeyArn)).filter((k): k is string => k !== undefined))];
    if (keys.length === 0) return [];
    return [
      {
        sid: 'EbsVolumeKeyGrants',
        actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        resources: keys,
        conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
      },
      { sid: 'EbsVolumeKeyUse', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], resources: keys },
    ];
  }

  /** How a role for service accounts is trusted: its `mechanism` (else `workloadIdentity`) and what that mechanism needs. */
  private roleIdentity(mechanism: WorkloadIdentityMechanism | undefined): ServiceAccountRoleIdentity {
    return { mechanism: mechanism ?? this.workloadIdentity, oidcProvider: this.oidcProvider, clusterName: this.controlPlane.clusterName, podIdentityAgent: this.podIdentityAgent };
  }

  /** Adds a role for Kubernetes service accounts (its settings as under `serviceAccountRoles.<key>`). */
  addServiceAccountRole(key: string, settings: ServiceAccountRoleSettings): ServiceAccountRole {
    return new ServiceAccountRole(this, `service-account-role-${key}`, {
      ...settings,
      roleName: settings.roleName ?? `${this.config.clusterName}-${key}`.slice(0, 64),
      ...this.roleIdentity(settings.mechanism),
    });
  }

  /** Adds an access entry and its access policies (its settings as under `accessEntries.<name>`). */
  addAccessEntry(entryName: string, settings: AccessEntrySettings): ClusterAccessEntry {
    return inConfig(
      ['accessEntries', entryName],
      () =>
        new ClusterAccessEntry(this, `access-entry-${entryName}`, {
          ...settings,
          // The configuration schema has checked the policy names against the table.
          policies: settings.policies as AccessPolicyAssociationOptions[] | undefined,
          cluster: this.controlPlane,
        }),
    );
  }

  /** The role of self-managed nodes, apart from the managed groups' role (EKS makes its own access entry for that one). */
  private selfManagedNodeRole(): NodeRole {
    const name = this.config.clusterName;
    this.selfManagedRole ??= inConfig(
      ['nodeRole'],
      () =>
        new NodeRole(this, 'self-managed-nodes', {
          roleName: this.config.nodeRole?.selfManagedRoleName ?? `${name}-self-managed-nodes`,
          extraManagedPolicies: this.config.nodeRole?.extraManagedPolicies,
        }),
      { roleName: 'selfManagedRoleName' },
    );
    return this.selfManagedRole;
  }

  /** The bastion of book chapters 4-5, in the first private (SSM) or public (SSH) subnet, allowed to the API on 443. */
  private addBastion(settings: BastionSettings, config: ResolvedConfig): Bastion {
    const { subnet: _subnet, ...options } = settings;
    const isPublic = bastionSubnet(settings) === 'public';
    if (options.access === 'ssh-generated-key') {
      // tls_private_key needs the tls provider, which only this access mode brings in.
      new TlsProvider(this, 'tls');
    }
    const bastion = new Bastion(this, 'bastion', {
      name: `${config.clusterName}-bastion`,
      ...options,
      vpcId: this.network.vpcId,
      vpcCidr: this.network.vpcCidr,
      subnetId: (isPublic ? this.network.publicSubnetIds : this.network.privateSubnetIds)[0],
      associatePublicIpAddress: isPublic,
      clusterSecurityGroupId: this.controlPlane.clusterSecurityGroupId,
    });
    const warning = sessionManagerWarning(config);
    if (warning) Annotations.of(bastion).addWarning(warning);
    return bastion;
  }

  /** Rules across modules, checked before any node group exists: subnet capacity (the authentication mode is in configuration-checks.ts). */
  private checkNodeGroups(): void {
    const config = this.config;
    const groups = Object.entries(config.nodeGroups ?? {});
    const issues: ValidationIssue[] = [];
    for (const pool of ['private', 'public'] as const) {
      const members: NodeGroupAddresses[] = groups
        .filter(([, g]) => (g.subnets ?? 'private') === pool)
        .map(([n, g]) => ({
          name: n,
          instanceTypes: g.instanceTypes ?? DEFAULT_INSTANCE_TYPES,
          maxSize: g.maxSize ?? DEFAULT_MAX_SIZE,
          maxPods: g.launchTemplate && typeof g.launchTemplate.maxPods === 'number' ? g.launchTemplate.maxPods : undefined,
        }));
      const result = subnetCapacity({
        path: ['network', pool === 'private' ? 'privateSubnetCidrs' : 'publicSubnetCidrs'],
        cidrs: pool === 'private' ? this.network.privateSubnetCidrs : this.network.publicSubnetCidrs,
        groups: members,
        networking: this.podNetworking,
      });
      issues.push(...result.issues);
      for (const w of result.warnings) Annotations.of(this).addWarning(w);
    }
    if (issues.length > 0) throw new ValidationError('configuration', issues);
  }

  private addOutputs(): void {
    const cp = this.controlPlane;
    const outputs: Record<string, { value: unknown; description: string }> = {
      cluster_name: { value: cp.clusterName, description: 'EKS cluster name' },
      cluster_endpoint: { value: cp.clusterEndpoint, description: 'Kubernetes API server endpoint' },
      cluster_certificate_authority_data: { value: cp.certificateAuthorityData, description: 'Base64 PEM of the cluster certificate authority' },
      cluster_oidc_issuer_url: { value: cp.oidcIssuerUrl, description: 'OpenID Connect issuer URL, for IRSA' },
      cluster_security_group_id: { value: cp.clusterSecurityGroupId, description: 'Security group EKS created for the cluster' },
      node_role_arn: { value: this.nodeRole.roleArn, description: 'IAM role of the managed nodes' },
      vpc_id: { value: this.network.vpcId, description: 'VPC of the cluster' },
      private_subnet_ids: { value: this.network.privateSubnetIds, description: 'Private subnets (nodes, control plane ENIs)' },
      public_subnet_ids: { value: this.network.publicSubnetIds, description: 'Public subnets (NAT gateways, internet-facing load balancers)' },
      kubeconfig_command: {
        value: `aws eks update-kubeconfig --region ${this.region} --name ${cp.clusterName}`,
        description: 'Adds the cluster to ~/.kube/config',
      },
    };
    Object.assign(outputs, this.bastionOutputs(), this.identityOutputs(), this.storageOutputs(), this.controllerOutputs(), this.registryOutputs());
    for (const [id, o] of Object.entries(outputs)) new TerraformOutput(this, id, o);
  }
  private identityOutputs(): Record<string, { value: unknown; description: string }> {
    const outputs: Record<string, { value: unknown; description: string }> = {};
    if (this.oidcProvider) outputs.oidc_provider_arn = { value: this.oidcProvider.providerArn, description: 'IAM OIDC provider of the cluster (IRSA)' };
    const roles: Record<string, string> = {};
    for (const [key, role] of Object.entries(this.serviceAccountRoles)) roles[key] = role.roleArn;
    for (const [name, addon] of Object.entries(this.addons)) if (addon.serviceAccountRole) roles[`addon-${name}`] = addon.serviceAccountRole.roleArn;
    const controllers = this.controllers ?? {};
    if (controllers.awsLoadBalancerController) roles['controller-aws-load-balancer-controller'] = controllers.awsLoadBalancerController.role.roleArn;
    if (controllers.clusterAutoscaler) roles['controller-cluster-autoscaler'] = controllers.clusterAutoscaler.role.roleArn;
    if (controllers.karpenter) roles['controller-karpenter'] = controllers.karpenter.controllerRole.roleArn;
    if (controllers.vpcLattice) roles['controller-vpc-lattice'] = controllers.vpcLattice.role.roleArn;
    if (this.application?.role) roles.application = this.application.role.role.roleArn;
    if (controllers.ackS3Controller) roles['controller-ack-s3-controller'] = controllers.ackS3Controller.role.roleArn;
    if (Object.keys(roles).length > 0) {
      outputs.service_account_role_arns = { value: roles, description: 'Roles for service accounts by key (add-ons as addon-<name>, controllers as controller-<name>)' };
    }
    return outputs;
  }

  private registryOutputs(): Record<string, { value: unknown; description: string }> {
    if (!this.registry) return {};
    return {
      // The book and seed 001 build image references by hand from the account ID and region.
      ecr_repository_urls: { value: this.registry.repositoryUrls, description: 'ECR repository URLs by name, for image references and docker push' },
      ecr_push_group_name: { value: this.registry.pushGroupName, description: 'IAM group whose members may push to the repositories (add the CI user)' },
      ecr_login_command: {
        value: `aws ecr get-login-password --region ${this.region} | docker login --username AWS --password-stdin ${Fn.element(Fn.split('/', Object.values(this.registry.repositoryUrls)[0]), 0)}`,
        description: 'Logs docker in to the registry (book chapter 12)',
      },
    };
  }

  private storageOutputs(): Record<string, { value: unknown; description: string }> {
    const outputs: Record<string, { value: unknown; description: string }> = {};
    if (this.efs) {
      // The book reads the ID from terraform.tfstate and edits it into its StorageClass.
      outputs.efs_file_system_id = { value: this.efs.fileSystemId, description: 'EFS file system (the EFS StorageClass\'s fileSystemId)' };
    }
    if (this.nfsServer) {
      outputs.nfs_server_private_ip = { value: this.nfsServer.privateIp, description: 'NFS server address (the NFS StorageClass\'s server)' };
      outputs.nfs_server_instance_id = { value: this.nfsServer.instanceId, description: 'NFS server instance, for SSM Session Manager' };
    }
    return outputs;
  }

  private controllerOutputs(): Record<string, { value: unknown; description: string }> {
    const outputs: Record<string, { value: unknown; description: string }> = {};
    const { karpenter, vpcLattice } = this.controllers ?? {};
    if (karpenter) outputs.karpenter_node_role_name = { value: karpenter.nodeRole.roleName, description: 'Role of the nodes Karpenter launches (EC2NodeClass role)' };
    if (karpenter?.queueName) outputs.karpenter_interruption_queue_name = { value: karpenter.queueName, description: "Karpenter's interruption queue (settings.interruptionQueue)" };
    if (vpcLattice?.serviceNetwork) outputs.vpc_lattice_service_network_id = { value: vpcLattice.serviceNetwork.id, description: 'VPC Lattice service network associated with the VPC' };
    return outputs;
  }

  private bastionOutputs(): Record<string, { value: unknown; description: string; sensitive?: boolean }> {
    const bastion = this.bastion;
    if (!bastion) return {};
    const outputs: Record<string, { value: unknown; description: string; sensitive?: boolean }> = {
      bastion_instance_id: { value: bastion.instanceId, description: 'Bastion host instance' },
      bastion_security_group_id: { value: bastion.securityGroupId, description: 'Security group of the bastion host' },
    };
    if (bastion.access === 'ssm') {
      const host = Fn.replace(this.controlPlane.clusterEndpoint, 'https://', '');
      const parameters = `'{"host":["${host}"],"portNumber":["443"],"localPortNumber":["8443"]}'`;
      outputs.bastion_port_forward_command = {
        value: `aws ssm start-session --region ${this.region} --target ${bastion.instanceId} --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters ${parameters}`,
        description: 'Forwards localhost:8443 to the private API endpoint through the bastion (SSM Session Manager)',
      };
    } else {
      outputs.bastion_public_ip = { value: bastion.publicIp, description: 'Public IP of the bastion host (SSH)' };
    }
    if (bastion.privateKeyOpenssh) {
      outputs.bastion_ssh_private_key = {
        value: bastion.privateKeyOpenssh,
        description: 'Generated SSH private key of the bastion (it is stored in the Terraform state)',
        sensitive: true,
      };
    }
    return outputs;
  }
}
