// A picture of what was synthesized: a Mermaid flowchart per cluster (GitHub renders it), built
// from the synthesized Terraform JSON itself, so it shows what Terraform will create, not what the
// configuration meant to ask for.

/** Synthesized Terraform JSON, as far as the picture reads it. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Body>>;
  readonly data?: Record<string, Record<string, Body>>;
}
type Body = Record<string, any>;

/** One synthesized stack: its name, its JSON and the stacks it depends on (cdktf's manifest). */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: StackJson;
  readonly dependencies: readonly string[];
}

interface Subnet {
  readonly address: string;
  readonly tier: string;
  readonly zone: string;
  readonly cidr: string;
}

/** Where a subnet's tier is read from: its address (`network_private_subnet_1`), else its discovery tags. */
function subnetTier(address: string, body: Body): string {
  const fromAddress = /(?:^|_)([a-z0-9]+)_subnet_\d+$/.exec(address)?.[1];
  if (fromAddress) return fromAddress;
  const tags: Record<string, string> = body.tags ?? {};
  if ('kubernetes.io/role/elb' in tags) return 'public';
  if ('kubernetes.io/role/internal-elb' in tags) return 'private';
  return 'other';
}

function entries(json: StackJson, type: string): [string, Body][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** `${aws_subnet.x.id}` -> `aws_subnet.x`; a literal stays as it is. */
function referenced(value: unknown): string {
  const m = typeof value === 'string' ? /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)[.[}]/.exec(value) : null;
  return m ? m[1]! : String(value);
}

/** A value for a label: literals as they are, references as `(from <address>)`. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return '?';
  const s = String(value);
  return s.includes('${') ? `(${referenced(s)})` : s;
}

/** Mermaid node text: quotes and angle brackets escaped, lines joined with <br/>. */
function label(...lines: (string | undefined)[]): string {
  const text = lines
    .filter((l): l is string => l !== undefined && l !== '')
    .map((l) => l.replace(/&/g, '&amp;').replace(/"/g, '#quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
    .join('<br/>');
  return `"${text}"`;
}

const id = (address: string) => address.replace(/[^A-Za-z0-9_]/g, '_');

/** The lines of one cluster's flowchart. */
class ClusterPicture {
  private readonly lines: string[] = ['flowchart TB'];
  /** Edges come after every node, so a node lands in the subgraph that declares it. */
  private readonly edges: string[] = [];
  private readonly subnets: Subnet[];
  private readonly tierOf = new Map<string, string>();

  constructor(
    private readonly aws: SynthesizedStack,
    private readonly kubernetes: SynthesizedStack[],
  ) {
    this.subnets = entries(aws.json, 'aws_subnet').map(([name, body]) => ({
      address: `aws_subnet.${name}`,
      tier: subnetTier(name, body),
      zone: body.availability_zone_id ?? body.availability_zone ?? '?',
      cidr: body.cidr_block ?? (body.ipv6_native ? 'IPv6 only' : '?'),
    }));
    for (const s of this.subnets) this.tierOf.set(s.address, s.tier);
  }

  /** The tier a list of subnet references lands in (`private`, `public`, … or `existing`). */
  private tierOfSubnets(ids: unknown): string {
    const tiers = new Set((Array.isArray(ids) ? ids : [ids]).map((s) => this.tierOf.get(referenced(s)) ?? 'existing'));
    return [...tiers].sort().join('+');
  }

  render(): string {
    const cluster = entries(this.aws.json, 'aws_eks_cluster')[0];
    const placed = new Map<string, string[]>();
    const place = (tier: string, line: string) => placed.set(tier, [...(placed.get(tier) ?? []), line]);

    this.nodes(place);
    this.hosts(place);
    for (const [name, body] of entries(this.aws.json, 'aws_nat_gateway')) {
      place(this.tierOfSubnets(body.subnet_id), `nat_${id(name)}(["NAT gateway ${this.zoneOf(body.subnet_id)}"])`);
    }
    this.vpc(placed);
    if (cluster) this.controlPlane(cluster[0], cluster[1]);
    this.addons();
    this.kubernetesStacks();
    this.otherResources();
    return [...this.lines, ...this.edges].join('\n');
  }

  private zoneOf(subnetRef: unknown): string {
    const subnet = this.subnets.find((s) => s.address === referenced(subnetRef));
    return subnet ? subnet.zone : '';
  }

  private vpc(placed: Map<string, string[]>): void {
    const [vpcName, vpc] = entries(this.aws.json, 'aws_vpc')[0] ?? [];
    const tiers = [...new Set([...this.subnets.map((s) => s.tier), ...placed.keys()])];
    if (vpc) {
      const v6 = vpc.assign_generated_ipv6_cidr_block ? ' + Amazon IPv6 block' : '';
      // One line: Mermaid draws a subgraph's title over its first child when the title wraps.
      this.lines.push(`  subgraph vpc[${label(`VPC ${shown(vpc.tags?.Name ?? vpcName)} ${shown(vpc.cidr_block)}${v6}`)}]`);
    } else {
      this.lines.push(`  subgraph vpc[${label('existing VPC (not managed by this stack)')}]`);
    }
    for (const tier of tiers) {
      this.lines.push(`    subgraph tier_${id(tier)}[${label(`${tier} subnets`)}]`);
      for (const s of this.subnets.filter((x) => x.tier === tier)) this.lines.push(`      ${id(s.address)}[${label(s.zone, s.cidr)}]`);
      for (const line of placed.get(tier) ?? []) this.lines.push(`      ${line}`);
      this.lines.push('    end');
    }
    this.lines.push('  end');
    if (entries(this.aws.json, 'aws_internet_gateway').length > 0) {
      this.lines.push(`  internet((Internet)) --- igw(["Internet gateway"])`, `  igw --- vpc`);
    }
    for (const [name] of entries(this.aws.json, 'aws_egress_only_internet_gateway')) this.lines.push(`  eigw_${id(name)}(["Egress-only internet gateway (IPv6)"]) --- vpc`);
    const endpoints = entries(this.aws.json, 'aws_vpc_endpoint').map(([, b]) => String(b.service_name ?? '').split('.').slice(3).join('.') || shown(b.service_name));
    if (endpoints.length > 0) this.lines.push(`  vpce[${label('VPC endpoints', endpoints.sort().join(', '))}] --- vpc`);
  }

  private nodes(place: (tier: string, line: string) => void): void {
    for (const [name, g] of entries(this.aws.json, 'aws_eks_node_group')) {
      const scaling = g.scaling_config ?? {};
      const types = Array.isArray(g.instance_types) ? g.instance_types.join(', ') : 'from the launch template';
      const groupName = shown(g.node_group_name ?? g.node_group_name_prefix ?? name);
      place(this.tierOfSubnets(g.subnet_ids), `ng_${id(name)}[${label(`managed node group ${groupName}`, `${g.capacity_type ?? 'ON_DEMAND'} ${types}`, `${shown(scaling.min_size)} to ${shown(scaling.max_size)} nodes (desired ${shown(scaling.desired_size)})`, g.ami_type)}]`);
      this.edges.push(`  ng_${id(name)} -- joins --> cp`);
    }
    for (const [name, g] of entries(this.aws.json, 'aws_autoscaling_group')) {
      const groupName = shown(g.name ?? g.name_prefix ?? name);
      place(this.tierOfSubnets(g.vpc_zone_identifier), `asg_${id(name)}[${label(`self-managed node group ${groupName}`, `${shown(g.min_size)} to ${shown(g.max_size)} nodes (Auto Scaling group)`)}]`);
      this.edges.push(`  asg_${id(name)} -- joins --> cp`);
    }
    for (const [name, f] of entries(this.aws.json, 'aws_eks_fargate_profile')) {
      const selectors = (Array.isArray(f.selector) ? f.selector : [f.selector]).filter(Boolean).map((s: Body) => s.namespace).join(', ');
      const profile = shown(f.fargate_profile_name ?? name);
      place(this.tierOfSubnets(f.subnet_ids), `fp_${id(name)}[${label(`Fargate profile ${profile}`, `namespaces: ${selectors}`)}]`);
      this.edges.push(`  fp_${id(name)} -- runs pods for --> cp`);
    }
  }

  private hosts(place: (tier: string, line: string) => void): void {
    for (const [name, host] of entries(this.aws.json, 'aws_instance')) {
      const role = name.startsWith('bastion') ? 'bastion host' : name.startsWith('nfs_server') ? 'NFS server' : 'EC2 instance';
      place(this.tierOfSubnets(host.subnet_id), `host_${id(name)}[${label(role, shown(host.tags?.Name ?? name), shown(host.instance_type))}]`);
    }
  }

  private controlPlane(name: string, cluster: Body): void {
    const vpc = cluster.vpc_config ?? {};
    const publicEndpoint = vpc.endpoint_public_access !== false;
    const privateEndpoint = vpc.endpoint_private_access === true;
    const mode = privateEndpoint && publicEndpoint ? 'private + public' : privateEndpoint ? 'private (from inside the VPC)' : 'public';
    const compute = cluster.compute_config?.enabled ? `Auto Mode: node pools ${(cluster.compute_config.node_pools ?? []).join(', ')}` : undefined;
    const family = cluster.kubernetes_network_config?.ip_family;
    const clusterName = shown(cluster.name ?? name);
    this.lines.push(`  cp{{${label(`EKS control plane ${clusterName}`, `Kubernetes ${shown(cluster.version)}`, `API endpoint: ${mode}`, cluster.access_config?.authentication_mode ? `authentication: ${cluster.access_config.authentication_mode}` : undefined, compute, family ? `IP family ${family}` : undefined)}}}`);
    this.edges.push(`  cp -. ENIs .-> tier_${id(this.tierOfSubnets(vpc.subnet_ids))}`);
    if (publicEndpoint) {
      const cidrs: string[] = Array.isArray(vpc.public_access_cidrs) ? vpc.public_access_cidrs : ['0.0.0.0/0'];
      this.lines.push(`  public_clients[${label('public endpoint clients', cidrs.join(', '))}]`);
      this.edges.push('  public_clients -- 443 --> cp');
    }
    for (const [, rule] of entries(this.aws.json, 'aws_vpc_security_group_ingress_rule')) {
      const source = referenced(rule.referenced_security_group_id);
      if (rule.from_port !== 443 || !String(rule.security_group_id).includes('cluster_security_group_id') || !source.startsWith('aws_security_group.')) continue;
      const host = entries(this.aws.json, 'aws_instance').find(([, h]) => (h.vpc_security_group_ids ?? []).some((s: unknown) => referenced(s) === source));
      if (host) this.edges.push(`  host_${id(host[0])} -- 443 --> cp`);
    }
    if (cluster.remote_network_config) this.lines.push(`  hybrid[${label('hybrid nodes (remote networks)')}] --> cp`);
  }

  private addons(): void {
    const addons = entries(this.aws.json, 'aws_eks_addon').map(([, a]) => `${shown(a.addon_name)}${typeof a.addon_version === 'string' && !a.addon_version.includes('${') ? ` ${a.addon_version}` : ''}`);
    if (addons.length === 0) return;
    this.lines.push(`  addons[${label('EKS add-ons', ...addons.sort())}] --- cp`);
  }

  private kubernetesStacks(): void {
    for (const stack of this.kubernetes) {
      const k = id(stack.name);
      this.lines.push(`  subgraph stack_${k}[${label(`stack ${stack.name} (its own state)`)}]`);
      for (const [name, r] of entries(stack.json, 'helm_release')) {
        const chart = String(r.chart ?? '').startsWith('./assets/') ? 'local chart' : `${shown(r.chart)} ${shown(r.version)}`;
        this.lines.push(`    helm_${id(name)}[${label(`Helm ${shown(r.name)}`, chart, `namespace ${shown(r.namespace ?? 'default')}`)}]`);
      }
      const kinds = new Map<string, number>();
      for (const [type, byName] of Object.entries(stack.json.resource ?? {})) {
        if (!type.startsWith('kubernetes_')) continue;
        const kind = type === 'kubernetes_manifest' ? 'manifest' : type.replace(/^kubernetes_/, '').replace(/_v\d+$/, '').replace(/_/g, ' ');
        kinds.set(kind, (kinds.get(kind) ?? 0) + Object.keys(byName).length);
      }
      if (kinds.size > 0) this.lines.push(`    objects_${k}[${label('Kubernetes objects', ...[...kinds].sort().map(([kind, n]) => `${n} ${kind}`))}]`);
      this.lines.push('  end');
      this.edges.push(`  stack_${k} -- "API (providers), outputs from the ${this.aws.name} state" --> cp`);
    }
  }

  private otherResources(): void {
    const count = (type: string) => entries(this.aws.json, type).length;
    const items = [
      ['aws_ecr_repository', 'ECR repositories'],
      ['aws_efs_file_system', 'EFS file systems'],
      ['aws_secretsmanager_secret', 'Secrets Manager secrets'],
      ['aws_iam_openid_connect_provider', 'IAM OIDC provider'],
      ['aws_eks_pod_identity_association', 'Pod Identity associations'],
      ['aws_eks_access_entry', 'access entries'],
      ['aws_sqs_queue', 'SQS queues'],
      ['aws_vpclattice_service_network', 'VPC Lattice service networks'],
      ['aws_flow_log', 'VPC flow logs'],
      ['aws_kms_key', 'KMS keys'],
    ]
      .filter(([type]) => count(type!) > 0)
      .map(([type, what]) => `${what}: ${count(type!)}`);
    if (items.length > 0) this.lines.push(`  aws_other[${label(`also in stack ${this.aws.name}`, ...items)}]`);
  }
}

/**
 * The `architecture.md` of a synthesis: for each stack that creates an EKS cluster, a flowchart
 * of the VPC (subnets per tier and zone, NAT and internet gateways, endpoints), the control plane
 * and who reaches its endpoint, the node groups, Fargate profiles, hosts, add-ons, and the
 * Kubernetes stacks that depend on it.
 */
export function architectureMarkdown(stacks: readonly SynthesizedStack[]): string {
  const out = [
    '# Architecture of the synthesized clusters',
    '',
    'Written by every synthesis from the synthesized Terraform JSON of the stacks (`npm run diagram` renders it to SVG).',
  ];
  for (const aws of stacks.filter((s) => entries(s.json, 'aws_eks_cluster').length > 0)) {
    const kubernetes = stacks.filter((s) => s.dependencies.includes(aws.name));
    const mermaid = new ClusterPicture(aws, kubernetes).render();
    out.push('', `## Stack ${aws.name}${kubernetes.length > 0 ? ` and ${kubernetes.map((k) => k.name).join(', ')}` : ''}`, '', '```mermaid', mermaid, '```');
  }
  return `${out.join('\n')}\n`;
}
