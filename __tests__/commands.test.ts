// Every cdktf command that README.md, docs/, `help` and `node dist/main.js --help` show must run
// as written with cdktf-cli 0.21.0: its flags and stack arguments are those the CLI's own
// `--help` lists, and the CLI's project code accepts its stack selection on the stacks the app
// synthesizes (CdktfProject of @cdktf/cli-core 0.21.0, which the CLI bundle is built from, run
// here in-process; two cases are also run through the `cdktf` binary itself). CDKTF refuses, for
// instance, `cdktf deploy kubernetes` (its dependency aws is not included) and `cdktf destroy aws`
// (its dependant kubernetes is not). Terraform is a stand-in that records its calls and fails, so
// nothing is ever planned or applied: a command the CLI accepts stops at `terraform init`, one it
// refuses stops before it with a usage error.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { synthApp, synthClusters } from './helpers/synth';

const ROOT = resolve(__dirname, '..');
const CDKTF = join(ROOT, 'node_modules', '.bin', 'cdktf');
/** Verbs whose stack selection the CLI checks, and the other verbs documented commands may use. */
const SELECTING = ['deploy', 'destroy', 'diff', 'output'] as const;
const VERBS = [...SELECTING, 'synth', 'list', 'get'] as const;
/** Every command of cdktf-cli 0.21.0 and its aliases (`this.command` of its bundle): a word after `cdktf` that is none of them is prose. */
const CLI_COMMANDS = ['convert', 'debug', 'deploy', 'apply', 'destroy', 'diff', 'plan', 'get', 'init', 'list', 'login', 'output', 'outputs', 'provider', 'synth', 'synthesize', 'watch'];
type Verb = (typeof VERBS)[number];

// ------------------------------------------------------------------------------------------------
// The documented commands

interface DocumentedCommand {
  /** Where it is written: file:line. */
  where: string;
  text: string;
  /** Environment assignments before it, and `export`s of the code block above it. */
  env: Record<string, string>;
  /** Written with `npx` (the CLI is a dev dependency: a fresh clone has no `cdktf` on PATH). */
  npx: boolean;
  verb: string;
  args: string[];
  /** An inline `cdktf <verb>` alone in prose: the name of the command, not a command line. */
  mention: boolean;
}

function docFiles(): string[] {
  const docs = join(ROOT, 'docs');
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
  return [join(ROOT, 'README.md'), ...(existsSync(docs) ? walk(docs) : [])];
}

interface Fragment {
  where: string;
  text: string;
  env: Record<string, string>;
  inline: boolean;
}

/**
 * The places a command can be written: lines of fenced code blocks (with the `export`s above them
 * in the block), inline code spans (which may run over a line break), and lines of help texts.
 */
function fragments(file: string, text: string, markdown: boolean): Fragment[] {
  const lines = text.split('\n');
  if (!markdown) return lines.map((line, i) => ({ where: `${file}:${i + 1}`, text: line, env: {}, inline: false }));
  const out: Fragment[] = [];
  let block: Record<string, string> | undefined;
  const prose: string[] = [];
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) {
      block = block ? undefined : {};
      prose.push('');
      return;
    }
    if (!block) {
      prose.push(line);
      return;
    }
    prose.push('');
    const exported = /^\s*export\s+([A-Z_][A-Z0-9_]*)=(\S+)/.exec(line);
    if (exported) block[exported[1]] = exported[2].replace(/^['"]|['"]$/g, '');
    out.push({ where: `${file}:${i + 1}`, text: line, env: { ...block }, inline: false });
  });
  const joined = prose.join('\n');
  for (const m of joined.matchAll(/`([^`]+)`/g)) {
    const line = joined.slice(0, m.index).split('\n').length;
    out.push({ where: `${file}:${line}`, text: m[1].replace(/\s*\n\s*/g, ' '), env: {}, inline: true });
  }
  return out;
}

/** Splits shell words (quotes removed). */
function words(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function documentedCommands(): DocumentedCommand[] {
  const help = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js'), '--help'], { encoding: 'utf8' }).stdout;
  const sources = [
    ...docFiles().map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8'), markdown: true })),
    { file: 'help', text: readFileSync(join(ROOT, 'help'), 'utf8'), markdown: false },
    { file: 'node dist/main.js --help', text: help, markdown: false },
  ];
  const commands: DocumentedCommand[] = [];
  for (const { file, text, markdown } of sources) {
    for (const fragment of fragments(file, text, markdown)) {
      // Each `cdktf <verb> …`, with the environment assignments written right before it; its
      // arguments end at a shell separator, a comment, or the end of a parenthesis or sentence.
      for (const m of fragment.text.matchAll(/((?:\b[A-Z_][A-Z0-9_]*=\S+\s+)*)(npx\s+)?\bcdktf\s+([a-z]+)(?=\s|$)([^&;|#()"`\n]*)/g)) {
        if (!CLI_COMMANDS.includes(m[3])) continue;
        // A help text shows commands at the start of a line of its command column (indented by up
        // to 4 spaces), or in parentheses in its prose (`(applied after "aws": npx cdktf deploy aws
        // kubernetes)`); elsewhere, descriptions included, it names them.
        const before = fragment.text.slice(0, m.index);
        const inParentheses = before.lastIndexOf('(') > before.lastIndexOf(')');
        if (!markdown && !inParentheses && (before.trim() !== '' || before.length > 4)) continue;
        // In help texts, the description follows a run of spaces.
        const args = words((markdown ? m[4] : m[4].split(/\s{2,}/)[0]).replace(/[.,:]+\s*$/, ''));
        const env = { ...fragment.env };
        for (const assignment of words(m[1])) {
          const [k, ...v] = assignment.split('=');
          env[k] = v.join('=');
        }
        const text = m[0].replace(/\s{2,}.*$/, '').trim();
        commands.push({ where: fragment.where, text, env, npx: m[2] !== undefined, verb: m[3], args, mention: fragment.inline && !m[2] && m[1] === '' && args.length === 0 });
      }
    }
  }
  return commands;
}

// ------------------------------------------------------------------------------------------------
// What the CLI accepts: each verb's positional and options, from `cdktf <verb> --help`

interface VerbSpec {
  positional: 'none' | 'one' | 'many';
  /** Option names (`--name`, `-a`) and whether each takes a value. */
  options: Map<string, boolean>;
}

async function verbSpecs(verbs: readonly string[], env: NodeJS.ProcessEnv): Promise<Record<string, VerbSpec>> {
  const help = (verb: string) =>
    new Promise<string>((done, fail) => {
      const child = spawn(CDKTF, [verb, '--help'], { cwd: ROOT, env });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('error', fail);
      child.on('close', () => done(out));
    });
  const texts = await Promise.all(verbs.map(help));
  return Object.fromEntries(
    verbs.map((verb, i) => {
      const usage = texts[i].split('\n')[0];
      const positional = /\[\w+\.\.\.?\]/.test(usage) ? 'many' : /\[\w+\]/.test(usage) ? 'one' : 'none';
      const options = new Map<string, boolean>();
      for (const m of texts[i].matchAll(/^\s+(?:(-\w), )?(--[\w-]+)\s(.*)$/gm)) {
        const takesValue = !/\[boolean\]/.test(m[3]);
        options.set(m[2], takesValue);
        if (m[1]) options.set(m[1], takesValue);
      }
      return [verb, { positional, options }];
    }),
  );
}

interface ParsedCommand {
  stacks: string[];
  flags: Record<string, string | true>;
}

/** The command's stack arguments and flags, or what the CLI does not accept in it. */
function parseArgs(command: DocumentedCommand, spec: VerbSpec): ParsedCommand | string {
  const stacks: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < command.args.length; i++) {
    const arg = command.args[i];
    if (arg.startsWith('-')) {
      const [name, value] = arg.split('=');
      if (!spec.options.has(name)) return `cdktf ${command.verb} has no option ${name}`;
      flags[name] = value ?? (spec.options.get(name) ? command.args[++i] : true);
    } else stacks.push(arg);
  }
  if (spec.positional === 'none' && stacks.length > 0) return `cdktf ${command.verb} takes no stack argument (it got ${stacks.join(' ')})`;
  if (spec.positional === 'one' && stacks.length > 1) return `cdktf ${command.verb} takes one stack (it got ${stacks.join(' ')})`;
  return { stacks, flags };
}

// ------------------------------------------------------------------------------------------------
// The CLI's project code, on synthesized stacks, with a stand-in Terraform

const scratch = mkdtempSync(join(tmpdir(), 'eks-commands-'));
const terraformLog = join(scratch, 'terraform-calls.log');
const fakeTerraform = join(scratch, 'terraform');
writeFileSync(
  fakeTerraform,
  [
    '#!/bin/sh',
    `echo "$*" >> ${JSON.stringify(terraformLog)}`,
    'if [ "$1" = "version" ]; then echo \'{"terraform_version":"1.11.4","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}\'; exit 0; fi',
    'echo "stand-in terraform: not running terraform $*" >&2',
    'exit 1',
    '',
  ].join('\n'),
);
chmodSync(fakeTerraform, 0o755);
/** The environment of the CLI: the stand-in Terraform only, no telemetry, no credentials. */
const cliEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|TF_|EKS_|CDKTF_)/.test(k))),
  TERRAFORM_BINARY_NAME: fakeTerraform,
  PATH: `${scratch}:${process.env.PATH}`,
  CHECKPOINT_DISABLE: '1',
  CI: '1',
};

type Outcome = { accepted: true } | { accepted: false; reason: string };

const calls = () => (existsSync(terraformLog) ? readFileSync(terraformLog, 'utf8').split('\n').filter(Boolean) : []);

interface Selection {
  verb: Verb;
  stacks: string[];
  ignoreMissingStackDependencies: boolean;
  /** The synthesized app (cdktf.out) to run on. */
  outdir: string;
}

/** What the CLI's own project code does with each selection, skipping synthesis (helpers/cli-selection.cjs). */
function selections(list: Selection[]): Outcome[] {
  const r = spawnSync(process.execPath, [join(__dirname, 'helpers', 'cli-selection.cjs')], {
    cwd: ROOT,
    env: { ...cliEnv, TERRAFORM_CALLS: terraformLog },
    input: JSON.stringify(list),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`cli-selection.cjs failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// ------------------------------------------------------------------------------------------------

/** Whether stack `name` matches the CLI's glob `pattern` (the documents use names and `*`). */
const matches = (name: string, pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);

/**
 * The apps a command without EKS_PRESET may run on: a cluster without and with the Kubernetes
 * stack, and a "clusters" file of two (stacks dev-aws; prod-aws and prod-kubernetes).
 */
const CLUSTERS = 'clusters dev (default) and prod (chapter08)';
const GENERIC_APPS = ['default', 'chapter08', CLUSTERS];
const apps = new Map<string, { outdir: string; stacks: string[] }>();
/** The synthesized app of a preset, or of the two clusters for CLUSTERS. */
function app(preset: string) {
  if (!apps.has(preset)) {
    const { outdir, stacks } = preset === CLUSTERS ? synthClusters({ clusters: { dev: { preset: 'default' }, prod: { preset: 'chapter08' } } }) : synthApp(preset);
    apps.set(preset, { outdir, stacks: Object.keys(stacks) });
  }
  return apps.get(preset)!;
}

const documented = documentedCommands();
const ISSUE_CASES: [Verb, string[], boolean][] = [
  ['deploy', ['kubernetes'], false],
  ['destroy', ['aws'], false],
  ['deploy', ['kubernetes'], true],
  ['deploy', ['aws', 'kubernetes'], false],
  ['destroy', ['kubernetes', 'aws'], false],
];
/** What is wrong with documented commands before the CLI's project code runs them. */
const problems: string[] = [];
const pending: { what: string; selection: Selection }[] = [];
let outcomes: Outcome[];

beforeAll(async () => {
  const verbs = [...new Set(documented.map((c) => c.verb))].filter((v) => (VERBS as readonly string[]).includes(v));
  const specs = await verbSpecs(verbs, cliEnv);
  for (const command of documented) {
    if (command.mention) continue;
    if (!command.npx) problems.push(`${command.where}: \`${command.text}\`: write it \`npx cdktf …\`: cdktf is a dev dependency, not on PATH`);
    const spec = specs[command.verb];
    if (!spec) {
      problems.push(`${command.where}: \`${command.text}\`: cdktf has no command ${command.verb} (checked: ${VERBS.join(', ')})`);
      continue;
    }
    const parsed = parseArgs(command, spec);
    if (typeof parsed === 'string') problems.push(`${command.where}: \`${command.text}\`: ${parsed}`);
    else if ((SELECTING as readonly string[]).includes(command.verb)) plan(command, parsed);
  }
  const issue = app('chapter08').outdir;
  const all = [...ISSUE_CASES.map(([verb, stacks, ignoreMissingStackDependencies]) => ({ verb, stacks, ignoreMissingStackDependencies, outdir: issue })), ...pending.map((p) => p.selection)];
  outcomes = selections(all);
}, 180_000);

/** Adds the selections a documented command makes on each app it applies to. */
function plan(command: DocumentedCommand, parsed: ParsedCommand): void {
  const presets = command.env.EKS_PRESET ? [command.env.EKS_PRESET] : GENERIC_APPS;
  let applied = 0;
  for (const preset of presets) {
    const { outdir, stacks } = app(preset);
    // A placeholder (<stack>, [stack]) stands for each stack of the app.
    const placeholder = parsed.stacks.findIndex((s) => /^[<[].*[>\]]$/.test(s));
    const choices = placeholder < 0 ? [parsed.stacks] : stacks.map((s) => parsed.stacks.map((p, i) => (i === placeholder ? s : p)));
    for (const names of choices) {
      // A command naming a stack the app does not have is for another app (unless it names its preset).
      if (!command.env.EKS_PRESET && names.some((n) => !stacks.some((s) => matches(s, n)))) continue;
      applied++;
      const what = `${command.where}: \`${command.text}\` (${preset}: ${stacks.join(', ')}${placeholder < 0 ? '' : `; as ${names.join(' ')}`})`;
      const selected = stacks.filter((s) => names.some((n) => matches(s, n)));
      const ignoreMissingStackDependencies = parsed.flags['--ignore-missing-stack-dependencies'] === true;
      if (ignoreMissingStackDependencies && selected.length > 1) problems.push(`${what}: --ignore-missing-stack-dependencies runs ${selected.join(', ')} at the same time, not in order`);
      else pending.push({ what, selection: { verb: command.verb as Verb, stacks: names, ignoreMissingStackDependencies, outdir } });
    }
  }
  if (applied === 0) problems.push(`${command.where}: \`${command.text}\`: names stacks that no app of ${presets.join(', ')} has`);
}

test('the documents show cdktf commands, of each kind the presets need', () => {
  const verbs = new Set(documented.map((c) => c.verb));
  for (const verb of ['synth', 'diff', 'deploy', 'destroy']) expect(verbs).toContain(verb);
  expect(documented.length).toBeGreaterThan(20);
  expect(pending.length).toBeGreaterThan(10);
});

test("the CLI's check refuses the commands of issue 16 (deploy kubernetes alone, destroy aws alone) and accepts their corrections", () => {
  expect(outcomes.slice(0, ISSUE_CASES.length)).toEqual([
    { accepted: false, reason: expect.stringContaining('The following dependencies are not included in the stacks to run: aws') },
    { accepted: false, reason: expect.stringContaining('The following dependant stacks are not included in the stacks to run: kubernetes') },
    { accepted: true },
    { accepted: true },
    { accepted: true },
  ]);
});

test('every documented cdktf command runs as written: options and stacks the CLI accepts, on every app it applies to', () => {
  const refused = pending.flatMap(({ what }, i) => {
    const outcome = outcomes[ISSUE_CASES.length + i];
    return outcome.accepted ? [] : [`${what}: ${outcome.reason}`];
  });
  expect([...problems, ...refused]).toEqual([]);
});

test('the cdktf binary refuses `cdktf deploy kubernetes` as its project code does, before Terraform runs', () => {
  const before = calls().length;
  const r = spawnSync(CDKTF, ['deploy', 'kubernetes', '--skip-synth', '--output', app('chapter08').outdir], { cwd: ROOT, env: cliEnv, encoding: 'utf8' });
  expect(r.status).not.toBe(0);
  expect(`${r.stdout}${r.stderr}`).toContain('Usage Error: The following dependencies are not included in the stacks to run: aws');
  expect(calls().slice(before).filter((c) => c.startsWith('init'))).toEqual([]);
}, 120_000);
