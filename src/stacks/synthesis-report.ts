// What `cdktf synth` adds around the app, for `node dist/main.js` run on its own: the `context` of
// cdktf.json, and the warnings printed after the synthesis (cdktf-cli 0.21 prints each warning
// annotation of the manifest as `WARN [<construct path>]: <message>`).
import { App } from 'cdktf';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issue, ValidationError } from '../errors';

/**
 * The `context` of `<cwd>/cdktf.json` ({} without the file). The cdktf CLI hands the same object
 * to the app in CDKTF_CONTEXT_JSON, which CDKTF's App reads over what this gives it.
 */
export function cdktfJsonContext(cwd: string): Record<string, unknown> {
  const file = join(cwd, 'cdktf.json');
  if (!existsSync(file)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ValidationError('cdktf.json', [issue(['cdktf.json'], file, `is not valid JSON: ${(e as Error).message.split('\n')[0]}`)]);
  }
  const context = (json as { context?: unknown }).context ?? {};
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new ValidationError('cdktf.json', [issue(['context'], context, 'must be an object of context values')]);
  }
  return context as Record<string, unknown>;
}

/** Whether the cdktf CLI runs this app: it sets CDKTF_CONTEXT_JSON for every app it starts, and prints the warnings itself. */
export function runByCdktfCli(env: NodeJS.ProcessEnv): boolean {
  return env.CDKTF_CONTEXT_JSON !== undefined;
}

/** The warnings of a synthesized app, in cdktf synth's format, from the manifest it wrote. */
export function warningLines(app: App): string[] {
  const manifest = JSON.parse(readFileSync(join(app.outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }>;
  };
  return Object.values(manifest.stacks).flatMap((stack) =>
    stack.annotations.filter((a) => a.level === '@cdktf/warn').map((a) => `WARN [${a.constructPath}]: ${a.message}`),
  );
}
