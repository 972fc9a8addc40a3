// npm run bench: synthesis of the default preset against a one-resource CDKTF app (the floor),
// measured in one run on this machine, plus the wall time of the full test command.
//
//   npm run bench [-- --rounds N] [-- --skip-cli] [-- --skip-tests]
//
// Runs alternate between the two apps so that load from other processes hits both alike; the
// figures are medians. Target: default / floor <= 1.5 for wall time and peak memory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 10;
const TARGET = 1.5;

interface Sample {
  ms: number;
  rssMiB: number;
}

/** Runs `argv` once; wall time from the parent, peak RSS reported by the child itself. */
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
  const rssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(out, { recursive: true, force: true });
  return { ms, rssMiB };
}

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(EKS_|AWS_|TF_|CDKTF_)/.test(k)));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function compare(title: string, floorArgv: string[], appArgv: string[], n: number): boolean {
  const floor: Sample[] = [];
  const app: Sample[] = [];
  measure(floorArgv); // warm the file cache once, unmeasured
  measure(appArgv);
  for (let i = 0; i < n; i++) {
    floor.push(measure(floorArgv));
    app.push(measure(appArgv));
  }
  const f = { ms: median(floor.map((s) => s.ms)), rss: median(floor.map((s) => s.rssMiB)) };
  const a = { ms: median(app.map((s) => s.ms)), rss: median(app.map((s) => s.rssMiB)) };
  const wallRatio = a.ms / f.ms;
  const rssRatio = a.rss / f.rss;
  console.log(`\n${title} (median of ${n} alternating runs each)`);
  console.log(`  floor (one-resource app)   ${f.ms.toFixed(0).padStart(6)} ms   ${f.rss.toFixed(1).padStart(6)} MiB peak RSS`);
  console.log(`  default preset             ${a.ms.toFixed(0).padStart(6)} ms   ${a.rss.toFixed(1).padStart(6)} MiB peak RSS`);
  console.log(`  ratio default / floor      ${wallRatio.toFixed(2).padStart(6)} x    ${rssRatio.toFixed(2).padStart(6)} x      (target <= ${TARGET})`);
  return wallRatio <= TARGET && rssRatio <= TARGET;
}

console.log(`eks-cdktf benchmark: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
const node = process.execPath;
const preload = ['-r', join(DIST, 'bench', 'max-rss.js')];
let ok = compare('App synthesis: node dist/main.js vs node dist/bench/trivial-app.js', [node, ...preload, join(DIST, 'bench', 'trivial-app.js')], [node, ...preload, join(DIST, 'main.js')], rounds);

if (!args.includes('--skip-cli')) {
  // Through the cdktf CLI (what `cdktf synth` costs a user); the CLI's own start-up dominates.
  const cdktf = join(ROOT, 'node_modules', '.bin', 'cdktf');
  const viaCli = (app: string) => [cdktf, 'synth', '--app', `node ${preload.join(' ')} ${app}`];
  ok = compare('cdktf synth --app ... (CLI included; peak RSS is the app process)', viaCli(join(DIST, 'bench', 'trivial-app.js')), viaCli(join(DIST, 'main.js')), 3) && ok;
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
