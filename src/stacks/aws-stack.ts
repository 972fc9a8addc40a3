// The book's root main.tf: the AWS provider, the backend and one EksCluster (the network,
// control plane and node modules), plus the outputs the book forgets.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { clusterTags, EksCluster, needsTlsProvider } from '../cluster/eks-cluster';
import type { ResolvedConfig } from '../config/schema';
import { addBackend, localStatePath } from './backend';
import { HIDDEN_ID, ReadableIdStack } from './readable-ids';

export { MANAGED_BY_TAG } from '../cluster/eks-cluster';

export interface AwsStackProps {
  readonly config: ResolvedConfig;
  /** The day Kubernetes versions are checked against. @default today */
  readonly today?: Date;
}

type Outputs = Record<string, { value: unknown; description: string; sensitive?: boolean }>;

/** The AWS infrastructure of one cluster: its provider, its backend, the EksCluster and the outputs. */
export class AwsStack extends ReadableIdStack {
  /**
   * The cluster, with the id HIDDEN_ID ("Default"), which readable addresses leave out
   * (`aws_eks_cluster.control_plane_cluster`, as before the construct existed).
   */
  readonly cluster: EksCluster;
  readonly region: string;

  constructor(scope: Construct, id: string, props: AwsStackProps) {
    super(scope, id, props.config.securityRules);
    const { backend, ...settings } = props.config;
    this.region = settings.region;
    // The state of the cluster's AWS side, named after the cluster and the stack's role.
    const stateOwner = { clusterName: settings.clusterName, stackId: 'aws', primary: true };
    addBackend(this, backend, stateOwner, settings.region);
    new AwsProvider(this, 'aws', { region: settings.region, defaultTags: [{ tags: clusterTags(settings.clusterName, settings.tags) }], ...(settings.skipRegionValidation ? { skipRegionValidation: true } : {}) });
    // The book's tls_certificate lookup and the bastion's generated key bring in the tls provider.
    if (needsTlsProvider(settings)) new TlsProvider(this, 'tls');
    this.cluster = new EksCluster(this, HIDDEN_ID, { ...settings, today: props.today });
    // Terraform reads the mode the cluster has now from a local state at plan time and refuses a
    // backward change; remote states cannot be read before they exist (docs/access.md, "Changing the mode").
    const stateFile = localStatePath(backend, stateOwner);
    if (stateFile) this.cluster.controlPlane.guardAccessConfigTransitions(stateFile);
    this.addOutputs();
  }

  private addOutputs(): void {
    const cp = this.cluster.controlPlane;
    const outputs: Outputs = {
      cluster_name: { value: cp.clusterName, description: 'EKS cluster name' },
      cluster_endpoint: { value: cp.clusterEndpoint, description: 'Kubernetes API server endpoint' },
      cluster_certificate_authority_data: { value: cp.certificateAuthorityData, description: 'Base64 PEM of the cluster certificate authority' },
      cluster_oidc_issuer_url: { value: cp.oidcIssuerUrl, description: 'OpenID Connect issuer URL, for IRSA' },
      cluster_security_group_id: { value: cp.clusterSecurityGroupId, description: 'Security group EKS created for the cluster' },
      node_role_arn: { value: this.cluster.nodeRole.roleArn, description: 'IAM role of the managed nodes' },
      vpc_id: { value: this.cluster.network.vpcId, description: 'VPC of the cluster' },
      private_subnet_ids: { value: this.cluster.network.privateSubnetIds, description: 'Private subnets (nodes, control plane ENIs)' },
      public_subnet_ids: { value: this.cluster.network.publicSubnetIds, description: 'Public subnets (NAT gateways, internet-facing load balancers)' },
      kubeconfig_command: {
        value: `aws eks update-kubeconfig --region ${this.region} --name ${cp.clusterName}`,
        description: 'Adds the cluster to ~/.kube/config',
      },
    };
    const secrets = this.cluster.application?.secrets;
    if (secrets) {
      outputs.application_secret_arns = { value: secrets.secretArns, description: 'Secrets created for the application, without a value: set it with aws secretsmanager put-secret-value' };
    }
    Object.assign(outputs, this.bastionOutputs(), this.identityOutputs(), this.storageOutputs(), this.controllerOutputs(), this.registryOutputs());
    for (const [id, o] of Object.entries(outputs)) new TerraformOutput(this, id, o);
  }
  private identityOutputs(): Outputs {
    const outputs: Outputs = {};
    if (this.cluster.oidcProvider) outputs.oidc_provider_arn = { value: this.cluster.oidcProvider.providerArn, description: 'IAM OIDC provider of the cluster (IRSA)' };
    const roles: Record<string, string> = {};
    for (const [key, role] of Object.entries(this.cluster.serviceAccountRoles)) roles[key] = role.roleArn;
    for (const [name, addon] of Object.entries(this.cluster.addons)) if (addon.serviceAccountRole) roles[`addon-${name}`] = addon.serviceAccountRole.roleArn;
    const controllers = this.cluster.controllers ?? {};
    if (controllers.awsLoadBalancerController) roles['controller-aws-load-balancer-controller'] = controllers.awsLoadBalancerController.role.roleArn;
    if (controllers.clusterAutoscaler) roles['controller-cluster-autoscaler'] = controllers.clusterAutoscaler.role.roleArn;
    if (controllers.karpenter) roles['controller-karpenter'] = controllers.karpenter.controllerRole.roleArn;
    if (controllers.vpcLattice) roles['controller-vpc-lattice'] = controllers.vpcLattice.role.roleArn;
    if (this.cluster.application?.role) roles.application = this.cluster.application.role.role.roleArn;
    if (controllers.ackS3Controller) roles['controller-ack-s3-controller'] = controllers.ackS3Controller.role.roleArn;
    if (Object.keys(roles).length > 0) {
      outputs.service_account_role_arns = { value: roles, description: 'Roles for service accounts by key (add-ons as addon-<name>, controllers as controller-<name>)' };
    }
    return outputs;
  }

  private registryOutputs(): Outputs {
    if (!this.cluster.registry) return {};
    return {
      // The book and seed 001 build image references by hand from the account ID and region.
      ecr_repository_urls: { value: this.cluster.registry.repositoryUrls, description: 'ECR repository URLs by name, for image references and docker push' },
      ecr_push_group_name: { value: this.cluster.registry.pushGroupName, description: 'IAM group whose members may push to the repositories (add the CI user)' },
      ecr_login_command: {
        value: `aws ecr get-login-password --region ${this.region} | docker login --username AWS --password-stdin ${Fn.element(Fn.split('/', Object.values(this.cluster.registry.repositoryUrls)[0]), 0)}`,
        description: 'Logs docker in to the registry (book chapter 12)',
      },
    };
  }

  private storageOutputs(): Outputs {
    const outputs: Outputs = {};
    if (this.cluster.efs) {
      // The book reads the ID from terraform.tfstate and edits it into its StorageClass.
      outputs.efs_file_system_id = { value: this.cluster.efs.fileSystemId, description: 'EFS file system (the EFS StorageClass\'s fileSystemId)' };
    }
    if (this.cluster.nfsServer) {
      outputs.nfs_server_private_ip = { value: this.cluster.nfsServer.privateIp, description: 'NFS server address (the NFS StorageClass\'s server)' };
      outputs.nfs_server_instance_id = { value: this.cluster.nfsServer.instanceId, description: 'NFS server instance, for SSM Session Manager' };
    }
    return outputs;
  }

  private controllerOutputs(): Outputs {
    const outputs: Outputs = {};
    const { karpenter, vpcLattice } = this.cluster.controllers ?? {};
    if (karpenter) outputs.karpenter_node_role_name = { value: karpenter.nodeRole.roleName, description: 'Role of the nodes Karpenter launches (EC2NodeClass role)' };
    if (karpenter?.queueName) outputs.karpenter_interruption_queue_name = { value: karpenter.queueName, description: "Karpenter's interruption queue (settings.interruptionQueue)" };
    if (vpcLattice?.serviceNetwork) outputs.vpc_lattice_service_network_id = { value: vpcLattice.serviceNetwork.id, description: 'VPC Lattice service network associated with the VPC' };
    return outputs;
  }

  private bastionOutputs(): Outputs {
    const bastion = this.cluster.bastion;
    if (!bastion) return {};
    const outputs: Outputs = {
      bastion_instance_id: { value: bastion.instanceId, description: 'Bastion host instance' },
      bastion_security_group_id: { value: bastion.securityGroupId, description: 'Security group of the bastion host' },
    };
    if (bastion.access === 'ssm') {
      const host = Fn.replace(this.cluster.controlPlane.clusterEndpoint, 'https://', '');
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
