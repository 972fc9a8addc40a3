// Rules on the network: world-open security group rules, descriptions, flow logs, the default
// security group, public IPs on launch, Elastic IPs. As ../shared/tools/seccheck.py ports them.
import { blocksOf, int, isTrue, list, typeOf, type Block, type StackModel } from '../private/model';
import { ALL_IPS, type SecurityRule } from '../private/rule';

/**
 * checkov AbsSecurityGroupUnrestrictedIngress/Egress: a rule violates when its port range holds
 * `port` (0-0 means all; -1 = "all": from_port -1 or protocol "-1" over 0-65535) and it admits
 * 0.0.0.0/0, ::/0 in ipv6_cidr_blocks, or no CIDR and no source security group.
 */
function violates(c: Block, port: number): boolean {
  const fp = int(c.from_port);
  let tp = int(c.to_port);
  if (fp === 0 && tp === 0) tp = 65535;
  if (list(c.prefix_list_ids).length > 0) return false;
  if (!((fp !== undefined && tp !== undefined && fp <= port && port <= tp) || (c.protocol === '-1' && fp === 0 && tp === 65535))) return false;
  const v4 = c.cidr_blocks ? list(c.cidr_blocks) : list(c.cidr_ipv4);
  if (v4.includes('0.0.0.0/0')) return true;
  const v6 = c.ipv6_cidr_blocks ? c.ipv6_cidr_blocks : c.cidr_ipv6;
  if (Array.isArray(v6) && v6.some((x) => ['::/0', '0000:0000:0000:0000:0000:0000:0000:0000/0'].includes(x))) return true;
  return !v6 && v4.length === 0 && (c.security_groups === undefined || c.security_groups === null) && (c.source_security_group_id === undefined || c.source_security_group_id === null);
}

function groupFails(type: string, b: Block, direction: 'ingress' | 'egress', port: number): boolean {
  if (type === 'aws_security_group') {
    if (!(direction in b)) return false;
    for (const r of blocksOf(b[direction])) {
      if (isTrue(r.self)) return false;
      if (violates(r, port)) return true;
    }
    return false;
  }
  if (type === 'aws_security_group_rule') return b.type === direction && !isTrue(b.self) && violates(b, port);
  if (type === `aws_vpc_security_group_${direction}_rule`) return ('from_port' in b || 'to_port' in b) && violates(b, port);
  return false;
}

const SG_TYPES = ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'];

const worldRule = (id: string, scannerId: string, direction: 'ingress' | 'egress', port: number, what: string): SecurityRule => ({
  id,
  scannerIds: [scannerId],
  title: `${direction} ${direction === 'ingress' ? 'from' : 'to'} 0.0.0.0/0 on ${what}`,
  fix: direction === 'ingress' ? `narrow the rule's cidrBlocks (controlPlane.clusterSecurityGroupRules, bastion.cidrBlocks, controlPlane.nodePorts)` : `narrow the rule to the blocks the traffic goes to`,
  types: SG_TYPES,
  check: (b, address) => (groupFails(typeOf(address), b, direction, port) ? `${direction} ${direction === 'ingress' ? 'from' : 'to'} 0.0.0.0/0 on ${what}` : undefined),
});

/**
 * trivy's view of one rule: the inline rules of each security group and the rule resources whose
 * security_group_id refers to a group of the stack, plus aws_security_group_rule resources of no
 * group there. An aws_vpc_security_group_*_rule on a group the stack does not declare (the EKS
 * cluster security group, an attribute of aws_eks_cluster) is dropped by trivy's adapter, so
 * trivy never judges it; the pack judges the same set, to agree with it.
 */
function* trivyRules(model: StackModel): Generator<{ address: string; direction: string; rule: Block; protocol: unknown }> {
  const used = new Set<string>();
  for (const t of ['aws_security_group', 'aws_default_security_group']) {
    for (const [group, gb] of model.of(t)) {
      for (const d of ['ingress', 'egress']) for (const r of blocksOf(gb[d])) yield { address: group, direction: d, rule: r, protocol: r.protocol };
      for (const rt of ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']) {
        for (const [ra, rb] of model.of(rt)) {
          if (!model.refersTo(rb.security_group_id, group)) continue;
          used.add(ra);
          yield { address: ra, direction: rt === 'aws_security_group_rule' ? rb.type : rt.split('_').slice(-2)[0], rule: rb, protocol: rb.protocol ?? rb.ip_protocol };
        }
      }
    }
  }
  for (const [ra, rb] of model.of('aws_security_group_rule')) if (!used.has(ra)) yield { address: ra, direction: rb.type, rule: rb, protocol: rb.protocol };
}

const worldOf = (r: Block) => [...list(r.cidr_blocks), ...list(r.ipv6_cidr_blocks), ...list(r.cidr_ipv4), ...list(r.cidr_ipv6)].filter((c) => ALL_IPS.includes(c));

/** A trivy rule over trivyRules(): the finding is on the rule's address (the group's for inline rules). */
const trivyRule = (rule: Omit<SecurityRule, 'check' | 'types'>, test: (r: { direction: string; rule: Block; protocol: string }) => string | undefined): SecurityRule => ({
  ...rule,
  types: SG_TYPES.concat('aws_default_security_group'),
  check: (_b, address, model) => {
    for (const r of trivyRules(model)) {
      if (r.address !== address) continue;
      const why = test({ ...r, protocol: r.protocol === undefined || r.protocol === null ? '' : String(r.protocol).toLowerCase() });
      if (why) return why;
    }
    return undefined;
  },
});

const SG_USERS = new Set(
  ('aws_alb aws_apprunner_vpc_connector aws_appstream_fleet aws_batch_compute_environment aws_cloudwatch_event_target aws_codebuild_project ' +
    'aws_codestarconnections_host aws_dax_cluster aws_db_instance aws_dms_replication_instance aws_dms_replication_config aws_docdb_cluster ' +
    'aws_docdbelastic_cluster aws_ec2_client_vpn_endpoint aws_ec2_client_vpn_network_association aws_ec2_spot_fleet_request aws_ecs_service ' +
    'aws_efs_mount_target aws_eks_cluster aws_eks_node_group aws_elasticache_cluster aws_elasticache_replication_group aws_elasticache_serverless_cache ' +
    'aws_elasticsearch_domain aws_elb aws_emr_cluster aws_emr_studio aws_glue_dev_endpoint aws_instance aws_lambda_function aws_launch_configuration ' +
    'aws_launch_template aws_lb aws_memorydb_cluster aws_mq_broker aws_msk_cluster aws_mskconnect_connector aws_mwaa_environment aws_neptune_cluster ' +
    'aws_network_interface aws_opensearch_domain aws_opensearch_vpc_endpoint aws_quicksight_vpc_connection aws_rds_cluster aws_redshift_cluster ' +
    'aws_route53_resolver_endpoint aws_sagemaker_notebook_instance aws_transfer_server aws_vpc_endpoint aws_vpclattice_service_network_vpc_association ' +
    'aws_fsx_windows_file_system aws_fsx_ontap_file_system aws_grafana_workspace aws_apigatewayv2_vpc_link aws_fsx_lustre_file_system ' +
    'aws_imagebuilder_infrastructure_configuration aws_fsx_openzfs_file_system aws_fsx_file_cache aws_redshiftserverless_workgroup ' +
    'aws_ec2_instance_connect_endpoint aws_opensearchserverless_vpc_endpoint aws_verifiedaccess_endpoint aws_m2_environment ' +
    'aws_vpclattice_resource_gateway aws_spot_instance_request aws_msk_vpc_connection').split(' '),
);

export const NETWORK_RULES: readonly SecurityRule[] = [
  worldRule('SG-INGRESS-SSH-WORLD', 'CKV_AWS_24', 'ingress', 22, 'port 22'),
  worldRule('SG-INGRESS-RDP-WORLD', 'CKV_AWS_25', 'ingress', 3389, 'port 3389'),
  worldRule('SG-INGRESS-HTTP-WORLD', 'CKV_AWS_260', 'ingress', 80, 'port 80'),
  worldRule('SG-INGRESS-ALL-WORLD', 'CKV_AWS_277', 'ingress', -1, 'every port'),
  worldRule('SG-EGRESS-ALL-WORLD', 'CKV_AWS_382', 'egress', -1, 'every port'),
  trivyRule(
    {
      id: 'SG-INGRESS-ADMIN-WORLD',
      scannerIds: ['AVD-AWS-0107'],
      title: 'ingress from the whole internet to SSH, RDP or every port',
      fix: `narrow the rule's cidrBlocks (bastion.cidrBlocks, controlPlane.clusterSecurityGroupRules)`,
      foldsInto: ['SG-INGRESS-SSH-WORLD', 'SG-INGRESS-RDP-WORLD', 'SG-INGRESS-ALL-WORLD'],
    },
    ({ direction, rule, protocol }) => {
      const world = worldOf(rule);
      const fp = int(rule.from_port) ?? -1;
      const tp = int(rule.to_port) ?? -1;
      const all = protocol === '-1' || protocol === 'all';
      return direction === 'ingress' && world.length > 0 && ['tcp', '6', 'udp', '17', '-1', 'all'].includes(protocol) && (all || [22, 3389].some((x) => fp <= x && x <= tp))
        ? `ingress from ${world.join(', ')} to SSH/RDP`
        : undefined;
    },
  ),
  trivyRule(
    {
      id: 'SG-EGRESS-WORLD',
      scannerIds: ['AVD-AWS-0104'],
      title: 'egress to the whole internet',
      fix: `bastion.egressCidrBlocks / storage.nfsServer.egressCidrBlocks ["vpc"] with VPC endpoints for SSM; controlPlane.nodeSecurityGroup false for the nodes (their egress then sits on the EKS-managed cluster security group)`,
      foldsInto: ['SG-EGRESS-ALL-WORLD'],
    },
    ({ direction, rule }) => {
      const world = worldOf(rule);
      return direction === 'egress' && world.length > 0 ? `egress to ${world.join(', ')}` : undefined;
    },
  ),
  {
    id: 'SG-DESCRIPTION',
    scannerIds: ['CKV_AWS_23'],
    title: 'security group or rule without a description',
    fix: `every group and rule of this project has one; give yours a description`,
    types: SG_TYPES,
    check: (b) => (!b.description || ['ingress', 'egress'].some((d) => blocksOf(b[d]).some((r) => !r.description)) ? 'no description' : undefined),
  },
  {
    id: 'SG-ATTACHED',
    scannerIds: ['CKV2_AWS_5'],
    title: 'security group attached to nothing',
    fix: `remove the group, or attach it`,
    types: ['aws_security_group'],
    check: (_b, address, model) => (model.connected(address, SG_USERS).length > 0 ? undefined : 'attached to nothing'),
  },
  {
    id: 'VPC-FLOW-LOGS',
    scannerIds: ['CKV2_AWS_11'],
    title: 'VPC without flow logs',
    fix: `network.flowLogs.enabled true (the default)`,
    types: ['aws_vpc'],
    check: (_b, address, model) => (model.connected(address, new Set(['aws_flow_log'])).length > 0 ? undefined : 'no VPC flow log'),
  },
  {
    id: 'VPC-DEFAULT-SECURITY-GROUP',
    scannerIds: ['CKV2_AWS_12'],
    title: 'default security group not managed empty',
    fix: `the network module manages the default security group without rules`,
    types: ['aws_vpc'],
    check: (_b, address, model) => {
      const defaults = model.connected(address, new Set(['aws_default_security_group']));
      if (defaults.length === 0) return 'default security group not managed empty';
      const rules = new Set(['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']);
      const bad = defaults.filter((g) => blocksOf(model.blocks.get(g)!.ingress).length > 0 || blocksOf(model.blocks.get(g)!.egress).length > 0 || model.connected(g, rules).length > 0);
      return bad.length > 0 ? `default security group has rules: ${bad.join(', ')}` : undefined;
    },
  },
  {
    id: 'VPC-DEFAULT-VPC',
    scannerIds: ['CKV_AWS_148', 'AVD-AWS-0101'],
    title: 'default VPC managed',
    fix: `build the cluster in a VPC of its own`,
    types: ['aws_default_vpc'],
    check: () => 'the default VPC is used',
  },
  {
    id: 'SUBNET-PUBLIC-IP',
    scannerIds: ['CKV_AWS_130', 'AVD-AWS-0164'],
    title: 'subnet gives instances public IPs on launch',
    fix: `network.mapPublicIpOnLaunch false (the default), with nodes in private subnets`,
    types: ['aws_subnet'],
    check: (b) => (isTrue(b.map_public_ip_on_launch) ? 'public IP on launch' : undefined),
  },
  {
    id: 'EIP-ATTACHED',
    scannerIds: ['CKV2_AWS_19'],
    title: 'Elastic IP not in the VPC domain or not attached',
    fix: `the network module attaches its Elastic IPs to the NAT gateways`,
    types: ['aws_eip'],
    check: (b, address, model) => {
      const attached =
        model.connected(address, new Set(['aws_instance', 'aws_nat_gateway', 'aws_transfer_server'])).length > 0 ||
        model.connected(address, new Set(['aws_eip_association'])).some((x) => model.blocks.get(x)!.instance_id) ||
        ['module.', 'data.'].some((k) => String(b.instance ?? '').includes(k));
      return (b.domain === 'vpc' || isTrue(b.vpc)) && attached ? undefined : 'not in the VPC domain or not attached';
    },
  },
];

