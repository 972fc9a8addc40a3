// The tls provider of two opt-ins (the book's tls_certificate lookup of the OIDC issuer, the
// bastion's generated SSH key): a construct creates no provider, so the stack must hold it.
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { issue, ValidationIssue } from '../../errors';
import type { EksClusterProps } from '../eks-cluster';

/** Whether the settings use the tls provider. */
export function needsTlsProvider(config: Pick<EksClusterProps, 'bastion' | 'oidcProvider'>): boolean {
  return config.bastion?.access === 'ssh-generated-key' || (config.oidcProvider?.enabled === true && config.oidcProvider.thumbprintLookup === true);
}

/** The setting that needs the tls provider, when the stack of `scope` has none. */
export function tlsProviderIssues(scope: Construct, config: EksClusterProps): ValidationIssue[] {
  if (!needsTlsProvider(config)) return [];
  const stack = TerraformStack.of(scope);
  if (stack.node.children.some((c) => c instanceof TerraformProvider && c.terraformResourceType === 'tls')) return [];
  const [path, value] = config.bastion?.access === 'ssh-generated-key' ? [['bastion', 'access'], config.bastion.access] : [['oidcProvider', 'thumbprintLookup'], true];
  return [issue(path, value, `needs the tls provider in the stack '${stack.node.id}': add new TlsProvider(stack, 'tls') (@cdktf/provider-tls/lib/provider) before the EksCluster, as AwsStack does`)];
}
