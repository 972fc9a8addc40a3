// A control plane whose access_config guard reads a hand-made state file: what the Terraform
// tests plan to see a backward authentication mode change refused (book chapter 10).
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlPlane } from '../../src/controlplane/control-plane';
import type { AccessConfig } from '../../src/controlplane/private/access-config';
import { ReadableIdStack } from '../../src/stacks/readable-ids';
import { synthJson, testApp, TfJson, TODAY } from './synth';

const dir = mkdtempSync(join(tmpdir(), 'eks-access-guard-'));

/** A version 4 state holding one cluster `aws_eks_cluster.control_plane_cluster` with `accessConfig`. */
export function priorState(name: string, accessConfig: AccessConfig): string {
  const file = join(dir, `${name}.tfstate`);
  const attributes = {
    name: 'demo',
    access_config: [{ authentication_mode: accessConfig.authenticationMode, bootstrap_cluster_creator_admin_permissions: accessConfig.bootstrapClusterCreatorAdminPermissions ?? true }],
  };
  const resource = { mode: 'managed', type: 'aws_eks_cluster', name: 'control_plane_cluster', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes }] };
  writeFileSync(file, JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: name, outputs: {}, resources: [resource] }));
  return file;
}

/** A stack with the AWS provider and a control plane in `accessConfig`, guarded by the state file `stateFile`. */
export function guardedControlPlane(accessConfig: AccessConfig, stateFile: string): TfJson {
  const stack = new ReadableIdStack(testApp(), 'guard');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const cp = new ControlPlane(stack, 'control-plane', {
    clusterName: 'demo',
    region: 'us-east-1',
    subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    vpcCidr: '10.0.0.0/16',
    endpointAccess: 'hybrid',
    publicAccessCidrs: ['203.0.113.10/32'],
    accessConfig,
    today: TODAY,
  });
  cp.guardAccessConfigTransitions(stateFile);
  return synthJson(stack);
}
