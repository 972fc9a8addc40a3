// Seed 001 "Kubernetes configuration": the second Terraform code base, in its own stack and state
// (and its own Terraform Cloud workspace), with the kubernetes and helm providers authenticated to
// the cluster from the AWS stack's outputs, which CDKTF passes through terraform_remote_state.
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/schema';
import { AwsAuth } from '../kubernetes/aws-auth';
import { HelmChart, HelmChartProps } from '../kubernetes/helm-chart';
import { ManifestsChart, ManifestsChartProps } from '../kubernetes/manifests-chart';
import { KubernetesAuthMode } from '../kubernetes/private/schema';
import { AwsStack, MANAGED_BY_TAG } from './aws-stack';
import { addBackend } from './backend';
import type { Controllers } from './kubernetes-controllers';
import { ReadableIdStack } from './readable-ids';

export interface KubernetesStackProps {
  readonly config: ResolvedConfig;
  /** The AWS stack of the cluster: its outputs configure the providers and the resources. */
  readonly aws: AwsStack;
}

/** How the providers reach the API: endpoint and CA from the AWS stack, a token per `auth` mode. */
interface Connection {
  readonly host: string;
  readonly clusterCaCertificate: string;
  readonly token?: string;
  readonly exec?: { apiVersion: string; command: string; args: string[] };
}

/** Kubernetes and Helm resources of one cluster, applied after the AWS stack. */
export class KubernetesStack extends ReadableIdStack {
  readonly kubernetesProvider: KubernetesProvider;
  readonly authMode: KubernetesAuthMode;
  readonly awsAuth?: AwsAuth;
  /** The controllers of the `controllers` section, when configured. */
  readonly controllers?: Controllers;
  private readonly connection: Connection;
  private helm?: HelmProvider;

  constructor(scope: Construct, id: string, props: KubernetesStackProps) {
    super(scope, id);
    const { config, aws } = props;
    const settings = config.kubernetes ?? {};
    addBackend(this, config.backend, { clusterName: config.clusterName, stackId: id, primary: false }, config.region);

    // Terraform Cloud runs have no AWS CLI for `aws eks get-token`: they read a token instead.
    this.authMode = settings.auth ?? (config.backend.type === 'cloud' ? 'token' : 'exec');
    const cp = aws.controlPlane;
    let credentials: Pick<Connection, 'token' | 'exec'>;
    if (this.authMode === 'token') {
      // Loaded only for this mode: the default Kubernetes stack has no AWS provider.
      const { AwsProvider } = require('@cdktf/provider-aws/lib/provider') as typeof import('@cdktf/provider-aws/lib/provider');
      const { DataAwsEksClusterAuth } = require('@cdktf/provider-aws/lib/data-aws-eks-cluster-auth') as typeof import('@cdktf/provider-aws/lib/data-aws-eks-cluster-auth');
      new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags: { cluster: config.clusterName, ...MANAGED_BY_TAG, ...(config.tags ?? {}) } }] });
      credentials = { token: new DataAwsEksClusterAuth(this, 'cluster-auth', { name: cp.clusterName }).token };
    } else {
      credentials = {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: ['eks', 'get-token', '--cluster-name', cp.clusterName, '--region', config.region, '--output', 'json'],
        },
      };
    }
    this.connection = {
      host: cp.clusterEndpoint,
      clusterCaCertificate: Fn.base64decode(cp.certificateAuthorityData),
      ...credentials,
    };
    this.kubernetesProvider = new KubernetesProvider(this, 'kubernetes', {
      host: this.connection.host,
      clusterCaCertificate: this.connection.clusterCaCertificate,
      ...(this.connection.token ? { token: this.connection.token } : {}),
      ...(this.connection.exec ? { exec: [this.connection.exec] } : {}),
    });

    if (settings.awsAuth) {
      this.awsAuth = new AwsAuth(this, 'aws-auth', { ...settings.awsAuth, nodeRoleArns: aws.nodeRoleArns });
    }
    if (config.controllers) {
      // Loaded only when configured, like the AWS side (aws-controllers.ts).
      const { addControllers } = require('./kubernetes-controllers') as typeof import('./kubernetes-controllers');
      this.controllers = addControllers(this, aws, config);
    }
  }

  /** Installs a Helm chart (pinned version, typed values), creating the helm provider on first use. */
  addHelmChart(id: string, props: HelmChartProps): HelmChart {
    void this.helmProvider;
    return new HelmChart(this, id, props);
  }

  /** Installs custom resources as a local chart (see ManifestsChart), after `dependsOn`. */
  addManifests(id: string, props: ManifestsChartProps): ManifestsChart {
    void this.helmProvider;
    return new ManifestsChart(this, id, props);
  }

  /** The helm provider, created the first time a chart is installed (a stack without charts needs none). */
  get helmProvider(): HelmProvider {
    this.helm ??= new HelmProvider(this, 'helm', {
      kubernetes: {
        host: this.connection.host,
        clusterCaCertificate: this.connection.clusterCaCertificate,
        ...(this.connection.token ? { token: this.connection.token } : {}),
        ...(this.connection.exec ? { exec: this.connection.exec } : {}),
      },
    });
    return this.helm;
  }
}
