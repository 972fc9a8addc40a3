import { subnetCapacity } from '../../../src/dataplane/nodes/ip-capacity';

const SECONDARY = { prefixDelegation: false };
const PREFIX = { prefixDelegation: true, warmPrefixTarget: 1 };
const PATH = ['network', 'privateSubnetCidrs'];

describe('subnet capacity', () => {
  test('two /24 subnets hold two t3.small nodes with prefixes: 2 x 131 of 502', () => {
    const r = subnetCapacity({ path: PATH, cidrs: ['10.0.3.0/24', '10.0.4.0/24'], groups: [{ name: 'ng', instanceTypes: ['t3.small'], maxSize: 2 }], networking: PREFIX });
    expect(r).toMatchObject({ issues: [], available: 502, needed: 262 });
  });

  test('fails with the arithmetic when the subnets are too small', () => {
    const r = subnetCapacity({ path: PATH, cidrs: ['10.0.3.0/26', '10.0.4.0/26'], groups: [{ name: 'ng', instanceTypes: ['t3.small'], maxSize: 10 }], networking: SECONDARY });
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].path).toEqual(PATH);
    expect(r.issues[0].received).toEqual(['10.0.3.0/26', '10.0.4.0/26']);
    expect(r.issues[0].message).toBe(
      'hold 118 usable addresses (2 subnets x (64 - 5 reserved by AWS)), fewer than the 120 the node groups take at their maximum size: ' +
        "ng: 10 nodes x 12 (t3.small: 3 ENIs x 4 addresses (secondary IPs, 11 pods)) = 120; use larger subnets, a smaller 'maxSize' or fewer pods per node ('launchTemplate.maxPods')",
    );
  });

  test('sums every group and takes the hungriest instance type of a group', () => {
    const r = subnetCapacity({
      path: PATH,
      cidrs: ['10.0.0.0/24'],
      groups: [
        { name: 'a', instanceTypes: ['t3.small', 'm6i.large'], maxSize: 3 },
        { name: 'b', instanceTypes: ['t3.small'], maxSize: 2 },
      ],
      networking: SECONDARY,
    });
    expect(r.needed).toBe(3 * 30 + 2 * 12);
    expect(r.issues).toEqual([]);
  });

  test('fewer pods per node take fewer addresses', () => {
    const many = subnetCapacity({ path: PATH, cidrs: ['10.0.0.0/24'], groups: [{ name: 'a', instanceTypes: ['m6i.large'], maxSize: 1 }], networking: SECONDARY });
    const few = subnetCapacity({ path: PATH, cidrs: ['10.0.0.0/24'], groups: [{ name: 'a', instanceTypes: ['m6i.large'], maxSize: 1, maxPods: 8 }], networking: SECONDARY });
    expect([many.needed, few.needed]).toEqual([30, 20]);
  });

  test('subnets of different sizes are added one by one', () => {
    const r = subnetCapacity({ path: PATH, cidrs: ['10.0.0.0/28', '10.0.1.0/27'], groups: [{ name: 'a', instanceTypes: ['m6i.large'], maxSize: 2 }], networking: SECONDARY });
    expect(r.issues[0].message).toContain('hold 38 usable addresses ((16 - 5) + (32 - 5))');
  });

  test('a group with an instance type outside the table is left out, with a warning', () => {
    const r = subnetCapacity({ path: PATH, cidrs: ['10.0.0.0/28', '10.0.1.0/28'], groups: [{ name: 'odd', instanceTypes: ['x9.large'], maxSize: 50 }], networking: SECONDARY });
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual(['Subnet capacity not checked for node group odd: x9.large is not in the instance type table (src/dataplane/nodes/instance-types.ts)']);
  });
});
