// Seed 001's solution end to end (preset mastering-terraform): the AWS stack's JSON here and its
// plan in checks/application.plan.ts; the Kubernetes stack (no kubernetes or helm provider in the
// offline mirror) is asserted on its JSON: charts, pinned versions, values, annotations, the role
// wiring across the stacks and the application's objects.
import { parse } from 'yaml';
import { findPreset } from '../../src/presets';
import { manifestObjects, ref, releaseValues, resources, synthApp } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
const PARTITION = ref('data.aws_partition.partition.partition');

// ingress-nginx is retired (Kubernetes blog, 2025-11-11): one key in a configuration file over the
// preset, `controllers.ingressNginx: null`, puts the application behind the AWS Load Balancer
// Controller's ALB instead.
describe('mastering-terraform with controllers.ingressNginx: null', () => {
  const { stacks, warnings } = synthApp('mastering-terraform', { controllers: { ingressNginx: null } });
  const k8s = stacks.kubernetes;
  test('no ingress-nginx and no warning about it', () => {
    expect(k8s.resource!.helm_release.ingress_nginx_chart_release).toBeUndefined();
    expect(warnings.kubernetes.filter((w) => w.includes('ingress-nginx'))).toEqual([]);
  });

  test('the Ingress is an internet-facing ALB with ip targets, after the controller; each Service tells the ALB how to check it', () => {
    const ingress = k8s.resource!.kubernetes_ingress_v1.application_ingress;
    expect(ingress.spec.ingress_class_name).toBe('alb');
    expect(ingress.metadata.annotations).toEqual({ 'alb.ingress.kubernetes.io/scheme': 'internet-facing', 'alb.ingress.kubernetes.io/target-type': 'ip' });
    expect(ingress.depends_on).toContain('helm_release.aws_load_balancer_controller_chart_release');
    expect(ingress.spec.rule[0].http.path.map((p: any) => p.path)).toEqual(['/', '/api']);
    for (const tier of ['frontend', 'backend']) {
      expect(k8s.resource!.kubernetes_service_v1[`application_workloads_service_${tier}`].metadata.annotations).toEqual({ 'alb.ingress.kubernetes.io/success-codes': '200-499' });
    }
  });
});

describe('mastering-terraform', () => {
  const app = synthApp('mastering-terraform');
  const aws = app.stacks.aws;
  const k8s = app.stacks.kubernetes;
  const r = (type: string) => resources(aws, type);
  const k = (type: string) => resources(k8s, type);

  test('is registered with a one-line description', () => {
    expect(findPreset('mastering-terraform')?.description).toMatch(/^Seed 001/);
  });

  describe('AWS stack', () => {
    test('eks-fleet-portal-dev in us-west-2, every resource tagged with the book\'s application and environment', () => {
      expect(aws.provider!.aws[0]).toEqual({
        region: 'us-west-2',
        default_tags: [{ tags: { application: 'fleet-portal', environment: 'dev', cluster: 'eks-fleet-portal-dev', 'managed-by': 'cdktf' } }],
      });
      expect(r('aws_eks_cluster').control_plane_cluster).toMatchObject({ name: 'eks-fleet-portal-dev', version: '1.35' });
    });

    test('the book\'s network: 10.0.0.0/21 in three zones, public 10.0.0-2.0/24, private 10.0.3-5.0/24, a NAT gateway per zone, no public IPs on launch', () => {
      expect(r('aws_vpc').network_vpc).toMatchObject({ cidr_block: '10.0.0.0/21', tags: { Name: 'fleet-portal-dev-network' } });
      const subnets = Object.values(r('aws_subnet'));
      expect(subnets.map((s: any) => s.cidr_block).sort()).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24', '10.0.4.0/24', '10.0.5.0/24']);
      expect(new Set(subnets.map((s: any) => s.availability_zone_id))).toEqual(new Set(['usw2-az1', 'usw2-az2', 'usw2-az3']));
      for (const s of subnets) expect(s.map_public_ip_on_launch ?? false).toBe(false);
      expect(Object.keys(r('aws_nat_gateway'))).toHaveLength(3);
    });

    test('public and private endpoints, the public one open as in the book and warned about; no NodePort or world-open rule', () => {
      expect(r('aws_eks_cluster').control_plane_cluster.vpc_config).toMatchObject({ endpoint_public_access: true, endpoint_private_access: true, public_access_cidrs: ['0.0.0.0/0'] });
      expect(app.warnings.aws).toEqual([expect.stringContaining('public to the whole internet (0.0.0.0/0)')]);
      for (const rule of Object.values(r('aws_vpc_security_group_ingress_rule'))) expect(rule.cidr_ipv4).not.toBe('0.0.0.0/0');
      expect(r('aws_security_group_rule')).toEqual({});
    });

    test('cluster role with AmazonEKSClusterPolicy and AmazonEKSVPCResourceController; access entries with creator admin', () => {
      expect(r('aws_iam_role').control_plane_cluster_role.name).toBe('eks-fleet-portal-dev-cluster-role');
      const policies = Object.entries(r('aws_iam_role_policy_attachment')).filter(([n]) => n.startsWith('control_plane_')).map(([, a]) => a.policy_arn);
      expect(policies).toEqual([`arn:${PARTITION}:iam::aws:policy/AmazonEKSClusterPolicy`, `arn:${PARTITION}:iam::aws:policy/AmazonEKSVPCResourceController`]);
      expect(r('aws_eks_cluster').control_plane_cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true });
    });

    test('node group ng-user: ON_DEMAND t3.medium 1/3/4 on AL2023; node role with the seed\'s four policies (plus SSM) and no load balancer policy', () => {
      expect(r('aws_eks_node_group').node_group_ng_user_group).toMatchObject({
        node_group_name: 'ng-user',
        capacity_type: 'ON_DEMAND',
        instance_types: ['t3.medium'],
        ami_type: 'AL2023_x86_64_STANDARD',
        scaling_config: { min_size: 1, desired_size: 3, max_size: 4 },
      });
      expect(r('aws_iam_role').nodes_role.name).toBe('eks-fleet-portal-dev-nodegroup-role');
      const nodePolicies = Object.entries(r('aws_iam_role_policy_attachment')).filter(([n]) => n.startsWith('nodes_')).map(([, a]) => a.policy_arn.split('/').pop());
      expect(nodePolicies.sort()).toEqual(['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy']);
      expect(Object.keys(r('aws_iam_role_policy')).filter((n) => n.startsWith('nodes_'))).toEqual([]);
    });

    test('ECR: the frontend and backend repositories (immutable tags, scan on push, KMS, kept while they hold images) and the push group', () => {
      const repositories = Object.values(r('aws_ecr_repository'));
      expect(repositories.map((x: any) => x.name).sort()).toEqual(['ecr-fleet-portal-dev-backend', 'ecr-fleet-portal-dev-frontend']);
      for (const repo of repositories) {
        expect(repo).toMatchObject({ image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: { scan_on_push: true }, encryption_configuration: [{ encryption_type: 'KMS' }], force_delete: false });
      }
      expect(r('aws_iam_group').registry_push_group.name).toBe('fleet-portal-dev-ecr-image-pushers');
      const push = aws.data!.aws_iam_policy_document.registry_push_document.statement;
      expect(push[1].resources.sort()).toEqual([ref('aws_ecr_repository.registry_repository_ecr_fleet_portal_dev_backend.arn'), ref('aws_ecr_repository.registry_repository_ecr_fleet_portal_dev_frontend.arn')]);
      expect(aws.output!.ecr_login_command.value).toContain('aws ecr get-login-password --region us-west-2 | docker login');
    });

    test('workload identity: the OIDC provider, and fleet-portal-dev-workload-identity trusted by app/fleet-portal only (sub and aud)', () => {
      expect(r('aws_iam_openid_connect_provider').oidc_provider_provider.client_id_list).toEqual(['sts.amazonaws.com']);
      expect(r('aws_iam_role').application_role_workload_identity_role.name).toBe('fleet-portal-dev-workload-identity');
      const trust = aws.data!.aws_iam_policy_document.application_role_workload_identity_trust.statement;
      expect(trust).toHaveLength(1);
      expect(trust[0].principals).toEqual([{ type: 'Federated', identifiers: [ref('aws_iam_openid_connect_provider.oidc_provider_provider.arn')] }]);
      expect(trust[0].condition.map((c: any) => [c.test, c.variable.replace(/^.*:/, ''), c.values])).toEqual([
        ['StringEquals', 'sub', ['system:serviceaccount:app:fleet-portal']],
        ['StringEquals', 'aud', ['sts.amazonaws.com']],
      ]);
    });

    test('the role reads the one secret it mounts (the book: secret:*), decrypts it with the cluster key through Secrets Manager only, no managed policy', () => {
      expect(aws.data!.aws_iam_policy_document.application_role_workload_identity_inline_policy_document.statement).toEqual([
        {
          sid: 'ReadTheApplicationSecrets',
          effect: 'Allow',
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: [ref('aws_secretsmanager_secret.application_secrets_secret_fleet_portal_dev_connection_string.arn')],
        },
        {
          sid: 'DecryptThemThroughSecretsManager',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [ref('aws_kms_key.control_plane_cluster_key_key.arn')],
          condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.us-west-2.${data.aws_partition.partition.dns_suffix}'] }],
        },
      ]);
      expect(r('aws_secretsmanager_secret').application_secrets_secret_fleet_portal_dev_connection_string.kms_key_id).toBe(ref('aws_kms_key.control_plane_cluster_key_key.arn'));
      expect(Object.keys(r('aws_iam_role_policy_attachment')).filter((n) => n.startsWith('application_'))).toEqual([]);
    });

    test('the connection string secret exists without a value (no version, no random password, nothing secret in the JSON), deleted at once on destroy', () => {
      // A recovery window keeps the name taken: the tutorial's redeploy would fail with "scheduled
      // for deletion" (hashicorp/terraform-provider-aws#10259).
      expect(r('aws_secretsmanager_secret').application_secrets_secret_fleet_portal_dev_connection_string).toMatchObject({
        name: 'fleet-portal-dev-connection-string',
        description: 'Read by app/fleet-portal on eks-fleet-portal-dev; its value is set outside Terraform',
        recovery_window_in_days: 0,
      });
      expect(r('aws_secretsmanager_secret_version')).toEqual({});
      expect(JSON.stringify(app.stacks)).not.toMatch(/secret_string|random_password|secret_binary/);
      expect(aws.output!.application_secret_arns.value).toEqual({ 'fleet-portal-dev-connection-string': ref('aws_secretsmanager_secret.application_secrets_secret_fleet_portal_dev_connection_string.arn') });
    });

    test('the load balancer controller role (the book\'s name) through IRSA for kube-system/aws-load-balancer-controller', () => {
      expect(r('aws_iam_role').aws_load_balancer_controller_controller_role.name).toBe('aws-load-balancer-controller-role');
      const trust = aws.data!.aws_iam_policy_document.aws_load_balancer_controller_controller_trust.statement[0];
      expect(trust.condition[0].values).toEqual(['system:serviceaccount:kube-system:aws-load-balancer-controller']);
      expect(Object.keys(aws.output!.service_account_role_arns.value).sort()).toEqual(['application', 'controller-aws-load-balancer-controller']);
    });
  });

  describe('Kubernetes stack', () => {
    const release = (name: string) => k('helm_release')[name];

    test('releases: the controller, ingress-nginx, the driver and its AWS provider at pinned versions, and the SecretProviderClass chart', () => {
      const charts = Object.fromEntries(Object.entries(k('helm_release')).map(([n, x]: [string, any]) => [n, [x.repository, x.chart, x.version, x.namespace]]));
      expect(charts).toEqual({
        aws_load_balancer_controller_chart_release: ['https://aws.github.io/eks-charts', 'aws-load-balancer-controller', '3.5.0', 'kube-system'],
        ingress_nginx_chart_release: ['https://kubernetes.github.io/ingress-nginx', 'ingress-nginx', '4.15.1', 'ingress-nginx'],
        secrets_store_csi_driver_driver_release: ['https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts', 'secrets-store-csi-driver', '1.6.0', 'kube-system'],
        secrets_store_csi_driver_provider_release: ['https://aws.github.io/secrets-store-csi-driver-provider-aws', 'secrets-store-csi-driver-provider-aws', '3.1.1', 'kube-system'],
        application_secret_provider_class_chart_release: [undefined, expect.stringMatching(/^\.\/assets\/application_secret_provider_class_chart_files\//), '1.0.0', 'app'],
      });
    });

    test('the load balancer controller: cluster, region and VPC from the AWS stack, its service account annotated with its role', () => {
      expect(releaseValues(release('aws_load_balancer_controller_chart_release'))).toMatchObject({
        clusterName: remote('cross_stack_output_aws_eks_cluster_control_plane_cluster_name'),
        region: 'us-west-2',
        vpcId: remote('cross_stack_output_aws_vpc_network_vpc_id'),
        serviceAccount: { create: true, name: 'aws-load-balancer-controller', annotations: { 'eks.amazonaws.com/role-arn': remote('cross_stack_output_aws_iam_role_aws_load_balancer_controller_controller_role_arn') } },
      });
    });

    test('ingress-nginx behind an internet-facing NLB with IP targets, made by the controller (after its release); the retirement warned about', () => {
      const nginx = release('ingress_nginx_chart_release');
      expect(releaseValues(nginx).controller.service).toEqual({
        type: 'LoadBalancer',
        annotations: {
          'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
          'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
          'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        },
      });
      expect(nginx.depends_on).toEqual(['helm_release.aws_load_balancer_controller_chart_release']);
      expect(app.warnings.kubernetes).toEqual([expect.stringContaining('ingress-nginx is retired')]);
    });

    test('the driver requests IRSA tokens (the backend\'s mechanism) without Kubernetes Secret sync, the provider in us-west-2 without its bundled driver', () => {
      expect(releaseValues(release('secrets_store_csi_driver_driver_release'))).toEqual({ tokenRequests: [{ audience: 'sts.amazonaws.com' }], syncSecret: { enabled: false }, enableSecretRotation: false });
      expect(releaseValues(release('secrets_store_csi_driver_provider_release'))).toEqual({ awsRegion: 'us-west-2', 'secrets-store-csi-driver': { install: false } });
    });

    test('the SecretProviderClass: aws provider, the connection string secret, us-west-2, IRSA', () => {
      const objects = manifestObjects(app, 'kubernetes', 'application_secret_provider_class_chart_release');
      expect(objects).toHaveLength(1);
      expect(objects[0]).toMatchObject({ apiVersion: 'secrets-store.csi.x-k8s.io/v1', kind: 'SecretProviderClass', metadata: { name: 'fleet-api-secrets', namespace: 'app' } });
      expect(objects[0].spec.provider).toBe('aws');
      expect(objects[0].spec.secretObjects).toBeUndefined();
      const { objects: list, ...parameters } = objects[0].spec.parameters;
      expect(parameters).toEqual({ region: 'us-west-2', usePodIdentity: 'false' });
      expect(parse(list)).toEqual([{ objectName: 'fleet-portal-dev-connection-string', objectType: 'secretsmanager' }]);
    });

    test('namespace app and the service account fleet-portal, annotated with the workload identity role from the AWS stack', () => {
      expect(k('kubernetes_namespace_v1').application_workloads_namespace_app.metadata.name).toBe('app');
      expect(k('kubernetes_service_account_v1').application_service_account.metadata).toMatchObject({
        name: 'fleet-portal',
        annotations: { 'eks.amazonaws.com/role-arn': remote('cross_stack_output_aws_iam_role_application_role_workload_identity_role_arn') },
      });
      expect(aws.output!.cross_stack_output_aws_iam_role_application_role_workload_identity_role_arn.value).toBe(ref('aws_iam_role.application_role_workload_identity_role.arn'));
    });

    test('Deployments fleet-portal and fleet-api: three replicas on port 5000 as the .NET app user, images from the ECR repositories at 1.0.0, requests and probes', () => {
      const deployments = k('kubernetes_deployment_v1');
      const expected = { frontend: ['fleet-portal', 'frontend'], backend: ['fleet-api', 'backend'] };
      for (const [tier, [name, repository]] of Object.entries(expected)) {
        const d = deployments[`application_workloads_deployment_${tier}`];
        const c = d.spec.template.spec.container[0];
        expect(d.metadata.name).toBe(name);
        expect(d.spec.replicas).toBe('3');
        expect(c.image).toBe(`${remote(`cross_stack_output_aws_ecr_repository_registry_repository_ecr_fleet_portal_dev_${repository}_repository_url`)}:1.0.0`);
        expect(c.port).toEqual([{ name: 'http', container_port: 5000, protocol: 'TCP' }]);
        expect(c.resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
        expect(c.startup_probe.tcp_socket).toEqual([{ port: 'http' }]);
        expect(c.readiness_probe.tcp_socket).toEqual([{ port: 'http' }]);
        expect(d.spec.template.spec.security_context).toEqual({ run_as_non_root: true, run_as_user: '1654', seccomp_profile: { type: 'RuntimeDefault' } });
        expect(c.liveness_probe.tcp_socket).toEqual([{ port: 'http' }]);
      }
    });

    test('only fleet-api runs as fleet-portal and mounts the secrets read-only at /mnt/secrets-store', () => {
      const api = k('kubernetes_deployment_v1').application_workloads_deployment_backend.spec.template.spec;
      expect(api.service_account_name).toBe(ref('kubernetes_service_account_v1.application_service_account.metadata[0].name'));
      expect(api.volume).toEqual([{ name: 'secrets-store-inline', csi: { driver: 'secrets-store.csi.k8s.io', read_only: true, volume_attributes: { secretProviderClass: 'fleet-api-secrets' } } }]);
      expect(api.container[0].volume_mount).toEqual([{ name: 'secrets-store-inline', mount_path: '/mnt/secrets-store', read_only: true }]);
      const portal = k('kubernetes_deployment_v1').application_workloads_deployment_frontend.spec.template.spec;
      expect(portal.service_account_name).toBeUndefined();
      expect(portal.volume).toBeUndefined();
    });

    test('ClusterIP Services on port 80, and the Ingress of class nginx: / to fleet-portal, /api to fleet-api', () => {
      expect(Object.values(k('kubernetes_service_v1')).map((s: any) => [s.metadata.name, s.spec.type, s.spec.port[0].port]).sort()).toEqual([
        ['fleet-api', 'ClusterIP', 80],
        ['fleet-portal', 'ClusterIP', 80],
      ]);
      const ingress = k('kubernetes_ingress_v1').application_ingress;
      expect(ingress.spec.ingress_class_name).toBe('nginx');
      expect(ingress.spec.rule[0].http.path.map((p: any) => [p.path, p.backend.service.name])).toEqual([
        ['/', ref('kubernetes_service_v1.application_workloads_service_frontend.metadata[0].name')],
        ['/api', ref('kubernetes_service_v1.application_workloads_service_backend.metadata[0].name')],
      ]);
    });

    test('every reference to the AWS stack is one of its outputs, read from its state', () => {
      const used = new Set([...JSON.stringify(k8s).matchAll(/terraform_remote_state\.cross_stack_reference_input_aws\.outputs\.(\w+)/g)].map((m) => m[1]));
      expect([...used].sort()).toEqual([
        'cross_stack_output_aws_ecr_repository_registry_repository_ecr_fleet_portal_dev_backend_repository_url',
        'cross_stack_output_aws_ecr_repository_registry_repository_ecr_fleet_portal_dev_frontend_repository_url',
        'cross_stack_output_aws_eks_cluster_control_plane_cluster_certificate_authority_0__data',
        'cross_stack_output_aws_eks_cluster_control_plane_cluster_endpoint',
        'cross_stack_output_aws_eks_cluster_control_plane_cluster_name',
        'cross_stack_output_aws_iam_role_application_role_workload_identity_role_arn',
        'cross_stack_output_aws_iam_role_aws_load_balancer_controller_controller_role_arn',
        'cross_stack_output_aws_vpc_network_vpc_id',
      ]);
      for (const output of used) expect(aws.output).toHaveProperty(output);
      expect(Object.keys(k8s.data!.terraform_remote_state)).toEqual(['cross_stack_reference_input_aws']);
    });
  });
});
