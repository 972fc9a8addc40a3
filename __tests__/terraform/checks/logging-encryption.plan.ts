// Planned values of control plane logging, secrets encryption and VPC flow logs (every preset).
import { PRESET_NAMES } from '../../../src/presets';
import type { PlanChecks } from './plan-checks';

export function register(checks: PlanChecks): void {
  test.each([...PRESET_NAMES])('%s: all five log types, secrets encrypted, key with rotation, encrypted log groups', (preset) => {
    const cluster = checks.values(preset, 'aws_eks_cluster.control_plane_cluster');
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(cluster.encryption_config).toHaveLength(1);
    expect(cluster.encryption_config[0].resources).toEqual(['secrets']);
    expect(checks.values(preset, 'aws_kms_key.control_plane_cluster_key_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    for (const group of checks.ofType(preset, 'aws_cloudwatch_log_group').values()) expect(group.retention_in_days).toBe(365);
    expect(checks.values(preset, 'aws_flow_log.flow_logs_flow_log')).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
  });
}
