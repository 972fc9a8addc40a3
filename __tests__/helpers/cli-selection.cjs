// Runs cdktf-cli's own project code (CdktfProject of @cdktf/cli-core, the package the cdktf
// binary is built from) on synthesized apps, for commands/test.ts. Plain Node, not jest: jest
// would resolve the TypeScript sources @cdktf/cli-core ships beside its JavaScript.
//
// stdin: JSON [{ verb, stacks, ignoreMissingStackDependencies, outdir }]; stdout: JSON
// [{ accepted } | { accepted: false, reason }]. Terraform must be a stand-in that fails
// (TERRAFORM_BINARY_NAME, TERRAFORM_CALLS: the file it logs its calls to): a command the CLI
// accepts stops at `terraform init`, one it refuses stops before.
'use strict';
const { readFileSync, existsSync } = require('node:fs');

const checks = JSON.parse(readFileSync(0, 'utf8'));
const calls = () => (existsSync(process.env.TERRAFORM_CALLS) ? readFileSync(process.env.TERRAFORM_CALLS, 'utf8').split('\n').filter(Boolean) : []);
// The CLI prints the stacks' warnings; the answer is the JSON on stdout.
console.log = console.info = console.warn = console.error = () => {};
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;

(async () => {
  const { CdktfProject } = require('@cdktf/cli-core');
  const results = [];
  for (const { verb, stacks, ignoreMissingStackDependencies, outdir } of checks) {
    const project = new CdktfProject({ synthCommand: 'false', outDir: outdir, onUpdate: () => {}, onLog: () => {} });
    const before = calls().length;
    try {
      if (verb === 'diff') await project.diff({ stackName: stacks[0], skipSynth: true });
      else if (verb === 'output') await project.fetchOutputs({ stackNames: stacks, skipSynth: true });
      else await project[verb]({ stackNames: stacks, ignoreMissingStackDependencies, autoApprove: false, skipSynth: true });
      results.push({ accepted: false, reason: 'the stand-in terraform succeeded' });
    } catch (e) {
      const reachedTerraform = calls().slice(before).some((c) => c.startsWith('init'));
      results.push(/Usage Error/.test(e.message) || !reachedTerraform ? { accepted: false, reason: e.message } : { accepted: true });
    }
  }
  write(JSON.stringify(results));
  process.exit(0);
})();
