// Book chapter 10: EKS refuses to move the authentication mode back (API -> API_AND_CONFIG_MAP or
// CONFIG_MAP, API_AND_CONFIG_MAP -> CONFIG_MAP). With a local state, Terraform's plan reads the
// cluster's current mode and fails first; checks/access.plan.ts plans the changes that pass.
// A run of its own, since a failing plan stops the shared one; skipped without terraform. The
// synthesized guard (the local and the cluster's precondition, verbatim) is planned on a
// terraform_data resource: the same expressions without loading the AWS provider (seconds less).
import type { AccessConfig } from '../../src/controlplane/private/access-config';
import { guardedControlPlane, priorState } from '../helpers/access-guard';
import type { TfJson } from '../helpers/synth';
import { planFailure, terraformTests } from '../helpers/terraform';

const { describeTf, label } = terraformTests(false);

/** The guard of a control plane in `accessConfig` against a state in `prior`, on a terraform_data resource. */
function guardOnly(name: string, accessConfig: AccessConfig, prior: AccessConfig): TfJson {
  const json = guardedControlPlane(accessConfig, priorState(name, prior));
  const { precondition } = json.resource!.aws_eks_cluster.control_plane_cluster.lifecycle;
  // The guard's local only: the others (the cluster key's account ID) refer to resources left out here.
  return { locals: { control_plane_prior_access_config: json.locals!.control_plane_prior_access_config }, resource: { terraform_data: { cluster: { input: accessConfig.authenticationMode, lifecycle: { precondition } } } } };
}

describeTf(`a backward authentication mode change fails the plan (${label})`, () => {
  test('API -> API_AND_CONFIG_MAP and API_AND_CONFIG_MAP -> CONFIG_MAP are refused with the reason', () => {
    const message =
      planFailure({
        api_back: guardOnly('api-back', { authenticationMode: 'API_AND_CONFIG_MAP' }, { authenticationMode: 'API' }),
        both_back: guardOnly('both-back', { authenticationMode: 'CONFIG_MAP' }, { authenticationMode: 'API_AND_CONFIG_MAP' }),
      }) ?? 'the plan succeeded';
    expect(message).toContain('Resource precondition failed');
    expect(message.replace(/\s+/g, ' ')).toContain(
      'The authentication mode of the cluster cannot go from API (its mode in the Terraform state) to API_AND_CONFIG_MAP: EKS moves it one way only, CONFIG_MAP -> API_AND_CONFIG_MAP -> API, and refuses the way back (book chapter 10)',
    );
    expect(message.replace(/\s+/g, ' ')).toContain('cannot go from API_AND_CONFIG_MAP (its mode in the Terraform state) to CONFIG_MAP');
  }, 120_000);

  test('the same guard lets a forward change and an unchanged mode through (the control case)', () => {
    expect(
      planFailure({
        forward: guardOnly('forward-only', { authenticationMode: 'API' }, { authenticationMode: 'CONFIG_MAP' }),
        same: guardOnly('same-only', { authenticationMode: 'API_AND_CONFIG_MAP' }, { authenticationMode: 'API_AND_CONFIG_MAP' }),
      }),
    ).toBeUndefined();
  }, 120_000);
});
