import { versionSkewProblem } from '../../../src/dataplane/nodes/private/node-checks';

describe('Kubernetes version skew (kubelet against the API server)', () => {
  test.each([
    ['1.35', '1.35', undefined],
    ['1.34', '1.35', undefined],
    ['1.32', '1.35', undefined],
    ['1.31', '1.35', 'is 4 minor versions older than the control plane (1.35); the kubelet may be at most 3 behind'],
    ['1.36', '1.35', 'is newer than the control plane (1.35)'],
    ['1.24', '1.27', 'is 3 minor versions older than the control plane (1.27); the kubelet may be at most 2 behind'],
  ])('nodes %s under a %s control plane', (node, cluster, problem) => {
    const found = versionSkewProblem(node, cluster);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
