// The book's root main.tf: provider, backend and the network, control plane and node modules,
// plus the outputs the book forgets.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { Bastion } from '../bastion/bastion';
import { ValidationError } from '../errors';
import type { BastionSettings, NodeGroupSettings, ResolvedConfig } from '../config/schema';
import { ControlPlane, PrivateApiAccess } from '../controlplane/control-plane';
import { ClusterNetwork } from '../dataplane/network/cluster-network';
import { VpcFlowLogs } from '../dataplane/network/flow-logs';
import { ManagedNodeGroup } from '../dataplane/nodes/managed-node-group';
import { NodeRole } from '../dataplane/nodes/node-role';
import { addBackend } from './backend';
import { bastionSubnet, crossSectionIssues, sessionManagerWarning } from './configuration-checks';
import { ReadableIdStack } from './readable-ids';

/** Tag every resource carries, through the provider's default_tags. */
export const MANAGED_BY_TAG = { 'managed-by': 'cdktf' };

export interface AwsStackProps {
  readonly config: ResolvedConfig;
  /** The day Kubernetes versions are checked against. @default today */
  readonly today?: Date;
}

/** The AWS infrastructure of one cluster: VPC, EKS control plane, node role, node groups and an optional bastion. */
export class AwsStack extends ReadableIdStack {
  readonly network: ClusterNetwork;
  /** VPC flow logs, unless `network.flowLogs.enabled` is false. */
  readonly flowLogs?: VpcFlowLogs;
  readonly controlPlane: ControlPlane;
  readonly nodeRole: NodeRole;
  readonly nodeGroups: Readonly<Record<string, ManagedNodeGroup>>;
  /** The bastion host, when the configuration has one. */
  readonly bastion?: Bastion;
  readonly region: string;

  constructor(scope: Construct, id: string, props: AwsStackProps) {
    super(scope, id);
    const config = props.config;
    const name = config.clusterName;
    this.region = config.region;
    const crossSection = crossSectionIssues(config);
    if (crossSection.length > 0) throw new ValidationError('configuration', crossSection);
    const { subnets: controlPlaneSubnets = 'private', ...controlPlaneOptions } = config.controlPlane ?? {};

    addBackend(this, config.backend, { clusterName: name, stackId: id, primary: true }, config.region);
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: { cluster: name, ...MANAGED_BY_TAG, ...(config.tags ?? {}) } }],
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

  /** IAM roles of every kind of node in the stack (for aws-auth and access entries). */
  get nodeRoleArns(): string[] {
    return [this.nodeRole.roleArn];
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

  /** The bastion of book chapters 4-5, in the first private (SSM) or public (SSH) subnet, allowed to the API on 443. */
  private addBastion(settings: BastionSettings, config: ResolvedConfig): Bastion {
    // Loaded only when configured: the default synthesis does not pay for the EC2 classes.
    const { Bastion } = require('../bastion/bastion') as typeof import('../bastion/bastion');
    const { subnet: _subnet, ...options } = settings;
    const isPublic = bastionSubnet(settings) === 'public';
    if (options.access === 'ssh-generated-key') {
      // tls_private_key needs the tls provider, which only this access mode brings in.
      const { TlsProvider } = require('@cdktf/provider-tls/lib/provider') as typeof import('@cdktf/provider-tls/lib/provider');
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
    Object.assign(outputs, this.bastionOutputs());
    for (const [id, o] of Object.entries(outputs)) new TerraformOutput(this, id, o);
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
