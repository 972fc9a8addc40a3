// The AWS side of the `application` section (seed 001): the Secrets Manager secrets when the
// stack creates them, and the role the backend's service account reads them with. The Kubernetes
// stack deploys the application (kubernetes-application.ts).
import { Annotations, Fn } from 'cdktf';
import { ApplicationSecrets } from '../../application/application-secrets';
import { applicationRoleName, DEFAULT_APPLICATION_NAMESPACE, DEFAULT_BACKEND_NAME } from '../../application/private/schema';
import { SecretReaderRole } from '../../application/secret-reader-role';
import type { WorkloadIdentityMechanism } from '../../oidc/private/schema';
import type { ServiceAccountRef, ServiceAccountRoleIdentity } from '../../oidc/service-account-role';
import type { EksCluster, EksClusterProps } from '../eks-cluster';
import { inConfig } from '../../private/in-config';

/** What the cluster created for the application. */
export interface ApplicationInfrastructure {
  /** The backend's service account, which the role trusts. */
  readonly serviceAccount: ServiceAccountRef;
  /** Secrets created here (`secrets.create`). */
  readonly secrets?: ApplicationSecrets;
  /** The backend's role, when it has secrets to read. */
  readonly role?: SecretReaderRole;
}

/** The backend's service account: `serviceAccountName`, else the backend's name, in the application's namespace. */
export function applicationServiceAccount(config: EksClusterProps): ServiceAccountRef {
  const app = config.application!;
  return { namespace: app.namespace ?? DEFAULT_APPLICATION_NAMESPACE, name: app.serviceAccountName ?? app.backend.name ?? DEFAULT_BACKEND_NAME };
}

/**
 * Adds the application's secrets and role to `cluster`; `identity` turns the application's
 * `mechanism` (undefined: the cluster's `workloadIdentity`) into what the role's trust needs.
 */
export function addApplicationInfrastructure(
  cluster: EksCluster,
  config: EksClusterProps,
  identity: (mechanism: WorkloadIdentityMechanism | undefined) => ServiceAccountRoleIdentity,
): ApplicationInfrastructure {
  const app = config.application!;
  const serviceAccount = applicationServiceAccount(config);
  const s = app.secrets;
  if (!s) return { serviceAccount };
  // Secrets created here are encrypted with the cluster's key unless another is named.
  const kmsKeyArn = s.kmsKeyArn ?? (s.create ? cluster.controlPlane.kmsKeyArn : undefined);
  const secrets = s.create
    ? inConfig(['application', 'secrets'], () =>
        new ApplicationSecrets(cluster, 'application-secrets', {
          names: s.names,
          reader: `${serviceAccount.namespace}/${serviceAccount.name} on ${config.clusterName}`,
          kmsKeyArn,
          recoveryWindowDays: s.recoveryWindowDays,
          rotation: s.rotation,
        }),
      )
    : undefined;
  const role = inConfig(['application'], () =>
    new SecretReaderRole(cluster, 'application-role', {
      roleName: app.roleName ?? applicationRoleName(config.clusterName),
      identity: identity(app.mechanism),
      serviceAccount,
      secretNames: s.names,
      secretArns: secrets?.secretArns,
      region: config.region,
      // The account of the cluster, read from its ARN: no aws_caller_identity call at plan time.
      accountId: Fn.element(Fn.split(':', cluster.controlPlane.clusterArn), 4),
      kmsKeyArn,
    }),
    // Names the configuration gives these props (paths print joined with dots).
    { secretNames: 'secrets.names', kmsKeyArn: 'secrets.kmsKeyArn' },
  );
  const warning = privateEndpointWarning(config);
  if (warning) Annotations.of(role).addWarning(warning);
  return { serviceAccount, secrets, role };
}

/**
 * Without NAT gateways, the Secrets Store provider reaches Secrets Manager, and STS (IRSA; its
 * README: "for a private cluster, ensure that the VPC has an STS endpoint") or the EKS Auth API (the
 * Pod Identity agent), only through VPC endpoints.
 */
export function privateEndpointWarning(config: EksClusterProps): string | undefined {
  if (config.network?.natGateways !== 'none' || !config.application?.secrets) return undefined;
  const irsa = (config.application.mechanism ?? config.workloadIdentity) === 'irsa';
  const needed = ['secretsmanager', irsa ? 'sts' : 'eks-auth'];
  const missing = needed.filter((s) => !(config.network?.vpcEndpoints ?? []).includes(s as never));
  if (missing.length === 0) return undefined;
  return `The application's secrets are read from private subnets without a NAT gateway and without VPC endpoints for ${missing.join(', ')}: the backend's pods cannot mount them; add them to 'network.vpcEndpoints'`;
}
