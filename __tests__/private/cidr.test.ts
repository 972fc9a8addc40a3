import { addressCount, cidrProblem, contains, overlaps, parseCidr, subBlock } from '../../src/private/cidr';

describe('cidrProblem', () => {
  test.each(['10.0.0.0/16', '0.0.0.0/0', '192.168.1.128/25', '203.0.113.7/32'])('accepts %s', (cidr) => {
    expect(cidrProblem(cidr)).toBeUndefined();
  });

  test.each(['10.0.0.0', '10.0.0/16', '10.0.0.0/33', '256.0.0.0/8', '010.0.0.0/8', '10.0.0.0/16/1', 'a.b.c.d/8', '10.0.0.0/ 8', ''])('refuses %j', (cidr) => {
    expect(cidrProblem(cidr)).toMatch(/^is not an IPv4 CIDR block/);
  });

  test('names the aligned block when host bits are set', () => {
    expect(cidrProblem('10.0.1.0/16')).toBe('has host bits set; the block starting on its boundary is "10.0.0.0/16"');
  });
});

describe('block arithmetic', () => {
  const vpc = parseCidr('10.0.0.0/16');

  test('size, containment and overlap', () => {
    expect(addressCount(vpc)).toBe(65536n);
    expect(contains(vpc, parseCidr('10.0.255.240/28'))).toBe(true);
    expect(contains(vpc, parseCidr('10.1.0.0/28'))).toBe(false);
    expect(contains(parseCidr('10.0.0.0/24'), vpc)).toBe(false);
    expect(overlaps(parseCidr('10.0.0.0/23'), parseCidr('10.0.1.0/24'))).toBe(true);
    expect(overlaps(parseCidr('10.0.0.0/24'), parseCidr('10.0.1.0/24'))).toBe(false);
  });

  test('sub-blocks like Terraform cidrsubnet', () => {
    expect(subBlock(vpc, 19, 0).cidr).toBe('10.0.0.0/19');
    expect(subBlock(vpc, 19, 7).cidr).toBe('10.0.224.0/19');
    expect(subBlock(parseCidr('10.0.224.0/19'), 24, 1).cidr).toBe('10.0.225.0/24');
    expect(subBlock(parseCidr('172.16.0.0/12'), 28, 1).cidr).toBe('172.16.0.16/28');
  });

  test('refuses sub-blocks that do not exist', () => {
    expect(() => subBlock(vpc, 15, 0)).toThrow('does not fit');
    expect(() => subBlock(vpc, 17, 2)).toThrow('has no sub-block /17 number 2');
  });
});
