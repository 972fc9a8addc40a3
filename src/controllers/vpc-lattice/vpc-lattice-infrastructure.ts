// chapter20-lattice data-plane/nodes/pod-id.tf and policy.tf, plus what its scripts do with the
// AWS CLI (1-scripts/1-install-controller.sh, 2-create-vpc-lattice.sh): the controller's role,
// ingress from the VPC Lattice managed prefix list (the book adds that rule by hand, outside
// Terraform), and the service network with its association to the cluster's VPC.
import { DataAwsEc2ManagedPrefixList } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpclatticeServiceNetwork } from '@cdktf/provider-aws/lib/vpclattice-service-network';
import { VpclatticeServiceNetworkVpcAssociation } from '@cdktf/provider-aws/lib/vpclattice-service-network-vpc-association';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceAccountRef, ServiceAccountRole } from '../../oidc/service-account-role';
import { partitionOf } from '../../private/aws';
import { ControllerIdentity, fromIamJson } from '../private/iam';
import { CONTROLLER_ACCOUNTS } from '../private/schema';
import { LATTICE_POLICY_STATEMENTS } from './iam-policy';

export interface VpcLatticeInfrastructureProps {
  /** Role name (book: `pod-identity-vpc-lattice-role`). */
  readonly roleName: string;
  /** Pod Identity (the book, and the controller's deploy guide) or IRSA. */
  readonly identity: ControllerIdentity;
  readonly region: string;
  readonly vpcId: string;
  /** The group that identifies the nodes (pods answering Lattice traffic run there). */
  readonly nodesSecurityGroupId: string;
  /**
   * The region's VPC Lattice managed prefix lists (`com.amazonaws.<region>.vpc-lattice`, and the
   * `ipv6` one for IPv6 pods). Required unless `lookupPrefixList`. @default []
   */
  readonly prefixListIds?: string[];
  /**
   * Find the IPv4 list by name with the `aws_ec2_managed_prefix_list` data source instead, which
   * calls `ec2:DescribeManagedPrefixLists` at every plan. @default false
   */
  readonly lookupPrefixList?: boolean;
  /** Service network to create and associate with the VPC (book: `color-app-vpc-lattice-network`). @default none */
  readonly serviceNetworkName?: string;
  /** Customer managed policies attached instead of the upstream policy. @default none: the upstream policy */
  readonly policyArns?: string[];
}

/** The Lattice controller's role, the prefix list rules and the service network. */
export class VpcLatticeInfrastructure extends Construct {
  readonly role: ServiceAccountRole;
  readonly serviceAccount: ServiceAccountRef = CONTROLLER_ACCOUNTS.vpcLattice;
  /** The account ID, which the controller needs when IMDS is out of its reach (hop limit 1). */
  readonly accountId: string;
  readonly serviceNetwork?: VpclatticeServiceNetwork;

  constructor(scope: Construct, id: string, props: VpcLatticeInfrastructureProps) {
    super(scope, id);
    this.role = new ServiceAccountRole(this, 'controller', {
      ...props.identity,
      roleName: props.roleName,
      serviceAccounts: [this.serviceAccount],
      ...(props.policyArns ? { policyArns: props.policyArns } : { policyStatements: fromIamJson(LATTICE_POLICY_STATEMENTS, partitionOf(this)) }),
    });
    this.accountId = Fn.element(Fn.split(':', this.role.roleArn), 4);

    // Lattice reaches the targets from its managed prefix lists, not from the client's addresses
    // (deploy guide: "allow traffic from the VPC Lattice managed prefix lists", all protocols).
    const lists = [...(props.prefixListIds ?? [])];
    if (props.lookupPrefixList) {
      lists.push(new DataAwsEc2ManagedPrefixList(this, 'prefix-list', { name: `com.amazonaws.${props.region}.vpc-lattice` }).id);
    }
    lists.forEach((prefixListId, i) => {
      new VpcSecurityGroupIngressRule(this, `prefix-list-ingress-${i + 1}`, {
        securityGroupId: props.nodesSecurityGroupId,
        prefixListId,
        ipProtocol: '-1',
        description: 'VPC Lattice to the pods behind its services (managed prefix list)',
      });
    });

    if (props.serviceNetworkName) {
      // The book's `aws vpc-lattice create-service-network` and `create-service-network-vpc-association`.
      this.serviceNetwork = new VpclatticeServiceNetwork(this, 'service-network', { name: props.serviceNetworkName, authType: 'NONE' });
      new VpclatticeServiceNetworkVpcAssociation(this, 'service-network-vpc-association', {
        serviceNetworkIdentifier: this.serviceNetwork.id,
        vpcIdentifier: props.vpcId,
      });
    }
  }
}
