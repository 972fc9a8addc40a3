// What an AMI type says about the image: family (hence user data format and root device),
// architecture, accelerator, and where AWS publishes its current image ID for a Kubernetes version
// (book chapter 6 retrieves the ID by hand with `aws ssm get-parameter`, L3169).
import type { Accelerator, CpuArchitecture } from '../instance-types';
import type { AmiType } from './schema';

/** How the image boots and joins a cluster. */
export type AmiFamily = 'al2023' | 'al2' | 'bottlerocket' | 'windows' | 'custom';

export const AMI_FAMILY_NAMES: Readonly<Record<AmiFamily, string>> = {
  al2023: 'Amazon Linux 2023',
  al2: 'Amazon Linux 2',
  bottlerocket: 'Bottlerocket',
  windows: 'Windows',
  custom: 'CUSTOM',
};

export function amiFamily(amiType: AmiType): AmiFamily {
  if (amiType.startsWith('AL2023_')) return 'al2023';
  if (amiType.startsWith('AL2_')) return 'al2';
  if (amiType.startsWith('BOTTLEROCKET_')) return 'bottlerocket';
  if (amiType.startsWith('WINDOWS_')) return 'windows';
  return 'custom';
}

/** CPU architecture of the image; undefined for CUSTOM. */
export function amiArchitecture(amiType: AmiType): CpuArchitecture | undefined {
  if (amiType === 'CUSTOM') return undefined;
  return amiType.includes('_ARM_64') ? 'arm64' : 'x86_64';
}

/** Accelerator the image's drivers are for, if any. */
export function amiAccelerator(amiType: AmiType): Accelerator | undefined {
  if (amiType.includes('NVIDIA') || amiType === 'AL2_x86_64_GPU') return 'nvidia';
  if (amiType.includes('NEURON')) return 'neuron';
  return undefined;
}

/**
 * The device whose size `diskSizeGiB` sets: the root volume of Amazon Linux and Windows, the data
 * volume of Bottlerocket (its root volume only holds the read-only OS). The book's launch templates
 * size `/dev/sdf`, a device no EKS AMI uses.
 */
export function dataDeviceName(family: AmiFamily): string {
  if (family === 'bottlerocket') return '/dev/xvdb';
  if (family === 'windows') return '/dev/sda1';
  return '/dev/xvda';
}

/**
 * The public SSM parameter holding the current EKS-optimized image of `amiType` for Kubernetes
 * `version` (https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html and
 * retrieve-ami-id-bottlerocket.html); undefined where no Linux image is published this way.
 */
export function amiSsmParameter(amiType: AmiType, version: string): string | undefined {
  const arch = amiArchitecture(amiType) === 'arm64' ? 'arm64' : 'x86_64';
  switch (amiFamily(amiType)) {
    case 'al2023': {
      const variant = amiType.endsWith('_NVIDIA') ? 'nvidia' : amiType.endsWith('_NEURON') ? 'neuron' : 'standard';
      return `/aws/service/eks/optimized-ami/${version}/amazon-linux-2023/${arch}/${variant}/recommended/image_id`;
    }
    case 'al2': {
      const flavour = amiType === 'AL2_ARM_64' ? 'amazon-linux-2-arm64' : amiType === 'AL2_x86_64_GPU' ? 'amazon-linux-2-gpu' : 'amazon-linux-2';
      return `/aws/service/eks/optimized-ami/${version}/${flavour}/recommended/image_id`;
    }
    case 'bottlerocket': {
      const variant = amiType.endsWith('_NVIDIA') ? '-nvidia' : amiType.endsWith('_FIPS') ? '-fips' : '';
      return `/aws/service/bottlerocket/aws-k8s-${version}${variant}/${arch}/latest/image_id`;
    }
    default:
      return undefined;
  }
}

/** EKS publishes no Amazon Linux 2 AMIs for Kubernetes 1.33 and later. */
export function amazonLinux2Problem(amiType: AmiType, version: string): string | undefined {
  if (amiFamily(amiType) !== 'al2') return undefined;
  const [major, minor] = version.split('.').map(Number);
  if (major === 1 && minor >= 33) {
    return `has no EKS AMI for Kubernetes ${version} (Amazon Linux 2 ends at 1.32); use "AL2023_x86_64_STANDARD" or a Bottlerocket type`;
  }
  return undefined;
}
