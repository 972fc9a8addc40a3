// Book chapter 10: EKS refuses to move the authentication mode back (API -> API_AND_CONFIG_MAP or
// CONFIG_MAP, API_AND_CONFIG_MAP -> CONFIG_MAP). With a local state, Terraform's plan reads the
// cluster's current mode and fails first; checks/access.plan.ts plans the changes that pass.
// A run of its own, since a failing plan stops the shared one; skipped without terraform.
import { guardedControlPlane, priorState } from '../helpers/access-guard';
import { planFailure, terraformAvailability } from '../helpers/terraform';

const availability = terraformAvailability();
const describeTf = availability.available ? describe : describe.skip;

describeTf(`a backward authentication mode change fails the plan (${availability.available ? `terraform ${availability.version}` : `skipped: ${availability.reason}`})`, () => {
  test('API -> API_AND_CONFIG_MAP and API_AND_CONFIG_MAP -> CONFIG_MAP are refused with the reason', () => {
    const message =
      planFailure({
        api_back: guardedControlPlane({ authenticationMode: 'API_AND_CONFIG_MAP' }, priorState('api-back', { authenticationMode: 'API' })),
        both_back: guardedControlPlane({ authenticationMode: 'CONFIG_MAP' }, priorState('both-back', { authenticationMode: 'API_AND_CONFIG_MAP' })),
      }) ?? 'the plan succeeded';
    expect(message).toContain('Resource precondition failed');
    expect(message.replace(/\s+/g, ' ')).toContain(
      'The authentication mode of the cluster cannot go from API (its mode in the Terraform state) to API_AND_CONFIG_MAP: EKS moves it one way only, CONFIG_MAP -> API_AND_CONFIG_MAP -> API, and refuses the way back (book chapter 10)',
    );
    expect(message.replace(/\s+/g, ' ')).toContain('cannot go from API_AND_CONFIG_MAP (its mode in the Terraform state) to CONFIG_MAP');
  }, 120_000);
});
