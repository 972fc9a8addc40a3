// chapter14-alb control-plane/oidc.tf (`MyAmazonEKSLoadBalancerControllerRole`) with the policy of
// data-plane/nodes/policy.tf: the AWS side of the AWS Load Balancer Controller. The book attaches
// the policy to the node role and opens IMDS to pods (IMDSv1, hop limit 2), so every pod on a node
// could manage load balancers, security groups and WAF; here only the controller's service
// account gets it, through IRSA or Pod Identity, and the nodes keep IMDSv2 with hop limit 1.
import { Construct } from 'constructs';
import { ServiceAccountRef, ServiceAccountRole } from '../../oidc/service-account-role';
import { partitionOf } from '../../private/aws';
import { ControllerIdentity, fromIamJson } from '../private/iam';
import { CONTROLLER_ACCOUNTS } from '../private/schema';
import { LBC_POLICY_STATEMENTS } from './iam-policy';

export interface LoadBalancerControllerRoleProps {
  /** Name of the role (book: `MyAmazonEKSLoadBalancerControllerRole`). */
  readonly roleName: string;
  /** IRSA or Pod Identity, and what the mechanism needs. */
  readonly identity: ControllerIdentity;
  /** The controller's service account. @default kube-system/aws-load-balancer-controller */
  readonly serviceAccount?: ServiceAccountRef;
  /** Customer managed policies attached instead of the upstream policy. @default none: the upstream policy */
  readonly policyArns?: string[];
}

/** The controller's IAM role with the upstream policy (LBC_POLICY_SOURCE), for its service account only. */
export class LoadBalancerControllerRole extends Construct {
  readonly role: ServiceAccountRole;
  readonly serviceAccount: ServiceAccountRef;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerRoleProps) {
    super(scope, id);
    this.serviceAccount = props.serviceAccount ?? CONTROLLER_ACCOUNTS.awsLoadBalancerController;
    this.role = new ServiceAccountRole(this, 'controller', {
      ...props.identity,
      roleName: props.roleName,
      serviceAccounts: [this.serviceAccount],
      ...(props.policyArns ? { policyArns: props.policyArns } : { policyStatements: fromIamJson(LBC_POLICY_STATEMENTS, partitionOf(this)) }),
    });
  }
}
