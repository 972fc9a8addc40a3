// Entry point of `cdktf synth`: builds the app from configuration (EKS_PRESET, EKS_CONFIG) and
// nothing else; the modules, stacks and presets live in src/.
import { App } from 'cdktf';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
// Imports by file, not through src/index.ts, which exports the Kubernetes stack that stacks.ts
// loads only when a cluster has one.
import { loadClusters } from './src/config/load';
import { failureReport } from './src/errors';
import { allPresets } from './src/presets';
import { writeArchitectureFile } from './src/stacks/architecture-file';
import { addAppStacks, warnAboutWorkspaceVariable } from './src/stacks/stacks';
import { cdktfJsonContext, runByCdktfCli, warningLines } from './src/stacks/synthesis-report';

const HELP = `Usage: npx cdktf synth        (runs: node dist/main.js)
       node dist/main.js [--help | --presets]

Synthesizes the stacks of one EKS cluster into cdktf.out/: "aws" (the AWS infrastructure) and,
when the configuration has a "kubernetes", "controllers" or "application" section or storage
classes, "kubernetes" (applied after "aws": npx cdktf deploy aws kubernetes). An EKS_CONFIG file
with "clusters" ({"clusters": {"dev": {"preset": "default", ...}, "prod": {...}}}) describes
several: each gets its stacks, "<key>-aws" and "<key>-kubernetes", and states of its own
(npx cdktf deploy prod-aws); the file's other settings apply to all of them.

Configuration (environment variables win over cdktf.json "context"):
  EKS_PRESET=<name>        preset to start from (default: "default"; see --presets), for
                           the clusters of a "clusters" file that name no "preset"
  EKS_CONFIG=<file>        .json, .yaml or .yml file whose settings override the preset
  AWS_REGION               region when the configuration sets none (else us-east-1)
  TF_CLOUD_ORGANIZATION, TF_WORKSPACE, TF_CLOUD_PROJECT, TF_CLOUD_HOSTNAME
                           fill in a "cloud" backend's missing settings

Options:
  --presets                list the presets with a one-line description
  --help, -h               show this text

Invalid configuration prints every problem found and exits with status 1 without
writing any stack; an error of this project itself prints one line and exits with status 70.
docs/configuration.md lists all settings.`;

function main(argv: string[], env: NodeJS.ProcessEnv): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  if (argv.includes('--presets')) {
    const presets = allPresets();
    const width = Math.max(...presets.map((p) => p.name.length));
    for (const p of presets) console.log(`${p.name.padEnd(width)}  ${p.description}`);
    return 0;
  }
  if (argv.length > 0) {
    console.error(`Unknown argument ${JSON.stringify(argv[0])}\n\n${HELP}`);
    return 2;
  }
  // CDKTF's App creates <outdir>/stacks at once; on bad input what this run created is removed
  // again, so a failed run leaves nothing behind.
  const outdir = env.CDKTF_OUTDIR ?? 'cdktf.out';
  const created = [outdir, join(outdir, 'stacks')].filter((dir) => !existsSync(dir));
  try {
    const app = new App({ stackTraces: false, context: cdktfJsonContext(process.cwd()) });
    const context = { EKS_PRESET: app.node.tryGetContext('EKS_PRESET'), EKS_CONFIG: app.node.tryGetContext('EKS_CONFIG') };
    const clusters = loadClusters({ env, context, cwd: process.cwd() });
    const stacks = addAppStacks(app, clusters);
    clusters.forEach(({ config }, i) => warnAboutWorkspaceVariable(stacks[i], config, env.TF_WORKSPACE));
    app.synth();
    writeArchitectureFile(app);
    if (!runByCdktfCli(env)) for (const line of warningLines(app)) console.error(line);
    return 0;
  } catch (e) {
    const { text, status } = failureReport(e);
    console.error(text);
    for (const dir of created) rmSync(dir, { recursive: true, force: true });
    return status;
  }
}

let status: number;
try {
  status = main(process.argv.slice(2), process.env);
} catch (e) {
  const report = failureReport(e);
  console.error(report.text);
  status = report.status;
}
process.exit(status);
