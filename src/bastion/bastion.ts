// chapter04 bastion/ (ami.tf, host.tf, sg.tf, keypair.tf), also chapter05 bastion/ and chapter16
// nfs/: one EC2 host in the cluster VPC with its own security group. The same module serves the
// book's bastion (ports [22]) and NFS server (ports [111, 2049, 22], NFS user data).
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { KeyPair } from '@cdktf/provider-aws/lib/key-pair';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import * as v from 'valibot';
import { addSecurityGroupRules, SecurityGroupRule } from '../controlplane/security-group-rules';
import { issue, throwIfIssues, ValidationIssue } from '../errors';
import { awsManagedPolicyArn, serviceTrustPolicy } from '../private/aws';
import { isUnresolved, props, schemaIssues } from '../private/validate';
import { BastionAccess, bastionFields } from './private/schema';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';

export { BASTION_ACCESS, type BastionAccess } from './private/schema';

/** SSM Session Manager: no inbound port, no key, sessions logged by SSM. */
export const DEFAULT_BASTION_ACCESS: BastionAccess = 'ssm';
/** The book's bastion size (chapter 4 `instance-type`). */
export const DEFAULT_BASTION_INSTANCE_TYPE = 't3.micro';
/** The book's bastion tag (chapter 4 `Name = "bastion-host"`). */
export const DEFAULT_BASTION_NAME = 'bastion-host';
/** HTTPS out: SSM, AWS APIs, the Kubernetes API and the Amazon Linux package repositories. */
export const DEFAULT_EGRESS_PORTS = [443];
/** Out through the NAT gateway: SSM and the package repositories have public addresses. */
export const DEFAULT_EGRESS_CIDR_BLOCKS = ['0.0.0.0/0'];

/**
 * Instance families that are not EBS-optimized by default: the older ones among them charge for
 * the option and t1, t2 and m1.small do not offer it, so `ebs_optimized` is left unset for them.
 * Every other family is EBS-optimized by default, where setting it costs nothing (checkov
 * CKV_AWS_135). https://docs.aws.amazon.com/ebs/latest/userguide/ebs-optimized.html
 */
const NOT_EBS_OPTIMIZED_BY_DEFAULT = /^(t1|t2|m1|m2|m3|c1|c3|cc2|cr1|g2|hs1|i2|r3)\./;

/** Whether `instanceType` is EBS-optimized by default (so `ebs_optimized = true` is free and valid). */
export function ebsOptimizedByDefault(instanceType: string): boolean {
  return !NOT_EBS_OPTIMIZED_BY_DEFAULT.test(instanceType);
}
/** Port opened by the SSH access modes (book chapter 4 `ports = [22]`). */
export const SSH_PORT = 22;

/**
 * Amazon Linux 2023, resolved by EC2 from AWS's public SSM parameter when the instance launches:
 * no `aws_ami` lookup at plan time (the book's data source calls the API), and no Ubuntu 20.04,
 * which is past its end of life.
 * @see https://docs.aws.amazon.com/linux/al2023/ug/ec2.html#launch-via-aws-cli
 */
export function amazonLinuxAmi(instanceType: string): string {
  const arch = isGraviton(instanceType) ? 'arm64' : 'x86_64';
  return `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`;
}

/** Graviton families carry a "g" after the generation digit: t4g, m7g, c7gn, r8gd, im4gn, x2gd. */
function isGraviton(instanceType: string): boolean {
  return /^[a-z]+\d[a-z-]*g[a-z-]*\./.test(instanceType);
}

export interface BastionProps {
  /** VPC of the host's security group (book: `vpc_id`). */
  readonly vpcId: string;
  /** Subnet of the host (book: `subnet_id`, `public_subnet_ids[0]`). */
  readonly subnetId: string;
  /** The VPC block; `"vpc"` in `cidrBlocks` stands for it. @default none ("vpc" not usable) */
  readonly vpcCidr?: string;
  /** Give the host a public IP; SSH access needs it (book: `associate_public_ip_address = true`). @default false */
  readonly associatePublicIpAddress?: boolean;
  /**
   * The EKS cluster security group: the host may then reach the private API endpoint on 443
   * (book chapters 4–5: ingress 443 on the cluster security group). @default none (no cluster access)
   */
  readonly clusterSecurityGroupId?: string;
  /** `ssm`, `ssh` or `ssh-generated-key` (the book's; needs the `tls` provider in the stack). @default "ssm" */
  readonly access?: BastionAccess;
  /** Names the instance (`Name` tag), role, profile, security group, launch template and key pair. @default "bastion-host" */
  readonly name?: string;
  /** Book: `instance-type` (`t3.micro` bastion, `t3.small` NFS). @default "t3.micro" */
  readonly instanceType?: string;
  /** AMI ID or `resolve:ssm:` parameter. @default Amazon Linux 2023 of the instance type's architecture, resolved at launch */
  readonly ami?: string;
  /** OpenSSH public key for access `ssh`. @default none */
  readonly sshPublicKey?: string;
  /** TCP ports open to `cidrBlocks` (book: `ports`). @default [22] with SSH access, [] with SSM */
  readonly ports?: number[];
  /** Blocks allowed in on `ports` (book: `cidrBlocks["internet"]`). Required when ports are open. @default none */
  readonly cidrBlocks?: string[];
  /** Let `cidrBlocks` contain `0.0.0.0/0` (the book's bastion and NFS server). @default false */
  readonly allowAccessFromAnywhere?: boolean;
  /** TCP ports the host may reach in `egressCidrBlocks` (book: `eports = [0]`, i.e. everything). @default [443] */
  readonly egressPorts?: number[];
  /**
   * Where the host may connect on `egressPorts`; `"vpc"` is the VPC block. The default reaches
   * SSM, the AWS APIs and the package repositories through the NAT gateway; with VPC endpoints for
   * ssm, ssmmessages and ec2messages (and s3 for dnf) `["vpc"]` is enough, and no rule is open to
   * the internet (trivy AVD-AWS-0104). @default ["0.0.0.0/0"]
   */
  readonly egressCidrBlocks?: string[];
  /**
   * CloudWatch detailed monitoring, metrics every minute (checkov CKV_AWS_126); about $2 a
   * month per instance (https://aws.amazon.com/cloudwatch/pricing/). @default true
   */
  readonly detailedMonitoring?: boolean;
  /** Root volume size, encrypted gp3. @default the AMI's size */
  readonly rootVolumeSizeGiB?: number;
  /** User data run at first boot; a change replaces the instance. @default none */
  readonly userData?: string;
  /**
   * Resources the instance waits for: the routes of its subnet when its user data needs the
   * network (user data runs once, at first boot). @default []
   */
  readonly dependsOn?: ITerraformDependable[];
  /** Tags on every resource of the module. @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({
  vpcId: v.string('must be a VPC ID'),
  subnetId: v.string('must be a subnet ID'),
  associatePublicIpAddress: v.optional(v.boolean('must be true or false')),
  ...bastionFields,
});

/** An EC2 host with its own security group, IMDSv2 only, an encrypted root volume and an SSM-managed instance profile. */
export class Bastion extends Construct {
  readonly instance: Instance;
  readonly instanceId: string;
  readonly privateIp: string;
  /** Empty unless `associatePublicIpAddress`. */
  readonly publicIp: string;
  readonly securityGroupId: string;
  readonly roleArn: string;
  readonly roleName: string;
  readonly access: BastionAccess;
  /** The generated private key (access `ssh-generated-key`), OpenSSH format; it is in the Terraform state. */
  readonly privateKeyOpenssh?: string;

  constructor(scope: Construct, id: string, props: BastionProps) {
    super(scope, id);
    const access = props.access ?? DEFAULT_BASTION_ACCESS;
    const name = props.name ?? DEFAULT_BASTION_NAME;
    const instanceType = props.instanceType ?? DEFAULT_BASTION_INSTANCE_TYPE;
    const ssh = access !== 'ssm';
    const ports = props.ports ?? (ssh ? [SSH_PORT] : []);
    const egressPorts = props.egressPorts ?? DEFAULT_EGRESS_PORTS;
    const tags = props.tags ?? {};

    const fieldIssues = schemaIssues(propsSchema, props);
    const invalid = new Set(fieldIssues.map((i) => i.path[0]));
    throwIfIssues(`Bastion '${this.node.path}'`, [...fieldIssues, ...accessIssues(access, ports, props, invalid)]);
    if (props.cidrBlocks?.includes('0.0.0.0/0')) {
      Annotations.of(this).addWarning(`Host ${name} accepts ports ${ports.join(', ')} from the whole internet (0.0.0.0/0); restrict 'cidrBlocks' (book chapter 4 opens SSH to everyone)`);
    }

    const trust = serviceTrustPolicy(this, 'trust', ['ec2.amazonaws.com']);
    const role = new IamRole(this, 'role', { name, assumeRolePolicy: trust.json, tags });
    // Session Manager, and the SSM agent's inventory and patching, in every access mode (the
    // book's bastion has no instance profile); no EKS or other permissions: administrators bring
    // their own credentials through the port forward or the SSH session.
    const ssmCore = new IamRolePolicyAttachment(this, 'AmazonSSMManagedInstanceCore', {
      role: role.name,
      policyArn: awsManagedPolicyArn(this, 'AmazonSSMManagedInstanceCore'),
    });
    const profile = new IamInstanceProfile(this, 'instance-profile', { name, role: role.name, tags });

    const group = new SecurityGroup(this, 'security-group', {
      name,
      description: `Host ${name} (book chapter 4 bastion-sg)`,
      vpcId: props.vpcId,
      tags: { ...tags, Name: name },
    });
    const rules: SecurityGroupRule[] = [
      ...ports.map((port): SecurityGroupRule => ({ type: 'ingress', protocol: 'tcp', fromPort: port, cidrBlocks: props.cidrBlocks ?? [], description: port === SSH_PORT ? 'SSH' : `TCP ${port}` })),
      ...egressPorts.map((port): SecurityGroupRule => ({ type: 'egress', protocol: 'tcp', fromPort: port, cidrBlocks: props.egressCidrBlocks ?? DEFAULT_EGRESS_CIDR_BLOCKS, description: port === 443 ? 'HTTPS to AWS APIs, SSM and package repositories' : `TCP ${port}` })),
    ];
    addSecurityGroupRules(this, group.id, rules, props.vpcCidr ?? '');
    if (props.clusterSecurityGroupId) {
      const api = { description: `${name} to the private Kubernetes API endpoint`, ipProtocol: 'tcp', fromPort: 443, toPort: 443 };
      new VpcSecurityGroupIngressRule(this, 'cluster-api-ingress', { ...api, securityGroupId: props.clusterSecurityGroupId, referencedSecurityGroupId: group.id });
      new VpcSecurityGroupEgressRule(this, 'cluster-api-egress', { ...api, securityGroupId: group.id, referencedSecurityGroupId: props.clusterSecurityGroupId });
    }

    let keyName: string | undefined;
    if (access === 'ssh') {
      keyName = new KeyPair(this, 'key-pair', { keyName: name, publicKey: props.sshPublicKey!, tags }).keyName;
    } else if (access === 'ssh-generated-key') {
      // The book's keypair.tf without its local_file: the key is an output, never a file written
      // by Terraform.
      const key = new PrivateKey(this, 'private-key', { algorithm: 'RSA', rsaBits: 4096 });
      keyName = new KeyPair(this, 'key-pair', { keyName: name, publicKey: key.publicKeyOpenssh, tags }).keyName;
      this.privateKeyOpenssh = key.privateKeyOpenssh;
    }

    // The launch template carries the image: EC2 resolves `resolve:ssm:` there at launch
    // (aws_instance's own `ami` would store the resolved ID and plan a replacement every time).
    // It also states IMDSv2, like the instance, so neither can be launched without it.
    const metadataOptions = { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 };
    const template = new LaunchTemplate(this, 'launch-template', {
      name,
      imageId: props.ami ?? amazonLinuxAmi(instanceType),
      metadataOptions,
      tags,
    });
    this.instance = new Instance(this, 'instance', {
      launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      instanceType,
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [group.id],
      associatePublicIpAddress: props.associatePublicIpAddress ?? false,
      iamInstanceProfile: profile.name,
      keyName,
      metadataOptions,
      monitoring: props.detailedMonitoring ?? true,
      ...(ebsOptimizedByDefault(instanceType) ? { ebsOptimized: true } : {}),
      rootBlockDevice: { encrypted: true, volumeType: 'gp3', ...(props.rootVolumeSizeGiB ? { volumeSize: props.rootVolumeSizeGiB } : {}), tags: { ...tags, Name: name } },
      userData: props.userData,
      userDataReplaceOnChange: props.userData !== undefined,
      tags: { ...tags, Name: name },
      dependsOn: [ssmCore, ...(props.dependsOn ?? [])],
    });
    this.instanceId = this.instance.id;
    this.privateIp = this.instance.privateIp;
    this.publicIp = this.instance.publicIp;
    this.securityGroupId = group.id;
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.access = access;
  }
}

/** Rules tying the access mode, the key, the ports and their sources together. */
function accessIssues(access: BastionAccess, ports: number[], p: BastionProps, invalid: ReadonlySet<unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const mode = JSON.stringify(access);
  if (access === 'ssh' && p.sshPublicKey === undefined && !invalid.has('sshPublicKey')) {
    issues.push({ path: ['sshPublicKey'], hasReceived: false, message: `is required with access "ssh": your OpenSSH public key; or use access "ssh-generated-key" (the book's generated key, kept in the Terraform state) or "ssm" (no key)` });
  }
  if (access !== 'ssh' && p.sshPublicKey !== undefined) {
    issues.push(issue(['sshPublicKey'], p.sshPublicKey, `applies only to access "ssh", not ${mode}; remove one of 'sshPublicKey' and 'access'`));
  }
  if (access !== 'ssm' && !p.associatePublicIpAddress && !isUnresolved(p.associatePublicIpAddress)) {
    issues.push(issue(['associatePublicIpAddress'], p.associatePublicIpAddress ?? false, `must be true for access ${mode}: SSH comes from outside the VPC to a public IP in a public subnet (book chapter 4); use access "ssm" for a host in a private subnet`));
  }
  if (invalid.has('cidrBlocks') || invalid.has('ports')) return issues;
  if (ports.length > 0 && !p.cidrBlocks) {
    issues.push({ path: ['cidrBlocks'], hasReceived: false, message: `is required: ports ${ports.join(', ')} are open (access ${mode}); list the blocks allowed in, e.g. your office /32` });
  }
  if (ports.length === 0 && p.cidrBlocks) {
    issues.push(issue(['cidrBlocks'], p.cidrBlocks, `opens nothing: access "ssm" needs no inbound port; set 'ports' too, or remove it`));
  }
  if (p.cidrBlocks?.includes('0.0.0.0/0') && !p.allowAccessFromAnywhere) {
    issues.push(issue(['cidrBlocks'], p.cidrBlocks, `opens ports ${ports.join(', ')} to the whole internet; list your own blocks, or set 'allowAccessFromAnywhere' to true to accept that`));
  }
  if ([...(p.cidrBlocks ?? []), ...(p.egressCidrBlocks ?? [])].includes('vpc') && p.vpcCidr === undefined) {
    issues.push(issue(['cidrBlocks'], p.cidrBlocks, `contains "vpc" but no 'vpcCidr' was given`));
  }
  return issues;
}
