// `aws_launch_template` for the arguments NodeLaunchTemplate sets. Every node group of the default
// preset has a launch template, and the generated class (@cdktf/provider-aws/lib/launch-template,
// 850 KB of code for all 40 blocks of the resource) takes about 7 ms to load: a quarter of what
// the default synthesis may spend beyond a one-resource app (README "Benchmark"). This class writes
// the same Terraform JSON and HCL as the generated one for these arguments, with the generated
// config types; __tests__/dataplane/nodes/launch-template-resource.test.ts compares the two.
import type {
  LaunchTemplateBlockDeviceMappingsEbs,
  LaunchTemplateConfig,
  LaunchTemplateMetadataOptions,
} from '@cdktf/provider-aws/lib/launch-template';
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';

/** The arguments this class writes, typed as the generated LaunchTemplateConfig types them. */
export interface LaunchTemplateResourceConfig
  extends Pick<LaunchTemplateConfig, 'name' | 'description' | 'updateDefaultVersion' | 'imageId' | 'keyName' | 'vpcSecurityGroupIds' | 'userData' | 'tags' | 'dependsOn' | 'lifecycle' | 'provider'> {
  readonly iamInstanceProfile?: { readonly arn: string };
  readonly metadataOptions?: LaunchTemplateMetadataOptions;
  readonly blockDeviceMappings?: readonly { readonly deviceName: string; readonly ebs?: LaunchTemplateBlockDeviceMappingsEbs }[];
  readonly tagSpecifications?: readonly { readonly resourceType: string; readonly tags: Record<string, string> }[];
}

type Hcl = { value: unknown; isBlock: boolean; type: string; storageClassType: string };

const str = (value: string | undefined): Hcl => ({ value: cdktf.stringToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'string' });
const num = (value: number | undefined): Hcl => ({ value: cdktf.numberToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'number' });
const bool = (value: boolean | cdktf.IResolvable | undefined): Hcl => ({ value: cdktf.booleanToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'boolean' });
const stringMap = (value: Record<string, string> | undefined): Hcl => ({ value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(value), isBlock: false, type: 'map', storageClassType: 'stringMap' });
const block = (value: unknown, type: string, storageClassType: string): Hcl => ({ value, isBlock: true, type, storageClassType });

/** Attributes without a value are left out, as the generated classes do. */
function defined(attrs: Record<string, Hcl>): Record<string, Hcl> {
  return Object.fromEntries(Object.entries(attrs).filter(([, a]) => a.value !== undefined));
}

function ebsJson(e: LaunchTemplateBlockDeviceMappingsEbs | undefined) {
  if (e === undefined) return undefined;
  return {
    delete_on_termination: cdktf.stringToTerraform(e.deleteOnTermination),
    encrypted: cdktf.stringToTerraform(e.encrypted),
    iops: cdktf.numberToTerraform(e.iops),
    kms_key_id: cdktf.stringToTerraform(e.kmsKeyId),
    throughput: cdktf.numberToTerraform(e.throughput),
    volume_size: cdktf.numberToTerraform(e.volumeSize),
    volume_type: cdktf.stringToTerraform(e.volumeType),
  };
}

function ebsHcl(e: LaunchTemplateBlockDeviceMappingsEbs | undefined) {
  if (e === undefined) return undefined;
  return defined({
    delete_on_termination: str(e.deleteOnTermination),
    encrypted: str(e.encrypted),
    iops: num(e.iops),
    kms_key_id: str(e.kmsKeyId),
    throughput: num(e.throughput),
    volume_size: num(e.volumeSize),
    volume_type: str(e.volumeType),
  });
}

function metadataJson(m: LaunchTemplateMetadataOptions | undefined) {
  if (m === undefined) return undefined;
  return {
    http_endpoint: cdktf.stringToTerraform(m.httpEndpoint),
    http_put_response_hop_limit: cdktf.numberToTerraform(m.httpPutResponseHopLimit),
    http_tokens: cdktf.stringToTerraform(m.httpTokens),
    instance_metadata_tags: cdktf.stringToTerraform(m.instanceMetadataTags),
  };
}

function metadataHcl(m: LaunchTemplateMetadataOptions | undefined) {
  if (m === undefined) return undefined;
  return defined({
    http_endpoint: str(m.httpEndpoint),
    http_put_response_hop_limit: num(m.httpPutResponseHopLimit),
    http_tokens: str(m.httpTokens),
    instance_metadata_tags: str(m.instanceMetadataTags),
  });
}

/** An `aws_launch_template` resource (Terraform AWS provider 5.100.0), reduced to the arguments above. */
export class LaunchTemplateResource extends cdktf.TerraformResource {
  static readonly tfResourceType = 'aws_launch_template';
  private readonly config: LaunchTemplateResourceConfig;

  constructor(scope: Construct, id: string, config: LaunchTemplateResourceConfig) {
    super(scope, id, {
      terraformResourceType: 'aws_launch_template',
      terraformGeneratorMetadata: { providerName: 'aws', providerVersion: '5.100.0', providerVersionConstraint: '~> 5.0' },
      provider: config.provider,
      dependsOn: config.dependsOn,
      lifecycle: config.lifecycle,
    });
    this.config = config;
  }

  get id(): string {
    return this.getStringAttribute('id');
  }

  get name(): string {
    return this.getStringAttribute('name');
  }

  get latestVersion(): number {
    return this.getNumberAttribute('latest_version');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      description: cdktf.stringToTerraform(c.description),
      image_id: cdktf.stringToTerraform(c.imageId),
      key_name: cdktf.stringToTerraform(c.keyName),
      name: cdktf.stringToTerraform(c.name),
      tags: cdktf.hashMapper(cdktf.stringToTerraform)(c.tags),
      update_default_version: cdktf.booleanToTerraform(c.updateDefaultVersion),
      user_data: cdktf.stringToTerraform(c.userData),
      vpc_security_group_ids: cdktf.listMapper(cdktf.stringToTerraform, false)(c.vpcSecurityGroupIds),
      block_device_mappings: cdktf.listMapper((b: { deviceName: string; ebs?: LaunchTemplateBlockDeviceMappingsEbs }) => ({ device_name: cdktf.stringToTerraform(b.deviceName), ebs: ebsJson(b.ebs) }), true)(c.blockDeviceMappings),
      iam_instance_profile: c.iamInstanceProfile && { arn: cdktf.stringToTerraform(c.iamInstanceProfile.arn) },
      metadata_options: metadataJson(c.metadataOptions),
      tag_specifications: cdktf.listMapper((t: { resourceType: string; tags: Record<string, string> }) => ({ resource_type: cdktf.stringToTerraform(t.resourceType), tags: cdktf.hashMapper(cdktf.stringToTerraform)(t.tags) }), true)(
        c.tagSpecifications,
      ),
    };
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return defined({
      description: str(c.description),
      image_id: str(c.imageId),
      key_name: str(c.keyName),
      name: str(c.name),
      tags: stringMap(c.tags),
      update_default_version: bool(c.updateDefaultVersion),
      user_data: str(c.userData),
      vpc_security_group_ids: { value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(c.vpcSecurityGroupIds), isBlock: false, type: 'set', storageClassType: 'stringList' },
      block_device_mappings: block(
        cdktf.listMapperHcl(
          (b: { deviceName: string; ebs?: LaunchTemplateBlockDeviceMappingsEbs }) =>
            defined({ device_name: str(b.deviceName), ebs: block(ebsHcl(b.ebs), 'list', 'LaunchTemplateBlockDeviceMappingsEbsList') }),
          true,
        )(c.blockDeviceMappings),
        'list',
        'LaunchTemplateBlockDeviceMappingsList',
      ),
      iam_instance_profile: block(c.iamInstanceProfile && defined({ arn: str(c.iamInstanceProfile.arn) }), 'list', 'LaunchTemplateIamInstanceProfileList'),
      metadata_options: block(metadataHcl(c.metadataOptions), 'list', 'LaunchTemplateMetadataOptionsList'),
      tag_specifications: block(
        cdktf.listMapperHcl((t: { resourceType: string; tags: Record<string, string> }) => defined({ resource_type: str(t.resourceType), tags: stringMap(t.tags) }), true)(c.tagSpecifications),
        'list',
        'LaunchTemplateTagSpecificationsList',
      ),
    });
  }
}
