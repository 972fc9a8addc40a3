// No book module: VPC endpoints that let a private cluster without a NAT gateway reach AWS
// (https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html). ClusterNetwork loads
// this file only when endpoints are configured.
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { GATEWAY_ENDPOINT_SERVICES, VpcEndpointService } from './private/schema';

export interface VpcEndpointsProps {
  /** Cluster the VPC belongs to; names the security group. */
  readonly clusterName: string;
  /** Region of the VPC, part of every service name (`com.amazonaws.<region>.<service>`). */
  readonly region: string;
  readonly vpcId: string;
  /** Block admitted on 443 by the interface endpoints' security group. */
  readonly vpcCidr: string;
  /** Services to reach privately. */
  readonly services: readonly VpcEndpointService[];
  /** Subnets of the interface endpoints' network interfaces, one per zone (the private subnets). */
  readonly subnetIds: string[];
  /** Route tables that get the gateway endpoints' routes (the private ones). */
  readonly routeTableIds: string[];
  /** Tags on every endpoint and the security group. @default {} */
  readonly tags?: Record<string, string>;
}

/** Gateway endpoints on the private route tables, interface endpoints with private DNS in the private subnets. */
export class VpcEndpoints extends Construct {
  /** Endpoint IDs by service. */
  readonly endpointIds: Readonly<Partial<Record<VpcEndpointService, string>>>;
  /** Security group of the interface endpoints; undefined when there are only gateway endpoints. */
  readonly securityGroupId?: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const interfaces = props.services.filter((s) => !GATEWAY_ENDPOINT_SERVICES.includes(s));

    if (interfaces.length > 0) {
      // Interface endpoints answer HTTPS only; nothing leaves them, so the group has no egress rule
      // (Terraform removes AWS's default allow-all egress from every aws_security_group).
      const group = new SecurityGroup(this, 'security-group', {
        name: `${props.clusterName}-vpc-endpoints`,
        description: 'Interface VPC endpoints: HTTPS from the VPC',
        vpcId: props.vpcId,
        tags: { ...tags, Name: `${props.clusterName}-vpc-endpoints` },
      });
      new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
        securityGroupId: group.id,
        description: 'HTTPS from the VPC to the AWS service endpoints',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: props.vpcCidr,
      });
      this.securityGroupId = group.id;
    }

    const ids: Partial<Record<VpcEndpointService, string>> = {};
    for (const service of props.services) {
      const gateway = GATEWAY_ENDPOINT_SERVICES.includes(service);
      const endpoint = new VpcEndpoint(this, service.replace(/\./g, '-'), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: gateway ? 'Gateway' : 'Interface',
        ...(gateway
          ? { routeTableIds: props.routeTableIds }
          : { subnetIds: props.subnetIds, securityGroupIds: [this.securityGroupId!], privateDnsEnabled: true }),
        tags: { ...tags, Name: `${props.clusterName}-${service}` },
      });
      ids[service] = endpoint.id;
    }
    this.endpointIds = ids;
  }
}
