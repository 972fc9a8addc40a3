// The floor of the benchmark: a one-resource CDKTF app built and run with the same toolchain as
// main.ts (TypeScript 7 emit, plain node, deep provider imports).
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { App, TerraformStack } from 'cdktf';

const app = new App({ stackTraces: false });
const stack = new TerraformStack(app, 'trivial');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });
app.synth();
