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
import { Annotations, ITerraformDependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { issue, throwIfIssues, ValidationIssue } from '../../errors';
import { contains, Ipv4Block, overlaps, parseCidr, subBlock } from '../../private/cidr';
import { clusterName, region } from '../../private/names';
import { isUnresolved, props, schemaIssues } from '../../private/validate';
import { defaultAvailabilityZones, isZoneId, regionsWithDerivedZones, zoneProblem } from './private/availability-zones';
import { MAX_PREFIX, NAT_GATEWAY_MODES, networkFields, NODE_BOOTSTRAP_ENDPOINTS, VpcEndpointService } from './private/schema';
import { VpcEndpoints } from './vpc-endpoints';

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
  /**
   * Create dedicated subnets for the control plane's network interfaces (book chapter 4:
   * `eni_subnets`, /28 each). Like the book's, they get no route table of their own: the VPC's
   * main table, local routes only, is all the control plane ENIs need.
   * @default false, or true when `eniSubnetCidrs` is set
   */
  readonly eniSubnets?: boolean;
  /**
   * ENI subnet blocks, one per zone (book: `cidr_blocks["eni-subnet-N"]`).
   * @default /28s from the seventh eighth of the VPC (10.0.192.0/28, 10.0.192.16/28 in a /16)
   */
  readonly eniSubnetCidrs?: string[];
  /**
   * `single` NAT gateway (book), `one-per-az`, or `none`: private subnets then reach AWS only
   * through `vpcEndpoints` (or a route the user adds, e.g. to a transit gateway).
   * @default "one-per-az"
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * AWS services reached through VPC endpoints from the private subnets: `s3` as a gateway
   * endpoint, the others as interface endpoints with private DNS, behind a security group that
   * admits HTTPS from the VPC. Needed by private clusters without a NAT gateway.
   * @default [] (none)
   * @see https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html
   */
  readonly vpcEndpoints?: VpcEndpointService[];
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
  /** Subnets of the control plane ENIs (book chapter 4); empty unless `eniSubnets` is on. */
  readonly eniSubnetIds: string[];
  readonly privateSubnetCidrs: string[];
  readonly publicSubnetCidrs: string[];
  readonly eniSubnetCidrs: string[];
  readonly natGatewayIds: string[];
  /** Services reached through VPC endpoints. */
  readonly vpcEndpointServices: readonly VpcEndpointService[];
  /** Security group of the interface endpoints; undefined without interface endpoints. */
  readonly vpcEndpointSecurityGroupId?: string;
  readonly privateRouteTableIds: string[];
  readonly publicRouteTableId: string;
  /**
   * What gives the private subnets their way out: the NAT routes, the route table associations and
   * the VPC endpoints. Hosts whose user data downloads packages wait for these (an instance can
   * boot before its subnet's NAT route exists, and user data runs once).
   */
  readonly privateEgress: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ClusterNetworkProps) {
    super(scope, id);
    const vpcCidr = props.vpcCidr ?? DEFAULT_VPC_CIDR;
    const zones = props.availabilityZones ?? defaultAvailabilityZones(props.region) ?? [];
    const natMode = props.natGateways ?? DEFAULT_NAT_GATEWAYS;
    const discoveryTags = props.discoveryTags ?? true;
    const tags = props.tags ?? {};

    const fieldIssues = schemaIssues(propsSchema, props);
    const invalid = new Set(fieldIssues.map((i) => i.path[0]));
    const eniWanted = props.eniSubnets ?? props.eniSubnetCidrs !== undefined;
    const needsDerivation = !props.privateSubnetCidrs || !props.publicSubnetCidrs || (eniWanted && !props.eniSubnetCidrs);
    const derived = needsDerivation && !invalid.has('vpcCidr') ? deriveSubnets(vpcCidr, zones.length) : undefined;
    const privateCidrs = props.privateSubnetCidrs ?? derived?.private ?? [];
    const publicCidrs = props.publicSubnetCidrs ?? derived?.public ?? [];
    const eniCidrs = eniWanted ? (props.eniSubnetCidrs ?? derived?.eni ?? []) : [];
    const fields: SubnetField[] = ['privateSubnetCidrs', 'publicSubnetCidrs', ...(eniWanted ? (['eniSubnetCidrs'] as const) : [])];
    const derivedFields = fields.filter((f) => !props[f]);
    const derivationIssues = derivedFields.flatMap((field): ValidationIssue[] => {
      const problem = derived?.problems[field];
      return problem ? [{ path: [field], hasReceived: false, message: problem }] : [];
    });
    const layoutChecked = derivationIssues.length === 0 && !invalid.has('vpcCidr') && !invalid.has('availabilityZones');
    const lists: SubnetLists = { privateSubnetCidrs: privateCidrs, publicSubnetCidrs: publicCidrs, ...(eniWanted ? { eniSubnetCidrs: eniCidrs } : {}) };
    throwIfIssues(`ClusterNetwork '${this.node.path}'`, [
      ...fieldIssues,
      ...(invalid.has('region') || invalid.has('availabilityZones') ? [] : zoneIssues(props.region, props.availabilityZones, zones)),
      ...derivationIssues,
      ...(layoutChecked ? layoutIssues(vpcCidr, zones, lists, invalid, derivedFields) : []),
      ...(props.eniSubnets === false && props.eniSubnetCidrs
        ? [issue(['eniSubnetCidrs'], props.eniSubnetCidrs, `applies only when 'eniSubnets' is true; remove one of them`)]
        : []),
      ...(invalid.has('vpcEndpoints') || invalid.has('region') ? [] : endpointIssues(props.region, props.vpcEndpoints ?? [])),
    ]);
    const endpoints = props.vpcEndpoints ?? [];
    if (natMode === 'none') {
      const missing = NODE_BOOTSTRAP_ENDPOINTS.filter((s) => !endpoints.includes(s));
      if (missing.length > 0) {
        Annotations.of(this).addWarning(
          `The private subnets of ${props.clusterName} have no NAT gateway and no VPC endpoint for ${missing.join(', ')}: nodes there cannot join the cluster or pull images unless you route them to AWS another way (transit gateway, proxy); add them to 'vpcEndpoints'`,
        );
      }
    }

    this.availabilityZones = zones;
    this.vpcCidr = vpcCidr;
    this.privateSubnetCidrs = privateCidrs;
    this.publicSubnetCidrs = publicCidrs;
    this.eniSubnetCidrs = eniCidrs;
    this.vpcEndpointServices = endpoints;

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
    // Book chapter 4 eni_subnets: no discovery tags (nothing but the control plane goes there) and
    // no route table association, as in the book.
    this.eniSubnetIds = eniCidrs.map(
      (cidr, i) =>
        new Subnet(this, `eni-subnet-${i + 1}`, {
          vpcId: this.vpcId,
          cidrBlock: cidr,
          ...zoneOf(zones[i]),
          tags: { ...tags, Name: `${props.clusterName}-eni-${i + 1}` },
        }).id,
    );

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

    // One NAT gateway (book), one per zone (private subnet i uses the NAT of its own zone), or
    // none: one private route table with local routes only (plus gateway endpoint routes).
    const natCount = natMode === 'single' ? 1 : natMode === 'none' ? 0 : zones.length;
    const egress: ITerraformDependable[] = [];
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
    const privateRouteTables = Array.from({ length: Math.max(natCount, 1) }, (_, n) => {
      const table = new RouteTable(this, `private-route-table-${n + 1}`, {
        vpcId: this.vpcId,
        tags: { ...tags, Name: `${props.clusterName}-private-${n + 1}` },
      });
      if (natGateways[n]) {
        egress.push(new Route(this, `private-nat-route-${n + 1}`, {
          routeTableId: table.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: natGateways[n].id,
        }));
      }
      return table;
    });
    this.privateRouteTableIds = privateRouteTables.map((t) => t.id);
    privateSubnets.forEach((subnet, i) =>
      egress.push(
        new RouteTableAssociation(this, `private-route-table-association-${i + 1}`, {
          subnetId: subnet.id,
          routeTableId: privateRouteTables[privateRouteTables.length === 1 ? 0 : i].id,
        }),
      ),
    );

    if (endpoints.length > 0) {
      const created = new VpcEndpoints(this, 'endpoints', {
        clusterName: props.clusterName,
        region: props.region,
        vpcId: this.vpcId,
        vpcCidr,
        services: endpoints,
        subnetIds: this.privateSubnetIds,
        routeTableIds: this.privateRouteTableIds,
        tags,
      });
      this.vpcEndpointSecurityGroupId = created.securityGroupId;
      egress.push(...created.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && c.terraformResourceType === 'aws_vpc_endpoint'));
    }
    this.privateEgress = egress;
  }
}

type SubnetField = 'privateSubnetCidrs' | 'publicSubnetCidrs' | 'eniSubnetCidrs';
type SubnetLists = Partial<Record<SubnetField, string[]>>;

interface DerivedSubnets {
  readonly private: string[];
  readonly public: string[];
  readonly eni: string[];
  /** Why a list could not be derived (the blocks must then be listed). */
  readonly problems: Partial<Record<SubnetField, string>>;
}

/**
 * Default subnet layout: the VPC is split in eight. Private subnets take the first eighths (large,
 * since every pod takes a VPC address with the VPC CNI); ENI subnets are /28s from the seventh
 * eighth; public subnets are carved from the last eighth, each 1/256 of the VPC (a /24 in a /16)
 * and never smaller than /28.
 */
function deriveSubnets(vpcCidr: string, zoneCount: number): DerivedSubnets {
  const none: DerivedSubnets = { private: [], public: [], eni: [], problems: {} };
  if (isUnresolved(vpcCidr) || zoneCount === 0) return none;
  const vpc = parseCidr(vpcCidr);
  const eighth = vpc.prefix + 3;
  const all = (problem: string): DerivedSubnets => ({
    ...none,
    problems: { privateSubnetCidrs: problem, publicSubnetCidrs: problem, eniSubnetCidrs: problem },
  });
  if (zoneCount > 6) return all(`cannot be derived for ${zoneCount} zones (at most 6); list one block per zone`);
  if (eighth > MAX_PREFIX) return all(`cannot be derived for a VPC block as small as ${vpcCidr}; list one block per zone`);
  /** `zoneCount` blocks of `prefix` from the eighth number `index`, or why they do not fit. */
  const carve = (index: number, prefix: number): string[] | string => {
    const block = subBlock(vpc, eighth, index);
    if (1 << (prefix - eighth) < zoneCount) return `cannot be derived: ${zoneCount} /${prefix} blocks do not fit in ${block.cidr}; list one block per zone`;
    return Array.from({ length: zoneCount }, (_, i) => subBlock(block, prefix, i).cidr);
  };
  const publicBlocks = carve(7, Math.min(vpc.prefix + 8, MAX_PREFIX));
  const eniBlocks = carve(6, MAX_PREFIX);
  return {
    private: Array.from({ length: zoneCount }, (_, i) => subBlock(vpc, eighth, i).cidr),
    public: typeof publicBlocks === 'string' ? [] : publicBlocks,
    eni: typeof eniBlocks === 'string' ? [] : eniBlocks,
    problems: {
      ...(typeof publicBlocks === 'string' ? { publicSubnetCidrs: publicBlocks } : {}),
      ...(typeof eniBlocks === 'string' ? { eniSubnetCidrs: eniBlocks } : {}),
    },
  };
}

/** VPC endpoint service names are derived as com.amazonaws.<region>.<service>. */
function endpointIssues(regionName: string, services: readonly VpcEndpointService[]): ValidationIssue[] {
  if (services.length === 0 || isUnresolved(regionName) || !/^(cn|[a-z]{2}-iso)/.test(regionName)) return [];
  return [
    issue(['vpcEndpoints'], services, `cannot be derived for region ${JSON.stringify(regionName)}: service names are com.amazonaws.<region>.<service> in the aws and aws-us-gov partitions only`),
  ];
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
 * Lists that already failed their own field rules (`skip`) are left out; lists the module derived
 * (`derived`) say so, since the user did not write them.
 */
function layoutIssues(
  vpcCidr: string,
  zones: string[],
  subnetLists: SubnetLists,
  skip: ReadonlySet<string | number | undefined>,
  derived: readonly SubnetField[],
): ValidationIssue[] {
  const lists = (Object.entries(subnetLists) as [SubnetField, string[]][]).filter(([field]) => !skip.has(field));
  if ([vpcCidr, zones, ...lists.map(([, l]) => l)].some(isUnresolved)) return [];
  const issues: ValidationIssue[] = [];
  for (const [field, list] of lists) {
    if (list.length !== zones.length) {
      issues.push(issue([field], list, `must list one block per availability zone (${zones.length} zones, ${list.length} blocks)`));
    }
  }
  const vpc = parseCidr(vpcCidr);
  const blocks: { path: (string | number)[]; block: Ipv4Block; note: string }[] = [];
  for (const [field, list] of lists) {
    const note = derived.includes(field) ? ` (derived from 'vpcCidr'; set '${field}')` : '';
    list.forEach((cidr, i) => {
      blocks.push({ path: [field, i], block: parseCidr(cidr), note });
    });
  }
  for (const { path, block, note } of blocks) {
    if (!contains(vpc, block)) issues.push(issue(path, block.cidr, `is outside the VPC block 'vpcCidr' (${vpc.cidr})${note}`));
  }
  blocks.forEach((a, i) =>
    blocks.slice(i + 1).forEach((b) => {
      if (overlaps(a.block, b.block)) {
        issues.push(issue(b.path, b.block.cidr, `overlaps '${a.path.join('.')}' (${a.block.cidr})${b.note || a.note}`));
      }
    }),
  );
  return issues;
}
