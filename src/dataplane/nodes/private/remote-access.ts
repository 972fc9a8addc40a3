// EKS's `remote_access` block cannot be combined with a launch template (book chapter 6 has
// neither); with a template, SSH is a security group on the nodes allowing port 22 from the
// source groups, and the key pair goes into the template.
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import type { RemoteAccessOptions } from './schema';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/** The SSH security group of `scope`'s nodes, created on first use. */
export function sshSecurityGroup(scope: Construct, remote: RemoteAccessOptions, vpcId: string): SecurityGroup {
  const existing = scope.node.tryFindChild('remote-access') as SecurityGroup | undefined;
  if (existing) return existing;
  const group = new SecurityGroup(scope, 'remote-access', {
    description: 'SSH to the nodes from the security groups of remoteAccess',
    vpcId,
    tags: { Name: `${scope.node.id}-remote-access` },
  });
  remote.sourceSecurityGroupIds.forEach(
    (source, i) =>
      new VpcSecurityGroupIngressRule(scope, `remote-access-ssh-${i + 1}`, {
        securityGroupId: group.id,
        referencedSecurityGroupId: source,
        ipProtocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        description: 'SSH (remoteAccess)',
      }),
  );
  return group;
}
