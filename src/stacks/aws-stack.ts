// The book's root main.tf: provider, backend and the network, control plane and node modules,
// plus the outputs the book forgets.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';
import type { NodeGroupSettings, ResolvedConfig } from '../config/schema';
import { ControlPlane } from '../controlplane/control-plane';
import { ClusterNetwork } from '../dataplane/network/cluster-network';
import { VpcFlowLogs } from '../dataplane/network/flow-logs';
import { ManagedNodeGroup } from '../dataplane/nodes/managed-node-group';
import { NodeRole } from '../dataplane/nodes/node-role';
import { addBackend } from './backend';
import { ReadableIdStack } from './readable-ids';

/** Tag every resource carries, through the provider's default_tags. */
export const MANAGED_BY_TAG = { 'managed-by': 'cdktf' };

export interface AwsStackProps {
  readonly config: ResolvedConfig;
  /** The day Kubernetes versions are checked against. @default today */
  readonly today?: Date;
}

/** The AWS infrastructure of one cluster: VPC, EKS control plane, node role and node groups. */
export class AwsStack extends ReadableIdStack {
  readonly network: ClusterNetwork;
  /** VPC flow logs, unless `network.flowLogs.enabled` is false. */
  readonly flowLogs?: VpcFlowLogs;
  readonly controlPlane: ControlPlane;
  readonly nodeRole: NodeRole;
  readonly nodeGroups: Readonly<Record<string, ManagedNodeGroup>>;
  readonly region: string;

  constructor(scope: Construct, id: string, props: AwsStackProps) {
    super(scope, id);
    const config = props.config;
    const name = config.clusterName;
    this.region = config.region;

    addBackend(this, config.backend, `${name}-${id}`, config.region);
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: { cluster: name, ...MANAGED_BY_TAG, ...(config.tags ?? {}) } }],
    });

    const { flowLogs, ...networkSettings } = config.network ?? {};
    this.network = inConfig(['network'], () =>
      new ClusterNetwork(this, 'network', { ...networkSettings, clusterName: name, region: config.region }),
    );
    this.controlPlane = inConfig(['controlPlane'], () =>
      new ControlPlane(this, 'control-plane', {
        ...config.controlPlane,
        clusterName: name,
        clusterVersion: config.clusterVersion,
        region: config.region,
        subnetIds: this.network.privateSubnetIds,
        vpcCidr: this.network.vpcCidr,
        today: props.today,
      }),
    );
    if (flowLogs?.enabled ?? true) {
      const { enabled: _enabled, ...flowLogOptions } = flowLogs ?? {};
      this.flowLogs = new VpcFlowLogs(this, 'flow-logs', {
        ...flowLogOptions,
        clusterName: name,
        vpcId: this.network.vpcId,
        kmsKeyArn: this.controlPlane.kmsKeyArn,
      });
    }
    this.nodeRole = inConfig(['nodeRole'], () =>
      new NodeRole(this, 'nodes', { roleName: `${name}-nodes`, ...config.nodeRole }),
    );
    const groups: Record<string, ManagedNodeGroup> = {};
    for (const [groupName, settings] of Object.entries(config.nodeGroups ?? {})) {
      groups[groupName] = inConfig(['nodeGroups', groupName], () => this.addNodeGroup(groupName, settings));
    }
    this.nodeGroups = groups;

    this.addOutputs();
  }

  /** Adds a managed node group using the stack's node role; `subnets` picks private (default) or public subnets. */
  addNodeGroup(groupName: string, settings: NodeGroupSettings): ManagedNodeGroup {
    const { subnets, ...options } = settings;
    return new ManagedNodeGroup(this, `node-group-${groupName}`, {
      ...options,
      cluster: this.controlPlane,
      nodeName: groupName,
      nodeRole: this.nodeRole,
      subnetIds: subnets === 'public' ? this.network.publicSubnetIds : this.network.privateSubnetIds,
    });
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
    for (const [id, o] of Object.entries(outputs)) new TerraformOutput(this, id, o);
  }
}

/** Props that come from the top of the configuration rather than from the module's section. */
const TOP_LEVEL_PROPS: Readonly<Record<string, string[]>> = {
  clusterName: ['clusterName'],
  clusterVersion: ['clusterVersion'],
  region: ['region'],
};

/**
 * Runs a module constructor; the paths in its validation errors become configuration paths
 * (`minSize` of node group `default` is reported as `nodeGroups.default.minSize`).
 */
function inConfig<T>(section: string[], build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError(
      'configuration',
      e.issues.map((i) => {
        const [head, ...rest] = i.path;
        const top = typeof head === 'string' ? TOP_LEVEL_PROPS[head] : undefined;
        return { ...i, path: top ? [...top, ...rest] : [...section, ...i.path] };
      }),
    );
  }
}
