// Field rules of the container registry module, shared with the configuration schema (no provider class here).
import * as v from 'valibot';
import { kmsKeyArn } from '../../private/logs';
import { addressCollisions, integer, matching, nonEmptyList, oneOf, settings, tagMap } from '../../private/validate';

/** ECR repository names: 2-256 characters, lower-case, separated by ".", "_", "-" or "/" (ECR API rules). */
export const REPOSITORY_NAME = /^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
export const TAG_MUTABILITY = ['IMMUTABLE', 'MUTABLE'] as const;
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

/** The part of a repository's construct id its name gives. */
export const repositoryKey = (name: string): string => name.replace(/[^a-z0-9]/g, '-');

export const registryFields = {
  repositories: v.pipe(
    nonEmptyList(matching(REPOSITORY_NAME, 'must be an ECR repository name: lower-case letters and digits separated by ".", "_", "-" or "/"'), 'repository'),
    // The repository's construct id keeps letters and digits only (container-registry.ts).
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const [name, first] of addressCollisions(dataset.value, repositoryKey)) {
        const index = dataset.value.lastIndexOf(name);
        addIssue({ input: name, message: `and ${JSON.stringify(first)} would have the same Terraform address (only letters and digits of a name count there); rename one of them`, path: [{ type: 'array', origin: 'value', input: dataset.value, key: index, value: name }] });
      }
    }),
  ),
  imageTagMutability: v.optional(oneOf(TAG_MUTABILITY)),
  scanOnPush: v.optional(v.boolean('must be true or false')),
  keepImages: v.optional(integer(1, 10000)),
  expireUntaggedAfterDays: v.optional(integer(1, 3650)),
  pushGroupName: v.optional(matching(/^[\w+=,.@-]{1,128}$/, 'must be an IAM group name: up to 128 letters, digits and +=,.@_-')),
  pushUsers: v.optional(v.array(matching(IAM_NAME, 'must be an IAM user name: up to 64 letters, digits and +=,.@_-'))),
  forceDelete: v.optional(v.boolean('must be true or false')),
};

/** The configuration's `registry` section: the module's fields, its key and tags (the cluster name comes from the top level). */
export const registrySettingsFields = {
  ...registryFields,
  kmsKeyArn: v.optional(kmsKeyArn),
  tags: v.optional(tagMap),
};

/** The configuration's `registry` section. */
export const registrySettingsSchema = settings(registrySettingsFields);
