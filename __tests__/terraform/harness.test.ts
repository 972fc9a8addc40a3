// The Terraform harness itself: `terraform validate` runs on copies whose modules share the
// root's aws provider (one provider process instead of one per stack); these tests pin that copy
// down and show that a bad provider block, which it leaves out, still fails the plan. Skipped
// without terraform, like the shared run.
import type { TfJson } from '../helpers/synth';
import { MOCK_AWS, planFailure, scratchLayout, terraformTests, validateCopy } from '../helpers/terraform';

const { describeTf, label } = terraformTests(true);

/** A one-VPC stack as cdktf writes it, with `provider` and `vpc` settings merged in. */
function vpcStack(provider: Record<string, unknown>, vpc: Record<string, unknown>): TfJson {
  return {
    terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } }, backend: { local: { path: 'terraform.tfstate' } } },
    provider: { aws: [{ region: 'eu-west-1', ...provider }] },
    resource: { aws_vpc: { vpc: { cidr_block: '10.0.0.0/16', ...vpc } } },
  };
}

test('the validate copy drops the default aws provider block and the backend, and keeps aliased providers', () => {
  const stack = vpcStack({}, {});
  stack.provider!.aws.push({ alias: 'virginia', region: 'us-east-1' });
  const copy = validateCopy(stack);
  expect(copy.provider).toEqual({ aws: [expect.objectContaining({ alias: 'virginia', region: 'us-east-1', access_key: 'mock-access-key' })] });
  expect(copy.terraform?.backend).toBeUndefined();
  expect(copy.resource).toEqual(stack.resource);
  expect(validateCopy(vpcStack({}, {})).provider).toBeUndefined();
});

test('the plan root holds one copy of each distinct provider block, passed to the modules that had it', () => {
  const { root, copies } = scratchLayout({ a: vpcStack({}, {}), b: vpcStack({}, {}), c: vpcStack({ region: 'us-west-2' }, {}) }, 'plan');
  expect(root.provider).toEqual({
    aws: [
      { '//': 'the provider of a, b', region: 'eu-west-1', ...MOCK_AWS, alias: 'shared_1' },
      { '//': 'the provider of c', region: 'us-west-2', ...MOCK_AWS, alias: 'shared_2' },
    ],
  });
  expect(root.module).toEqual({
    a: { source: './a', providers: { aws: 'aws.shared_1' } },
    b: { source: './b', providers: { aws: 'aws.shared_1' } },
    c: { source: './c', providers: { aws: 'aws.shared_2' } },
  });
  for (const copy of Object.values(copies)) expect(copy.provider).toBeUndefined();
  // A stack with aliased providers keeps its own blocks.
  const aliased = vpcStack({}, {});
  aliased.provider!.aws.push({ alias: 'virginia', region: 'us-east-1' });
  const layout = scratchLayout({ aliased }, 'plan');
  expect(layout.root.module).toEqual({ aliased: { source: './aliased' } });
  expect(layout.copies.aliased.provider!.aws).toHaveLength(2);
});

describeTf(`the Terraform harness (${label})`, () => {
  // The shared run is the control case: every preset validates and plans.
  test('the plan refuses a provider block that the validate copy leaves out', () => {
    const message = planFailure({ bad_provider: vpcStack({ regoin: 'eu-west-1' }, {}) }) ?? 'the plan succeeded';
    expect(message).toMatch(/on main\.tf\.json line \d+, in provider\.aws\[0\][\s\S]*No argument or block type is named "regoin"/);
  }, 120_000);
});
