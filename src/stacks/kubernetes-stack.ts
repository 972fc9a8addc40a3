// Seed 001 "Kubernetes configuration": the second Terraform code base, in its own stack and state
// (and its own Terraform Cloud workspace), with the kubernetes and helm providers authenticated to
// the cluster from the AWS stack's outputs, which CDKTF passes through terraform_remote_state.
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Annotations, Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/schema';
import { AwsAuth } from '../kubernetes/aws-auth';
import { HelmChart, HelmChartProps } from '../kubernetes/helm-chart';
import { ManifestsChart, ManifestsChartProps } from '../kubernetes/manifests-chart';
import { documentationAccountWarning } from '../controlplane/private/access-config';
import { ephemeralClusterAuthToken } from '../kubernetes/private/ephemeral-cluster-auth';
import { KubernetesAuthMode } from '../kubernetes/private/schema';
import { NfsCsiDriver } from '../kubernetes/nfs-csi-driver';
import { StorageClass } from '../kubernetes/storage-class';
import { ebsClassKeyArn } from '../storage/private/classes';
import { EBS_PROVISIONER, EFS_PROVISIONER, NFS_PROVISIONER, NFS_SERVER_MOUNT_PERMISSIONS, StorageClassSettings } from '../storage/private/schema';
import { KubernetesRbac } from '../kubernetes/rbac';
import { inConfig } from '../private/in-config';
import { clusterTags, type EksCluster } from '../cluster/eks-cluster';
import { addBackend } from './backend';
import type { Application } from '../application/application';
import { addControllers, type Controllers, waitForLoadBalancerController } from './kubernetes-controllers';
import type { Workloads } from '../workloads/workloads';
import { ReadableIdStack } from './readable-ids';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { addWorkloads } from './kubernetes-workloads';
import { addApplication } from './kubernetes-application';

export interface KubernetesStackProps {
  readonly config: ResolvedConfig;
  /** The cluster, in its AWS stack: its attributes (CDKTF passes them through that stack's outputs) configure the providers and the resources. */
  readonly cluster: EksCluster;
}

/** How the providers reach the API: endpoint and CA from the AWS stack, a token per `auth` mode. */
interface Connection {
  readonly host: string;
  readonly clusterCaCertificate: string;
  readonly token?: string;
  readonly exec?: { apiVersion: string; command: string; args: string[] };
}

/** Kubernetes and Helm resources of one cluster, applied after the AWS stack. */
export class KubernetesStack extends ReadableIdStack {
  readonly kubernetesProvider: KubernetesProvider;
  readonly authMode: KubernetesAuthMode;
  readonly awsAuth?: AwsAuth;
  /** StorageClasses (`storage.classes`), by name. */
  readonly storageClasses: Readonly<Record<string, StorageClass>>;
  /** The NFS CSI driver's Helm release (`storage.nfsCsiDriver`). */
  readonly nfsCsiDriver?: NfsCsiDriver;
  /** Roles and bindings of `kubernetes.rbac` (book chapter 9 readonly-binding.yml). */
  readonly rbac?: KubernetesRbac;
  /** The controllers of the `controllers` section, when configured. */
  readonly controllers?: Controllers;
  /** Namespaces, Pods, Deployments, ReplicaSets and Services of `kubernetes.workloads`, when configured. */
  readonly workloads?: Workloads;
  /** Seed 001's application (`application`), when configured. */
  readonly application?: Application;
  private readonly connection: Connection;
  private helm?: HelmProvider;

  constructor(scope: Construct, id: string, props: KubernetesStackProps) {
    // The AWS stack reports the suppressions that accept nothing; this one shares them.
    super(scope, id, { ...props.config.securityRules, reportUnusedSuppressions: false });
    const { config, cluster } = props;
    const settings = config.kubernetes ?? {};
    addBackend(this, config.backend, { clusterName: config.clusterName, stackId: 'kubernetes', primary: false }, config.region);

    // Terraform Cloud runs have no AWS CLI for `aws eks get-token`: they read a token instead.
    this.authMode = settings.auth ?? (config.backend.type === 'cloud' ? 'token' : 'exec');
    const cp = cluster.controlPlane;
    let credentials: Pick<Connection, 'token' | 'exec'>;
    if (this.authMode === 'token') {
      // The AWS provider only for this mode: the default Kubernetes stack has none.
      new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags: clusterTags(config.clusterName, config.tags) }], ...(config.skipRegionValidation ? { skipRegionValidation: true } : {}) });
      // Fetched at apply as well as at plan (Terraform >= 1.10), not read once at plan time.
      credentials = { token: ephemeralClusterAuthToken(this, 'cluster_auth', cp.clusterName) };
    } else {
      credentials = {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: ['eks', 'get-token', '--cluster-name', cp.clusterName, '--region', config.region, '--output', 'json'],
        },
      };
    }
    this.connection = {
      host: cp.clusterEndpoint,
      clusterCaCertificate: Fn.base64decode(cp.certificateAuthorityData),
      ...credentials,
    };
    this.kubernetesProvider = new KubernetesProvider(this, 'kubernetes', {
      host: this.connection.host,
      clusterCaCertificate: this.connection.clusterCaCertificate,
      ...(this.connection.token ? { token: this.connection.token } : {}),
      ...(this.connection.exec ? { exec: [this.connection.exec] } : {}),
    });

    if (settings.awsAuth) {
      // EKS writes aws-auth (for managed node groups) only when access entries are off.
      const create = settings.awsAuth.create ?? cp.authenticationMode === 'API_AND_CONFIG_MAP';
      // Principals of `iamPrincipals` by name: their ARNs from the AWS stack (the configuration checks made sure they exist).
      const principals = cluster.iamPrincipals;
      const mapRoles = (settings.awsAuth.mapRoles ?? []).map(({ iamRole, rolearn, ...m }) => ({ rolearn: rolearn ?? principals!.roles[iamRole!].arn, ...m }));
      const mapUsers = (settings.awsAuth.mapUsers ?? []).map(({ iamUser, userarn, ...m }) => ({ userarn: userarn ?? principals!.users[iamUser!].arn, ...m }));
      this.awsAuth = new AwsAuth(this, 'aws-auth', { ...settings.awsAuth, mapRoles, mapUsers, create, nodeRoleArns: cluster.nodeRoleArns });
      [...(settings.awsAuth.mapRoles ?? []).map((m, i) => [`mapRoles.${i}.rolearn`, m.rolearn] as const), ...(settings.awsAuth.mapUsers ?? []).map((m, i) => [`mapUsers.${i}.userarn`, m.userarn] as const)]
        .map(([field, arn]) => documentationAccountWarning(`'kubernetes.awsAuth.${field}'`, arn))
        .forEach((w) => w && Annotations.of(this.awsAuth!).addWarning(w));
    }
    if (settings.rbac) {
      this.rbac = inConfig(['kubernetes', 'rbac'], () => new KubernetesRbac(this, 'rbac', settings.rbac!));
    }
    for (const warning of groupWarnings(config)) Annotations.of(this).addWarning(warning);
    if (config.controlPlane?.accessConfig?.bootstrapClusterCreatorAdminPermissions === false) {
      Annotations.of(this).addWarning(
        `The kubernetes stack authenticates as the identity running Terraform, which gets no cluster access with 'bootstrapClusterCreatorAdminPermissions' false: give it an access entry with AmazonEKSClusterAdminPolicy in 'accessEntries', or the stack cannot apply`,
      );
    }
    const storage = config.storage ?? {};
    if (storage.nfsCsiDriver) {
      this.nfsCsiDriver = new NfsCsiDriver(this, 'nfs-csi-driver', { ...storage.nfsCsiDriver, provider: this.helmProvider });
    }
    const classes: Record<string, StorageClass> = {};
    for (const [name, classSettings] of Object.entries(storage.classes ?? {})) classes[name] = this.addStorageClass(name, classSettings, cluster);
    this.storageClasses = classes;
    if (config.controllers) {
      this.controllers = addControllers(this, cluster, config);
    }
    // After the controllers, whose releases the workloads wait for.
    if (settings.workloads) this.workloads = addWorkloads(this, cluster, config);
    // After the controllers: its Ingress and secrets volume wait for their releases.
    if (config.application) this.application = addApplication(this, cluster, config);
    const lbc = this.controllers?.awsLoadBalancerController;
    if (lbc) waitForLoadBalancerController(this, lbc.chart.release);
  }


  /**
   * Adds a StorageClass (its settings as under `storage.classes.<name>`); what the book edits in
   * by hand comes from the AWS stack: the EFS file system ID, the NFS server's address and
   * export, the cluster's KMS key for EBS volumes.
   */
  addStorageClass(name: string, settings: StorageClassSettings, cluster: EksCluster): StorageClass {
    const fromAws: Record<string, string> = {};
    if (settings.provisioner === EBS_PROVISIONER) {
      const key = ebsClassKeyArn(settings, cluster.controlPlane.kmsKeyArn);
      if (key) fromAws.kmsKeyId = key;
    } else if (settings.provisioner === EFS_PROVISIONER && cluster.efs) {
      fromAws.fileSystemId = cluster.efs.fileSystemId;
    } else if (settings.provisioner === NFS_PROVISIONER && cluster.nfsServer) {
      fromAws.server = cluster.nfsServer.privateIp;
      fromAws.share = cluster.nfsServer.exportPath;
      // That server squashes root on a share owned by nobody: volumes writable by the pods' users.
      if (settings.parameters?.server === undefined) fromAws.mountPermissions = NFS_SERVER_MOUNT_PERMISSIONS;
    }
    return new StorageClass(this, `storage-class-${name}`, { ...settings, name, parameters: { ...fromAws, ...(settings.parameters ?? {}) } });
  }

  /** Installs a Helm chart (pinned version, typed values), creating the helm provider on first use. */
  addHelmChart(id: string, props: HelmChartProps): HelmChart {
    void this.helmProvider;
    return new HelmChart(this, id, props);
  }

  /** Installs custom resources as a local chart (see ManifestsChart), after `dependsOn`. */
  addManifests(id: string, props: ManifestsChartProps): ManifestsChart {
    void this.helmProvider;
    return new ManifestsChart(this, id, props);
  }

  /** The helm provider, created the first time a chart is installed (a stack without charts needs none). */
  get helmProvider(): HelmProvider {
    this.helm ??= new HelmProvider(this, 'helm', {
      kubernetes: {
        host: this.connection.host,
        clusterCaCertificate: this.connection.clusterCaCertificate,
        ...(this.connection.token ? { token: this.connection.token } : {}),
        ...(this.connection.exec ? { exec: this.connection.exec } : {}),
      },
    });
    return this.helm;
  }
}

/**
 * Groups that grant nothing: bound in `kubernetes.rbac` while no access entry or aws-auth mapping
 * puts anyone in them, or given to principals while `kubernetes.rbac` binds them nowhere.
 */
export function groupWarnings(config: ResolvedConfig): string[] {
  const rbac = config.kubernetes?.rbac;
  if (!rbac) return [];
  const members = new Map<string, string>();
  for (const [name, entry] of Object.entries(config.accessEntries ?? {})) for (const g of entry.kubernetesGroups ?? []) members.set(g, `'accessEntries.${name}'`);
  const awsAuth = config.kubernetes?.awsAuth;
  for (const m of [...(awsAuth?.mapRoles ?? []), ...(awsAuth?.mapUsers ?? [])]) for (const g of m.groups ?? []) members.set(g, `the aws-auth mapping of ${m.username}`);
  const bound = new Map<string, string>();
  for (const [kind, bindings] of [['clusterRoleBindings', rbac.clusterRoleBindings], ['roleBindings', rbac.roleBindings]] as const) {
    for (const [name, b] of Object.entries(bindings ?? {})) for (const g of b.groups ?? []) bound.set(g, `'kubernetes.rbac.${kind}.${name}'`);
  }
  const warnings: string[] = [];
  for (const [group, where] of bound) {
    if (!members.has(group) && !group.startsWith('system:')) warnings.push(`Group ${group} is bound by ${where}, but no access entry or aws-auth mapping puts anyone in it`);
  }
  for (const [group, where] of members) {
    if (!bound.has(group) && !group.startsWith('system:')) warnings.push(`Group ${group} of ${where} has no binding in 'kubernetes.rbac': it grants nothing unless bound elsewhere`);
  }
  return warnings;
}
