// chapter09 (all by hand there: eksctl create iamidentitymapping, kubectl edit configmap aws-auth):
// the aws-auth ConfigMap that maps IAM roles and users to Kubernetes users and groups when the
// cluster authenticates through it (authentication mode CONFIG_MAP or API_AND_CONFIG_MAP).
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { ConfigMapV1Data } from '@cdktf/provider-kubernetes/lib/config-map-v1-data';
import { Annotations, Fn } from 'cdktf';
import { Construct } from 'constructs';
import { throwIfIssues } from '../errors';
import { props, schemaIssues } from '../private/validate';
import { awsAuthFields } from './private/schema';
import * as v from 'valibot';

/** One role mapping (slides, seed 002: `rolearn`, `username`, `groups`). */
export interface AwsAuthRole {
  /** The role's ARN without its path (aws-auth does not match paths). */
  readonly rolearn: string;
  readonly username: string;
  /** @default none: the principal gets what bindings on its user name give */
  readonly groups?: string[];
}

/** One user mapping (`userarn`, `username`, `groups`). */
export interface AwsAuthUser {
  readonly userarn: string;
  readonly username: string;
  /** @default none (book chapter 9: Alice with no group, bound by name to `readonly-role`) */
  readonly groups?: string[];
}

export interface AwsAuthProps {
  /**
   * Roles of the nodes (managed, self-managed, Karpenter): each is mapped to
   * `system:node:{{EC2PrivateDNSName}}` in `system:bootstrappers` and `system:nodes`, as EKS itself
   * does; leaving one out cuts its nodes off the cluster.
   */
  readonly nodeRoleArns: string[];
  /** Further role mappings (book chapter 9: `myIAMrole`). @default [] */
  readonly mapRoles?: AwsAuthRole[];
  /** User mappings (book chapter 9: user `alice`). @default [] */
  readonly mapUsers?: AwsAuthUser[];
  /**
   * Create the ConfigMap (kubernetes_config_map_v1) instead of patching the one EKS writes
   * (kubernetes_config_map_v1_data): EKS writes aws-auth for managed node groups in CONFIG_MAP
   * mode only; with access entries enabled it gives node roles access entries, so a new
   * API_AND_CONFIG_MAP cluster has no aws-auth. @default false
   */
  readonly create?: boolean;
}

const propsSchema = props({ nodeRoleArns: v.array(v.string(), 'must be a list of role ARNs'), ...awsAuthFields });

/**
 * The aws-auth ConfigMap's `mapRoles` and `mapUsers`: patched with `force` so Terraform takes over
 * the entries EKS wrote for managed node groups (and therefore writes the node roles back itself),
 * or created where EKS writes none.
 */
export class AwsAuth extends Construct {
  readonly configMap: ConfigMapV1Data | ConfigMapV1;

  constructor(scope: Construct, id: string, props: AwsAuthProps) {
    super(scope, id);
    throwIfIssues(`AwsAuth '${this.node.path}'`, schemaIssues(propsSchema, props));
    const masters = [...(props.mapRoles ?? []), ...(props.mapUsers ?? [])].filter((m) => m.groups?.includes('system:masters'));
    if (masters.length > 0) {
      Annotations.of(this).addWarning(
        `aws-auth grants system:masters to ${masters.map((m) => m.username).join(', ')}: unrestricted cluster-admin that RBAC cannot take away (book chapter 9); prefer a ClusterRoleBinding to a named group, or an access entry with AmazonEKSClusterAdminPolicy`,
      );
    }
    const nodes = props.nodeRoleArns.map((rolearn) => ({
      rolearn,
      username: 'system:node:{{EC2PrivateDNSName}}',
      groups: ['system:bootstrappers', 'system:nodes'],
    }));
    // yamlencode runs in Terraform: the node role ARNs are only known there.
    const metadata = { name: 'aws-auth', namespace: 'kube-system' };
    const data = {
      mapRoles: Fn.yamlencode([...nodes, ...(props.mapRoles ?? [])]),
      mapUsers: Fn.yamlencode(props.mapUsers ?? []),
    };
    this.configMap = props.create ? new ConfigMapV1(this, 'config-map', { metadata, data }) : new ConfigMapV1Data(this, 'config-map', { metadata, data, force: true });
  }
}
