import { CloudFormationClient, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { SyncReport } from '../shared/services/catalog-sync.ts';
import { stackPrefix } from './build-app.ts';
import { STATE_DIR } from './local/cli.ts';
import { devIssuer } from './local/dev-issuer.ts';
import { provinceAccount } from './ops/aws.ts';
import { reportLines } from './ops/catalog-sync.ts';
import { type OpsContext, runForProvince } from './ops/command.ts';
import { OpsError } from './ops/errors.ts';

const USAGE = 'npm run catalog -- sync --province <id> [--apply] [--local]';

/**
 * `npm run catalog -- sync --province <id>`: what the National Database on Administrative
 * Procedures changes of the province's catalogue (name, legal time, fees, components, level),
 * field by field; `--apply` saves it as new versions (the dossiers filed under the old ones
 * keep them). On AWS it runs the deployed weekly sync's function now, with the operator's
 * credentials; `--local` asks the local runtime at $API (default http://127.0.0.1:3000).
 */
await runForProvince(
  USAGE,
  ['apply', 'local'],
  async (context) => {
    if (context.positionals.join(' ') !== 'sync') throw new OpsError(`Say what to do: ${USAGE}`);
    const apply = context.flags.apply === true;
    const report = context.flags.local ? await locally(apply) : await onAws(context, apply);
    for (const line of reportLines(report)) context.say(line);
  },
  { positionals: true },
);

async function locally(apply: boolean): Promise<SyncReport> {
  const api = process.env.API ?? 'http://127.0.0.1:3000';
  const token = await (await devIssuer(STATE_DIR)).sign({ sub: 'catalog-cli', role: 'admin', ttl: 300 });
  let answer: Response;
  try {
    answer = await fetch(`${api}/admin/catalog/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apply }),
    });
  } catch {
    throw new OpsError(`Nothing answers at ${api}: start the runtime with npm start, or set API.`);
  }
  const body = (await answer.json()) as SyncReport & { detail?: string };
  if (answer.status !== 200)
    throw new OpsError(`The sync was refused (${answer.status}): ${body.detail ?? ''}`);
  return body;
}

async function onAws(context: OpsContext, apply: boolean): Promise<SyncReport> {
  const { province, path } = context;
  await provinceAccount(province, path);
  const stack = `${stackPrefix(province.id)}-workers`;
  const cloudformation = new CloudFormationClient({ region: province.region });
  const lambda = new LambdaClient({ region: province.region });
  try {
    const { StackResources = [] } = await cloudformation
      .send(new DescribeStackResourcesCommand({ StackName: stack }))
      .catch((error: Error) => {
        throw new OpsError(`${stack} is not deployed (${error.message}): deploy the province first.`);
      });
    const fn = StackResources.find(
      (resource) =>
        resource.ResourceType === 'AWS::Lambda::Function' &&
        resource.LogicalResourceId?.startsWith('SyncCatalogWeekly'),
    );
    if (!fn?.PhysicalResourceId)
      throw new OpsError(`${stack} has no catalogue sync: deploy this release first.`);
    context.say(`asking the national database through ${fn.PhysicalResourceId}…`);
    const { Payload, FunctionError } = await lambda.send(
      new InvokeCommand({
        FunctionName: fn.PhysicalResourceId,
        Payload: JSON.stringify({ apply, report: true }),
      }),
    );
    const answer = JSON.parse(Buffer.from(Payload ?? new Uint8Array()).toString('utf8') || '{}');
    if (FunctionError) throw new OpsError(`The sync failed: ${answer.errorMessage ?? FunctionError}`);
    if (!answer.report)
      throw new OpsError(answer.skipped ? `Nothing to sync: ${answer.skipped}.` : 'The sync gave no report.');
    return answer.report as SyncReport;
  } finally {
    cloudformation.destroy();
    lambda.destroy();
  }
}
