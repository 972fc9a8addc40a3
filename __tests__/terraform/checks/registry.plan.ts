// Planned values of the container registry (book chapter 12, by hand there; seed 001): ECR
// repositories with their lifecycle policies and the push group, planned on their own (no
// cluster, so the shared run stays small); presets with a `registry` section plan it with theirs.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ContainerRegistry } from '../../../src/registry/container-registry';
import { emptyStack, synthJson, TfJson } from '../../helpers/synth';
import type { PlanChecks } from './plan-checks';

export const scenarios: Record<string, () => TfJson> = {
  registry: () => {
    const stack = emptyStack();
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new ContainerRegistry(stack, 'registry', { clusterName: 'demo', repositories: ['docker-images', 'team/backend'], pushUsers: ['ci-user'] });
    return synthJson(stack);
  },
};

export function register(checks: PlanChecks): void {
  test('registry: repositories with immutable tags, scan on push, KMS encryption, kept on destroy while they hold images', () => {
    const repos = [...checks.ofType('registry', 'aws_ecr_repository').values()];
    expect(repos.map((r) => r.name).sort()).toEqual(['docker-images', 'team/backend']);
    for (const repo of repos) {
      expect(repo).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: [{ scan_on_push: true }],
        encryption_configuration: [{ encryption_type: 'KMS' }],
        force_delete: false,
      });
    }
  });

  test('registry: a lifecycle policy per repository, the push group and its member', () => {
    expect(checks.ofType('registry', 'aws_ecr_lifecycle_policy').size).toBe(2);
    expect(checks.values('registry', 'aws_iam_group.registry_push_group').name).toBe('demo-image-push');
    expect(checks.values('registry', 'aws_iam_user_group_membership.registry_push_member_ci_user')).toMatchObject({ user: 'ci-user', groups: ['demo-image-push'] });
  });
}
