// Planned values of the ACK S3 controller's AWS side (book chapter 8, with chapter 15's IRSA): its
// role, the inline policy limited to the prefixed buckets (parsed JSON, partition resolved by
// Terraform), and the OIDC provider IRSA needs. The trust names the cluster's issuer, known only
// once the cluster exists: jest asserts on its document.
import { ACK_S3_BUCKET_ACTIONS } from '../../../src/controllers/ack-s3-controller/ack-s3-controller-role';
import type { PlanChecks } from './plan-checks';

export function register(checks: PlanChecks): void {
  test('chapter08: the controller role reaches only buckets named public-endpoint-cluster-* (and lists bucket names), tagged', () => {
    const role = checks.values('chapter08', 'aws_iam_role.ack_s3_controller_controller_role');
    expect(role.name).toBe('public-endpoint-cluster-ack-s3-controller');
    expect(role.tags_all).toEqual({ cluster: 'public-endpoint-cluster', 'managed-by': 'cdktf' });
    const policy = JSON.parse(checks.values('chapter08', 'aws_iam_role_policy.ack_s3_controller_controller_inline_policy').policy);
    expect(policy.Statement).toEqual([
      { Sid: 'ListBuckets', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
      { Sid: 'ManagePrefixedBuckets', Effect: 'Allow', Action: expect.arrayContaining(ACK_S3_BUCKET_ACTIONS), Resource: 'arn:aws:s3:::public-endpoint-cluster-*' },
    ]);
    expect(policy.Statement[1].Action).toHaveLength(ACK_S3_BUCKET_ACTIONS.length);
    const attachments = [...checks.ofType('chapter08', 'aws_iam_role_policy_attachment').keys()];
    expect(attachments.filter((a) => a.includes('ack_s3_controller'))).toEqual([]);
  });

  test('chapter08: the OIDC provider for IRSA, audience sts.amazonaws.com, and no Pod Identity association', () => {
    const provider = checks.values('chapter08', 'aws_iam_openid_connect_provider.oidc_provider_provider');
    expect(provider.client_id_list).toEqual(['sts.amazonaws.com']);
    expect(checks.plan('chapter08').resources.has('aws_eks_pod_identity_association.ack_s3_controller_controller_association_ack_system_ack_service_account')).toBe(false);
  });
}
