// Named configurations: `default` (the recommended architecture) and one per book chapter folder.
import type { EksConfigInput } from '../config/schema';
import { chapter03 } from './chapter03';
import { chapter04 } from './chapter04';
import { chapter05 } from './chapter05';
import { chapter12 } from './chapter12';
import { chapter13 } from './chapter13';
import { chapter14 } from './chapter14';
import { chapter14Alb } from './chapter14-alb';
import { chapter14Pub } from './chapter14-pub';
import { chapter16 } from './chapter16';
import { chapter16EbsEfs } from './chapter16-ebs-efs';
import { chapter17 } from './chapter17';
import { chapter06 } from './chapter06';
import { chapter06GracefulUpgrade } from './chapter06-graceful-upgrade';
import { chapter06LaunchTemplate } from './chapter06-launch-template';
import { chapter06SelfManaged } from './chapter06-self-managed';
import { chapter07 } from './chapter07';
import { chapter07Prefix } from './chapter07-prefix';
import { chapter08 } from './chapter08';
import { chapter15 } from './chapter15';
import { chapter15Irsa } from './chapter15-irsa';
import { chapter15PodId } from './chapter15-pod-id';
import { chapter18 } from './chapter18';
import { chapter19Autoscaler } from './chapter19-autoscaler';
import { chapter19Karpenter } from './chapter19-karpenter';
import { chapter20Istio } from './chapter20-istio';
import { chapter20Lattice } from './chapter20-lattice';
import { chapter20 } from './chapter20';
import { chapter20Logging } from './chapter20-logging';
import { chapter09 } from './chapter09';
import { chapter10 } from './chapter10';
import { chapter11 } from './chapter11';
import { defaultPreset } from './default';
import { masteringTerraform } from './mastering-terraform';

export interface Preset {
  /** The value of EKS_PRESET. */
  readonly name: string;
  /** One line for `npm run presets`. */
  readonly description: string;
  /** The book chapter folder it reproduces, if any. */
  readonly chapter?: string;
  readonly config: EksConfigInput;
}

export const PRESETS: readonly Preset[] = [
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

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
