import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app.ts';

/** CDK entry: `npx cdk synth -c province=<id>`. */
const app = new App();
const province = app.node.tryGetContext('province');
if (typeof province !== 'string' || !province) throw new Error('Name the province: -c province=<id>');
buildApp(app, { province });
app.synth();
