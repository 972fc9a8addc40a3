// The Kubernetes stack's AWS side in token mode, judged by Terraform itself: `terraform validate`
// knows the ephemeral aws_eks_cluster_auth of hashicorp/aws 5.100.0 (the kubernetes and helm
// providers are not in the offline mirror, so they are left out of the copy validated).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthApp } from '../helpers/synth';
import { offlineCopy, terraformEnv, terraformTests } from '../helpers/terraform';

const { describeTf, label } = terraformTests(true);

describeTf(`the ephemeral cluster token (${label}: terraform validate)`, () => {
  test('Terraform accepts the ephemeral resource, its name from the AWS stack\'s state', () => {
    const config = { controlPlane: { accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }, kubernetes: { auth: 'token', rbac: { clusterRoles: { r: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } } } } };
    const k8s = offlineCopy(synthApp('default', config).stacks.kubernetes);
    const awsOnly = {
      terraform: { required_version: k8s.terraform!.required_version, required_providers: { aws: k8s.terraform!.required_providers.aws } },
      provider: { aws: k8s.provider!.aws },
      data: { terraform_remote_state: k8s.data!.terraform_remote_state },
      locals: k8s.locals,
      ephemeral: (k8s as any).ephemeral,
    };
    expect(Object.keys(awsOnly.ephemeral.aws_eks_cluster_auth)).toEqual(['cluster_auth']);
    const dir = mkdtempSync(join(tmpdir(), 'tf-ephemeral-'));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(awsOnly));
    const env = terraformEnv();
    const init = spawnSync('terraform', ['init', '-backend=false', '-input=false'], { cwd: dir, env, encoding: 'utf8' });
    expect(init.stderr).toBe('');
    const validate = spawnSync('terraform', ['validate', '-json'], { cwd: dir, env, encoding: 'utf8' });
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
  });
});
