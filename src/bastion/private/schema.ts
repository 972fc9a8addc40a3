// Field rules of the bastion module, shared by the Bastion constructor and the configuration
// file schema. No provider class is imported here: the configuration schema loads this file on
// every synthesis.
import * as v from 'valibot';
import { integer, matching, nonEmptyList, oneOf, ruleCidrBlocks, settings, tagMap } from '../../private/validate';

/**
 * How administrators reach the host (book chapter 4 "Bastion Authentication"):
 * - `ssm`: AWS Systems Manager Session Manager, no inbound port at all;
 * - `ssh`: SSH with your own public key (`aws_key_pair`);
 * - `ssh-generated-key`: the book's `tls_private_key` + `aws_key_pair`; the private key is a
 *   sensitive output and lives in the Terraform state.
 */
export const BASTION_ACCESS = ['ssm', 'ssh', 'ssh-generated-key'] as const;
export type BastionAccess = (typeof BASTION_ACCESS)[number];

/** Where the configuration file puts the host. */
export const BASTION_SUBNETS = ['private', 'public'] as const;

/** OpenSSH public keys AWS key pairs accept (RSA, ED25519, ECDSA). */
const SSH_PUBLIC_KEY = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;

export const bastionFields = {
  access: v.optional(oneOf(BASTION_ACCESS)),
  /** Names the instance, its role, profile, security group, launch template and key pair. */
  name: v.optional(matching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,55}$/, 'must be 1 to 56 letters, digits, "-" and "_", starting with a letter or digit')),
  instanceType: v.optional(matching(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, 'must be an EC2 instance type such as "t3.micro"')),
  ami: v.optional(
    matching(/^(ami-[0-9a-f]{8}([0-9a-f]{9})?|resolve:ssm:\/[\w./-]+)$/, 'must be an AMI ID ("ami-0123456789abcdef0") or an SSM parameter reference ("resolve:ssm:/aws/service/...")'),
  ),
  sshPublicKey: v.optional(matching(SSH_PUBLIC_KEY, 'must be an OpenSSH public key line ("ssh-ed25519 AAAA... comment")')),
  ports: v.optional(nonEmptyList(integer(1, 65535), 'port')),
  cidrBlocks: v.optional(ruleCidrBlocks),
  allowAccessFromAnywhere: v.optional(v.boolean('must be true or false')),
  egressPorts: v.optional(nonEmptyList(integer(1, 65535), 'port')),
  egressCidrBlocks: v.optional(ruleCidrBlocks),
  detailedMonitoring: v.optional(v.boolean('must be true or false')),
  rootVolumeSizeGiB: v.optional(integer(1, 16384)),
  userData: v.optional(v.string('must be a string (a shell script or cloud-init document)')),
  tags: v.optional(tagMap),
};

export const bastionSettingsFields = {
  ...bastionFields,
  /** Private subnet (default, `ssm`) or public subnet with a public IP (`ssh`, the book's). */
  subnet: v.optional(oneOf(BASTION_SUBNETS)),
};

/** The configuration's `bastion` section. */
export const bastionSettingsSchema = settings(bastionSettingsFields);
