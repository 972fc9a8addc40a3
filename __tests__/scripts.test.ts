// Every entry point a user runs (dist/main.js, and dist/scripts/*.js built from scripts/*.ts) fed
// the bad input of the test suite (__fixtures__/bad-inputs.ts): each prints the problem and
// exits 1, without a stack trace and without writing a stack; an error of the project itself
// prints one line that says so. bench/ is left out: it takes no configuration, only times.
// npm test builds dist/ first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BAD_INPUTS, badInputEnv, expectedLine } from './__fixtures__/bad-inputs';

const ROOT = resolve(__dirname, '..');
const ALL_SCRIPTS = [
  { name: 'main.js', path: join(ROOT, 'dist', 'main.js'), args: (_preset: string) => [] as string[], readsConfiguration: true },
  ...readdirSync(join(ROOT, 'scripts'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({
      name: `scripts/${f}`,
      path: join(ROOT, 'dist', 'scripts', f.replace(/\.ts$/, '.js')),
      args: (preset: string) => [preset],
      // Whether it builds stacks from a configuration (and so takes the configuration's bad input).
      readsConfiguration: readFileSync(join(ROOT, 'scripts', f), 'utf8').includes('loadConfig('),
    })),
];
/** The entry points that read a configuration (EKS_PRESET, EKS_CONFIG, ...). */
const SCRIPTS = ALL_SCRIPTS.filter((s) => s.readsConfiguration);

function run(script: (typeof ALL_SCRIPTS)[number], env: Record<string, string>, args?: string[]) {
  const outdir = join(mkdtempSync(join(tmpdir(), 'eks-script-')), 'cdktf.out');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(EKS_|AWS_|TF_|CDKTF_|NODE_OPTIONS)/.test(k)));
  const r = spawnSync(process.execPath, [script.path, ...(args ?? script.args(env.EKS_PRESET ?? 'default'))], { cwd: ROOT, env: { ...clean, CDKTF_OUTDIR: outdir, ...env }, encoding: 'utf8' });
  return { ...r, outdir };
}

/** Lines of a JavaScript stack trace ("    at f (file.js:1:2)"). */
const STACK_LINE = /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m;

beforeAll(() => {
  for (const s of ALL_SCRIPTS) if (!existsSync(s.path)) throw new Error(`${s.path} is missing: run "npm run build" (npm test does)`);
});

test('the scripts fed below: main.js and every scripts/*.ts, by the input they take', () => {
  expect(ALL_SCRIPTS.map((s) => [s.name, s.readsConfiguration])).toEqual([
    ['main.js', true],
    ['scripts/addresses.ts', true],
    ['scripts/diagram.ts', false],
    ['scripts/record-kubernetes-facts.ts', false],
  ]);
});

describe.each(SCRIPTS.map((s) => [s.name, s] as const))('%s', (_name, script) => {
  test.each(BAD_INPUTS.map((input, i) => [input.name, input, i] as const))('refuses %s: status 1, the problem, no stack trace, nothing written', (_n, input, i) => {
    const { env, file } = badInputEnv(input, 1000 + i);
    const r = run(script, env);
    expect({ status: r.status, stackTrace: STACK_LINE.test(r.stderr), written: existsSync(r.outdir) }).toEqual({ status: 1, stackTrace: false, written: false });
    expect(r.stderr.split('\n')).toContain(`  - ${expectedLine(input, file)}`);
    expect(r.stdout).toBe('');
  });

  test('an error of the project itself: one line saying it is a bug in this project, status 70', () => {
    const hook = join(mkdtempSync(join(tmpdir(), 'eks-bug-')), 'bug.js');
    // A defect stood in for: the loader throws a TypeError, as a bug would.
    const bug = `() => { throw new TypeError("Cannot read properties of undefined (reading 'nodeGroups')"); }`;
    writeFileSync(hook, `const load = require(${JSON.stringify(join(ROOT, 'dist', 'src', 'config', 'load.js'))}); load.loadConfig = ${bug}; load.loadClusters = ${bug};`);
    const r = run(script, { NODE_OPTIONS: `--require ${hook}` });
    expect({ status: r.status, stackTrace: STACK_LINE.test(r.stderr) }).toEqual({ status: 70, stackTrace: false });
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `Internal error, a bug in this project (eks-cdktf), not in your configuration; please report it with this line: TypeError: Cannot read properties of undefined (reading 'nodeGroups')`,
    ]);
  });
});

// npm run diagram reads a synthesis (<outdir>/architecture.md), not a configuration: its bad input
// is a synthesis that is missing or holds no flowchart.
describe('scripts/diagram.ts', () => {
  const diagram = ALL_SCRIPTS.find((s) => s.name === 'scripts/diagram.ts')!;
  const empty = mkdtempSync(join(tmpdir(), 'eks-diagram-input-'));
  const noChart = join(mkdtempSync(join(tmpdir(), 'eks-diagram-input-')), 'out');
  mkdirSync(noChart);
  writeFileSync(join(noChart, 'architecture.md'), '# Architecture\n\nnothing here\n');

  test.each([
    ['an output folder without architecture.md', empty, `npm run diagram: ${join(empty, 'architecture.md')} does not exist: run npx cdktf synth first (every synthesis writes it)`],
    ['an architecture.md without a flowchart', noChart, `npm run diagram: ${join(noChart, 'architecture.md')} holds no cluster flowchart`],
  ])('refuses %s: status 1, one line, no stack trace', (_case, outdir, line) => {
    const r = run(diagram, {}, [outdir]);
    expect({ status: r.status, stackTrace: STACK_LINE.test(r.stderr), stderr: r.stderr.trimEnd().split('\n') }).toEqual({ status: 1, stackTrace: false, stderr: [line] });
  });

  test('an error of the project itself: one line saying it is a bug in this project, status 70', () => {
    const hook = join(mkdtempSync(join(tmpdir(), 'eks-bug-')), 'bug.js');
    // A defect stood in for: reading the synthesis throws a TypeError, as a bug would.
    writeFileSync(hook, `const fs = require('node:fs'); const read = fs.readFileSync; fs.readFileSync = (p, ...a) => { if (String(p).endsWith('architecture.md')) throw new TypeError("Cannot read properties of undefined (reading 'match')"); return read(p, ...a); };`);
    const r = run(diagram, { NODE_OPTIONS: `--require ${hook}` }, [noChart]);
    expect({ status: r.status, stderr: r.stderr.trimEnd().split('\n') }).toEqual({
      status: 70,
      stderr: [`Internal error, a bug in this project (eks-cdktf), not in your configuration; please report it with this line: TypeError: Cannot read properties of undefined (reading 'match')`],
    });
  });
});

// record-kubernetes-facts reads a git directory (a maintainer's tool): its bad input is a command it
// does not know or a git directory that is not there.
describe('scripts/record-kubernetes-facts.ts', () => {
  const recorder = ALL_SCRIPTS.find((s) => s.name === 'scripts/record-kubernetes-facts.ts')!;
  const missing = join(mkdtempSync(join(tmpdir(), 'eks-facts-')), 'no-such.git');

  test('refuses an unknown command: the usage, status 2, no stack trace', () => {
    const r = run(recorder, {}, ['nonsense']);
    expect({ status: r.status, stackTrace: STACK_LINE.test(r.stderr), usage: r.stderr.startsWith('usage: record-kubernetes-facts.js') }).toEqual({ status: 2, stackTrace: false, usage: true });
  });

  test('refuses a git directory that is not there: one line, status 1, no stack trace', () => {
    const r = run(recorder, {}, ['files', missing, 'owner/repo', 'v1', 'a.yaml']);
    expect({ status: r.status, stackTrace: STACK_LINE.test(r.stderr), lines: r.stderr.trimEnd().split('\n').length }).toEqual({ status: 1, stackTrace: false, lines: 1 });
    expect(r.stderr).toMatch(/^record-kubernetes-facts: git failed: /);
  });
});
