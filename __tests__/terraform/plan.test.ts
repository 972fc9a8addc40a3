// Terraform itself validates and plans every preset's AWS stack, offline (mock credentials in a
// copy of the stack), in one run, as JSON and as the HCL `cdktf synth --hcl` writes of it (a twin
// module beside each stack, see helpers/terraform.ts), and the two plans must be the same; the assertions on planned values live in checks/*.plan.ts, one
// file per topic, each registering its tests against the shared run. A topic file may also export
// `scenarios`: named stacks that are no preset (a configuration variant, a module on its own),
// planned in the same run. Skipped, with the reason
// printed and in the test names, where terraform is missing; EKS_REQUIRE_TERRAFORM=1 (set by
// .ci/run) turns the skip into a failure.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PRESET_NAMES } from '../../src/presets';
import { addresses, presetAsIs, TfJson } from '../helpers/synth';
import type { BlockSchemas } from '../../src/private/hcl';
import { hclTwin, offlineCopy, planStacks, PlanRun, planView, terraformTests } from '../helpers/terraform';
import { moduleName, PlanChecks } from './checks/plan-checks';

const { describeTf, label } = terraformTests(true);

interface TopicFile {
  register: (checks: PlanChecks) => void;
  scenarios?: Record<string, () => TfJson>;
}
const topics = readdirSync(join(__dirname, 'checks'))
  .filter((f) => f.endsWith('.plan.ts'))
  .sort()
  .map((file) => ({ file, topic: require(join(__dirname, 'checks', file)) as TopicFile }));
const scenarios: Record<string, () => TfJson> = Object.assign({}, ...topics.map(({ topic }) => topic.scenarios ?? {}));
const plannedNames = [...PRESET_NAMES, ...Object.keys(scenarios)];
// Filled in by beforeAll, so nothing is synthesized when Terraform cannot run.
const stacks: Record<string, TfJson> = {};
/** Block schemas of the presets' stacks, by module name: the stacks also planned as HCL. */
const schemas: Record<string, BlockSchemas> = {};
// Stacks that synthesize to the same configuration (a chapter that only adds Kubernetes workloads
// to chapter 3's cluster, say) are planned once: each other name is an alias of the first.
const aliases = new Map<string, string>();
let run: PlanRun;
const checks = new PlanChecks(() => run, aliases);

const withoutComments = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutComments)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== '//').map(([k, v]) => [k, withoutComments(v)]))
      : value;

/** Synthesizes every preset and scenario into `stacks` and returns those to plan (one per content). */
function synthesizeAll(): Record<string, TfJson> {
  for (const name of PRESET_NAMES) {
    const { json, blocks } = presetAsIs(name);
    stacks[moduleName(name)] = json;
    schemas[moduleName(name)] = blocks;
  }
  for (const [name, build] of Object.entries(scenarios)) stacks[moduleName(name)] = build();
  const firstByContent = new Map<string, string>();
  for (const [name, json] of Object.entries(stacks)) {
    const key = JSON.stringify(withoutComments(offlineCopy(json)));
    const first = firstByContent.get(key);
    if (first) aliases.set(name, first);
    else firstByContent.set(key, name);
  }
  return Object.fromEntries(Object.entries(stacks).filter(([name]) => !aliases.has(name)));
}

describeTf(`Terraform validate and offline plan of every preset (${label})`, () => {
  beforeAll(() => {
    const unique = synthesizeAll();
    const hcl = Object.fromEntries(Object.keys(unique).filter((name) => schemas[name]).map((name) => [name, schemas[name]]));
    run = planStacks(unique, hcl);
    const s = run.seconds;
    process.stderr.write(
      `\nTerraform on ${Object.keys(unique).length} stacks (${aliases.size} more identical to one of them) and the HCL of ${Object.keys(hcl).length}: init ${s.init.toFixed(1)} s, validate ${s.validate.toFixed(1)} s, plan ${s.plan.toFixed(1)} s, show ${s.show.toFixed(1)} s\n`,
    );
  }, 600_000);

  test('terraform validate accepts every stack and its HCL, with no error and no warning', () => {
    const problems = run.validation.diagnostics.map((d: any) => `${d.severity}: ${d.summary} (${d.range?.filename}:${d.range?.start?.line}) ${d.detail ?? ''}`);
    expect(problems).toEqual([]);
    expect(run.validation).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
  });

  test.each(PRESET_NAMES)('%s: the HCL plans exactly like the JSON (resource changes, configuration, checks)', (preset) => {
    const module = checks.module(preset);
    expect(planView(run, hclTwin(module), 'hcl')).toEqual(planView(run, module, 'json'));
  });

  test.each(plannedNames)('%s: the plan creates exactly the synthesized resources', (preset) => {
    const planned = [...checks.plan(preset).resources.keys()].sort();
    const synthesized = addresses(stacks[moduleName(preset)]).filter((a) => !a.startsWith('data.'));
    expect(planned).toEqual(synthesized);
    for (const r of checks.plan(preset).resources.values()) expect(r.actions).toEqual(['create']);
  });

  // Topic files: checks/<topic>.plan.ts, each exporting `register(checks: PlanChecks)`.
  for (const { file, topic } of topics) {
    describe(file.replace(/\.plan\.ts$/, ''), () => topic.register(checks));
  }
});
