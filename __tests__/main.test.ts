// The compiled entry point, run the way `cdktf synth` runs it (npm test builds it first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { terraformEnv, terraformTests } from './helpers/terraform';

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'main.js');

function run(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const outdir = mkdtempSync(join(tmpdir(), 'eks-main-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(EKS_|AWS_|TF_|CDKTF_)/.test(k)));
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd, env: { ...clean, CDKTF_OUTDIR: outdir, ...env }, encoding: 'utf8' });
  return { ...result, outdir };
}

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" (npm test does)`);
});

/** Where the default run records the modules it loaded (a `-r` hook), for the opt-in test below. */
const loadedList = join(mkdtempSync(join(tmpdir(), 'eks-main-modules-')), 'loaded.txt');

describe('synthesis', () => {
  // The default run, once: its files, and the modules it loaded.
  const hook = join(mkdtempSync(join(tmpdir(), 'eks-main-hook-')), 'loaded.js');
  writeFileSync(hook, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(loadedList)}, Object.keys(require.cache).join('\\n')));`);
  const first = run([], { NODE_OPTIONS: `--require ${hook}` });

  test('the default preset synthesizes the "aws" stack and exits 0', () => {
    // Only the warnings, printed as cdktf synth prints them.
    expect(first.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('WARN ['))).toEqual([]);
    expect(first.status).toBe(0);
    const files = filesUnder(first.outdir);
    expect(Object.keys(files).sort()).toEqual(['architecture.md', 'manifest.json', join('stacks', 'aws', 'cdk.tf.json')]);
    expect(JSON.parse(files[join('stacks', 'aws', 'cdk.tf.json')]).resource.aws_eks_cluster.control_plane_cluster.name).toBe('eks-default');
  });

  test('two runs give byte-identical files', () => {
    expect(filesUnder(run([]).outdir)).toEqual(filesUnder(first.outdir));
  });

  test('no file holds the absolute path of the checkout', () => {
    for (const [name, text] of Object.entries(filesUnder(first.outdir))) {
      expect({ name, hasPath: text.includes(ROOT) }).toEqual({ name, hasPath: false });
    }
  });

  test('EKS_PRESET from cdktf.json context, as the cdktf CLI passes it', () => {
    const r = run([], { CDKTF_CONTEXT_JSON: JSON.stringify({ EKS_PRESET: 'chapter03' }) });
    expect(r.status).toBe(0);
    const stack = JSON.parse(readFileSync(join(r.outdir, 'stacks', 'aws', 'cdk.tf.json'), 'utf8'));
    expect(stack.resource.aws_eks_cluster.control_plane_cluster.name).toBe('public-endpoint-cluster');
  });

  test('EKS_PRESET selects a preset; warnings land in the manifest for cdktf to print', () => {
    const r = run([], { EKS_PRESET: 'chapter03' });
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(r.outdir, 'manifest.json'), 'utf8'));
    const warnings = manifest.stacks.aws.annotations.filter((a: { level: string }) => a.level === '@cdktf/warn');
    expect(warnings).toEqual([expect.objectContaining({ level: '@cdktf/warn', message: expect.stringContaining('0.0.0.0/0') })]);
    // The book's public endpoint is accepted by the preset: the rule pack reports it as info.
    expect(manifest.stacks.aws.annotations.filter((a: { level: string }) => a.level === '@cdktf/info').map((a: { message: string }) => a.message.split(' (')[0])).toEqual(['Security rule EKS-PUBLIC-ENDPOINT', 'Security rule EKS-ENDPOINT-OPEN-TO-WORLD']);
  });
});

describe('imports', () => {
  test('the default synthesis loads none of the Kubernetes stack: the one lazy load (stacks.ts, npm run bench)', () => {
    const loaded = readFileSync(loadedList, 'utf8').split('\n').map((f) => relative(ROOT, f));
    expect(loaded).toContain(join('dist', 'src', 'stacks', 'stacks.js'));
    // Loaded statically, like every other module: the AWS side of opt-in features.
    expect(loaded).toContain(join('dist', 'src', 'bastion', 'bastion.js'));
    for (const kubernetesSide of ['kubernetes-stack.js', 'kubernetes-controllers.js', 'kubernetes-workloads.js', 'kubernetes-application.js', 'provider-kubernetes', 'provider-helm']) {
      expect(loaded.filter((f) => f.includes(kubernetesSide))).toEqual([]);
    }
  });

  /** Every TypeScript file of src/ and main.ts, relative to the project. */
  const sources = (): string[] => {
    const out = ['main.ts'];
    const walk = (d: string) => {
      for (const name of readdirSync(join(ROOT, d))) {
        const p = join(d, name);
        if (statSync(join(ROOT, p)).isDirectory()) walk(p);
        else if (name.endsWith('.ts')) out.push(p);
      }
    };
    walk('src');
    return out;
  };

  test('src/ and main.ts import statically: one require(), the lazy load of the Kubernetes stack, and no import x = require()', () => {
    const calls = sources().flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .filter((line) => /\brequire\(|import \w+ = require/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(calls).toEqual([`${join('src', 'stacks', 'stacks.ts')}: const { KubernetesStack } = require('./kubernetes-stack') as typeof import('./kubernetes-stack');`]);
  });
});

describe('two stacks', () => {
  test('a kubernetes section adds the "kubernetes" stack, after "aws"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-main-k8s-'));
    const file = join(dir, 'k8s.json');
    writeFileSync(file, JSON.stringify({ controlPlane: { accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }, kubernetes: { awsAuth: { mapUsers: [{ userarn: 'arn:aws:iam::123456789012:user/alice', username: 'alice', groups: ['view'] }] } } }));
    const r = run([], { EKS_CONFIG: file });
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('WARN ['))).toEqual([]);
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(r.outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['aws', 'kubernetes']);
    expect(manifest.stacks.kubernetes.dependencies).toEqual(['aws']);
  });

  test('a controller without what it needs: exit 1, the field, the value and what is allowed, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-main-controllers-'));
    const file = join(dir, 'controllers.yaml');
    writeFileSync(file, 'controllers: {istio: {sampleApp: true}, vpcLattice: {}}\n');
    const r = run([], { EKS_CONFIG: file });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`'controllers.istio.sampleApp' (true) needs 'controllers.istio.ingressGateway' true`);
    expect(r.stderr).toContain(`'controllers.vpcLattice.prefixListIds' is required`);
    expect(existsSync(join(r.outdir, 'stacks'))).toBe(false);
    expect(existsSync(join(r.outdir, 'manifest.json'))).toBe(false);
  });

  test.each([
    ['an empty secret list', '{names: []}', `'application.secrets.names' ([]) must list at least one secret name`],
    ['an Ingress without ingress-nginx', '{names: [shop/db]}', `'application.ingress' needs an ingress controller: add 'controllers.awsLoadBalancerController' (an ALB) or 'controllers.ingressNginx'`],
  ])('an application with %s: exit 1, the rule, nothing written', (_case, secrets, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-main-application-'));
    const file = join(dir, 'application.yaml');
    writeFileSync(
      file,
      [
        'registry: {repositories: [web, api]}',
        'controllers: {secretsStoreCsiDriver: {}}',
        'application:',
        '  frontend: {image: {repository: web, tag: "1.0.0"}}',
        '  backend: {image: {repository: api, tag: "1.0.0"}}',
        `  secrets: ${secrets}`,
        '',
      ].join('\n'),
    );
    const r = run([], { EKS_CONFIG: file });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(existsSync(join(r.outdir, 'stacks'))).toBe(false);
    expect(existsSync(join(r.outdir, 'manifest.json'))).toBe(false);
  });

  test('TF_WORKSPACE with two stacks in Terraform Cloud: a warning names the stack whose workspace it contradicts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-main-cloud-'));
    const file = join(dir, 'cloud.yaml');
    writeFileSync(file, 'backend: {type: cloud, organization: acme}\ncontrollers: {secretsStoreCsiDriver: {}}\n');
    const r = run([], { EKS_CONFIG: file, TF_WORKSPACE: 'eks-prod' });
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(r.outdir, 'manifest.json'), 'utf8'));
    const messages = (stack: string) => manifest.stacks[stack].annotations.map((a: { message: string }) => a.message);
    expect(messages('aws').join('\n')).not.toContain('TF_WORKSPACE');
    expect(messages('kubernetes')).toContain(
      `TF_WORKSPACE ("eks-prod") is set, and the kubernetes stack's Terraform Cloud workspace is "eks-prod-kubernetes": Terraform refuses to initialise a stack whose workspace differs from TF_WORKSPACE. Name the workspace in 'backend.workspace' (the kubernetes stack's gets "-kubernetes") and unset TF_WORKSPACE before cdktf deploy`,
    );
  });
});

describe('many clusters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eks-main-clusters-'));

  test('a file with clusters writes the stacks of each, named after its key', () => {
    const file = join(dir, 'clusters.yaml');
    writeFileSync(file, ['clusters:', '  dev: {clusterName: team-dev}', '  prod: {clusterName: team-prod, region: eu-west-1}', ''].join('\n'));
    const r = run([], { EKS_CONFIG: file });
    expect(r.status).toBe(0);
    // The warnings of each cluster, under its stack's path.
    expect(r.stderr.split('\n').filter(Boolean).map((l) => /^WARN \[([^\]]+)\]/.exec(l)?.[1])).toEqual(['dev-aws/Default/control-plane', 'prod-aws/Default/control-plane']);
    const manifest = JSON.parse(readFileSync(join(r.outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['dev-aws', 'prod-aws']);
    const prod = JSON.parse(readFileSync(join(r.outdir, 'stacks', 'prod-aws', 'cdk.tf.json'), 'utf8'));
    expect(prod.terraform.backend.local.path).toBe('../../../terraform.team-prod-aws.tfstate');
  });

  test('two clusters on one state: exit 1, the field, the value and why, nothing written', () => {
    const file = join(dir, 'shared.json');
    writeFileSync(file, JSON.stringify({ backend: { type: 'local', path: 'eks.tfstate' }, clusters: { dev: { clusterName: 'a' }, prod: { clusterName: 'b' } } }));
    const r = run([], { EKS_CONFIG: file });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`'clusters.prod.backend.path' ("eks.tfstate") puts the aws stack's state at eks.tfstate, where 'clusters.dev' keeps its aws stack's`);
    expect(existsSync(join(r.outdir, 'stacks'))).toBe(false);
    expect(existsSync(join(r.outdir, 'manifest.json'))).toBe(false);
  });
});

describe('bad input writes nothing and exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eks-main-config-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'clusterName: "bad name"\nnetwork:\n  vpcCidr: 10.0.0.0/8\nnodeGroups:\n  default:\n    instanceTypes: []\n');
  const sizes = join(dir, 'sizes.json');
  writeFileSync(sizes, JSON.stringify({ nodeGroups: { default: { minSize: 3, desiredSize: 1 } } }));
  const sshBastion = join(dir, 'ssh-bastion.yaml');
  writeFileSync(sshBastion, 'bastion:\n  access: ssh\n  subnet: private\n  cidrBlocks: [0.0.0.0/0]\n');
  const rbac = join(dir, 'rbac.json');
  writeFileSync(rbac, JSON.stringify({ kubernetes: { rbac: { clusterRoles: { 'readonly-role': { rules: [{ apiGroups: ['apps'], resources: ['deployment'], verbs: ['get'] }] } } } } }));
  const workloads = join(dir, 'workloads.yaml');
  writeFileSync(workloads, 'kubernetes:\n  workloads:\n    pods:\n      web:\n        containers:\n          web: {image: {ecrRepository: docker-images, tag: v1}}\n');
  const accessPolicy = join(dir, 'access-policy.yaml');
  writeFileSync(
    accessPolicy,
    'controlPlane:\n  accessConfig: {authenticationMode: API}\naccessEntries:\n  alice:\n    principalArn: arn:aws:iam::111122223333:user/alice\n    policies: [{policy: AmazonEKSReadOnlyPolicy, scope: cluster}]\n',
  );

  test.each([
    ['an unknown preset', { EKS_PRESET: 'nope' }, [`'EKS_PRESET' ("nope") is not a preset`]],
    ['a file with several problems', { EKS_CONFIG: bad }, [`'clusterName' ("bad name")`, `'network.vpcCidr' ("10.0.0.0/8")`, `'nodeGroups.default.instanceTypes' ([])`]],
    ['sizes a module refuses', { EKS_CONFIG: sizes }, [`'nodeGroups.default.minSize' (3) must be <= 'desiredSize' (1)`]],
    ['an SSH bastion in a private subnet', { EKS_CONFIG: sshBastion }, [`'bastion.subnet' ("private") must be "public" for access "ssh"`]],
    ['a singular resource in a role of the Kubernetes stack (built after the AWS stack)', { EKS_CONFIG: rbac }, [`'kubernetes.rbac.clusterRoles.readonly-role.rules.0.resources.0' ("deployment") must be the plural resource name "deployments"`]],
    ['an ECR image without a registry (found while the Kubernetes stack is built)', { EKS_CONFIG: workloads }, [`'kubernetes.workloads.pods.web.containers.web.image.ecrRepository' ("docker-images") names an ECR repository, but the 'registry' section is not configured`]],
    ['an access policy that does not exist', { EKS_CONFIG: accessPolicy }, [`'accessEntries.alice.policies.0.policy' ("AmazonEKSReadOnlyPolicy") is not an EKS access policy; known ones: AmazonEKSClusterAdminPolicy`]],
  ])('%s', (_case, env, messages) => {
    const r = run([], env);
    expect(r.status).toBe(1);
    for (const m of messages) expect(r.stderr).toContain(m);
    expect(existsSync(join(r.outdir, 'stacks'))).toBe(false);
    expect(existsSync(join(r.outdir, 'manifest.json'))).toBe(false);
  });
});

describe('command line', () => {
  test('--presets lists every preset with its description', () => {
    const r = run(['--presets']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^default\s+Recommended: private-only API endpoint/m);
    expect(r.stdout).toMatch(/^chapter03\s+Book chapter 3: public endpoint cluster/m);
  });

  test('--help explains the configuration variables', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const word of ['EKS_PRESET', 'EKS_CONFIG', 'AWS_REGION', 'TF_CLOUD_ORGANIZATION', '--presets']) expect(r.stdout).toContain(word);
  });

  test('an unknown argument exits 2 with the usage', () => {
    const r = run(['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unknown argument "--bogus"');
  });
});

describe('cdktf CLI', () => {
  const { describeTf, label } = terraformTests(true);
  let outdir: string;
  let synth: ReturnType<typeof spawnSync>;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'eks-cli-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(EKS_|AWS_|CDKTF_)/.test(k)));
    // The default preset: a precondition, a check block and depends_on, which CDKTF's own HCL got wrong.
    synth = spawnSync(join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--hcl', '--output', outdir], { cwd: ROOT, env: { ...env, CI: '1', CHECKPOINT_DISABLE: '1' }, encoding: 'utf8' });
  }, 120_000);

  test('`cdktf synth --hcl` builds the app from cdktf.json and writes HCL (and its metadata) only', async () => {
    expect(synth.status).toBe(0);
    expect(synth.stdout).toContain('WARN [aws/Default/control-plane]');
    const folder = join(outdir, 'stacks', 'aws');
    expect(readdirSync(folder).filter((f) => f.startsWith('cdk.') || f === 'metadata.json').sort()).toEqual(['cdk.tf', 'metadata.json']);
    const hcl = await parse('cdk.tf', readFileSync(join(folder, 'cdk.tf'), 'utf8'));
    const cluster = hcl.resource.aws_eks_cluster.control_plane_cluster[0];
    expect(cluster.name).toBe('eks-default');
    expect(cluster.lifecycle[0].precondition).toHaveLength(1);
    expect(Object.keys(hcl.check)).toEqual(['control_plane_prior_access_config_bootstrap']);
  });

  describeTf(`the HCL as the CLI wrote and formatted it (${label})`, () => {
    test('terraform validate finds no error and no warning in it, backend and provider included', () => {
      const folder = join(outdir, 'stacks', 'aws');
      const env = terraformEnv();
      const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: folder, env, encoding: 'utf8' });
      expect(init.status).toBe(0);
      const validate = spawnSync('terraform', ['validate', '-json'], { cwd: folder, env, encoding: 'utf8' });
      const result = JSON.parse(validate.stdout);
      expect(result.diagnostics).toEqual([]);
      expect(result).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    }, 120_000);
  });
});

describe('node dist/main.js on its own does what cdktf synth does', () => {
  test("it reads cdktf.json's context (EKS_PRESET there), as the cdktf CLI hands it to the app", () => {
    const project = mkdtempSync(join(tmpdir(), 'eks-main-project-'));
    writeFileSync(join(project, 'cdktf.json'), JSON.stringify({ app: 'node dist/main.js', context: { EKS_PRESET: 'chapter03' } }));
    const r = run([], {}, project);
    expect(r.status).toBe(0);
    const json = JSON.parse(readFileSync(join(r.outdir, 'stacks', 'aws', 'cdk.tf.json'), 'utf8'));
    expect(json.resource.aws_eks_cluster.control_plane_cluster.name).toBe('public-endpoint-cluster');
  });

  test('a cdktf.json that is not JSON is refused with its path, and nothing is written', () => {
    const project = mkdtempSync(join(tmpdir(), 'eks-main-project-'));
    writeFileSync(join(project, 'cdktf.json'), '{"context": {');
    const r = run([], { CDKTF_OUTDIR: join(project, 'out') }, project);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`'cdktf.json' (${JSON.stringify(join(project, 'cdktf.json'))}) is not valid JSON`);
    expect(existsSync(join(project, 'out'))).toBe(false);
  });

  test('it prints the warnings as cdktf synth does, and leaves them to the CLI when the CLI runs it', () => {
    const alone = run([]);
    expect(alone.status).toBe(0);
    expect(alone.stderr).toMatch(/^WARN \[aws\/Default\/control-plane\]: The Kubernetes API endpoint of eks-default is private/m);
    const underCli = run([], { CDKTF_CONTEXT_JSON: '{}' });
    expect(underCli.status).toBe(0);
    expect(underCli.stderr).not.toContain('WARN [');
  });
});
