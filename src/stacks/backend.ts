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

/** The stack the backend is for. */
export interface StateOwner {
  readonly clusterName: string;
  /** The stack's role, `aws` or `kubernetes` (not its id: `prod-aws` keeps the state name `<cluster>-aws`). */
  readonly stackId: string;
  /** The stack the configured path, key or workspace name belongs to as written (the AWS stack). */
  readonly primary: boolean;
}

/**
 * Adds the backend to `stack`. The state is named `<cluster>-<stack>`: the local file, the S3 key
 * and the Terraform Cloud workspace default to it, so two clusters or two stacks never share a
 * state. A configured path, key or workspace is the AWS stack's; the other stacks get `-<stack>`
 * added to it (`eks.tfstate` becomes `eks-kubernetes.tfstate`, workspace `prod` becomes
 * `prod-kubernetes`, workspace tags gain the stack's name).
 */
export function addBackend(stack: TerraformStack, backend: BackendConfig, owner: StateOwner, region: string): void {
  switch (backend.type) {
    case 'local': {
      new LocalBackend(stack, { path: localStatePath(backend, owner)! });
      return;
    }
    case 's3': {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: s3StateKey(backend, owner),
        region: backend.region ?? region,
        encrypt: true,
        ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
        ...(backend.skipRegionValidation ? { skipRegionValidation: true } : {}),
      });
      // Native S3 locking (Terraform >= 1.10) replaces the DynamoDB lock table; CDKTF 0.21's
      // S3Backend predates the option.
      s3.addOverride('use_lockfile', backend.useLockfile ?? true);
      return;
    }
    case 'cloud': {
      const workspaces = backend.workspaceTags
        ? new TaggedCloudWorkspaces(owner.primary ? backend.workspaceTags : [...backend.workspaceTags, owner.stackId], backend.project)
        : new NamedCloudWorkspace(cloudWorkspaceName(backend, owner)!, backend.project);
      new CloudBackend(stack, {
        organization: backend.organization!,
        workspaces,
        ...(backend.hostname ? { hostname: backend.hostname } : {}),
      });
      return;
    }
  }
}

/** The S3 object key of a stack's state: the configured key (or it with `-<stack>`), else `<cluster>-<stack>.tfstate`. */
function s3StateKey(backend: Extract<BackendConfig, { type: 's3' }>, owner: StateOwner): string {
  return backend.key ? ownedName(backend.key, owner) : `${owner.clusterName}-${owner.stackId}.tfstate`;
}

/**
 * Where a stack's state lives, for telling whether two stacks would share one: the local file
 * (as Terraform sees it from `cdktf.out/stacks/<stack>`, the same folder depth for every stack),
 * `s3://<bucket>/<key>`, or the Terraform Cloud organization and workspace (or workspace tags).
 */
export function stateLocation(backend: BackendConfig, owner: StateOwner): string {
  switch (backend.type) {
    case 'local':
      return posix.normalize(localStatePath(backend, owner)!);
    case 's3':
      return `s3://${backend.bucket}/${s3StateKey(backend, owner)}`;
    case 'cloud': {
      const where = `${backend.hostname ?? 'app.terraform.io'}/${backend.organization}`;
      const tags = backend.workspaceTags && (owner.primary ? backend.workspaceTags : [...backend.workspaceTags, owner.stackId]);
      return tags ? `${where}, workspaces tagged ${[...tags].sort().join(', ')}` : `${where}/${cloudWorkspaceName(backend, owner)}`;
    }
  }
}

/** The Terraform Cloud workspace a stack names; undefined for other backends and for workspace tags. */
export function cloudWorkspaceName(backend: BackendConfig, owner: StateOwner): string | undefined {
  if (backend.type !== 'cloud' || backend.workspaceTags) return undefined;
  return backend.workspace ? ownedName(backend.workspace, owner) : `${owner.clusterName}-${owner.stackId}`;
}

/**
 * Terraform refuses to initialise a `cloud` block that names a workspace other than TF_WORKSPACE
 * ("Specified workspace "name" conflicts with TF_WORKSPACE environment variable"), and `cdktf
 * deploy` passes its environment to Terraform: with two stacks, one of them always differs.
 */
export function workspaceVariableWarning(backend: BackendConfig, owner: StateOwner, tfWorkspace: string | undefined): string | undefined {
  const name = cloudWorkspaceName(backend, owner);
  if (!tfWorkspace || name === undefined || name === tfWorkspace) return undefined;
  return `TF_WORKSPACE ("${tfWorkspace}") is set, and the ${owner.stackId} stack's Terraform Cloud workspace is "${name}": Terraform refuses to initialise a stack whose workspace differs from TF_WORKSPACE. Name the workspace in 'backend.workspace' (the kubernetes stack's gets "-kubernetes") and unset TF_WORKSPACE before cdktf deploy`;
}

/**
 * The state file of a local backend as Terraform sees it from `cdktf.out/stacks/<stack>` (where
 * it runs); undefined for remote backends.
 */
export function localStatePath(backend: BackendConfig, owner: StateOwner): string | undefined {
  if (backend.type !== 'local') return undefined;
  const file = backend.path ? ownedName(backend.path, owner) : `terraform.${owner.clusterName}-${owner.stackId}.tfstate`;
  return posix.isAbsolute(file) ? file : posix.join(STACK_DIR_TO_PROJECT, file);
}

/** A configured path, key or workspace as the AWS stack's, or with `-<stack>` added for the others. */
function ownedName(configured: string, owner: StateOwner): string {
  return owner.primary ? configured : withSuffix(configured, `-${owner.stackId}`);
}

/** `a/b.tfstate` + `-x` = `a/b-x.tfstate`; `name` + `-x` = `name-x`. */
function withSuffix(name: string, suffix: string): string {
  const ext = posix.extname(name);
  return ext ? `${name.slice(0, -ext.length)}${suffix}${ext}` : `${name}${suffix}`;
}
