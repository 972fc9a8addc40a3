// npm run diagram [-- <outdir>]: renders the Mermaid flowcharts of <outdir>/architecture.md (written
// by every synthesis; default cdktf.out) to one SVG per cluster, with @mermaid-js/mermaid-cli
// driving the machine's Chromium (Debian: apt-get install chromium). mermaid-cli and puppeteer
// (about 500 MB) live in tools/diagram with a lock file of their own, installed on first use, so
// `npm ci` of the project does not carry them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { failureReport } from '../src/errors';

const ROOT = resolve(__dirname, '..', '..');
const TOOL = join(ROOT, 'tools', 'diagram');
const MMDC = join(TOOL, 'node_modules', '.bin', 'mmdc');

class UsageError extends Error {}

/** Chromium from PUPPETEER_EXECUTABLE_PATH, else the first of the usual names on PATH. */
function chromium(env: NodeJS.ProcessEnv): string {
  if (env.PUPPETEER_EXECUTABLE_PATH) return env.PUPPETEER_EXECUTABLE_PATH;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new UsageError("no Chromium found: install Debian's chromium (apt-get install chromium) or set PUPPETEER_EXECUTABLE_PATH");
}

/** The flowcharts of architecture.md, each with the stack heading above it. */
export function mermaidBlocks(markdown: string): { name: string; source: string }[] {
  const blocks: { name: string; source: string }[] = [];
  for (const m of markdown.matchAll(/^## Stack (\S+).*\n\n```mermaid\n([\s\S]*?)```/gm)) blocks.push({ name: m[1]!, source: m[2]! });
  return blocks;
}

function main(argv: string[], env: NodeJS.ProcessEnv): number {
  const outdir = resolve(argv[0] ?? env.CDKTF_OUTDIR ?? 'cdktf.out');
  const file = join(outdir, 'architecture.md');
  if (!existsSync(file)) throw new UsageError(`${file} does not exist: run npx cdktf synth first (every synthesis writes it)`);
  const blocks = mermaidBlocks(readFileSync(file, 'utf8'));
  if (blocks.length === 0) throw new UsageError(`${file} holds no cluster flowchart`);
  const browser = chromium(env);
  if (!existsSync(MMDC)) {
    console.error('Installing mermaid-cli into tools/diagram (first use only) ...');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', TOOL], { stdio: 'inherit', env: { ...env, PUPPETEER_SKIP_DOWNLOAD: 'true' } });
  }
  const scratch = mkdtempSync(join(tmpdir(), 'eks-diagram-'));
  try {
    // Chromium refuses to start its sandbox as root (containers, CI).
    const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const config = join(scratch, 'puppeteer.json');
    writeFileSync(config, JSON.stringify({ executablePath: browser, args }));
    for (const { name, source } of blocks) {
      const input = join(scratch, `${name}.mmd`);
      const output = join(outdir, `architecture-${name}.svg`);
      writeFileSync(input, source);
      execFileSync(MMDC, ['--quiet', '-p', config, '-i', input, '-o', output], { stdio: ['ignore', 'ignore', 'inherit'] });
      console.log(output);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2), process.env);
  } catch (e) {
    // A usage problem or a failed mermaid-cli run is a message; anything else is a bug of ours.
    const commandFailed = e instanceof Error && 'status' in e && 'cmd' in e;
    const { text, status } = e instanceof UsageError || commandFailed ? { text: `npm run diagram${commandFailed ? ' failed' : ''}: ${(e as Error).message.split('\n')[0]}`, status: 1 } : failureReport(e);
    console.error(text);
    process.exitCode = status;
  }
}
