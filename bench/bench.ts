// npm run bench: synthesis of the default preset against a one-resource CDKTF app (the floor),
// measured in one run on this machine, plus the wall time of the full test command.
//
//   npm run bench [-- --rounds N] [-- --skip-cli] [-- --skip-tests]
//
// Runs alternate between the apps so that load from other processes hits them alike; the figures
// are medians. Target: default / floor <= 1.5 for wall time and peak memory. A third app, the
// replay (bench/replay-app.ts), rebuilds the default's synthesized resources straight from the
// provider classes, without this project's code: it splits the default's cost into the
// framework's share (CDKTF and the provider bindings, for that infrastructure) and ours. A fourth
// run preloads the Kubernetes stack's modules (node -r), which the default does not use: what the
// project's one lazy load (src/stacks/stacks.ts) saves, to be kept only while that is >= 10 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 10;
const TARGET = 1.5;
/** The least a lazy load must save to be kept (docs/toolchain.md). */
const LAZY_LOAD_MIN_MS = 10;

interface Sample {
  ms: number;
  rssMiB: number;
  /** CPU time of the measured process (user + system): what load from other processes distorts least. */
  cpuMs: number;
}

/** Runs `argv` once; wall time from the parent, peak RSS and CPU time reported by the child itself. */
function measure(argv: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const out = mkdtempSync(join(tmpdir(), 'eks-bench-'));
  const rssFile = join(out, 'rss');
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...cleanEnv(), CDKTF_OUTDIR: join(out, 'cdktf.out'), BENCH_RSS_FILE: rssFile, ...env },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  const [rssKiB, cpuMicros] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
  rmSync(out, { recursive: true, force: true });
  return { ms, rssMiB: rssKiB / 1024, cpuMs: cpuMicros / 1000 };
}

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(EKS_|AWS_|TF_|CDKTF_)/.test(k)));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Contender {
  label: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
}

/** Alternates runs of the floor and the contenders; prints medians and ratios to the floor. */
function compare(title: string, floor: Contender, contenders: Contender[], n: number): Map<string, { ms: number; rss: number; cpu: number }> {
  const all = [floor, ...contenders];
  const samples = new Map<string, Sample[]>(all.map((c) => [c.label, []]));
  for (const c of all) measure(c.argv, c.env); // warm the file cache once, unmeasured
  for (let i = 0; i < n; i++) for (const c of all) samples.get(c.label)!.push(measure(c.argv, c.env));
  const medians = new Map([...samples].map(([label, xs]) => [label, { ms: median(xs.map((s) => s.ms)), rss: median(xs.map((s) => s.rssMiB)), cpu: median(xs.map((s) => s.cpuMs)) }]));
  const f = medians.get(floor.label)!;
  const width = Math.max(...all.map((c) => c.label.length));
  console.log(`\n${title} (median of ${n} alternating runs each; ratio to the floor)`);
  for (const c of all) {
    const m = medians.get(c.label)!;
    const ratios = c === floor ? '' : `   ${(m.ms / f.ms).toFixed(2)} x   ${(m.rss / f.rss).toFixed(2)} x`;
    console.log(`  ${c.label.padEnd(width)}  ${m.ms.toFixed(0).padStart(6)} ms  ${m.rss.toFixed(1).padStart(6)} MiB  ${m.cpu.toFixed(0).padStart(6)} ms CPU${ratios}`);
  }
  return medians;
}

const within = (m: { ms: number; rss: number }, f: { ms: number; rss: number }) => m.ms / f.ms <= TARGET && m.rss / f.rss <= TARGET;

/**
 * Synthesizes the default preset once and checks that the replay app rebuilds the same resources,
 * data sources, outputs, locals and checks from it: the replay line means nothing otherwise.
 */
function replayInput(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eks-bench-replay-'));
  const run = (script: string, out: string, env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [join(DIST, script)], { cwd: ROOT, encoding: 'utf8', env: { ...cleanEnv(), CDKTF_OUTDIR: out, ...env } });
    if (r.status !== 0) throw new Error(`${script} failed:\n${r.stderr}${r.stdout}`);
  };
  run('main.js', join(dir, 'app'));
  const input = join(dir, 'default.tf.json');
  renameSync(join(dir, 'app', 'stacks', 'aws', 'cdk.tf.json'), input);
  run(join('bench', 'replay-app.js'), join(dir, 'replay'), { BENCH_REPLAY_JSON: input });
  const strip = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(strip) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== '//').map(([k, v]) => [k, strip(v)])) : x;
  const original = JSON.parse(readFileSync(input, 'utf8')) as Record<string, unknown>;
  const replayed = JSON.parse(readFileSync(join(dir, 'replay', 'stacks', 'replay', 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
  for (const key of ['provider', 'resource', 'data', 'output', 'locals', 'check']) {
    if (JSON.stringify(strip(original[key])) !== JSON.stringify(strip(replayed[key]))) throw new Error(`the replay app's "${key}" differs from the default preset's`);
  }
  return input;
}

console.log(`eks-cdktf benchmark: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
const node = process.execPath;
const preload = ['-r', join(DIST, 'bench', 'max-rss.js')];
const floor: Contender = { label: 'floor: one-resource app', argv: [node, ...preload, join(DIST, 'bench', 'trivial-app.js')] };
const replayJson = replayInput();
const resources = (() => {
  const tf = JSON.parse(readFileSync(replayJson, 'utf8')) as Record<string, Record<string, object> | undefined>;
  return [tf.resource, tf.data].reduce((n, kind) => n + Object.values(kind ?? {}).reduce((m, byName) => m + Object.keys(byName).length, 0), 0);
})();
const replay: Contender = { label: `framework: the same ${resources} resources, no project code`, argv: [node, ...preload, join(DIST, 'bench', 'replay-app.js')], env: { BENCH_REPLAY_JSON: replayJson } };
const app: Contender = { label: 'default preset (node dist/main.js)', argv: [node, ...preload, join(DIST, 'main.js')] };
const eager: Contender = { label: 'default preset, Kubernetes stack preloaded', argv: [node, ...preload, '-r', join(DIST, 'src', 'stacks', 'kubernetes-stack.js'), join(DIST, 'main.js')] };
const direct = compare('App synthesis', floor, [replay, app, eager], rounds);
const [f, r, a, e] = [direct.get(floor.label)!, direct.get(replay.label)!, direct.get(app.label)!, direct.get(eager.label)!];
console.log(`  the project's own share: ${(a.ms - r.ms).toFixed(0)} ms (${((a.ms - r.ms) / f.ms).toFixed(2)} x the floor); CDKTF and the provider bindings: ${(r.ms - f.ms).toFixed(0)} ms (${((r.ms - f.ms) / f.ms).toFixed(2)} x)`);
console.log(`  target: default <= ${TARGET} x the floor, wall time and peak memory`);
// Judged on CPU time, which other processes on a shared machine distort far less than wall time.
const lazyGain = e.cpu - a.cpu;
console.log(
  `  the lazy load of the Kubernetes stack (src/stacks/stacks.ts) saves the default ${lazyGain.toFixed(0)} ms of CPU (${(e.ms - a.ms).toFixed(0)} ms wall) and ${(e.rss - a.rss).toFixed(1)} MiB (kept while >= ${LAZY_LOAD_MIN_MS} ms of CPU)`,
);
let ok = within(a, f) && lazyGain >= LAZY_LOAD_MIN_MS;
rmSync(dirname(replayJson), { recursive: true, force: true });

if (!args.includes('--skip-cli')) {
  // Through the cdktf CLI (what `cdktf synth` costs a user); the CLI's own start-up dominates.
  const cdktf = join(ROOT, 'node_modules', '.bin', 'cdktf');
  const viaCli = (label: string, script: string): Contender => ({ label, argv: [cdktf, 'synth', '--app', `node ${preload.join(' ')} ${script}`] });
  const cliFloor = viaCli('floor: one-resource app', join(DIST, 'bench', 'trivial-app.js'));
  const cliApp = viaCli('default preset', join(DIST, 'main.js'));
  const cli = compare('cdktf synth --app ... (CLI included; peak RSS is the app process)', cliFloor, [cliApp], 3);
  ok = within(cli.get(cliApp.label)!, cli.get(cliFloor.label)!) && ok;
}

if (!args.includes('--skip-tests')) {
  const start = process.hrtime.bigint();
  const r = spawnSync('npm', ['test', '--silent'], { cwd: ROOT, encoding: 'utf8', env: process.env });
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  const summary = (r.stderr + r.stdout).split('\n').filter((l) => /^(Tests|Test Suites):/.test(l));
  console.log(`\nFull test command (npm test): ${s.toFixed(1)} s wall, exit ${r.status} (target < 90 s)`);
  for (const line of summary) console.log(`  ${line}`);
  ok = ok && r.status === 0 && s < 90;
}

console.log(ok ? '\nAll targets met.' : '\nSome target missed (see above).');
