import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { ProvinceConfigError } from '../shared/config/province.ts';
import { buildApp } from './build-app.ts';
import { headroom } from './ops/headroom.ts';

/** `npm run synth -- --province dong-nai`: the CloudFormation templates, offline, into cdk.out/. */
const { values } = parseArgs({ options: { province: { type: 'string', default: 'dong-nai' } } });
const started = Date.now();
try {
  const app = new App({ outdir: 'cdk.out', context: { province: values.province } });
  process.stdout.write(`synthesising ${values.province} (bundling every function with esbuild)…\n`);
  const { stacks } = buildApp(app, { province: values.province! });
  const assembly = app.synth();
  for (const stack of stacks) {
    const artifact = assembly.getStackByName(stack.stackName);
    process.stdout.write(`${headroom(stack.stackName, artifact.template)}  ${artifact.templateFullPath}\n`);
  }
  process.stdout.write(`${stacks.length} stacks in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ProvinceConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
}
