import { HIGH_CPU_THRESHOLD, maxPods, maxPodsOf, nodeAddressDemand } from '../../../src/dataplane/nodes/max-pods';
import { instanceTypeInfo, knownInstanceTypes } from '../../../src/dataplane/nodes/instance-types';

const info = (type: string) => {
  const i = instanceTypeInfo(type);
  if (!i) throw new Error(`${type} is not in the table`);
  return i;
};
const SECONDARY = { prefixDelegation: false };
const PREFIX = { prefixDelegation: true, warmPrefixTarget: 1 };

describe('instance type table', () => {
  // Values of awslabs/amazon-eks-ami templates/shared/runtime/eni-max-pods.txt (ENIs x (IPs - 1) + 2),
  // an independent source for the ENI and address counts of the table.
  test.each([
    ['t3.small', 11],
    ['t3a.small', 8],
    ['t3.large', 35],
    ['t2.xlarge', 44],
    ['m4.large', 20],
    ['m5.large', 29],
    ['m6i.large', 29],
    ['m6g.medium', 8],
    ['c5.9xlarge', 234],
    ['m5.24xlarge', 737],
    ['g4dn.16xlarge', 58],
    ['g5.12xlarge', 737],
    ['g5.48xlarge', 345],
    ['inf2.xlarge', 58],
  ])('%s: %i pods with secondary IPs, as eni-max-pods.txt lists', (type, pods) => {
    expect(maxPodsOf(info(type), SECONDARY).limit).toBe(pods);
  });

  test('every entry is plausible, and none has exactly 30 vCPUs (where the calculator and the EKS docs disagree on the cap)', () => {
    const types = knownInstanceTypes();
    expect(types.length).toBeGreaterThan(150);
    for (const type of types) {
      const i = info(type);
      expect(i.maxEnis).toBeGreaterThanOrEqual(2);
      expect(i.ipv4PerEni).toBeGreaterThanOrEqual(2);
      expect(i.vcpus).toBeGreaterThanOrEqual(1);
      expect(i.vcpus).not.toBe(HIGH_CPU_THRESHOLD);
    }
  });

  test.each([
    ['m7g.large', 'arm64', true, undefined],
    ['t2.micro', 'x86_64', false, undefined],
    ['g5.xlarge', 'x86_64', true, 'nvidia'],
    ['g5g.xlarge', 'arm64', true, 'nvidia'],
    ['inf2.xlarge', 'x86_64', true, 'neuron'],
  ])('%s: %s, Nitro %s, accelerator %s', (type, architecture, nitro, accelerator) => {
    expect(info(type)).toMatchObject({ architecture, nitro });
    expect(info(type).accelerator).toBe(accelerator);
  });

  test.each(['x9.large', 'm6i.huge', 'm6i', ''])('%j is not in the table', (type) => {
    expect(instanceTypeInfo(type)).toBeUndefined();
    expect(maxPods(type)).toBeUndefined();
  });
});

describe('max pods (EKS max-pods calculator)', () => {
  test.each([
    // type, prefix delegation, limit, recommended
    ['t3.small', false, 11, 11],
    ['t3.small', true, 146, 110], // the book's 146, capped at 110 (2 vCPUs)
    ['m5.large', true, 434, 110],
    ['m5.4xlarge', false, 234, 110], // 16 vCPUs: at most 110
    ['m5.8xlarge', false, 234, 234], // 32 vCPUs: at most 250
    ['m5.8xlarge', true, 3714, 250],
    ['m5.24xlarge', false, 737, 250],
    ['t2.micro', true, 4, 4], // not Nitro: prefix delegation falls back to secondary IPs
  ])('%s with prefix delegation %s: limit %i, recommended %i', (type, prefixDelegation, limit, recommended) => {
    const m = maxPodsOf(info(type), { prefixDelegation });
    expect(m).toMatchObject({ limit, recommended, prefixMode: prefixDelegation && info(type).nitro });
    expect(maxPods(type, { prefixDelegation })).toBe(recommended);
  });
});

describe('addresses a node takes from its subnet', () => {
  test.each([
    // The book: a t3.small consumes at most twelve addresses (3 ENIs x 4).
    ['t3.small', SECONDARY, 11, 12, '3 ENIs x 4 addresses (secondary IPs, 11 pods)'],
    ['m6i.large', SECONDARY, 29, 30, '3 ENIs x 10 addresses (secondary IPs, 29 pods)'],
    // Fewer pods: fewer ENIs attached, one spare.
    ['m6i.large', SECONDARY, 8, 20, '2 ENIs x 10 addresses (secondary IPs, 8 pods)'],
    // 108 pod addresses = 7 prefixes, plus WARM_PREFIX_TARGET 1, on 3 ENIs.
    ['t3.small', PREFIX, 110, 131, '8 /28 prefixes x 16 + 3 ENI addresses (prefix delegation, 110 pods)'],
    ['t3.small', { prefixDelegation: true, warmPrefixTarget: 0 }, 110, 115, '7 /28 prefixes x 16 + 3 ENI addresses (prefix delegation, 110 pods)'],
  ])('%s %j at %i pods: %i addresses', (type, networking, pods, addresses, explanation) => {
    expect(nodeAddressDemand(info(type), networking, pods)).toEqual({ addresses, explanation });
  });
});
