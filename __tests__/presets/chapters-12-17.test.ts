// Book chapters 12-17: the manifests the book applies with kubectl (pods/blueapp.yml,
// pod-ecr.yml, nodeport-svc.yml, svc-nodeport.yml, svc-clusterip.yml, replica.yml,
// deployment.yml) as the presets' Kubernetes stacks. Their providers are not in the offline
// mirror, so the JSON is asserted here; the AWS stacks are planned by Terraform
// (checks/workloads.plan.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPreset } from '../../src/presets';
import { addresses, manifestObjects, synthApp } from '../helpers/synth';

const remote = (output: string) => '${data.terraform_remote_state.cross_stack_reference_input_aws.outputs.' + output + '}';
const ECR_URL_OUTPUT = 'cross_stack_output_aws_ecr_repository_registry_repository_docker_images_repository_url';
const fixture = (preset: string) => readFileSync(join(__dirname, '..', '__fixtures__', 'addresses', `${preset}.txt`), 'utf8').trim().split('\n');

/** The blueapp container as every preset writes it: Tomcat on 8080, requests, probes, no privilege. */
const BLUEAPP_CONTAINER = {
  port: [{ container_port: 8080, protocol: 'TCP' }],
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  startup_probe: { tcp_socket: [{ port: '8080' }], timeout_seconds: 2, period_seconds: 5, failure_threshold: 30 },
  readiness_probe: { tcp_socket: [{ port: '8080' }], timeout_seconds: 2, period_seconds: 10, failure_threshold: 3 },
  liveness_probe: { tcp_socket: [{ port: '8080' }], timeout_seconds: 2, period_seconds: 20, failure_threshold: 3 },
  security_context: { allow_privilege_escalation: false, privileged: false, read_only_root_filesystem: false, capabilities: { drop: ['ALL'] } },
};
/** The image runs Tomcat as root: runAsNonRoot is off, the seccomp profile on. */
const BLUEAPP_POD_SECURITY = { run_as_non_root: false, seccomp_profile: { type: 'RuntimeDefault' } };

test.each(['chapter12', 'chapter13', 'chapter14', 'chapter17'])('%s is registered with its chapter folder', (name) => {
  expect(findPreset(name)?.chapter).toBe(name);
});

describe('chapter12: the registry and the blue app from Docker Hub and from ECR', () => {
  const app = synthApp('chapter12');
  const { aws, kubernetes } = app.stacks;
  const pods = kubernetes.resource!.kubernetes_pod_v1;

  test('the chapter 11 cluster with API_AND_CONFIG_MAP and the creator flag at its default (true)', () => {
    expect(aws.resource!.aws_eks_cluster.control_plane_cluster.access_config).toEqual({ authentication_mode: 'API_AND_CONFIG_MAP', bootstrap_cluster_creator_admin_permissions: true });
    const chapter11 = fixture('chapter11');
    const registry = addresses(aws).filter((a) => !chapter11.includes(a));
    expect(registry).toEqual([
      'aws_ecr_lifecycle_policy.registry_lifecycle_docker_images',
      'aws_ecr_repository.registry_repository_docker_images',
      'aws_iam_group.registry_push_group',
      'aws_iam_group_policy.registry_push_policy',
      'data.aws_iam_policy_document.registry_push_document',
    ]);
  });

  test('repository docker-images with the book\'s tags, immutable tags and scan on push; docker login output', () => {
    expect(aws.resource!.aws_ecr_repository.registry_repository_docker_images).toMatchObject({
      name: 'docker-images',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      tags: { env: 'test', team: 'DevOps' },
    });
    expect(Object.keys(aws.output!)).toEqual(expect.arrayContaining(['ecr_repository_urls', 'ecr_login_command', ECR_URL_OUTPUT]));
  });

  test('blueapp-pod.yml: cloudmanly/eks:blueapp in the default namespace, labelled app=blueapp-label', () => {
    expect(pods.workloads_pod_blueapp_pod.metadata).toEqual({ name: 'blueapp-pod', namespace: 'default', labels: { app: 'blueapp-label' } });
    expect(pods.workloads_pod_blueapp_pod.spec.security_context).toEqual(BLUEAPP_POD_SECURITY);
    expect(pods.workloads_pod_blueapp_pod.spec.container).toEqual([expect.objectContaining({ name: 'blueapp-container', image: 'cloudmanly/eks:blueapp', ...BLUEAPP_CONTAINER })]);
  });

  test('pod-ecr.yml: the image is docker-images:blueapp at the repository URL from the AWS stack (the book types ACCOUNTID.dkr.ecr…)', () => {
    const pod = pods.workloads_pod_blueapp_ecr_pod;
    expect(pod.metadata).toEqual({ name: 'blueapp-ecr-pod', namespace: 'default', labels: { app: 'blueapp-label' } });
    expect(pod.spec.container).toEqual([expect.objectContaining({ name: 'blueapp-container', image: `${remote(ECR_URL_OUTPUT)}:blueapp`, ...BLUEAPP_CONTAINER })]);
    expect(aws.output![ECR_URL_OUTPUT].value).toBe('${aws_ecr_repository.registry_repository_docker_images.repository_url}');
  });

  test('two Pods and nothing else; no warning', () => {
    expect(Object.keys(kubernetes.resource!)).toEqual(['kubernetes_pod_v1']);
    expect(Object.keys(pods).sort()).toEqual(['workloads_pod_blueapp_ecr_pod', 'workloads_pod_blueapp_pod']);
    expect(app.warnings.kubernetes).toEqual([]);
  });
});

describe('chapter13: the blue app Pod and namespace test-ns', () => {
  const { stacks, warnings } = synthApp('chapter13');
  const r = stacks.kubernetes.resource!;

  test('chapter 3\'s AWS stack on 1.35 (the book: 1.29)', () => {
    expect(addresses(stacks.aws)).toEqual(fixture('chapter03'));
    expect(stacks.aws.resource!.aws_eks_cluster.control_plane_cluster.version).toBe('1.35');
  });

  test('test-ns, enforcing baseline and warning about restricted', () => {
    expect(r.kubernetes_namespace_v1.workloads_namespace_test_ns).toMatchObject({
      metadata: { name: 'test-ns', labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' } },
    });
  });

  test('blueapp.yml in the default namespace, with requests (the book\'s is BestEffort) and probes', () => {
    const pod = r.kubernetes_pod_v1.workloads_pod_blueapp_pod;
    expect(pod.metadata).toEqual({ name: 'blueapp-pod', namespace: 'default', labels: { app: 'blueapp-label' } });
    expect(pod.spec).toMatchObject({ automount_service_account_token: false, security_context: BLUEAPP_POD_SECURITY });
    expect(pod.spec.container).toEqual([expect.objectContaining({ name: 'blueapp-container', image: 'cloudmanly/eks:blueapp', ...BLUEAPP_CONTAINER })]);
    expect(warnings.kubernetes).toEqual([]);
  });
});

describe('chapter14: the NodePort Service of nodeport-svc.yml', () => {
  const { stacks, warnings } = synthApp('chapter14');
  const r = stacks.kubernetes.resource!;

  test('the Pod and blueapp-svc: 8082 on the Service, node port 30001, target 8080, selecting the Pod', () => {
    expect(Object.keys(r).sort()).toEqual(['kubernetes_pod_v1', 'kubernetes_service_v1']);
    expect(r.kubernetes_pod_v1.workloads_pod_blueapp_pod.metadata.labels).toEqual({ app: 'blueapp-label' });
    expect(r.kubernetes_service_v1.workloads_service_blueapp_svc).toEqual(
      expect.objectContaining({
        metadata: { name: 'blueapp-svc', namespace: 'default', labels: { svc: 'blueapp-svc-label' } },
        spec: { type: 'NodePort', selector: { app: 'blueapp-label' }, port: [{ name: 'app-port', port: 8082, node_port: 30001, target_port: '8080', protocol: 'TCP' }] },
      }),
    );
    expect(warnings.kubernetes).toEqual([]);
  });

  test('chapter 3\'s AWS stack: the nodes stay private (the book reaches the Service with port-forward)', () => {
    expect(addresses(stacks.aws)).toEqual(fixture('chapter03'));
  });

  test('`null` in a file removes a preset\'s Service', () => {
    const { stacks: s } = synthApp('chapter14', { kubernetes: { workloads: { services: { 'blueapp-svc': null } } } });
    expect(s.kubernetes.resource!.kubernetes_service_v1).toBeUndefined();
    expect(Object.keys(s.kubernetes.resource!.kubernetes_pod_v1)).toEqual(['workloads_pod_blueapp_pod']);
  });
});

describe('chapter14-pub: the NodePort and ClusterIP Services on public nodes', () => {
  const { stacks, warnings } = synthApp('chapter14-pub');
  const services = stacks.kubernetes.resource!.kubernetes_service_v1;

  test('svc-nodeport.yml as blueapp-svc, on the port the cluster security group opens', () => {
    expect(services.workloads_service_blueapp_svc.spec).toMatchObject({ type: 'NodePort', port: [{ port: 8082, node_port: 30001, target_port: '8080' }] });
    const rule = Object.values<any>(stacks.aws.resource!.aws_vpc_security_group_ingress_rule).find((x) => x.from_port === 30001);
    expect(rule).toMatchObject({ to_port: 30001, cidr_ipv4: '203.0.113.10/32' });
  });

  test('svc-clusterip.yml as blueapp-clusterip-svc (the book reuses blueapp-svc after deleting the NodePort one): 8081 to 8080', () => {
    expect(services.workloads_service_blueapp_clusterip_svc).toEqual(
      expect.objectContaining({
        metadata: { name: 'blueapp-clusterip-svc', namespace: 'default', labels: { svc: 'blueapp-svc-label' } },
        spec: { type: 'ClusterIP', selector: { app: 'blueapp-label' }, port: [{ name: 'app-port', port: 8081, target_port: '8080', protocol: 'TCP' }] },
      }),
    );
    expect(stacks.kubernetes.resource!.kubernetes_pod_v1.workloads_pod_blueapp_pod.spec.container[0].image).toBe('cloudmanly/eks:blueapp');
    expect(warnings.kubernetes).toEqual([]);
  });
});

describe('chapter17: the ReplicaSet of replica.yml and the Deployment of deployment.yml', () => {
  const app = synthApp('chapter17');
  const r = app.stacks.kubernetes.resource!;

  test('blueapp-deployment: 3 replicas, RollingUpdate maxUnavailable 1 and maxSurge 1, selector app=blueapp,environment=dev', () => {
    const d = r.kubernetes_deployment_v1.workloads_deployment_blueapp_deployment;
    expect(d.metadata).toEqual({ name: 'blueapp-deployment', namespace: 'default', labels: { app: 'blueapp', environment: 'dev' } });
    expect(d.spec).toMatchObject({
      replicas: '3',
      strategy: { type: 'RollingUpdate', rolling_update: { max_unavailable: '1', max_surge: '1' } },
      selector: { match_labels: { app: 'blueapp', environment: 'dev' } },
      revision_history_limit: 5,
      template: { metadata: { labels: { app: 'blueapp', environment: 'dev' } } },
    });
    expect(d.spec.template.spec.security_context).toEqual(BLUEAPP_POD_SECURITY);
    expect(d.spec.template.spec.container).toEqual([expect.objectContaining({ name: 'blueapp', image: 'cloudmanly/eks:blueapp', image_pull_policy: 'Always', ...BLUEAPP_CONTAINER })]);
  });

  test('ReplicaSet blueapp in a local chart: 3 replicas, selector environment=dev, the same container', () => {
    expect(r.helm_release.workloads_replicasets_default_chart_release).toMatchObject({ name: 'workload-replicasets', namespace: 'default', atomic: true, wait: true });
    const objects = manifestObjects(app, 'kubernetes', 'workloads_replicasets_default_chart_release');
    expect(objects).toHaveLength(1);
    const [rs] = objects;
    expect(rs).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'blueapp', namespace: 'default', labels: { environment: 'dev' } },
      spec: { replicas: 3, selector: { matchLabels: { environment: 'dev' } }, template: { metadata: { labels: { environment: 'dev' } } } },
    });
    expect(rs.spec.template.spec).toEqual({
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'blueapp',
          image: 'cloudmanly/eks:blueapp',
          imagePullPolicy: 'Always',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
          startupProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 2, periodSeconds: 5, failureThreshold: 30 },
          readinessProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 2, periodSeconds: 10, failureThreshold: 3 },
          livenessProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 2, periodSeconds: 20, failureThreshold: 3 },
          securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    });
  });

  test('the book\'s overlapping selectors are warned about, and nothing else', () => {
    expect(app.warnings.kubernetes).toEqual([expect.stringContaining("ReplicaSet blueapp's selector environment=dev also matches the Pods of Deployment blueapp-deployment")]);
  });
});
