// Many clusters from one configuration file: the stacks of each (<key>-aws, <key>-kubernetes),
// each with its own state, and the rules across them (one name per region, one state per stack).
import { synthClusters, validationLines } from '../helpers/synth';

const RBAC = { kubernetes: { rbac: { clusterRoles: { reader: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } } } } };

describe('the stacks of a file with clusters', () => {
  const app = synthClusters({
    tags: { team: 'platform' },
    clusters: {
      dev: { preset: 'default', clusterName: 'team-dev', network: { natGateways: 'single' }, ...RBAC },
      prod: { clusterName: 'team-prod', region: 'eu-west-1' },
    },
  });

  test('<key>-aws for every cluster, <key>-kubernetes for those with a Kubernetes stack', () => {
    expect(Object.keys(app.stacks).sort()).toEqual(['dev-aws', 'dev-kubernetes', 'prod-aws']);
  });

  test('each stack its cluster: name, region, the shared settings and its own', () => {
    const dev = app.stacks['dev-aws'];
    const prod = app.stacks['prod-aws'];
    expect(dev.resource!.aws_eks_cluster.control_plane_cluster.name).toBe('team-dev');
    expect(prod.resource!.aws_eks_cluster.control_plane_cluster.name).toBe('team-prod');
    expect([dev.provider!.aws[0].region, prod.provider!.aws[0].region]).toEqual(['us-east-1', 'eu-west-1']);
    expect(dev.provider!.aws[0].default_tags[0].tags).toEqual({ cluster: 'team-dev', 'managed-by': 'cdktf', team: 'platform' });
    expect([Object.keys(dev.resource!.aws_nat_gateway).length, Object.keys(prod.resource!.aws_nat_gateway).length]).toEqual([1, 2]);
  });

  test('the addresses of a single-cluster stack: keys name stacks, not resources', () => {
    expect(Object.keys(app.stacks['prod-aws'].resource!.aws_eks_cluster)).toEqual(['control_plane_cluster']);
  });

  test('each stack its own state, named after its cluster', () => {
    expect(['dev-aws', 'dev-kubernetes', 'prod-aws'].map((s) => app.stacks[s].terraform!.backend.local.path)).toEqual([
      '../../../terraform.team-dev-aws.tfstate',
      '../../../terraform.team-dev-kubernetes.tfstate',
      '../../../terraform.team-prod-aws.tfstate',
    ]);
  });

  test("the Kubernetes stack reads its own cluster's AWS stack", () => {
    const remote = app.stacks['dev-kubernetes'].data!.terraform_remote_state;
    expect(Object.values<any>(remote).map((r) => r.config.path)).toEqual(['../../../terraform.team-dev-aws.tfstate']);
  });
});

describe('state per cluster, by backend', () => {
  test('S3: one bucket, a key per cluster and stack', () => {
    const { stacks } = synthClusters({ backend: { type: 's3', bucket: 'acme-state' }, clusters: { dev: { clusterName: 'a' }, prod: { clusterName: 'b' } } });
    expect([stacks['dev-aws'], stacks['prod-aws']].map((s) => s.terraform!.backend.s3.key)).toEqual(['a-aws.tfstate', 'b-aws.tfstate']);
  });

  test('Terraform Cloud: a workspace per cluster, and per stack', () => {
    const { stacks } = synthClusters({
      backend: { type: 'cloud', organization: 'acme' },
      clusters: { dev: { clusterName: 'a', backend: { workspace: 'eks-dev' }, ...RBAC }, prod: { clusterName: 'b', backend: { workspace: 'eks-prod' } } },
    });
    expect(['dev-aws', 'dev-kubernetes', 'prod-aws'].map((s) => stacks[s].terraform!.cloud.workspaces.name)).toEqual(['eks-dev', 'eks-dev-kubernetes', 'eks-prod']);
  });

  test('one cluster name in two regions, with a path each', () => {
    const { stacks } = synthClusters({ clusters: { use1: { clusterName: 'eks', backend: { type: 'local', path: 'use1.tfstate' } }, euw1: { clusterName: 'eks', region: 'eu-west-1' } } });
    expect(Object.keys(stacks).sort()).toEqual(['euw1-aws', 'use1-aws']);
  });
});

describe('rules across clusters', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    [
      'one name in one region',
      { clusters: { dev: { clusterName: 'eks', backend: { type: 'local', path: 'a.tfstate' } }, prod: { clusterName: 'eks', backend: { type: 'local', path: 'b.tfstate' } } } },
      [`'clusters.prod.clusterName' ("eks") is also the name of 'clusters.dev' in us-east-1: EKS names a cluster once per account and region; give each cluster its own 'clusterName'`],
    ],
    [
      'one name in two regions, on the default state file',
      { clusters: { use1: { clusterName: 'eks' }, euw1: { clusterName: 'eks', region: 'eu-west-1' } } },
      [
        `'clusters.euw1.backend.path' is not set, and the default puts the aws stack's state at terraform.eks-aws.tfstate, where 'clusters.use1' keeps its aws stack's: every stack needs a state of its own, or one cluster's apply would destroy the other's resources; set one for this cluster`,
      ],
    ],
    [
      'a shared state file',
      { backend: { type: 'local', path: 'state/eks.tfstate' }, clusters: { dev: { clusterName: 'a' }, prod: { clusterName: 'b' } } },
      [
        `'clusters.prod.backend.path' ("state/eks.tfstate") puts the aws stack's state at state/eks.tfstate, where 'clusters.dev' keeps its aws stack's: every stack needs a state of its own, or one cluster's apply would destroy the other's resources; give each cluster its own path`,
      ],
    ],
    [
      'a shared S3 key',
      { backend: { type: 's3', bucket: 'acme', key: 'eks.tfstate' }, clusters: { dev: { clusterName: 'a' }, prod: { clusterName: 'b' } } },
      [expect.stringMatching(/^'clusters\.prod\.backend\.key' \("eks\.tfstate"\) puts the aws stack's state at s3:\/\/acme\/eks\.tfstate, where 'clusters\.dev' keeps its aws stack's/)],
    ],
    [
      "a workspace that is another cluster's Kubernetes stack's",
      { backend: { type: 'cloud', organization: 'acme' }, clusters: { dev: { clusterName: 'a', backend: { workspace: 'eks' }, ...RBAC }, prod: { clusterName: 'b', backend: { workspace: 'eks-kubernetes' } } } },
      [
        `'clusters.prod.backend.workspace' ("eks-kubernetes") puts the aws stack's state at app.terraform.io/acme/eks-kubernetes, where 'clusters.dev' keeps its kubernetes stack's: every stack needs a state of its own, or one cluster's apply would destroy the other's resources; give each cluster its own workspace (TF_WORKSPACE, when it fills this in, names one workspace for all clusters)`,
      ],
    ],
    [
      'one workspace from TF_WORKSPACE for all',
      { backend: { type: 'cloud', organization: 'acme' }, clusters: { dev: { clusterName: 'a' }, prod: { clusterName: 'b' } } },
      [expect.stringMatching(/^'clusters\.prod\.backend\.workspace' \("shared"\) puts the aws stack's state at app\.terraform\.io\/acme\/shared, .*\(TF_WORKSPACE, when it fills this in, names one workspace for all clusters\)$/)],
    ],
  ])('%s', (_case, file, lines) => {
    expect(validationLines(() => synthClusters(file, { TF_WORKSPACE: 'shared' }))).toEqual(lines);
  });

  test('problems found while building the stacks are reported under their cluster', () => {
    expect(validationLines(() => synthClusters({ clusters: { dev: { clusterName: 'a' }, prod: { clusterName: 'b', serviceAccountRoles: { app: { serviceAccounts: [{ namespace: 'a', name: 'b' }] } }, addons: { 'eks-pod-identity-agent': null } } } }))).toEqual([
      `'clusters.prod.workloadIdentity' ("pod-identity") needs the eks-pod-identity-agent add-on (for 'serviceAccountRoles.app'): add 'addons.eks-pod-identity-agent', or use "irsa"`,
    ]);
  });
});
