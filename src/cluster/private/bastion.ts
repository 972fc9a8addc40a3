// Book chapters 4-5 `bastion/`, wired to the cluster: the host in the first private (SSM) or
// public (SSH) subnet, allowed to the private API endpoint on 443.
import { Annotations } from 'cdktf';
import { Bastion } from '../../bastion/bastion';
import type { BastionSettings } from '../../config/schema';
import type { EksCluster } from '../eks-cluster';
import { bastionSubnet } from './configuration-checks';

/** Adds the cluster's bastion; `warning` (a Session Manager host that cannot register, say) goes on it. */
export function addBastion(cluster: EksCluster, settings: BastionSettings, warning: string | undefined): Bastion {
  const { subnet: _subnet, ...options } = settings;
  const isPublic = bastionSubnet(settings) === 'public';
  const network = cluster.network;
  const bastion = new Bastion(cluster, 'bastion', {
    name: `${cluster.knownName}-bastion`,
    ...options,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    subnetId: (isPublic ? network.publicSubnetIds : network.privateSubnetIds)[0],
    associatePublicIpAddress: isPublic,
    clusterSecurityGroupId: cluster.controlPlane.clusterSecurityGroupId,
    // User data runs once: in a private subnet it waits for the subnet's way out.
    dependsOn: !isPublic && options.userData !== undefined ? network.privateEgress : [],
  });
  if (warning) Annotations.of(bastion).addWarning(warning);
  return bastion;
}
