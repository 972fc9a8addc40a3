// Planned values of the presets whose chapters apply workloads by hand (book chapters 12-17): the
// AWS stacks Terraform can plan offline. Their Kubernetes stacks (Pods, Services, the ReplicaSet's
// chart) need the kubernetes and helm providers, which the offline mirror does not hold: jest
// asserts on their JSON (presets/chapters-12-17.test.ts, workloads/, stacks/workloads.test.ts).
import type { PlanChecks } from './plan-checks';

export function register(checks: PlanChecks): void {
  test('chapter12: the book\'s docker-images repository, with immutable tags, scan on push, KMS and its tags', () => {
    expect(checks.values('chapter12', 'aws_ecr_repository.registry_repository_docker_images')).toMatchObject({
      name: 'docker-images',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: [{ scan_on_push: true }],
      encryption_configuration: [{ encryption_type: 'KMS' }],
      force_delete: false,
      tags_all: { env: 'test', team: 'DevOps', cluster: 'public-endpoint-cluster', 'managed-by': 'cdktf' },
    });
  });

  test('chapter12: untagged images expire after 14 days, 30 images kept; the push group of the cluster', () => {
    const lifecycle = checks.values('chapter12', 'aws_ecr_lifecycle_policy.registry_lifecycle_docker_images');
    expect(lifecycle.repository).toBe('docker-images');
    expect(JSON.parse(lifecycle.policy).rules.map((r: any) => [r.rulePriority, r.selection.tagStatus, r.selection.countType, r.selection.countNumber])).toEqual([
      [1, 'untagged', 'sinceImagePushed', 14],
      [2, 'any', 'imageCountMoreThan', 30],
    ]);
    expect(checks.values('chapter12', 'aws_iam_group.registry_push_group').name).toBe('public-endpoint-cluster-image-push');
    expect(checks.values('chapter12', 'aws_iam_group_policy.registry_push_policy')).toMatchObject({ group: 'public-endpoint-cluster-image-push', name: 'push-images' });
  });

  test('chapter12: the chapter 11 cluster in API_AND_CONFIG_MAP mode, nodes allowed to pull from ECR', () => {
    expect(checks.values('chapter12', 'aws_eks_cluster.control_plane_cluster')).toMatchObject({
      name: 'public-endpoint-cluster',
      version: '1.35',
      access_config: [{ authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true }],
    });
    const attachments = [...checks.ofType('chapter12', 'aws_iam_role_policy_attachment').values()].map((a) => a.policy_arn);
    expect(attachments).toContain('arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly');
  });

  test.each(['chapter13', 'chapter14', 'chapter17'])('%s: chapter 3\'s cluster on 1.35 with its node group', (preset) => {
    expect(checks.values(preset, 'aws_eks_cluster.control_plane_cluster')).toMatchObject({ name: 'public-endpoint-cluster', version: '1.35' });
    const ng = checks.values(preset, 'aws_eks_node_group.node_group_private_node_group_group');
    expect(ng).toMatchObject({ node_group_name: 'private-node-group', instance_types: ['t3.small'] });
    expect(ng.scaling_config).toEqual([{ desired_size: 2, max_size: 3, min_size: 2 }]);
  });
}
