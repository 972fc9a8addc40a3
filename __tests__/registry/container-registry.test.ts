import { ContainerRegistry, ContainerRegistryProps } from '../../src/registry/container-registry';
import { emptyStack, onlyResource, ref, resources, synthJson, validationLines } from '../helpers/synth';

function registry(props: Partial<ContainerRegistryProps> = {}) {
  const stack = emptyStack();
  const r = new ContainerRegistry(stack, 'registry', { clusterName: 'demo', repositories: ['frontend', 'backend'], ...props });
  return { registry: r, stack, json: synthJson(stack) };
}

describe('ContainerRegistry defaults', () => {
  const { json } = registry();
  const repos = resources(json, 'aws_ecr_repository');

  test('one repository per name: immutable tags, scan on push, KMS encryption', () => {
    expect(Object.keys(repos).sort()).toEqual(['registry_repository_backend', 'registry_repository_frontend']);
    for (const repo of Object.values(repos)) {
      expect(repo).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'KMS' }],
        force_delete: false,
      });
    }
  });

  test('lifecycle: untagged images expire after 14 days, the last 30 images are kept', () => {
    const policy = JSON.parse(resources(json, 'aws_ecr_lifecycle_policy').registry_lifecycle_frontend.policy);
    expect(policy.rules).toEqual([
      expect.objectContaining({ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }),
      expect.objectContaining({ rulePriority: 2, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }, action: { type: 'expire' } }),
    ]);
    expect(resources(json, 'aws_ecr_lifecycle_policy').registry_lifecycle_frontend.repository).toBe(ref('aws_ecr_repository.registry_repository_frontend.name'));
  });

  test('a push group whose policy is scoped to these repositories (GetAuthorizationToken alone on *)', () => {
    expect(onlyResource(json, 'aws_iam_group').name).toBe('demo-image-push');
    expect(onlyResource(json, 'aws_iam_group_policy')).toMatchObject({ group: ref('aws_iam_group.registry_push_group.name'), policy: ref('data.aws_iam_policy_document.registry_push_document.json') });
    const [token, push] = json.data!.aws_iam_policy_document.registry_push_document.statement;
    expect(token).toEqual({ sid: 'GetRegistryToken', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] });
    expect(push.resources).toEqual([ref('aws_ecr_repository.registry_repository_frontend.arn'), ref('aws_ecr_repository.registry_repository_backend.arn')]);
    expect(push.actions).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage']);
    expect(resources(json, 'aws_iam_user_group_membership')).toEqual({});
  });

  test('repository URLs for image references', () => {
    const { registry: r } = registry();
    expect(Object.keys(r.repositoryUrls)).toEqual(['frontend', 'backend']);
  });
});

describe('ContainerRegistry options', () => {
  test('members, a customer key, mutable tags, other lifecycle numbers', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/abc';
    const { json } = registry({ repositories: ['docker-images'], pushUsers: ['github-actions', 'alice'], kmsKeyArn: key, imageTagMutability: 'MUTABLE', keepImages: 5, expireUntaggedAfterDays: 1, scanOnPush: false });
    expect(onlyResource(json, 'aws_ecr_repository')).toMatchObject({ name: 'docker-images', image_tag_mutability: 'MUTABLE', encryption_configuration: [{ encryption_type: 'KMS', kms_key: key }], image_scanning_configuration: { scan_on_push: false } });
    expect(Object.values(resources(json, 'aws_iam_user_group_membership')).map((m) => m.user).sort()).toEqual(['alice', 'github-actions']);
    const rules = JSON.parse(onlyResource(json, 'aws_ecr_lifecycle_policy').policy).rules;
    expect(rules.map((r: any) => r.selection.countNumber)).toEqual([1, 5]);
  });

  test.each<[string, Partial<ContainerRegistryProps>, string]>([
    ['no repository', { repositories: [] }, `'repositories' ([]) must list at least one repository`],
    ['an upper-case repository name', { repositories: ['Frontend'] }, `'repositories.0' ("Frontend") must be an ECR repository name`],
    ['a repeated repository', { repositories: ['a1', 'a1'] }, `'repositories' (["a1","a1"]) must not list the same repository twice`],
    ['an unknown mutability', { imageTagMutability: 'SOMETIMES' as never }, `'imageTagMutability' ("SOMETIMES") must be one of "IMMUTABLE", "MUTABLE"`],
    ['keeping no image', { keepImages: 0 }, `'keepImages' (0) must be a whole number between 1 and 10000`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => registry(props)).join('\n')).toContain(expected);
  });
});
