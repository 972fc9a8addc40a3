// Book chapter 7 (Table 7-1, "Pod Density"): the EC2 facts pod density is computed from.
//
// Sources, read 2026-11-21:
// - ENIs of the default network card and IPv4 addresses per ENI: the EC2 DescribeInstanceTypes
//   values as published in awslabs/amazon-eks-ami nodeadm/internal/kubelet/instance-info.jsonl
//   (the same numbers as aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go);
// - vCPUs, architecture, hypervisor and accelerators: the EC2 instance type specifications
//   (https://docs.aws.amazon.com/ec2/latest/instancetypes/).
// The test suite checks a sample against awslabs/amazon-eks-ami eni-max-pods.txt.
// A curated subset: the general purpose, burstable, compute, memory and accelerated families an
// EKS node group commonly uses. Add a family here (with its source) before computing pods for it.

export type CpuArchitecture = 'x86_64' | 'arm64';
export type Accelerator = 'nvidia' | 'neuron';

/** What pod density and AMI checks need to know about one instance type. */
export interface InstanceTypeInfo {
  readonly instanceType: string;
  /** Network interfaces of the default network card. */
  readonly maxEnis: number;
  /** IPv4 addresses per network interface, its primary address included. */
  readonly ipv4PerEni: number;
  readonly vcpus: number;
  readonly architecture: CpuArchitecture;
  /** AWS Nitro System: required for VPC CNI prefix delegation. */
  readonly nitro: boolean;
  readonly accelerator?: Accelerator;
}

/** [ENIs, IPv4 addresses per ENI, vCPUs] of one size. */
type Limits = readonly [number, number, number];

interface Family {
  readonly architecture: CpuArchitecture;
  readonly nitro: boolean;
  readonly accelerator?: Accelerator;
  readonly sizes: Readonly<Record<string, Limits>>;
}

// The limits most current Nitro families share, size by size (checked family by family against
// the source, not assumed: families that differ spell their sizes out).
const STANDARD: Readonly<Record<string, Limits>> = {
  large: [3, 10, 2],
  xlarge: [4, 15, 4],
  '2xlarge': [4, 15, 8],
  '4xlarge': [8, 30, 16],
  '8xlarge': [8, 30, 32],
  '12xlarge': [8, 30, 48],
  '16xlarge': [15, 50, 64],
  '24xlarge': [15, 50, 96],
};
const GRAVITON: Readonly<Record<string, Limits>> = {
  medium: [2, 4, 1],
  large: [3, 10, 2],
  xlarge: [4, 15, 4],
  '2xlarge': [4, 15, 8],
  '4xlarge': [8, 30, 16],
  '8xlarge': [8, 30, 32],
  '12xlarge': [8, 30, 48],
  '16xlarge': [15, 50, 64],
};
const BURSTABLE: Readonly<Record<string, Limits>> = {
  nano: [2, 2, 2],
  micro: [2, 2, 2],
  small: [3, 4, 2],
  medium: [3, 6, 2],
  large: [3, 12, 2],
  xlarge: [4, 15, 4],
  '2xlarge': [4, 15, 8],
};

const x86 = (sizes: Readonly<Record<string, Limits>>): Family => ({ architecture: 'x86_64', nitro: true, sizes });
const arm = (sizes: Readonly<Record<string, Limits>>): Family => ({ architecture: 'arm64', nitro: true, sizes });

const FAMILIES: Readonly<Record<string, Family>> = {
  // Burstable. t2 runs on Xen, so no prefix delegation; t3a.small has two ENIs, not three.
  t2: {
    architecture: 'x86_64',
    nitro: false,
    sizes: { nano: [2, 2, 1], micro: [2, 2, 1], small: [3, 4, 1], medium: [3, 6, 2], large: [3, 12, 2], xlarge: [3, 15, 4], '2xlarge': [3, 15, 8] },
  },
  t3: x86(BURSTABLE),
  t3a: x86({ ...BURSTABLE, small: [2, 4, 2] }),
  t4g: arm(BURSTABLE),
  // General purpose. m4 runs on Xen.
  m4: {
    architecture: 'x86_64',
    nitro: false,
    sizes: { large: [2, 10, 2], xlarge: [4, 15, 4], '2xlarge': [4, 15, 8], '4xlarge': [8, 30, 16], '10xlarge': [8, 30, 40], '16xlarge': [8, 30, 64] },
  },
  m5: x86(STANDARD),
  m5a: x86(STANDARD),
  m6i: x86({ ...STANDARD, '32xlarge': [15, 50, 128] }),
  m6a: x86({ ...STANDARD, '32xlarge': [15, 50, 128], '48xlarge': [15, 50, 192] }),
  m6g: arm(GRAVITON),
  m7i: x86({ ...STANDARD, '48xlarge': [15, 50, 192] }),
  m7a: x86({ medium: [2, 4, 1], ...STANDARD, '32xlarge': [15, 50, 128], '48xlarge': [15, 50, 192] }),
  m7g: arm(GRAVITON),
  m8g: arm({ ...GRAVITON, '24xlarge': [15, 50, 96], '48xlarge': [15, 50, 192] }),
  // Compute optimized. c5 has 9xlarge and 18xlarge instead of 8xlarge and 16xlarge.
  c5: x86({
    large: [3, 10, 2],
    xlarge: [4, 15, 4],
    '2xlarge': [4, 15, 8],
    '4xlarge': [8, 30, 16],
    '9xlarge': [8, 30, 36],
    '12xlarge': [8, 30, 48],
    '18xlarge': [15, 50, 72],
    '24xlarge': [15, 50, 96],
  }),
  c6i: x86({ ...STANDARD, '32xlarge': [15, 50, 128] }),
  c6a: x86({ ...STANDARD, '32xlarge': [15, 50, 128], '48xlarge': [15, 50, 192] }),
  c6g: arm(GRAVITON),
  c7i: x86({ ...STANDARD, '48xlarge': [15, 50, 192] }),
  c7g: arm(GRAVITON),
  // Memory optimized.
  r5: x86(STANDARD),
  r6i: x86({ ...STANDARD, '32xlarge': [15, 50, 128] }),
  r6g: arm(GRAVITON),
  r7i: x86({ ...STANDARD, '48xlarge': [15, 50, 192] }),
  r7g: arm(GRAVITON),
  // Accelerated: NVIDIA GPUs (g4dn, g5, g6 on x86; g5g on Graviton) and AWS Inferentia2 (Neuron).
  g4dn: {
    architecture: 'x86_64',
    nitro: true,
    accelerator: 'nvidia',
    sizes: { xlarge: [3, 10, 4], '2xlarge': [3, 10, 8], '4xlarge': [3, 10, 16], '8xlarge': [4, 15, 32], '12xlarge': [8, 30, 48], '16xlarge': [4, 15, 64] },
  },
  g5: {
    architecture: 'x86_64',
    nitro: true,
    accelerator: 'nvidia',
    sizes: {
      xlarge: [4, 15, 4],
      '2xlarge': [4, 15, 8],
      '4xlarge': [8, 30, 16],
      '8xlarge': [8, 30, 32],
      '12xlarge': [15, 50, 48],
      '16xlarge': [8, 30, 64],
      '24xlarge': [15, 50, 96],
      '48xlarge': [7, 50, 192],
    },
  },
  g6: {
    architecture: 'x86_64',
    nitro: true,
    accelerator: 'nvidia',
    sizes: {
      xlarge: [4, 15, 4],
      '2xlarge': [4, 15, 8],
      '4xlarge': [8, 30, 16],
      '8xlarge': [8, 30, 32],
      '12xlarge': [8, 30, 48],
      '16xlarge': [15, 50, 64],
      '24xlarge': [15, 50, 96],
      '48xlarge': [15, 50, 192],
    },
  },
  g5g: {
    architecture: 'arm64',
    nitro: true,
    accelerator: 'nvidia',
    sizes: { xlarge: [4, 15, 4], '2xlarge': [4, 15, 8], '4xlarge': [8, 30, 16], '8xlarge': [8, 30, 32], '16xlarge': [15, 50, 64] },
  },
  inf2: {
    architecture: 'x86_64',
    nitro: true,
    accelerator: 'neuron',
    sizes: { xlarge: [4, 15, 4], '8xlarge': [8, 30, 32], '24xlarge': [15, 50, 96], '48xlarge': [15, 50, 192] },
  },
};

/** The facts of `instanceType`, or undefined when it is not in the table. */
export function instanceTypeInfo(instanceType: string): InstanceTypeInfo | undefined {
  const dot = instanceType.indexOf('.');
  const family = FAMILIES[instanceType.slice(0, dot)];
  const limits = dot > 0 ? family?.sizes[instanceType.slice(dot + 1)] : undefined;
  if (!family || !limits) return undefined;
  const [maxEnis, ipv4PerEni, vcpus] = limits;
  return {
    instanceType,
    maxEnis,
    ipv4PerEni,
    vcpus,
    architecture: family.architecture,
    nitro: family.nitro,
    ...(family.accelerator ? { accelerator: family.accelerator } : {}),
  };
}

/** Every instance type in the table, sorted. */
export function knownInstanceTypes(): string[] {
  return Object.entries(FAMILIES)
    .flatMap(([family, f]) => Object.keys(f.sizes).map((size) => `${family}.${size}`))
    .sort();
}
