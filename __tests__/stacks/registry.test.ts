// The configuration's `registry` section: ECR repositories and the push group in the AWS stack
// (book chapter 12, by hand there; seed 001 "Container registry").
import { presetAsIs, ref, synthPreset, validationLines } from '../helpers/synth';

describe('registry', () => {
  const { json } = synthPreset('default', { registry: { repositories: ['frontend', 'backend'], pushUsers: ['ci-user'] } });

  test('a repository per name, named as configured, and a push group named after the cluster', () => {
    expect(Object.values(json.resource!.aws_ecr_repository).map((r: any) => r.name).sort()).toEqual(['backend', 'frontend']);
    expect(json.resource!.aws_iam_group.registry_push_group.name).toBe('eks-default-image-push');
    expect(json.resource!.aws_iam_user_group_membership.registry_push_member_ci_user).toMatchObject({
      user: 'ci-user',
      groups: [ref('aws_iam_group.registry_push_group.name')],
    });
  });

  test('outputs: repository URLs by name, the push group, the docker login command for the registry host', () => {
    expect(json.output!.ecr_repository_urls.value).toEqual({
      frontend: ref('aws_ecr_repository.registry_repository_frontend.repository_url'),
      backend: ref('aws_ecr_repository.registry_repository_backend.repository_url'),
    });
    expect(json.output!.ecr_push_group_name.value).toBe(ref('aws_iam_group.registry_push_group.name'));
    expect(json.output!.ecr_login_command.value).toBe(
      'aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin ${element(split("/", aws_ecr_repository.registry_repository_frontend.repository_url), 0)}',
    );
  });

  test('the repositories take the section\'s settings (key, mutability, tags)', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { json: custom } = synthPreset('default', { registry: { repositories: ['app'], imageTagMutability: 'MUTABLE', kmsKeyArn: key, tags: { team: 'web' } } });
    expect(custom.resource!.aws_ecr_repository.registry_repository_app).toMatchObject({
      image_tag_mutability: 'MUTABLE',
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: key }],
      tags: { team: 'web' },
    });
  });

  test('no registry section, no ECR resource and no registry output', () => {
    const { json: plain } = presetAsIs('default');
    expect(plain.resource!.aws_ecr_repository).toBeUndefined();
    expect(plain.output!.ecr_repository_urls).toBeUndefined();
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['an empty repository list', { registry: { repositories: [] } }, `'registry.repositories' ([]) must list at least one repository`],
    ['an upper-case repository name', { registry: { repositories: ['Frontend'] } }, `'registry.repositories.0' ("Frontend") must be an ECR repository name`],
    ['a key that is no KMS key ARN', { registry: { repositories: ['app'], kmsKeyArn: 'alias/mine' } }, `'registry.kmsKeyArn' ("alias/mine")`],
    ['an unknown setting', { registry: { repositories: ['app'], scanning: true } }, `'registry.scanning' is not a known setting`],
    ['a cluster name in the section', { registry: { repositories: ['app'], clusterName: 'x' } }, `'registry.clusterName' is not a known setting`],
  ])('throws on %s', (_case, settings, expected) => {
    expect(validationLines(() => synthPreset('default', settings)).join('\n')).toContain(expected);
  });
});
