// Where a stack keeps its Terraform state: local (default), S3 or Terraform Cloud.
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TaggedCloudWorkspaces, TerraformStack } from 'cdktf';
import { posix } from 'node:path';
import type { BackendConfig } from '../config/schema';

/**
 * Terraform runs in `cdktf.out/stacks/<stack>`; a relative local path is written relative to that
 * directory, so the state lands in the project directory and the synthesized JSON holds no
 * absolute path (CDKTF's own default is the absolute path of the checkout).
 */
const STACK_DIR_TO_PROJECT = '../../..';

/**
 * Adds the backend to `stack`. `stateName` names the state (`<cluster>-aws`): the local file, the
 * S3 key and the Terraform Cloud workspace default to it, so two clusters never share a state.
 */
export function addBackend(stack: TerraformStack, backend: BackendConfig, stateName: string, region: string): void {
  switch (backend.type) {
    case 'local': {
      const file = backend.path ?? `terraform.${stateName}.tfstate`;
      new LocalBackend(stack, { path: posix.isAbsolute(file) ? file : posix.join(STACK_DIR_TO_PROJECT, file) });
      return;
    }
    case 's3': {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key ?? `${stateName}.tfstate`,
        region: backend.region ?? region,
        encrypt: true,
        ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
      });
      // Native S3 locking (Terraform >= 1.10) replaces the DynamoDB lock table; CDKTF 0.21's
      // S3Backend predates the option.
      s3.addOverride('use_lockfile', backend.useLockfile ?? true);
      return;
    }
    case 'cloud': {
      const workspaces = backend.workspaceTags
        ? new TaggedCloudWorkspaces(backend.workspaceTags, backend.project)
        : new NamedCloudWorkspace(backend.workspace ?? stateName, backend.project);
      new CloudBackend(stack, {
        organization: backend.organization!,
        workspaces,
        ...(backend.hostname ? { hostname: backend.hostname } : {}),
      });
      return;
    }
  }
}
