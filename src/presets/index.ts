// Named configurations: `default` (the recommended architecture) and one per book chapter folder.
import type { EksConfigInput } from '../config/schema';

export interface Preset {
  /** The value of EKS_PRESET. */
  readonly name: string;
  /** One line for `npm run presets`. */
  readonly description: string;
  /** The book chapter folder it reproduces, if any. */
  readonly chapter?: string;
  readonly config: EksConfigInput;
}

/**
 * The presets in listing order, each loaded from its own file (named after it) only when asked
 * for: synthesis reads one preset, not all of them.
 */
const PRESET_LOADERS: Readonly<Record<string, () => Preset>> = {
  default: () => (require('./default') as typeof import('./default')).defaultPreset,
  chapter03: () => (require('./chapter03') as typeof import('./chapter03')).chapter03,
  chapter04: () => (require('./chapter04') as typeof import('./chapter04')).chapter04,
  chapter05: () => (require('./chapter05') as typeof import('./chapter05')).chapter05,
  chapter06: () => (require('./chapter06') as typeof import('./chapter06')).chapter06,
  'chapter06-launch-template': () => (require('./chapter06-launch-template') as typeof import('./chapter06-launch-template')).chapter06LaunchTemplate,
  'chapter06-self-managed': () => (require('./chapter06-self-managed') as typeof import('./chapter06-self-managed')).chapter06SelfManaged,
  'chapter06-graceful-upgrade': () => (require('./chapter06-graceful-upgrade') as typeof import('./chapter06-graceful-upgrade')).chapter06GracefulUpgrade,
  chapter07: () => (require('./chapter07') as typeof import('./chapter07')).chapter07,
  'chapter07-prefix': () => (require('./chapter07-prefix') as typeof import('./chapter07-prefix')).chapter07Prefix,
  chapter08: () => (require('./chapter08') as typeof import('./chapter08')).chapter08,
  chapter09: () => (require('./chapter09') as typeof import('./chapter09')).chapter09,
  chapter10: () => (require('./chapter10') as typeof import('./chapter10')).chapter10,
  chapter11: () => (require('./chapter11') as typeof import('./chapter11')).chapter11,
  chapter12: () => (require('./chapter12') as typeof import('./chapter12')).chapter12,
  chapter13: () => (require('./chapter13') as typeof import('./chapter13')).chapter13,
  chapter14: () => (require('./chapter14') as typeof import('./chapter14')).chapter14,
  'chapter14-pub': () => (require('./chapter14-pub') as typeof import('./chapter14-pub')).chapter14Pub,
  'chapter14-alb': () => (require('./chapter14-alb') as typeof import('./chapter14-alb')).chapter14Alb,
  chapter15: () => (require('./chapter15') as typeof import('./chapter15')).chapter15,
  'chapter15-irsa': () => (require('./chapter15-irsa') as typeof import('./chapter15-irsa')).chapter15Irsa,
  'chapter15-pod-id': () => (require('./chapter15-pod-id') as typeof import('./chapter15-pod-id')).chapter15PodId,
  chapter16: () => (require('./chapter16') as typeof import('./chapter16')).chapter16,
  'chapter16-ebs-efs': () => (require('./chapter16-ebs-efs') as typeof import('./chapter16-ebs-efs')).chapter16EbsEfs,
  chapter17: () => (require('./chapter17') as typeof import('./chapter17')).chapter17,
  chapter18: () => (require('./chapter18') as typeof import('./chapter18')).chapter18,
  'chapter19-autoscaler': () => (require('./chapter19-autoscaler') as typeof import('./chapter19-autoscaler')).chapter19Autoscaler,
  'chapter19-karpenter': () => (require('./chapter19-karpenter') as typeof import('./chapter19-karpenter')).chapter19Karpenter,
  chapter20: () => (require('./chapter20') as typeof import('./chapter20')).chapter20,
  'chapter20-istio': () => (require('./chapter20-istio') as typeof import('./chapter20-istio')).chapter20Istio,
  'chapter20-lattice': () => (require('./chapter20-lattice') as typeof import('./chapter20-lattice')).chapter20Lattice,
  'chapter20-logging': () => (require('./chapter20-logging') as typeof import('./chapter20-logging')).chapter20Logging,
  'mastering-terraform': () => (require('./mastering-terraform') as typeof import('./mastering-terraform')).masteringTerraform,
};

/** Every preset's name, in listing order, without loading any preset. */
export const PRESET_NAMES: readonly string[] = Object.keys(PRESET_LOADERS);

/** The preset named `name`, or undefined when there is none. */
export function findPreset(name: string): Preset | undefined {
  return Object.hasOwn(PRESET_LOADERS, name) ? PRESET_LOADERS[name]() : undefined;
}

/** Every preset, in listing order (loads them all: for listings and tests). */
export function allPresets(): Preset[] {
  return PRESET_NAMES.map((name) => PRESET_LOADERS[name]());
}
