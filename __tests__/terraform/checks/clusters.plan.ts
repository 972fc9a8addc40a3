// Planned values of many clusters: the AWS stacks of the two-cluster configuration file of docs/configuration.md
// (dev in us-east-1, prod in eu-west-1) as main.ts makes them, and a user's stack holding two
// EksClusters, one of them with a Fargate profile.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EksCluster } from '../../../src/cluster/eks-cluster';
import { ReadableIdStack } from '../../../src/stacks/readable-ids';
import { AppSynth, synthClusters, synthJson, testApp, TODAY, TfJson } from '../../helpers/synth';
import type { PlanChecks } from './plan-checks';

/** The configuration file of docs/configuration.md, "Many clusters" (its S3 backend is left out of the offline copy). */
function docsClusters(): Record<string, unknown> {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Many clusters'), doc.indexOf('## Settings'));
  return parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]);
}

let app: AppSynth | undefined;
const fromFile = (stack: string) => (app ??= synthClusters(docsClusters())).stacks[stack];

export const scenarios: Record<string, () => TfJson> = {
  'clusters-dev-aws': () => fromFile('dev-aws'),
  'clusters-prod-aws': () => fromFile('prod-aws'),
  'two-clusters-one-stack': () => {
    const stack = new ReadableIdStack(testApp(), 'platform');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new EksCluster(stack, 'blue', { clusterName: 'blue', region: 'us-east-1', nodeGroups: { default: {} }, today: TODAY });
    const green = new EksCluster(stack, 'green', { clusterName: 'green', region: 'us-east-1', network: { vpcCidr: '10.1.0.0/16' }, today: TODAY });
    green.addFargateProfile('batch', { selectors: [{ namespace: 'batch', labels: { runtime: 'fargate' } }] });
    return synthJson(stack);
  },
};

export function register(checks: PlanChecks): void {
  test("docs/configuration.md's file of two clusters: each stack plans its own cluster, region and sizes", () => {
    const dev = checks.values('clusters-dev-aws', 'aws_eks_cluster.control_plane_cluster');
    const prod = checks.values('clusters-prod-aws', 'aws_eks_cluster.control_plane_cluster');
    expect([dev.name, prod.name]).toEqual(['team-dev', 'team-prod']);
    expect(checks.values('clusters-prod-aws', 'aws_subnet.network_private_subnet_1').availability_zone_id).toBe('euw1-az1');
    expect(checks.values('clusters-prod-aws', 'aws_eks_node_group.node_group_default_group').scaling_config).toEqual([{ desired_size: 3, max_size: 9, min_size: 3 }]);
    expect(checks.ofType('clusters-dev-aws', 'aws_nat_gateway').size).toBe(1);
    expect(checks.values('clusters-dev-aws', 'aws_vpc.network_vpc').tags_all).toEqual({ Name: 'team-dev-vpc', cluster: 'team-dev', 'managed-by': 'cdktf', team: 'platform' });
    // Each its own state in the shared bucket (the offline copy plans without the backend).
    expect([fromFile('dev-aws'), fromFile('prod-aws')].map((s) => s.terraform!.backend.s3)).toEqual([
      expect.objectContaining({ bucket: 'acme-terraform-state', key: 'team-dev-aws.tfstate', region: 'us-east-1' }),
      expect.objectContaining({ bucket: 'acme-terraform-state', key: 'team-prod-aws.tfstate', region: 'eu-west-1' }),
    ]);
  });

  test('two EksClusters in one stack: both planned, each under its id, with its own names', () => {
    const clusters = checks.ofType('two-clusters-one-stack', 'aws_eks_cluster');
    expect([...clusters].map(([address, c]) => [address, c.name])).toEqual([
      ['aws_eks_cluster.blue_control_plane_cluster', 'blue'],
      ['aws_eks_cluster.green_control_plane_cluster', 'green'],
    ]);
    expect(checks.values('two-clusters-one-stack', 'aws_vpc.green_network_vpc').cidr_block).toBe('10.1.0.0/16');
    expect([...checks.ofType('two-clusters-one-stack', 'aws_iam_role').values()].map((r) => r.name).sort()).toEqual([
      'blue-nodes',
      'blue-role',
      'blue-vpc-flow-logs',
      'green-fargate-batch',
      'green-nodes',
      'green-role',
      'green-vpc-flow-logs',
    ]);
  });

  test('the Fargate profile: its selector, and a pod execution role for the Fargate service', () => {
    const profile = checks.values('two-clusters-one-stack', 'aws_eks_fargate_profile.green_fargate_profile_batch_profile');
    expect(profile).toMatchObject({ cluster_name: 'green', fargate_profile_name: 'batch', selector: [{ namespace: 'batch', labels: { runtime: 'fargate' } }] });
    const attachment = checks.values('two-clusters-one-stack', 'aws_iam_role_policy_attachment.green_fargate_profile_batch_pod_execution_policy');
    expect(attachment).toMatchObject({ role: 'green-fargate-batch', policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy' });
  });
}
