// What one synthesized Kubernetes stack creates, gathered for the schema and chart checks
// (__tests__/kubernetes/stack-schemas.test.ts): its objects, the published charts it installs
// with their values, and validators for its Kubernetes version and its charts' CRDs.
import { chartCrds, nearestFacts, valuesOf } from './chart-values';
import { CrdSchema, KubernetesSchemas } from './kubernetes-schema';
import type { AppFiles, TfJson } from './synth';
import { StackObject, stackObjects } from './terraform-kubernetes';

/** A published chart installed by a helm_release: where its values and CRDs are checked. */
export interface Release {
  readonly address: string;
  readonly chart: string;
  readonly version: string;
  readonly values: Record<string, unknown>;
}

/** What one Kubernetes stack creates, ready to check. */
export interface CheckedStack {
  readonly minor: string;
  readonly objects: StackObject[];
  readonly releases: Release[];
  readonly schemas: KubernetesSchemas;
}

/** The objects and releases of an app's Kubernetes stack, with validators for its Kubernetes version and its charts' CRDs. */
export function checkedStack(app: AppFiles, minor: string): CheckedStack {
  const stack: TfJson = app.stacks.kubernetes;
  const releases: Release[] = Object.entries<any>(stack.resource?.helm_release ?? {})
    .filter(([, r]) => !String(r.chart).startsWith('./'))
    .map(([name, r]) => ({ address: `helm_release.${name}`, chart: r.chart, version: r.version, values: valuesOf(r) }));
  const crds: CrdSchema[] = releases.flatMap((r) => {
    const facts = nearestFacts(r.chart, r.version);
    return facts ? chartCrds(facts) : [];
  });
  const bootstrap = new KubernetesSchemas(minor, crds);
  const objects = stackObjects(stack, app.charts.kubernetes ?? {}, bootstrap);
  // CustomResourceDefinitions the stack creates itself serve their custom resources too.
  const own = objects.filter((o) => o.object.kind === 'CustomResourceDefinition').map(({ address, object }): CrdSchema => {
    const spec = object.spec as any;
    return { group: spec.group, kind: spec.names.kind, versions: spec.versions.map((v: any) => ({ name: v.name, served: v.served, schema: v.schema?.openAPIV3Schema ?? {} })), from: `CRD of ${address}` };
  });
  const schemas = own.length > 0 ? new KubernetesSchemas(minor, [...crds, ...own]) : bootstrap;
  return { minor, objects, releases, schemas };
}

/** Every problem of the stack's objects, each prefixed with the address that creates the object. */
export function objectProblems(checked: CheckedStack): string[] {
  return checked.objects.flatMap(({ address, object }) => checked.schemas.validate(object).map((p) => `${address}: ${p}`));
}

