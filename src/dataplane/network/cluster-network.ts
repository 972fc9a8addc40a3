// chapter03 data-plane/network/vpc.tf and infra.tf: the customer VPC of the data plane.
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { issue, throwIfIssues, ValidationIssue } from '../../errors';
import { contains, Ipv4Block, overlaps, parseCidr, subBlock } from '../../private/cidr';
import { clusterName, region } from '../../private/names';
import { isUnresolved, props, schemaIssues } from '../../private/validate';
import { defaultAvailabilityZones, isZoneId, regionsWithDerivedZones, zoneProblem } from './private/availability-zones';
import { MAX_PREFIX, NAT_GATEWAY_MODES, networkFields } from './private/schema';

/** How private subnets reach the internet. */
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

/** The book's VPC block (`cidr_blocks["cluster-network"]`). */
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
/** One NAT gateway per zone, so losing a zone does not cut the other zones off the internet. */
export const DEFAULT_NAT_GATEWAYS: NatGatewayMode = 'one-per-az';

export interface ClusterNetworkProps {
  /** Name of the EKS cluster using this network; subnets get the `kubernetes.io/cluster/<name>` tag. */
  readonly clusterName: string;
  /** Region of the VPC; used to derive and check availability zones without an API call. */
  readonly region: string;
  /** `Name` tag of the VPC (book: `vpc_tag`). @default `${clusterName}-vpc` */
  readonly vpcTag?: string;
  /** IPv4 block of the VPC (book: `cidr_blocks["cluster-network"]`). @default "10.0.0.0/16" */
  readonly vpcCidr?: string;
  /**
   * Availability zones, at least two, as zone IDs (`use1-az1`, the same zone in every account) or
   * zone names (`us-east-1a`). @default the first two EKS-supported zone IDs of the region
   */
  readonly availabilityZones?: string[];
  /**
   * Private subnet blocks, one per zone (book: `cidr_blocks["private-subnet-N"]`).
   * @default the VPC split in eight: the first blocks (a /19 each in a /16)
   */
  readonly privateSubnetCidrs?: string[];
  /**
   * Public subnet blocks, one per zone (book: `cidr_blocks["public-subnet-N"]`).
   * @default /24s (in a /16) from the last eighth of the VPC
   */
  readonly publicSubnetCidrs?: string[];
  /** `single` NAT gateway (book) or `one-per-az`. @default "one-per-az" */
  readonly natGateways?: NatGatewayMode;
  /** Give instances launched in public subnets a public IP (book chapter14-pub). @default false */
  readonly mapPublicIpOnLaunch?: boolean;
  /**
   * Tag subnets so that load balancers (`kubernetes.io/role/elb`, `kubernetes.io/role/internal-elb`)
   * and Karpenter (`karpenter.sh/discovery`) find them. @default true
   * @see https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html
   */
  readonly discoveryTags?: boolean;
  /** Take every rule off the VPC's default security group so nothing can use it by accident. @default true */
  readonly restrictDefaultSecurityGroup?: boolean;
  /** Extra tags on every resource of the module. @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({ clusterName, region, ...networkFields });

/** VPC, public and private subnets in two or more zones, internet and NAT gateways, and routes. */
export class ClusterNetwork extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** The zones used, in subnet order. */
  readonly availabilityZones: string[];
  readonly privateSubnetIds: string[];
  readonly publicSubnetIds: string[];
  readonly privateSubnetCidrs: string[];
  readonly publicSubnetCidrs: string[];
  readonly natGatewayIds: string[];
  readonly privateRouteTableIds: string[];
  readonly publicRouteTableId: string;

  constructor(scope: Construct, id: string, props: ClusterNetworkProps) {
    super(scope, id);
    const vpcCidr = props.vpcCidr ?? DEFAULT_VPC_CIDR;
    const zones = props.availabilityZones ?? defaultAvailabilityZones(props.region) ?? [];
    const natMode = props.natGateways ?? DEFAULT_NAT_GATEWAYS;
    const discoveryTags = props.discoveryTags ?? true;
    const tags = props.tags ?? {};

    const fieldIssues = schemaIssues(propsSchema, props);
    const invalid = new Set(fieldIssues.map((i) => i.path[0]));
    const derived =
      (props.privateSubnetCidrs && props.publicSubnetCidrs) || invalid.has('vpcCidr') ? undefined : deriveSubnets(vpcCidr, zones.length);
    const privateCidrs = props.privateSubnetCidrs ?? derived?.private ?? [];
    const publicCidrs = props.publicSubnetCidrs ?? derived?.public ?? [];
    const derivationIssues = derived?.problem
      ? (['privateSubnetCidrs', 'publicSubnetCidrs'] as const)
          .filter((field) => !props[field])
          .map((field): ValidationIssue => ({ path: [field], hasReceived: false, message: derived.problem! }))
      : [];
    const layoutChecked = derivationIssues.length === 0 && !invalid.has('vpcCidr') && !invalid.has('availabilityZones');
    throwIfIssues(`ClusterNetwork '${this.node.path}'`, [
      ...fieldIssues,
      ...(invalid.has('region') || invalid.has('availabilityZones') ? [] : zoneIssues(props.region, props.availabilityZones, zones)),
      ...derivationIssues,
      ...(layoutChecked ? layoutIssues(vpcCidr, zones, privateCidrs, publicCidrs, invalid) : []),
    ]);

    this.availabilityZones = zones;
    this.vpcCidr = vpcCidr;
    this.privateSubnetCidrs = privateCidrs;
    this.publicSubnetCidrs = publicCidrs;

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { ...tags, Name: props.vpcTag ?? `${props.clusterName}-vpc` },
    });
    this.vpcId = this.vpc.id;

    if (props.restrictDefaultSecurityGroup ?? true) {
      // No ingress or egress blocks: Terraform removes AWS's allow-all rules (CIS AWS 5.4).
      new DefaultSecurityGroup(this, 'default-security-group', {
        vpcId: this.vpcId,
        tags: { ...tags, Name: `${props.clusterName}-default-do-not-use` },
      });
    }

    const clusterTag = discoveryTags ? { [`kubernetes.io/cluster/${props.clusterName}`]: 'shared' } : {};
    const zoneOf = (zone: string) => (isZoneId(zone) ? { availabilityZoneId: zone } : { availabilityZone: zone });

    const publicSubnets = zones.map(
      (zone, i) =>
        new Subnet(this, `public-subnet-${i + 1}`, {
          vpcId: this.vpcId,
          cidrBlock: publicCidrs[i],
          ...zoneOf(zone),
          mapPublicIpOnLaunch: props.mapPublicIpOnLaunch ?? false,
          tags: {
            ...tags,
            Name: `${props.clusterName}-public-${i + 1}`,
            ...clusterTag,
            ...(discoveryTags ? { 'kubernetes.io/role/elb': '1' } : {}),
          },
        }),
    );
    const privateSubnets = zones.map(
      (zone, i) =>
        new Subnet(this, `private-subnet-${i + 1}`, {
          vpcId: this.vpcId,
          cidrBlock: privateCidrs[i],
          ...zoneOf(zone),
          tags: {
            ...tags,
            Name: `${props.clusterName}-private-${i + 1}`,
            ...clusterTag,
            ...(discoveryTags
              ? { 'kubernetes.io/role/internal-elb': '1', 'karpenter.sh/discovery': props.clusterName }
              : {}),
          },
        }),
    );
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);

    const igw = new InternetGateway(this, 'internet-gateway', {
      vpcId: this.vpcId,
      tags: { ...tags, Name: `${props.clusterName}-igw` },
    });
    const publicRouteTable = new RouteTable(this, 'public-route-table', {
      vpcId: this.vpcId,
      tags: { ...tags, Name: `${props.clusterName}-public` },
    });
    this.publicRouteTableId = publicRouteTable.id;
    new Route(this, 'public-internet-route', {
      routeTableId: this.publicRouteTableId,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    publicSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `public-route-table-association-${i + 1}`, {
          subnetId: subnet.id,
          routeTableId: this.publicRouteTableId,
        }),
    );

    // One NAT gateway (book) or one per zone; private subnet i uses the NAT of its own zone.
    const natCount = natMode === 'single' ? 1 : zones.length;
    const natGateways = Array.from({ length: natCount }, (_, n) => {
      const eip = new Eip(this, `nat-eip-${n + 1}`, {
        domain: 'vpc',
        tags: { ...tags, Name: `${props.clusterName}-nat-${n + 1}` },
        dependsOn: [igw],
      });
      return new NatGateway(this, `nat-gateway-${n + 1}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[n].id,
        tags: { ...tags, Name: `${props.clusterName}-nat-${n + 1}` },
        dependsOn: [igw],
      });
    });
    this.natGatewayIds = natGateways.map((g) => g.id);
    const privateRouteTables = natGateways.map((nat, n) => {
      const table = new RouteTable(this, `private-route-table-${n + 1}`, {
        vpcId: this.vpcId,
        tags: { ...tags, Name: `${props.clusterName}-private-${n + 1}` },
      });
      new Route(this, `private-nat-route-${n + 1}`, {
        routeTableId: table.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.id,
      });
      return table;
    });
    this.privateRouteTableIds = privateRouteTables.map((t) => t.id);
    privateSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `private-route-table-association-${i + 1}`, {
          subnetId: subnet.id,
          routeTableId: privateRouteTables[natCount === 1 ? 0 : i].id,
        }),
    );
  }
}

interface DerivedSubnets {
  readonly private: string[];
  readonly public: string[];
  /** Why no layout could be derived (the blocks must then be listed). */
  readonly problem?: string;
}

/**
 * Default subnet layout: the VPC is split in eight; private subnets take the first eighths (large,
 * since every pod takes a VPC address with the VPC CNI) and public subnets are carved from the last
 * eighth, each 1/256 of the VPC (a /24 in a /16) and never smaller than /28.
 */
function deriveSubnets(vpcCidr: string, zoneCount: number): DerivedSubnets {
  const none: DerivedSubnets = { private: [], public: [] };
  if (isUnresolved(vpcCidr) || zoneCount === 0) return none;
  const vpc = parseCidr(vpcCidr);
  const eighth = vpc.prefix + 3;
  const publicPrefix = Math.min(vpc.prefix + 8, MAX_PREFIX);
  if (eighth > MAX_PREFIX || zoneCount > 6) {
    const why = zoneCount > 6 ? `${zoneCount} zones (at most 6)` : `a VPC block as small as ${vpcCidr}`;
    return { ...none, problem: `cannot be derived for ${why}; list one block per zone` };
  }
  const lastEighth = subBlock(vpc, eighth, 7);
  return {
    private: Array.from({ length: zoneCount }, (_, i) => subBlock(vpc, eighth, i).cidr),
    public: Array.from({ length: zoneCount }, (_, i) => subBlock(lastEighth, publicPrefix, i).cidr),
  };
}

function zoneIssues(regionName: string, given: string[] | undefined, zones: string[]): ValidationIssue[] {
  if (isUnresolved(zones)) return [];
  if (!given && zones.length === 0) {
    return [
      {
        path: ['availabilityZones'],
        hasReceived: false,
        message: `must be set for region ${JSON.stringify(regionName)}; zones are derived only for ${regionsWithDerivedZones().join(', ')}`,
      },
    ];
  }
  const issues: ValidationIssue[] = [];
  if (zones.length < 2) {
    issues.push(issue(['availabilityZones'], zones, 'must list at least two zones (EKS requires subnets in two zones)'));
  }
  zones.forEach((zone, i) => {
    const problem = zoneProblem(regionName, zone);
    if (problem) issues.push(issue(['availabilityZones', i], zone, problem));
  });
  if (new Set(zones.map(isZoneId)).size > 1) {
    issues.push(issue(['availabilityZones'], zones, 'must be all zone IDs or all zone names, not a mix'));
  }
  return issues;
}

/**
 * Subnet counts match the zones; every subnet lies inside the VPC and overlaps no other one.
 * Lists that already failed their own field rules (`skip`) are left out.
 */
function layoutIssues(
  vpcCidr: string,
  zones: string[],
  privateCidrs: string[],
  publicCidrs: string[],
  skip: ReadonlySet<string | number | undefined>,
): ValidationIssue[] {
  if ([vpcCidr, zones, privateCidrs, publicCidrs].some(isUnresolved)) return [];
  const issues: ValidationIssue[] = [];
  const lists = ([['privateSubnetCidrs', privateCidrs], ['publicSubnetCidrs', publicCidrs]] as const).filter(([field]) => !skip.has(field));
  for (const [field, list] of lists) {
    if (list.length !== zones.length) {
      issues.push(issue([field], list, `must list one block per availability zone (${zones.length} zones, ${list.length} blocks)`));
    }
  }
  const vpc = parseCidr(vpcCidr);
  const blocks: { path: (string | number)[]; block: Ipv4Block }[] = [];
  for (const [field, list] of lists) {
    list.forEach((cidr, i) => {
      blocks.push({ path: [field, i], block: parseCidr(cidr) });
    });
  }
  for (const { path, block } of blocks) {
    if (!contains(vpc, block)) issues.push(issue(path, block.cidr, `is outside the VPC block 'vpcCidr' (${vpc.cidr})`));
  }
  blocks.forEach((a, i) =>
    blocks.slice(i + 1).forEach((b) => {
      if (overlaps(a.block, b.block)) {
        issues.push(issue(b.path, b.block.cidr, `overlaps '${a.path.join('.')}' (${a.block.cidr})`));
      }
    }),
  );
  return issues;
}
