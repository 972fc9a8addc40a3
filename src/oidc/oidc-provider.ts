// chapter14-alb controlplane/oidc.tf: the IAM OpenID Connect provider of the cluster, for IRSA.
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { throwIfIssues } from '../errors';
import { props, schemaIssues } from '../private/validate';
import * as v from 'valibot';
import { oidcProviderFields } from './private/schema';
import { DataTlsCertificate } from '@cdktf/provider-tls/lib/data-tls-certificate';

/** The audience tokens are exchanged for: AWS STS. */
export const DEFAULT_CLIENT_IDS = ['sts.amazonaws.com'];

export interface OidcProviderProps {
  /** The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<id>`). */
  readonly issuerUrl: string;
  /** Audiences allowed to use the provider (book: `client_id_list`). @default ["sts.amazonaws.com"] */
  readonly clientIds?: string[];
  /**
   * Look the issuer's certificate thumbprint up with the tls provider's `tls_certificate` data
   * source, as the book does. AWS no longer needs a thumbprint for EKS issuers, and the lookup
   * needs the tls provider and network access at plan time; the stack must configure the tls
   * provider. @default false
   * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/iam_openid_connect_provider
   */
  readonly thumbprintLookup?: boolean;
  /** Tags on the provider. @default {} */
  readonly tags?: Record<string, string>;
}

const propsSchema = props({ issuerUrl: v.string('must be a URL'), ...oidcProviderFields });

/** The IAM OIDC identity provider trusting the cluster's service account tokens. */
export class OidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;
  readonly providerArn: string;
  /** The issuer without `https://`: the prefix of the `:sub` and `:aud` condition keys. */
  readonly issuerHost: string;

  constructor(scope: Construct, id: string, props: OidcProviderProps) {
    super(scope, id);
    throwIfIssues(`OidcProvider '${this.node.path}'`, schemaIssues(propsSchema, props));
    let thumbprintList: string[] | undefined;
    if (props.thumbprintLookup ?? false) {
      const certificate = new DataTlsCertificate(this, 'issuer-certificate', { url: props.issuerUrl });
      thumbprintList = [certificate.certificates.get(0).sha1Fingerprint];
    }
    this.provider = new IamOpenidConnectProvider(this, 'provider', {
      url: props.issuerUrl,
      clientIdList: props.clientIds ?? DEFAULT_CLIENT_IDS,
      ...(thumbprintList ? { thumbprintList } : {}),
      tags: props.tags ?? {},
    });
    this.providerArn = this.provider.arn;
    this.issuerHost = Fn.replace(this.provider.url, 'https://', '');
  }
}
