// Writes `<outdir>/architecture.md` after a synthesis (src/diagram/architecture.ts draws it).
import { App, TerraformStack } from 'cdktf';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { architectureMarkdown, StackJson, SynthesizedStack } from '../diagram/architecture';

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string; readonly dependencies: readonly string[] }>;
}

/**
 * The synthesized stacks of `app` (after `app.synth()`), from the files it wrote; a stack written
 * as HCL (`cdktf synth --hcl`) is turned into its JSON once more, in memory.
 */
export function synthesizedStacks(app: App): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(app.outdir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.stacks).map(([name, entry]) => {
    const file = join(app.outdir, entry.synthesizedStackPath);
    const stack = app.node.tryFindChild(name);
    const json = file.endsWith('.json') || !(stack instanceof TerraformStack) ? JSON.parse(readFileSync(file, 'utf8')) : stack.toTerraform();
    return { name, json: json as StackJson, dependencies: entry.dependencies };
  });
}

/** Writes the architecture picture of everything `app` synthesized to `<outdir>/architecture.md`. */
export function writeArchitectureFile(app: App): string {
  const file = join(app.outdir, 'architecture.md');
  writeFileSync(file, architectureMarkdown(synthesizedStacks(app)));
  return file;
}
