// Field rules of the `application` section (seed 001: the frontend and backend the Kubernetes code
// base deploys), shared with the configuration schema. Valibot only: the configuration loads it
// without any provider class, and only for configurations with an application.
import * as v from 'valibot';
import { kmsKeyArn } from '../../private/logs';
import { iamRoleName } from '../../private/names';
import { integer, matching, nonEmptyList, oneOf, settings } from '../../private/validate';
import { NAMESPACE, WORKLOAD_IDENTITY_MECHANISMS } from '../../oidc/private/schema';
import { REPOSITORY_NAME } from '../../registry/private/schema';
import { containerFields, DNS_1035_LABEL, imageTag, podFields } from '../../workloads/private/schema';

/** The book's `k8s_namespace` ("app", terraform.tfvars). */
export const DEFAULT_APPLICATION_NAMESPACE = 'app';
export const DEFAULT_FRONTEND_NAME = 'frontend';
export const DEFAULT_BACKEND_NAME = 'backend';
/** A port any user may bind (the book's .NET images listen on 5000). */
export const DEFAULT_CONTAINER_PORT = 8080;
/** The book's mount path (k8s/deployment-web-api.tf). */
export const DEFAULT_SECRETS_MOUNT_PATH = '/mnt/secrets-store';
export const DEFAULT_FRONTEND_PATH = '/';
/** The book's Ingress sends `/api` to the backend. */
export const DEFAULT_BACKEND_PATH = '/api';

/** Deployment and Service names: DNS-1035 labels, as Services need. */
const objectName = matching(DNS_1035_LABEL, 'must be a DNS label: up to 63 lower-case letters, digits and "-", starting with a letter');

/**
 * One tier of the application: a Deployment and its Service, built by the Workloads construct
 * (`kubernetes.workloads`), whose rules for tags, resources, environment and users these share.
 */
export const componentFields = {
  /** Deployment, Service and container name. @default "frontend" / "backend" */
  name: v.optional(objectName),
  /**
   * A repository of the `registry` section and a pinned tag, never `latest`: with the registry's
   * immutable tags a moving tag cannot be pushed twice, and a tag that moves changes what runs
   * without a plan.
   */
  image: settings({
    repository: matching(REPOSITORY_NAME, 'must be an ECR repository name'),
    tag: imageTag,
  }),
  /** Port the container listens on; the Service serves port 80. @default 8080 */
  port: v.optional(integer(1, 65535)),
  /** @default 2 (Workloads' DEFAULT_REPLICAS) */
  replicas: v.optional(integer(1, 100)),
  /** @default requests 100m CPU / 128Mi, memory limit = memory request, no CPU limit (Workloads' defaults) */
  resources: containerFields.resources,
  /** HTTP path of the startup, readiness and liveness probes. @default none: TCP probes on the port */
  healthPath: v.optional(matching(/^\/\S*$/, 'must be an HTTP path such as "/healthz"')),
  /** Plain environment variables (secrets belong in `secrets`). @default {} */
  env: containerFields.env,
  /** User ID the containers run as. @default the image's, which must not be root */
  runAsUser: podFields.runAsUser,
  /** Refuse to start a container whose user is root. @default true */
  runAsNonRoot: podFields.runAsNonRoot,
};

/** Secrets Manager names: 1-512 of letters, digits and /_+=.@- (Secrets Manager API, CreateSecret). */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

export const applicationSecretsFields = {
  /** Secrets the backend mounts (Secrets Manager names, not ARNs); its role may read these only. */
  names: nonEmptyList(matching(SECRET_NAME, 'must be a Secrets Manager secret name: letters, digits and /_+=.@-'), 'secret name'),
  /** Create the secrets (name, description, key; never their value) in the AWS stack. @default false: they exist already */
  create: v.optional(v.boolean('must be true or false')),
  /**
   * Customer managed KMS key of the secrets: the role may decrypt with it through Secrets Manager
   * only. @default created secrets: the cluster's key (checkov CKV_AWS_149); existing ones: the AWS managed key aws/secretsmanager
   */
  kmsKeyArn: v.optional(kmsKeyArn),
  /**
   * Automatic rotation of created secrets by a rotation Lambda function of yours (seed 001 sets
   * the value once; checkov CKV2_AWS_57 asks for rotation). @default none
   * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
   */
  rotation: v.optional(
    settings({
      /** The function Secrets Manager calls to rotate (`aws_secretsmanager_secret_rotation.rotation_lambda_arn`). */
      lambdaArn: matching(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]{1,64}(:[\w$-]+)?$/, 'must be a Lambda function ARN'),
      /** @default 30 */
      afterDays: v.optional(integer(1, 1000)),
    }),
  ),
  /** Days a deleted secret can be restored (created secrets only); 0 deletes at once. @default 30 (Secrets Manager's) */
  recoveryWindowDays: v.optional(v.pipe(integer(0, 30), v.check((n) => n === 0 || n >= 7, 'must be 0 or between 7 and 30 (Secrets Manager)'))),
  /** Where the backend's containers see the secrets, one file per secret. @default "/mnt/secrets-store" */
  mountPath: v.optional(matching(/^\/\S*$/, 'must be an absolute path such as "/mnt/secrets-store"')),
};

export const applicationIngressFields = {
  /** Host the rules answer for. @default none: any host */
  host: v.optional(matching(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/, 'must be a DNS name such as "app.example.com"')),
  /** Path prefix of the frontend. @default "/" */
  frontendPath: v.optional(matching(/^\/\S*$/, 'must be an HTTP path such as "/"')),
  /** Path prefix of the backend. @default "/api" */
  backendPath: v.optional(matching(/^\/\S*$/, 'must be an HTTP path such as "/api"')),
};

export const applicationFields = {
  /** Namespace of everything the application creates. @default "app" */
  namespace: v.optional(matching(NAMESPACE, 'must be a Kubernetes namespace: up to 63 lower-case letters, digits and "-"')),
  frontend: settings(componentFields),
  backend: settings(componentFields),
  /** The backend's service account (the role trusts it). @default the backend's name */
  serviceAccountName: v.optional(objectName),
  /** `pod-identity` or `irsa` for the backend's role. @default the configuration's `workloadIdentity` */
  mechanism: v.optional(oneOf(WORKLOAD_IDENTITY_MECHANISMS)),
  /** Name of the backend's IAM role. @default `<clusterName>-application` */
  roleName: v.optional(iamRoleName),
  /** The Ingress through the NGINX controller; `false` for none. @default {} */
  ingress: v.optional(v.union([v.literal(false), settings(applicationIngressFields)], 'must be false or the Ingress settings')),
  /** Secrets Manager secrets mounted into the backend through the Secrets Store CSI driver. @default none */
  secrets: v.optional(settings(applicationSecretsFields)),
};

export const applicationSchema = settings(applicationFields);
export type ApplicationSettings = v.InferOutput<typeof applicationSchema>;
export type ComponentSettings = ApplicationSettings['frontend'];
export type ApplicationSecretsSettings = NonNullable<ApplicationSettings['secrets']>;
export type ApplicationIngressSettings = Exclude<NonNullable<ApplicationSettings['ingress']>, false>;

/** Default name of the backend's role: `<clusterName>-application`, cut to IAM's 64 characters. */
export function applicationRoleName(clusterName: string): string {
  return `${clusterName}-application`.slice(0, 64);
}
