// Named configurations: `default` (the recommended architecture) and one per book chapter folder.
import type { EksConfigInput } from '../config/schema';
import { preset as defaultPreset } from './default';
import { preset as chapter03 } from './chapter03';
import { preset as chapter04 } from './chapter04';
import { preset as chapter05 } from './chapter05';
import { preset as chapter06 } from './chapter06';
import { preset as chapter06LaunchTemplate } from './chapter06-launch-template';
import { preset as chapter06SelfManaged } from './chapter06-self-managed';
import { preset as chapter06GracefulUpgrade } from './chapter06-graceful-upgrade';
import { preset as chapter07 } from './chapter07';
import { preset as chapter07Prefix } from './chapter07-prefix';
import { preset as chapter08 } from './chapter08';
import { preset as chapter09 } from './chapter09';
import { preset as chapter10 } from './chapter10';
import { preset as chapter11 } from './chapter11';
import { preset as chapter12 } from './chapter12';
import { preset as chapter13 } from './chapter13';
import { preset as chapter14 } from './chapter14';
import { preset as chapter14Pub } from './chapter14-pub';
import { preset as chapter14Alb } from './chapter14-alb';
import { preset as chapter15 } from './chapter15';
import { preset as chapter15Irsa } from './chapter15-irsa';
import { preset as chapter15PodId } from './chapter15-pod-id';
import { preset as chapter16 } from './chapter16';
import { preset as chapter16EbsEfs } from './chapter16-ebs-efs';
import { preset as chapter17 } from './chapter17';
import { preset as chapter18 } from './chapter18';
import { preset as chapter19Autoscaler } from './chapter19-autoscaler';
import { preset as chapter19Karpenter } from './chapter19-karpenter';
import { preset as chapter20 } from './chapter20';
import { preset as chapter20Istio } from './chapter20-istio';
import { preset as chapter20Lattice } from './chapter20-lattice';
import { preset as chapter20Logging } from './chapter20-logging';
import { preset as masteringTerraform } from './mastering-terraform';

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

/** Every preset, in listing order; each is the export `preset` of the file named after it. */
const PRESETS: readonly Preset[] = [
  defaultPreset,
  chapter03,
  chapter04,
  chapter05,
  chapter06,
  chapter06LaunchTemplate,
  chapter06SelfManaged,
  chapter06GracefulUpgrade,
  chapter07,
  chapter07Prefix,
  chapter08,
  chapter09,
  chapter10,
  chapter11,
  chapter12,
  chapter13,
  chapter14,
  chapter14Pub,
  chapter14Alb,
  chapter15,
  chapter15Irsa,
  chapter15PodId,
  chapter16,
  chapter16EbsEfs,
  chapter17,
  chapter18,
  chapter19Autoscaler,
  chapter19Karpenter,
  chapter20,
  chapter20Istio,
  chapter20Lattice,
  chapter20Logging,
  masteringTerraform,
];

/** Every preset's name, in listing order. */
export const PRESET_NAMES: readonly string[] = PRESETS.map((p) => p.name);

/** The preset named `name`, or undefined when there is none. */
export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}

/** Every preset, in listing order. */
export function allPresets(): Preset[] {
  return [...PRESETS];
}
