import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeLaunchTemplate, NodeLaunchTemplateProps } from '../../../src/dataplane/nodes/launch-template';
import { toToml } from '../../../src/dataplane/nodes/private/user-data';
import { emptyStack, onlyResource, ref, synthJson, validationLines } from '../../helpers/synth';
import { terraformEnv, terraformTests } from '../../helpers/terraform';
import { decodeUserData, mimeParts, nodeConfigs, parseToml } from '../../helpers/user-data';

const JOIN = {
  name: 'demo',
  endpoint: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
  certificateAuthority: 'Q0E=',
  serviceIpv4Cidr: '172.20.0.0/16',
};

function template(props: Partial<NodeLaunchTemplateProps> = {}) {
  const stack = emptyStack();
  const lt = new NodeLaunchTemplate(stack, 'lt', { launchTemplateName: 'demo-workers', ...props });
  const json = synthJson(stack);
  const resource = onlyResource(json, 'aws_launch_template');
  return { lt, resource, userData: resource.user_data === undefined ? undefined : decodeUserData(resource.user_data) };
}

describe('NodeLaunchTemplate defaults: the security baseline', () => {
  const { resource } = template();

  test('IMDSv2 required, hop limit 1, no instance tags in the metadata service', () => {
    expect(resource.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' });
  });

  test('a 20 GiB encrypted gp3 disk on the AMI root device (not the book unused /dev/sdf)', () => {
    expect(resource.block_device_mappings).toEqual([
      { device_name: '/dev/xvda', ebs: { volume_size: 20, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } },
    ]);
  });

  test.each([
    ['name', 'demo-workers'],
    ['update_default_version', true],
    ['image_id', undefined],
    ['user_data', undefined],
    ['vpc_security_group_ids', undefined],
    ['key_name', undefined],
    ['iam_instance_profile', undefined],
    ['tag_specifications', undefined],
  ])('%s defaults to %j', (field, value) => {
    expect(resource[field]).toEqual(value);
  });
});

describe('NodeLaunchTemplate options', () => {
  test.each([
    ['BOTTLEROCKET_x86_64', '/dev/xvdb'],
    ['WINDOWS_CORE_2022_x86_64', '/dev/sda1'],
    ['AL2023_ARM_64_STANDARD', '/dev/xvda'],
  ] as const)('%s: the disk size goes to %s', (amiType, device) => {
    expect(template({ amiType }).resource.block_device_mappings[0].device_name).toBe(device);
  });

  test('hop limit 2, metadata tags, disk settings, security groups, key pair, instance profile', () => {
    const { resource } = template({
      httpPutResponseHopLimit: 2,
      instanceMetadataTags: true,
      rootVolume: { sizeGiB: 100, iops: 6000, throughputMiBps: 250, kmsKeyId: 'alias/ebs' },
      securityGroupIds: ['sg-0123456789abcdef0'],
      keyName: 'ops',
      iamInstanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/nodes',
      amiId: 'ami-0123456789abcdef0',
      joinCluster: JOIN,
    });
    expect(resource.metadata_options).toMatchObject({ http_put_response_hop_limit: 2, instance_metadata_tags: 'enabled' });
    expect(resource.block_device_mappings[0].ebs).toEqual({ volume_size: 100, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true', iops: 6000, throughput: 250, kms_key_id: 'alias/ebs' });
    expect(resource).toMatchObject({
      vpc_security_group_ids: ['sg-0123456789abcdef0'],
      key_name: 'ops',
      iam_instance_profile: { arn: 'arn:aws:iam::123456789012:instance-profile/nodes' },
      image_id: 'ami-0123456789abcdef0',
    });
  });

  test('instance tags go to instances, volumes and network interfaces', () => {
    const { resource } = template({ instanceTags: { Name: 'demo-workers', team: 'a' }, tags: { owner: 'b' } });
    expect(resource.tag_specifications).toEqual(['instance', 'volume', 'network-interface'].map((resource_type) => ({ resource_type, tags: { Name: 'demo-workers', team: 'a' } })));
    expect(resource.tags).toEqual({ owner: 'b' });
  });
});

describe('user data, by AMI family', () => {
  test('AL2023 on an EKS AMI: a NodeConfig with max pods only, in MIME multipart', () => {
    const { userData } = template({ maxPods: 11 });
    const parts = mimeParts(userData!);
    expect(parts.map((p) => p.headers['Content-Type'])).toEqual(['application/node.eks.aws']);
    expect(nodeConfigs(userData!)).toEqual([{ apiVersion: 'node.eks.aws/v1alpha1', kind: 'NodeConfig', spec: { kubelet: { config: { maxPods: 11 } } } }]);
  });

  test('AL2023 joining on its own: cluster connection, labels and taints as kubelet flags, extra NodeConfig merged', () => {
    const { userData } = template({
      amiId: 'ami-0123456789abcdef0',
      joinCluster: JOIN,
      maxPods: 29,
      labels: { role: 'batch', 'example.com/tier': 'b' },
      taints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }, { key: 'gpu', effect: 'PREFER_NO_SCHEDULE' }],
      userData: { script: 'echo hello', nodeConfig: { kubelet: { config: { shutdownGracePeriod: '30s' }, flags: ['--v=2'] } } },
    });
    const parts = mimeParts(userData!);
    expect(parts.map((p) => p.headers['Content-Type'])).toEqual(['text/x-shellscript; charset="us-ascii"', 'application/node.eks.aws']);
    expect(parts[0].body).toBe('#!/bin/bash\nset -o errexit -o pipefail -o nounset\necho hello\n');
    expect(nodeConfigs(userData!)[0].spec).toEqual({
      cluster: { name: 'demo', apiServerEndpoint: JOIN.endpoint, certificateAuthority: 'Q0E=', cidr: '172.20.0.0/16' },
      kubelet: {
        config: { maxPods: 29, shutdownGracePeriod: '30s' },
        flags: ['--node-labels=role=batch,example.com/tier=b', '--register-with-taints=dedicated=batch:NoSchedule,gpu=:PreferNoSchedule', '--v=2'],
      },
    });
  });

  test('Amazon Linux 2 joining on its own: the book format, bootstrap.sh with max pods and the cluster connection', () => {
    const { userData } = template({ amiType: 'AL2_x86_64', amiId: 'ami-0123456789abcdef0', joinCluster: JOIN, maxPods: 11, labels: { name: 'nodes' } });
    const [part] = mimeParts(userData!);
    expect(part.body.split('\n')).toEqual([
      '#!/bin/bash',
      'set -o errexit -o pipefail -o nounset',
      "/etc/eks/bootstrap.sh 'demo' \\",
      `  --apiserver-endpoint '${JOIN.endpoint}' \\`,
      "  --b64-cluster-ca 'Q0E=' \\",
      "  --service-ipv4-cidr '172.20.0.0/16' \\",
      "  --kubelet-extra-args '--max-pods=11 --node-labels=name=nodes' \\",
      '  --use-max-pods false',
      '',
    ]);
  });

  test('Bottlerocket on an EKS AMI: TOML settings, merged with extra settings', () => {
    const { userData } = template({ amiType: 'BOTTLEROCKET_x86_64', maxPods: 110, userData: { bottlerocketSettings: { kubernetes: { 'image-gc-high-threshold-percent': 85 } } } });
    expect(parseToml(userData!)).toEqual({ settings: { kubernetes: { 'max-pods': 110, 'image-gc-high-threshold-percent': 85 } } });
  });

  test('Bottlerocket joining on its own: cluster settings, DNS address from the service block, labels and taints', () => {
    const { resource } = template({
      amiType: 'BOTTLEROCKET_ARM_64',
      amiId: 'ami-0123456789abcdef0',
      joinCluster: JOIN,
      labels: { name: 'nodes' },
      taints: [{ key: 'dedicated', value: 'x', effect: 'NO_EXECUTE' }],
    });
    // The DNS address is computed by Terraform (cidrhost), so the user data is an expression.
    const text = decodeUserData(resource.user_data);
    expect(text).toContain('cluster-dns-ip = "${cidrhost("172.20.0.0/16", 10)}"');
    const toml = parseToml(text.replace('${cidrhost("172.20.0.0/16", 10)}', '172.20.0.10'));
    expect(toml.settings.kubernetes).toEqual({
      'cluster-name': 'demo',
      'api-server': JOIN.endpoint,
      'cluster-certificate': 'Q0E=',
      'cluster-dns-ip': '172.20.0.10',
      'node-labels': { name: 'nodes' },
      'node-taints': { dedicated: ['x:NoExecute'] },
    });
  });

  test('raw user data is used as is', () => {
    const raw = 'MIME-Version: 1.0\nContent-Type: text/plain\n\nmine';
    expect(template({ amiType: 'CUSTOM', amiId: 'ami-0123456789abcdef0', joinCluster: JOIN, userData: { raw } }).userData).toBe(raw);
  });

  test('references and template sequences survive: Terraform writes the text it was given', () => {
    const script = 'echo "${HOME}" %{ not a directive } \\ \t';
    const stack = emptyStack();
    const cluster = new (require('@cdktf/provider-aws/lib/eks-cluster').EksCluster)(stack, 'c', { name: 'c', roleArn: 'r', vpcConfig: { subnetIds: [] } });
    new NodeLaunchTemplate(stack, 'lt', {
      launchTemplateName: 'x-y-z',
      amiId: 'ami-0123456789abcdef0',
      joinCluster: { ...JOIN, endpoint: cluster.endpoint },
      userData: { script },
    });
    const raw = onlyResource(synthJson(stack), 'aws_launch_template').user_data as string;
    expect(raw).toMatch(/^\$\{base64encode\(join\("", \[/);
    expect(raw).toContain('$${HOME}');
    expect(raw).toContain('%%{ not a directive }');
    const text = decodeUserData(raw);
    expect(mimeParts(text)[0].body).toContain(script);
    expect(nodeConfigs(text)[0].spec.cluster.apiServerEndpoint).toBe(ref('aws_eks_cluster.c.endpoint'));
  });

  test('the TOML writer quotes keys and strings that need it', () => {
    expect(toToml({ settings: { 'node-labels': { 'example.com/a': 'x"y' }, n: 1 } })).toBe('[settings]\nn = 1\n\n[settings.node-labels]\n"example.com/a" = "x\\"y"\n');
  });
});

describe('NodeLaunchTemplate validation: user data for the wrong AMI family, and the rest', () => {
  test.each<[string, Partial<NodeLaunchTemplateProps>, string]>([
    ['a NodeConfig for Bottlerocket', { amiType: 'BOTTLEROCKET_x86_64', userData: { nodeConfig: { kubelet: {} } } }, `'userData.nodeConfig' ({"kubelet":{}}) is a nodeadm NodeConfig, which only Amazon Linux 2023 reads; Bottlerocket reads TOML settings: use 'userData.bottlerocketSettings'`],
    ['a NodeConfig for Amazon Linux 2', { amiType: 'AL2_x86_64', userData: { nodeConfig: { kubelet: {} } } }, `which only Amazon Linux 2023 reads; Amazon Linux 2 uses /etc/eks/bootstrap.sh`],
    ['Bottlerocket settings for AL2023', { userData: { bottlerocketSettings: { kubernetes: {} } } }, `'userData.bottlerocketSettings' ({"kubernetes":{}}) are Bottlerocket TOML settings; Amazon Linux 2023 reads a nodeadm NodeConfig: use 'userData.nodeConfig'`],
    ['a shell script for Bottlerocket', { amiType: 'BOTTLEROCKET_ARM_64', userData: { script: 'echo hi' } }, `'userData.script' ("echo hi") cannot run on Bottlerocket, which has no shell user data`],
    ['bootstrap.sh on AL2023', { userData: { script: '/etc/eks/bootstrap.sh demo --kubelet-extra-args --max-pods=120' } }, `calls /etc/eks/bootstrap.sh, which Amazon Linux 2023 does not have (nodeadm joins the node)`],
    ['bootstrap.sh on an EKS AL2 AMI', { amiType: 'AL2_x86_64', userData: { script: '/etc/eks/bootstrap.sh demo' } }, `calls /etc/eks/bootstrap.sh, which EKS calls itself on its AMI`],
    ['raw bootstrap.sh user data on AL2023', { userData: { raw: '#!/bin/bash\n/etc/eks/bootstrap.sh demo' } }, `'userData.raw' ("#!/bin/bash\\n/etc/eks/bootstrap.sh demo") calls /etc/eks/bootstrap.sh, which Amazon Linux 2023 does not have: write a nodeadm NodeConfig`],
    ['a raw NodeConfig on Amazon Linux 2', { amiType: 'AL2_ARM_64', userData: { raw: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig' } }, `holds a nodeadm NodeConfig, which only Amazon Linux 2023 reads`],
    ['raw shell user data on Bottlerocket', { amiType: 'BOTTLEROCKET_x86_64', userData: { raw: '#!/bin/bash\necho' } }, `is shell or MIME user data; Bottlerocket only reads TOML settings`],
    ['raw TOML on AL2023', { userData: { raw: '[settings.kubernetes]\nmax-pods = 1' } }, `holds Bottlerocket TOML settings; Amazon Linux 2023 reads a nodeadm NodeConfig`],
    ['raw user data with max pods', { maxPods: 11, userData: { raw: 'x' } }, `'maxPods' (11) cannot be combined with 'userData.raw'`],
    ['raw user data with a script', { userData: { raw: 'x', script: 'y' } }, `'userData.script' ("y") cannot be combined with 'userData.raw'`],
    ['a custom AMI without a way to bootstrap', { amiType: 'CUSTOM', amiId: 'ami-0123456789abcdef0', joinCluster: JOIN }, `'userData.raw' is required for amiType "CUSTOM": nothing else can join a custom AMI to the cluster`],
    ['max pods on an EKS Amazon Linux 2 AMI', { amiType: 'AL2_x86_64', maxPods: 20 }, `'maxPods' (20) cannot be set on an EKS Amazon Linux 2 AMI, whose bootstrap.sh arguments EKS writes itself`],
    ['max pods for Windows', { amiType: 'WINDOWS_CORE_2022_x86_64', maxPods: 20 }, `'maxPods' (20) is not written into Windows user data by this project`],
    ['the cluster in an extra NodeConfig', { userData: { nodeConfig: { cluster: { name: 'x' } } } }, `'userData.nodeConfig.cluster' ({"name":"x"}) is written by the node group (or by EKS); remove it`],
    ['max pods twice', { maxPods: 11, userData: { nodeConfig: { kubelet: { config: { maxPods: 20 } } } } }, `'userData.nodeConfig.kubelet.config.maxPods' (20) conflicts with 'maxPods' (11)`],
    ['a hop limit of 0', { httpPutResponseHopLimit: 0 }, `'httpPutResponseHopLimit' (0) must be a whole number between 1 and 64`],
    ['a template name with a space', { launchTemplateName: 'my template' }, `'launchTemplateName' ("my template") must be 3 to 128 characters`],
    ['an AMI ID that is not one', { amiId: 'image-1' }, `'amiId' ("image-1") must be an AMI ID such as "ami-0123456789abcdef0"`],
    ['a root volume too small for gp3 IOPS', { rootVolume: { iops: 100 } }, `'rootVolume.iops' (100) must be a whole number between 3000 and 80000`],
    ['metadata tags with a tag key holding "/"', { instanceMetadataTags: true, instanceTags: { 'kubernetes.io/role': 'x' } }, `'instanceMetadataTags' (true) cannot be combined with instance tag keys outside letters, digits and + - = . , _ : @ ("kubernetes.io/role")`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => template(props)).join('\n')).toContain(expected);
  });
});

// Terraform itself evaluates the user data expression, references replaced by literals: the
// escaping of quotes, backslashes, tabs and template sequences must give back the exact text.
const { describeTf, label } = terraformTests(false);
describeTf(`user data evaluated by Terraform (${label}: terraform console)`, () => {
  test('base64decode of the synthesized expression is the text given', () => {
    const script = 'echo "${HOME}" %{ not a directive } \\ back\tslash\n';
    const stack = emptyStack();
    const { EksCluster } = require('@cdktf/provider-aws/lib/eks-cluster');
    const cluster = new EksCluster(stack, 'c', { name: 'c', roleArn: 'r', vpcConfig: { subnetIds: [] } });
    new NodeLaunchTemplate(stack, 'lt', { launchTemplateName: 'x-y-z', amiId: 'ami-0123456789abcdef0', joinCluster: { ...JOIN, endpoint: cluster.endpoint }, userData: { script } });
    const expression = (onlyResource(synthJson(stack), 'aws_launch_template').user_data as string).slice(2, -1).replace('aws_eks_cluster.c.endpoint', '"https://endpoint.example"');
    const out = execFileSync('terraform', ['console'], {
      input: `base64decode(${expression})\n`,
      encoding: 'utf8',
      cwd: mkdtempSync(join(tmpdir(), 'tf-console-')),
      env: terraformEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    }).trim();
    // A multi-line string comes back as a heredoc, whose last line break is the text's own.
    expect(out.startsWith('<<EOT\n') && out.endsWith('\nEOT')).toBe(true);
    const text = `${out.slice('<<EOT\n'.length, -'\nEOT'.length)}\n`;
    expect(mimeParts(text)[0].body).toBe(`#!/bin/bash\nset -o errexit -o pipefail -o nounset\n${script}`);
    expect(nodeConfigs(text)[0].spec.cluster.apiServerEndpoint).toBe('https://endpoint.example');
  });
});
