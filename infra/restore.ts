import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBClient,
  RestoreTableToPointInTimeCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { manifest } from '../functions/manifest.ts';
import { ENV } from '../shared/env.ts';
import { checkRestoredDossiers, type RestoreReport, reportLines } from '../shared/services/restore-check.ts';
import { STATE_DIR } from './local/cli.ts';
import { startLocalRuntime } from './local/runtime.ts';
import { callerAccount, stackOutputs } from './ops/aws.ts';
import { type OpsContext, runForProvince } from './ops/command.ts';
import { OpsError } from './ops/errors.ts';

const USAGE = 'npm run restore -- --province <id> --to <ISO time> | --province <id> --local';

/**
 * `npm run restore -- --province <id> --to <time>`: the table restored to that second (its
 * point-in-time recovery) into a new table beside the live one, then every restored dossier's
 * history held to its chain and to the signed checkpoints of that time, with a report; the
 * live table is not touched, and the operator decides what to do with the restored one.
 * `--local` runs the same check on a copy of `npm start`'s state, as of now.
 */
await runForProvince(USAGE, ['to=', 'local'], async (context) => {
  const report = context.flags.local ? await checkLocalCopy(context) : await restoreOnAws(context);
  for (const line of reportLines(report)) context.say(line);
  if (report.failed.length || report.missing.length || report.forged.length)
    throw new OpsError(
      `The restored table does not hold: ${report.failed.length} dossiers fail their history, ${report.missing.length} are missing, ${report.forged.length} checkpoints do not verify.`,
    );
});

async function restoreOnAws(context: OpsContext): Promise<RestoreReport> {
  const to = restoreTime(context.options.to);
  const { region } = context.province;
  const account = await callerAccount(region);
  const outputs = await stackOutputs(context.dataStack, region);
  if (!outputs?.TableName)
    throw new OpsError(`${context.dataStack} is not deployed in ${region}: there is no table to restore.`);
  const source = outputs.TableName;
  const target = `${source}-restored-${to
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}`;
  context.say(
    `Restoring ${source} (account ${account}, ${region}) as it was at ${to.toISOString()} into ${target}…`,
  );
  const dynamodb = new DynamoDBClient({ region });
  await dynamodb.send(
    new RestoreTableToPointInTimeCommand({
      SourceTableName: source,
      TargetTableName: target,
      RestoreDateTime: to,
      SSESpecificationOverride: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: outputs.DataKeyArn },
    }),
  );
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 4 * 3600 }, { TableName: target });
  context.say(`${target} is ready; checking every dossier's history against the checkpoints…`);
  Object.assign(process.env, {
    [ENV.table]: target,
    [ENV.checkpointBucket]: outputs.CheckpointBucketName,
    [ENV.receiptSigner]: 'kms',
    [ENV.receiptKeyId]: outputs.ReceiptKeyId,
    AWS_REGION: region,
  });
  return checkRestoredDossiers(to);
}

/** A copy of the local state (database files, objects, keys), run on its own, then removed. */
async function checkLocalCopy(context: OpsContext): Promise<RestoreReport> {
  if (!existsSync(join(STATE_DIR, 'dynamodb')))
    throw new OpsError(`There is no local state in ${STATE_DIR}: run npm start first.`);
  const copy = mkdtempSync(join(tmpdir(), 'motcua-restore-'));
  try {
    for (const name of readdirSync(STATE_DIR)) {
      const from = join(STATE_DIR, name);
      if (statSync(from).isFile() || name === 'dynamodb' || name === 'fauxqs')
        cpSync(from, join(copy, name), { recursive: true });
    }
    context.say(`Checking a copy of the local state (${STATE_DIR}) as of now…`);
    const runtime = await startLocalRuntime({
      province: context.province,
      provinceFile: context.file,
      stateDir: copy,
      dynamodb: { dataDir: join(copy, 'dynamodb') },
      fauxqsDir: join(copy, 'fauxqs'),
      port: 0,
      prefix: `motcua-${context.province.id}`,
      logLevel: 'ERROR',
      // Nothing runs on the copy but the check.
      idleConsumers: Object.keys(manifest),
    });
    try {
      return await checkRestoredDossiers(new Date());
    } finally {
      await runtime.stop();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function restoreTime(given: string | undefined): Date {
  if (!given) throw new OpsError(`Say to when: ${USAGE}`);
  const to = new Date(given);
  if (Number.isNaN(to.getTime()))
    throw new OpsError(`--to ${given} is not a time: give an ISO time, e.g. 2026-12-07T09:30:00+07:00.`);
  if (to.getTime() > Date.now())
    throw new OpsError(`--to ${given} is in the future: a table can be restored to a past second only.`);
  return to;
}
