// What a checks/<topic>.plan.ts file gets: the planned resources of each preset.
import type { PlanRun, StackPlan } from '../../helpers/terraform';

/** Module name of a preset in the scratch root (Terraform identifiers: letters, digits, _). */
export const moduleName = (preset: string) => preset.replace(/[^A-Za-z0-9_]/g, '_');

export class PlanChecks {
  /**
   * @param aliases module name of a stack → module name of the identical stack planned in its
   * place (identical stacks are planned once).
   */
  constructor(
    private readonly run: () => PlanRun,
    private readonly aliases: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** The module that holds the plan of `preset` in the scratch root (`module.<name>` in addresses). */
  module(preset: string): string {
    const name = moduleName(preset);
    return this.aliases.get(name) ?? name;
  }

  /** The plan of one preset's AWS stack. */
  plan(preset: string): StackPlan {
    const plan = this.run().plans.get(this.module(preset));
    if (!plan) throw new Error(`no plan for preset ${preset}`);
    return plan;
  }

  /** Planned values of one resource (`aws_vpc.network_vpc`); unknown values are absent. */
  values(preset: string, address: string): Record<string, any> {
    const r = this.plan(preset).resources.get(address);
    if (!r) throw new Error(`${address} is not in the plan of ${preset}`);
    return r.values;
  }

  /** Planned values of every resource of a type, by address. */
  ofType(preset: string, type: string): Map<string, Record<string, any>> {
    return new Map([...this.plan(preset).resources].filter(([, r]) => r.type === type).map(([a, r]) => [a, r.values]));
  }
}
