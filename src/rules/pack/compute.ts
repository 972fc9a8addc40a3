// Rules on the cluster, its nodes and EC2 hosts: endpoint access, control plane logs, secrets
// encryption, IMDSv2, public IPs, volumes. Each follows the scanner rule named in `scannerIds`
// as ../shared/tools/seccheck.py ports it, quirks included, so the pack and the scanners agree.
import { blocksOf, first, isExpression, isFalse, isTrue, list, type Block, type StackModel } from '../private/model';
import { isPublicCidr, type SecurityRule } from '../private/rule';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** CKV_AWS_79: no metadata_options fails; http_endpoint "disabled" passes; else http_tokens must be "required". */
function allowsImdsV1(b: Block): boolean {
  const options = blocksOf(b.metadata_options);
  if (options.length === 0) return true;
  if (options[0].http_endpoint === 'disabled') return false;
  return options[0].http_tokens !== 'required' && !isExpression(options[0].http_tokens);
}
const tokensNotRequired = (options: Block) => options.http_tokens !== 'required' && options.http_endpoint !== 'disabled';

/** trivy findRelatedLaunchTemplate: the template the instance names by id or name. */
function launchTemplateOf(b: Block, model: StackModel): Block | undefined {
  const ref = first(b.launch_template);
  for (const key of ['name', 'id']) {
    const v = ref[key];
    for (const [address, lt] of model.of('aws_launch_template')) if (model.refersTo(v, address) || (typeof v === 'string' && v !== '' && v === lt.name)) return lt;
  }
  return undefined;
}

/** checkov _is_block_encrypted. */
function blockEncryption(d: Block): 'FAILED' | 'PASSED' | 'UNKNOWN' {
  if (isFalse(d.encrypted) && !d.snapshot_id) return 'FAILED';
  if (isTrue(d.encrypted) || d.snapshot_id) return 'PASSED';
  return 'UNKNOWN';
}

const ENDPOINT_FIX = `controlPlane.endpointAccess "private" (reach the API through a bastion, VPN or in-VPC runners)`;

export const COMPUTE_RULES: readonly SecurityRule[] = [
  {
    id: 'EKS-CONTROL-PLANE-LOGS',
    scannerIds: ['CKV_AWS_37'],
    title: 'control plane log types off',
    fix: `controlPlane.enabledClusterLogTypes with all five types (the default)`,
    types: ['aws_eks_cluster'],
    check: (b) => {
      const on = list(b.enabled_cluster_log_types);
      const off = LOG_TYPES.filter((t) => !on.includes(t));
      return off.length > 0 ? `log types off: ${off.join(', ')}` : undefined;
    },
  },
  {
    id: 'EKS-PUBLIC-ENDPOINT',
    scannerIds: ['CKV_AWS_39', 'AVD-AWS-0040'],
    title: 'public API endpoint enabled',
    fix: ENDPOINT_FIX,
    types: ['aws_eks_cluster'],
    check: (b) => {
      const pub = first(b.vpc_config).endpoint_public_access;
      return !isFalse(pub) && !isExpression(pub) ? 'the Kubernetes API is reachable from the internet' : undefined;
    },
  },
  {
    id: 'EKS-ENDPOINT-OPEN-TO-WORLD',
    scannerIds: ['CKV_AWS_38'],
    title: 'public API endpoint open to 0.0.0.0/0',
    fix: `${ENDPOINT_FIX}, or "hybrid" with your own blocks in controlPlane.publicAccessCidrs`,
    types: ['aws_eks_cluster'],
    check: (b) => {
      if (blocksOf(b.vpc_config).length === 0) return undefined;
      const vc = first(b.vpc_config);
      const cidrs = list(vc.public_access_cidrs);
      return !isFalse(vc.endpoint_public_access) && !(cidrs.length > 0 && !cidrs.includes('0.0.0.0/0')) ? `public endpoint open to 0.0.0.0/0 (${cidrs.length > 0 ? cidrs.join(', ') : 'unset'})` : undefined;
    },
  },
  {
    id: 'EKS-ENDPOINT-PUBLIC-CIDR',
    scannerIds: ['AVD-AWS-0041'],
    title: 'public API endpoint reachable from public addresses',
    fix: ENDPOINT_FIX,
    types: ['aws_eks_cluster'],
    foldsInto: ['EKS-ENDPOINT-OPEN-TO-WORLD'],
    check: (b) => {
      if (blocksOf(b.vpc_config).length === 0) return undefined;
      const vc = first(b.vpc_config);
      if (!(vc.endpoint_public_access === undefined || vc.endpoint_public_access === null || isTrue(vc.endpoint_public_access))) return undefined;
      const cidrs = list(vc.public_access_cidrs);
      const open = (cidrs.length > 0 ? cidrs : ['0.0.0.0/0']).filter(isPublicCidr);
      return open.length > 0 ? `public endpoint reachable from ${open.join(', ')}` : undefined;
    },
  },
  {
    id: 'EKS-SECRETS-ENCRYPTION',
    scannerIds: ['CKV_AWS_58'],
    title: 'Kubernetes secrets not envelope-encrypted',
    fix: `controlPlane.encryptSecrets true (the default)`,
    types: ['aws_eks_cluster'],
    check: (b) => (JSON.stringify(list(first(b.encryption_config).resources)) !== '["secrets"]' ? `encryption_config resources are not ["secrets"]` : undefined),
  },
  {
    id: 'EKS-SECRETS-KEY',
    scannerIds: ['AVD-AWS-0039'],
    title: 'Kubernetes secrets without a KMS key',
    fix: `controlPlane.encryptSecrets true (the default)`,
    types: ['aws_eks_cluster'],
    foldsInto: ['EKS-SECRETS-ENCRYPTION'],
    check: (b) => {
      const enc = first(b.encryption_config);
      if (!list(enc.resources).includes('secrets')) return 'secret encryption not enabled';
      return first(enc.provider).key_arn ? undefined : 'secret encryption without a KMS key ARN';
    },
  },
  {
    id: 'EKS-NODE-SSH-OPEN',
    scannerIds: ['CKV_AWS_100'],
    title: 'node group SSH key without source security groups',
    fix: `nodeGroups.<name>.remoteAccess.sourceSecurityGroupIds`,
    types: ['aws_eks_node_group'],
    check: (b) => {
      const ra = first(b.remote_access);
      return 'ec2_ssh_key' in ra && !('source_security_group_ids' in ra) ? 'EKS opens SSH to 0.0.0.0/0' : undefined;
    },
  },
  {
    id: 'EC2-IMDSV2',
    scannerIds: ['CKV_AWS_79'],
    title: 'IMDSv1 allowed',
    fix: `launch templates and hosts of this project require IMDSv2; set http_tokens "required" on your own`,
    types: ['aws_launch_template', 'aws_instance'],
    check: (b) => (allowsImdsV1(b) ? 'instance metadata answers without a session token (IMDSv1)' : undefined),
  },
  {
    id: 'EC2-LAUNCH-TEMPLATE-IMDS-TOKENS',
    scannerIds: ['AVD-AWS-0130'],
    title: 'launch template does not require IMDS tokens',
    fix: `http_tokens "required" in the launch template`,
    types: ['aws_launch_template'],
    foldsInto: ['EC2-IMDSV2'],
    check: (b) => (tokensNotRequired(first(b.metadata_options)) ? 'IMDS tokens not required' : undefined),
  },
  {
    id: 'EC2-INSTANCE-IMDS-TOKENS',
    scannerIds: ['AVD-AWS-0028'],
    title: 'instance does not require IMDS tokens',
    fix: `http_tokens "required" on the instance or its launch template`,
    types: ['aws_instance'],
    foldsInto: ['EC2-IMDSV2'],
    check: (b, _a, model) => (tokensNotRequired(first((launchTemplateOf(b, model) ?? b).metadata_options)) ? 'IMDS tokens not required' : undefined),
  },
  {
    id: 'EC2-IMDS-HOP-LIMIT',
    scannerIds: ['CKV_AWS_341'],
    title: 'IMDS hop limit above 1',
    fix: `nodeGroups.<name>.launchTemplate.httpPutResponseHopLimit 1 (the default): pods use Pod Identity or IRSA, not the node role`,
    types: ['aws_launch_template'],
    check: (b) => {
      const hop = first(b.metadata_options).http_put_response_hop_limit;
      return hop !== undefined && hop !== null && !isExpression(hop) && hop !== 1 ? `hop limit ${hop}: pods reach the node role` : undefined;
    },
  },
  {
    id: 'EC2-PUBLIC-IP',
    scannerIds: ['CKV_AWS_88'],
    title: 'public IP on an instance',
    fix: `nodeGroups.<name>.subnets "private" (the default); bastion.access "ssm" (the default)`,
    types: ['aws_launch_template', 'aws_instance'],
    check: (b, address) => {
      const v = address.startsWith('aws_launch_template.') ? first(b.network_interfaces).associate_public_ip_address : b.associate_public_ip_address;
      return isTrue(v) ? 'public IP address' : undefined;
    },
  },
  {
    id: 'EC2-EBS-ENCRYPTION',
    scannerIds: ['CKV_AWS_8'],
    title: 'instance volumes not declared encrypted',
    fix: `hosts of this project encrypt their root volume; declare encrypted = true on your own`,
    types: ['aws_instance'],
    check: (b) => {
      const root = blocksOf(b.root_block_device);
      return root.length === 0 || [...root, ...blocksOf(b.ebs_block_device)].some((d) => blockEncryption(d) === 'FAILED') ? 'root or EBS volume encryption not declared true' : undefined;
    },
  },
  {
    id: 'EC2-EBS-ENCRYPTION-TRIVY',
    scannerIds: ['AVD-AWS-0131'],
    title: 'instance root or EBS device not encrypted',
    fix: `encrypted = true on every block device, or aws_ebs_encryption_by_default`,
    types: ['aws_instance'],
    foldsInto: ['EC2-EBS-ENCRYPTION'],
    check: (b, _a, model) => {
      if ([...model.of('aws_ebs_encryption_by_default')].some(([, x]) => !isFalse(x.enabled))) return undefined;
      const root = blocksOf(b.root_block_device);
      return !(root.length > 0 && isTrue(root[0].encrypted)) || !blocksOf(b.ebs_block_device).every((d) => isTrue(d.encrypted)) ? 'root or EBS block device not encrypted' : undefined;
    },
  },
  {
    id: 'EC2-DETAILED-MONITORING',
    scannerIds: ['CKV_AWS_126'],
    title: 'detailed monitoring off',
    fix: `bastion.detailedMonitoring / storage.nfsServer.detailedMonitoring true (the default)`,
    types: ['aws_instance'],
    check: (b) => (isTrue(b.monitoring) ? undefined : 'CloudWatch detailed monitoring off (monitoring = true)'),
  },
  {
    id: 'EC2-EBS-OPTIMIZED',
    scannerIds: ['CKV_AWS_135'],
    title: 'instance not EBS-optimized',
    fix: `an instance type that is EBS-optimized by default (t3 and every current family); the hosts then set ebs_optimized`,
    types: ['aws_instance'],
    check: (b) => (isTrue(b.ebs_optimized) ? undefined : 'ebs_optimized not set'),
  },
  {
    id: 'EC2-INSTANCE-PROFILE',
    scannerIds: ['CKV2_AWS_41'],
    title: 'instance without an IAM instance profile',
    fix: `hosts of this project carry an SSM instance profile`,
    types: ['aws_instance'],
    check: (b) => (b.iam_instance_profile ? undefined : 'no IAM instance profile'),
  },
  {
    id: 'ASG-LAUNCH-TEMPLATE',
    scannerIds: ['CKV_AWS_315'],
    title: 'Auto Scaling group without a launch template',
    fix: `self-managed node groups of this project launch from a launch template`,
    types: ['aws_autoscaling_group'],
    check: (b) => ('launch_template' in b || 'launch_template' in first(b.mixed_instances_policy) ? undefined : 'no launch template'),
  },
  {
    id: 'ASG-TAGS',
    scannerIds: ['CKV_AWS_153'],
    title: 'Auto Scaling group without tags for its instances',
    fix: `self-managed node groups of this project tag their instances`,
    types: ['aws_autoscaling_group'],
    check: (b) => ('tag' in b || 'tags' in b ? undefined : 'no tag blocks for the instances'),
  },
];

