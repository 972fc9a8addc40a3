// Seeds 000/001, "Designing the solution" for EKS of *Mastering Terraform* (Packt, chapter 8), end
// to end: the AWS code base (VPC, EKS cluster and node group, ECR and the image-push group, the
// workload identity role and the application's secret) and the Kubernetes code base (NGINX behind
// an NLB, the Secrets Store CSI driver and its AWS provider, the SecretProviderClass, the frontend
// and backend with their Services and Ingress). Names follow the book's code (application
// `fleet-portal`, environment `dev`, terraform.tfvars). Every deviation is a safe variant that keeps
// the architecture, commented where it is made.
import type { Preset } from '.';
import { bookFindings, LOAD_BALANCER_CONTROLLER_FINDINGS } from './book';

const APPLICATION = 'fleet-portal';
const ENVIRONMENT = 'dev';
const PREFIX = `${APPLICATION}-${ENVIRONMENT}`;
const FRONTEND_REPOSITORY = `ecr-${PREFIX}-frontend`;
const BACKEND_REPOSITORY = `ecr-${PREFIX}-backend`;
/** The `app` user of Microsoft's .NET container images (APP_UID, .NET 8 and later). */
const DOTNET_APP_UID = 1654;

export const preset: Preset = {
  name: 'mastering-terraform',
  seed: '001',
  description: 'Seed 001 (Mastering Terraform ch. 8): EKS, ECR push group, NGINX behind an NLB, Secrets Store CSI, the two-tier app over IRSA',
  config: {
    securityRules: bookFindings(['EKS-PUBLIC-ENDPOINT', 'EKS-ENDPOINT-OPEN-TO-WORLD', 'IAM-DOCUMENT-WRITE-UNBOUNDED', 'IAM-DOCUMENT-WILDCARD-RESOURCE', 'SECRET-ROTATION'], {
      ...LOAD_BALANCER_CONTROLLER_FINDINGS,
      'EKS-PUBLIC-ENDPOINT': `seed 001's public endpoint (next to the private one); controlPlane.endpointAccess "private" removes it`,
      'EKS-ENDPOINT-OPEN-TO-WORLD': `seed 001 opens the public endpoint to 0.0.0.0/0; controlPlane.publicAccessCidrs with your blocks removes it`,
    }),
    clusterName: `eks-${PREFIX}`,
    // The book's region (terraform.tfvars `primary_region`).
    region: 'us-west-2',
    // The book tags every resource with its application and environment (and groups them with an
    // aws_resourcegroups_group, a console convenience left out).
    tags: { application: APPLICATION, environment: ENVIRONMENT },
    network: {
      vpcTag: `${PREFIX}-network`,
      // vpc_cidr_block 10.0.0.0/21, az_count 3, cidrsubnet(/21, 3, k): public 10.0.0-2.0/24,
      // private 10.0.3-5.0/24, a NAT gateway per zone (the book: one per private subnet).
      vpcCidr: '10.0.0.0/21',
      // The book shuffles the region's zone names (random_shuffle of an aws_availability_zones
      // lookup); zone IDs are fixed and need no AWS call.
      availabilityZones: ['usw2-az1', 'usw2-az2', 'usw2-az3'],
      publicSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
      privateSubnetCidrs: ['10.0.3.0/24', '10.0.4.0/24', '10.0.5.0/24'],
      natGateways: 'one-per-az',
      // The book sets map_public_ip_on_launch on the public subnets; nothing launches there (the
      // NLB and the NAT gateways take their addresses otherwise), so it stays off.
    },
    controlPlane: {
      // Public and private endpoints as in the book, the public one open to the world as there
      // (the seed: acceptable for a developer, not for an enterprise), stated here and warned about
      // at synth. Restrict it with publicAccessCidrs (your CI runners and workstation) where you can.
      endpointAccess: 'hybrid',
      publicAccessCidrs: ['0.0.0.0/0'],
      allowPublicAccessFromAnywhere: true,
      clusterRoleName: `eks-${PREFIX}-cluster-role`,
      // AmazonEKSClusterPolicy and AmazonEKSVPCResourceController, the seed's two cluster policies
      // (the module default). The book's extra security groups, which open NodePorts 30000-32768
      // (TCP and UDP) and 443 to 0.0.0.0/0, are left out: the seed rejects NodePort exposure, and
      // the NLB reaches ingress-nginx's pods directly (IP targets).
      // Access entries (API mode) with creator admin instead of the book's aws-auth ConfigMap: the
      // identity that runs Terraform administers the cluster, which the Kubernetes stack needs. The
      // book's admin group, console role and user `markti` are principals of its own account: add
      // yours in 'accessEntries'. Control plane logs: all five types (the book: api and audit).
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
    },
    nodeRole: {
      roleName: `eks-${PREFIX}-nodegroup-role`,
      // The seed's fourth node policy. The book also attaches the load balancer controller's policy
      // to the node role; here that policy belongs to the controller's own role (below).
      extraManagedPolicies: ['CloudWatchAgentServerPolicy'],
    },
    nodeGroups: {
      // ng-user: t3.medium, 1/3/4; AL2023 instead of AL2_x86_64, which EKS no longer offers from
      // Kubernetes 1.33; the project's launch template (IMDSv2 only, encrypted gp3 disk).
      'ng-user': { capacityType: 'ON_DEMAND', instanceTypes: ['t3.medium'], minSize: 1, desiredSize: 3, maxSize: 4, createBeforeDestroy: false },
    },
    // Seed 001 "Container registry": the two repositories and the group whose members may push.
    // Tags are immutable and force_delete is off, so a destroy stops at a repository that still
    // holds images (RepositoryNotEmptyException; book: MUTABLE, force_delete),
    // pushed images are scanned and encrypted with KMS, a lifecycle policy expires old ones, and the
    // push policy adds ecr:GetAuthorizationToken, without which `docker login` fails. The book's
    // member (IAM user "Terraform") is its own: add your CI user in 'registry.pushUsers'.
    registry: {
      repositories: [FRONTEND_REPOSITORY, BACKEND_REPOSITORY],
      pushGroupName: `${PREFIX}-ecr-image-pushers`,
    },
    // The seed's Workload Identity: the cluster's OIDC provider and roles trusted by one service
    // account each (with the `aud` condition the book leaves out, and no tls_certificate lookup).
    workloadIdentity: 'irsa',
    oidcProvider: { enabled: true },
    controllers: {
      // The seed delegates load balancers to EKS with an ELB policy on the node role (the book:
      // alb-controller-policy.json). Here the AWS Load Balancer Controller holds that policy in a
      // role of its own (the book's name; its trust: the controller's service account, not EC2), so
      // no pod can use it through the node, and it makes the NLB with IP targets.
      awsLoadBalancerController: { roleName: 'aws-load-balancer-controller-role' },
      // NGINX behind an internet-facing NLB: the project's ingress-nginx chart, pinned (the book:
      // Bitnami's nginx-ingress-controller, unpinned, annotation passed as one `set` string).
      ingressNginx: {},
      // Driver and AWS provider, pinned, the driver once (the book: unpinned, the provider chart
      // adding its own copy), without syncing secrets into Kubernetes Secrets (the book's
      // syncSecret, which the seed's argument against Kubernetes Secrets rules out).
      secretsStoreCsiDriver: {},
    },
    application: {
      namespace: 'app',
      serviceAccountName: APPLICATION,
      roleName: `${PREFIX}-workload-identity`,
      // Ports and replicas of the book's Deployments; tag 1.0.0 stands for the tag you push
      // (immutable: a new release is a new tag). Requests, probes and the restricted security
      // context are added (Workloads' defaults); the containers run as the .NET images' non-root
      // `app` user (APP_UID 1654, .NET 8 and later) instead of root: port 5000 needs no privilege.
      frontend: { name: APPLICATION, image: { repository: FRONTEND_REPOSITORY, tag: '1.0.0' }, port: 5000, replicas: 3, runAsUser: DOTNET_APP_UID },
      backend: { name: 'fleet-api', image: { repository: BACKEND_REPOSITORY, tag: '1.0.0' }, port: 5000, replicas: 3, runAsUser: DOTNET_APP_UID },
      // `/` to the frontend, `/api` to the backend (the book's ingress.tf).
      ingress: {},
      secrets: {
        // The book's secret (infra/secrets.tf), created without its value: the book generates it
        // with random_password, which puts it in the state. Set it out of band before deploying the
        // Kubernetes stack. The role reads this secret only (the book: every secret, `secret:*`).
        names: [`${PREFIX}-connection-string`],
        create: true,
        // Deleted at once on destroy (the book: Secrets Manager's 30-day window): a tutorial is
        // destroyed and deployed again, and a name in its recovery window cannot be created
        // ("scheduled for deletion", hashicorp/terraform-provider-aws#10259). The price: a
        // destroyed value cannot be restored; keep a window (7-30) for a secret you cannot lose.
        recoveryWindowDays: 0,
      },
    },
  },
};
