import { VpcFlowLogs, VpcFlowLogsProps } from '../../../src/dataplane/network/flow-logs';
import { emptyStack, onlyResource, ref, synthJson, validationLines } from '../../helpers/synth';

function flowLogs(props: Partial<VpcFlowLogsProps> = {}) {
  const stack = emptyStack();
  new VpcFlowLogs(stack, 'flow-logs', { clusterName: 'demo', vpcId: 'vpc-123', ...props });
  return synthJson(stack);
}

describe('VpcFlowLogs', () => {
  const json = flowLogs({ kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc' });

  test('all traffic of the VPC to a CloudWatch log group through a dedicated role', () => {
    expect(onlyResource(json, 'aws_flow_log')).toMatchObject({
      vpc_id: 'vpc-123',
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: ref('aws_cloudwatch_log_group.flow_logs_log_group.arn'),
      iam_role_arn: ref('aws_iam_role.flow_logs_role.arn'),
    });
  });

  test('log group kept a year and encrypted with the given key', () => {
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toMatchObject({
      name: '/aws/vpc/demo/flow-logs',
      retention_in_days: 365,
      kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/abc',
    });
  });

  test('the role is trusted by the flow logs service and may write to this log group only', () => {
    expect(json.data!.aws_iam_policy_document.flow_logs_trust.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }]);
    const [statement] = json.data!.aws_iam_policy_document.flow_logs_write_document.statement;
    expect(statement.resources).toEqual([ref('aws_cloudwatch_log_group.flow_logs_log_group.arn'), '${aws_cloudwatch_log_group.flow_logs_log_group.arn}:*']);
    expect(statement.actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams']);
  });

  test('rejected traffic only, shorter retention, no key', () => {
    const j = flowLogs({ trafficType: 'REJECT', retentionDays: 30 });
    expect(onlyResource(j, 'aws_flow_log').traffic_type).toBe('REJECT');
    expect(onlyResource(j, 'aws_cloudwatch_log_group')).toMatchObject({ retention_in_days: 30 });
    expect(onlyResource(j, 'aws_cloudwatch_log_group').kms_key_id).toBeUndefined();
  });

  test.each<[string, Partial<VpcFlowLogsProps>, string]>([
    ['an unknown traffic type', { trafficType: 'SOME' as never }, `'trafficType' ("SOME") must be one of "ALL", "ACCEPT", "REJECT"`],
    ['a retention CloudWatch does not offer', { retentionDays: 2 }, `'retentionDays' (2) must be a retention CloudWatch Logs accepts`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => flowLogs(props)).join('\n')).toContain(expected);
  });
});
