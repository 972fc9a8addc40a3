// Named configurations: `default` (the recommended architecture) and one per book chapter folder.
import type { EksConfigInput } from '../config/schema';

export interface Preset {
  /** The value of EKS_PRESET. */
  readonly name: string;
  /** One line for `npm run presets`. */
  readonly description: string;
  /** The book chapter folder it reproduces, if any. */
  readonly chapter?: string;
  /** The seed it reproduces (`../shared/seeds/<seed>_*.txt`), if any. */
  readonly seed?: string;
  readonly config: EksConfigInput;
}

/**
 * Every preset's name, in listing order. Each preset is the export `preset` of the file named
 * after it, loaded only when asked for: synthesis reads one preset, not all of them.
 */
export const PRESET_NAMES: readonly string[] = [
  'default',
  'chapter03',
  'chapter04',
  'chapter05',
  'chapter06',
  'chapter06-launch-template',
  'chapter06-self-managed',
  'chapter06-graceful-upgrade',
  'chapter07',
  'chapter07-prefix',
  'chapter08',
  'chapter09',
  'chapter10',
  'chapter11',
  'chapter12',
  'chapter13',
  'chapter14',
  'chapter14-pub',
  'chapter14-alb',
  'chapter15',
  'chapter15-irsa',
  'chapter15-pod-id',
  'chapter16',
  'chapter16-ebs-efs',
  'chapter17',
  'chapter18',
  'chapter19-autoscaler',
  'chapter19-karpenter',
  'chapter20',
  'chapter20-istio',
  'chapter20-lattice',
  'chapter20-logging',
  'mastering-terraform',
];

/** The preset named `name`, or undefined when there is none. */
export function findPreset(name: string): Preset | undefined {
  return PRESET_NAMES.includes(name) ? (require(`./${name}`) as { preset: Preset }).preset : undefined;
}

/** Every preset, in listing order (loads them all: for listings and tests). */
export function allPresets(): Preset[] {
  return PRESET_NAMES.map((name) => findPreset(name)!);
}
