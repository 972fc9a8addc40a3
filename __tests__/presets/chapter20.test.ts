// Preset chapter20 (book chapter 20, App Mesh): the chapter's cluster side without App Mesh, which
// reached end of support on 30 September 2026.
import { synthApp } from '../helpers/synth';

describe('preset chapter20', () => {
  const app = synthApp('chapter20');
  const aws = app.stacks.aws;
  const k8s = app.stacks.kubernetes;

  test('appmesh-cluster on the VPC its scripts look up (appmesh-cluster-vpc), with the OIDC provider eksctl made', () => {
    expect(aws.resource!.aws_eks_cluster.control_plane_cluster.name).toBe('appmesh-cluster');
    expect(aws.resource!.aws_vpc.network_vpc.tags.Name).toBe('appmesh-cluster-vpc');
    expect(Object.keys(aws.resource!.aws_iam_openid_connect_provider)).toHaveLength(1);
  });

  test('the LBR scenario\'s controller: AmazonEKSLoadBalancerControllerRole through IRSA for kube-system/aws-load-balancer-controller-sa', () => {
    expect(aws.resource!.aws_iam_role.aws_load_balancer_controller_controller_role.name).toBe('AmazonEKSLoadBalancerControllerRole');
    const trust = aws.data!.aws_iam_policy_document.aws_load_balancer_controller_controller_trust.statement[0];
    expect(trust.condition.map((c: any) => c.values)).toEqual([['system:serviceaccount:kube-system:aws-load-balancer-controller-sa'], ['sts.amazonaws.com']]);
    expect(k8s.resource!.helm_release.aws_load_balancer_controller_chart_release).toMatchObject({ chart: 'aws-load-balancer-controller', version: '3.5.0' });
  });

  test('nothing of App Mesh: no controller, no appmesh grant, no Envoy port rule, nodes on IMDSv2 with hop limit 1', () => {
    const text = JSON.stringify(app.stacks).toLowerCase();
    expect(text).not.toContain('appmesh:');
    expect(text).not.toContain('appmesh-controller');
    expect(text).not.toContain('awsappmeshfullaccess');
    const ports = Object.values<any>(aws.resource!.aws_vpc_security_group_ingress_rule ?? {}).map((r) => r.from_port);
    expect(ports).not.toContain(9901);
    expect(ports).not.toContain(3306);
    const template = Object.values<any>(aws.resource!.aws_launch_template)[0];
    expect(template.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
  });
});
