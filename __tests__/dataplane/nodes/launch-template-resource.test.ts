// The slim aws_launch_template class writes what the generated provider class writes, JSON and
// HCL, for every argument it supports (and it must stay so when the provider is upgraded).
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Testing, TerraformStack, Token } from 'cdktf';
import { LaunchTemplateResource, LaunchTemplateResourceConfig } from '../../../src/dataplane/nodes/private/launch-template-resource';
import { resolved, testApp } from '../../helpers/synth';

const CONFIGS: Record<string, LaunchTemplateResourceConfig> = {
  minimal: { name: 'lt' },
  'the default node group': {
    name: 'eks-default-default',
    description: 'EKS nodes (AL2023_x86_64_STANDARD)',
    updateDefaultVersion: true,
    metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 20, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } }],
    tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: { Name: 'eks-default-default', cluster: 'eks-default' } })),
    tags: {},
  },
  'every argument': {
    name: 'self-managed-launch-template',
    description: 'd',
    updateDefaultVersion: false,
    imageId: 'resolve:ssm:/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id',
    keyName: 'ops',
    vpcSecurityGroupIds: ['sg-1', 'sg-2'],
    userData: 'VXNlciBkYXRh',
    iamInstanceProfile: { arn: 'arn:aws:iam::123456789012:instance-profile/nodes' },
    metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 2, instanceMetadataTags: 'enabled' },
    blockDeviceMappings: [
      { deviceName: '/dev/xvda', ebs: { volumeSize: 2, volumeType: 'gp3', encrypted: 'true' } },
      { deviceName: '/dev/xvdb', ebs: { volumeSize: 100, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true', iops: 6000, throughput: 250, kmsKeyId: 'alias/ebs' } },
    ],
    tagSpecifications: [{ resourceType: 'instance', tags: { team: 'a' } }],
    tags: { owner: 'b' },
  },
};

function synth(make: (stack: TerraformStack) => void) {
  const stack = new TerraformStack(testApp(), 'lt');
  make(stack);
  return { json: Testing.synth(stack), hcl: Testing.synthHcl(stack) };
}

describe.each(Object.entries(CONFIGS))('%s', (_name, config) => {
  const generated = synth((s) => new LaunchTemplate(s, 'template', config as never));
  const slim = synth((s) => new LaunchTemplateResource(s, 'template', config));

  test('the same Terraform JSON as the generated class', () => {
    expect(JSON.parse(slim.json)).toEqual(JSON.parse(generated.json));
  });

  test('the same HCL as the generated class', () => {
    expect(slim.hcl).toBe(generated.hcl);
  });
});

test('the same references: id, name and latest_version', () => {
  const stack = new TerraformStack(testApp(), 'refs');
  const slim = new LaunchTemplateResource(stack, 'slim', { name: 'a' });
  const generated = new LaunchTemplate(stack, 'generated', { name: 'b' });
  for (const [a, b] of [
    [slim.id, generated.id],
    [slim.name, generated.name],
    [Token.asString(slim.latestVersion), Token.asString(generated.latestVersion)],
  ]) {
    expect(resolved(stack, a)).toBe((resolved(stack, b) as string).replace('generated', 'slim'));
  }
  expect(resolved(stack, slim.latestVersion)).toBe('${aws_launch_template.slim.latest_version}');
});
