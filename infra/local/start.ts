import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadProvinceFile, ProvinceConfigError, provinceFile } from '../../shared/config/province.ts';
import { migrateShapes, migrationLines } from '../../shared/persistence/migrations.ts';
import { STATE_DIR } from './cli.ts';
import { JavaMissingError } from './java.ts';
import { type LocalRuntime, startLocalRuntime } from './runtime.ts';

const { values: args } = parseArgs({
  options: { province: { type: 'string', default: 'dong-nai' }, fresh: { type: 'boolean', default: false } },
});
const port = Number(process.env.PORT ?? 3000);
const log = (line: string) => process.stdout.write(`${line}\n`);

let runtime: LocalRuntime | undefined;
let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('\nstopping…');
  await runtime?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));

try {
  const started = Date.now();
  const file = provinceFile(args.province);
  const province = loadProvinceFile(file);
  if (args.fresh) {
    rmSync(STATE_DIR, { recursive: true, force: true });
    log(`--fresh: removed ${STATE_DIR}`);
  }
  runtime = await startLocalRuntime({
    province,
    provinceFile: file,
    stateDir: STATE_DIR,
    dynamodb: { dataDir: join(STATE_DIR, 'dynamodb') },
    fauxqsDir: join(STATE_DIR, 'fauxqs'),
    port,
    prefix: `motcua-${province.id}`,
    logLevel: process.env.LOG_LEVEL ?? 'INFO',
    progress: (line) => log(`  · ${line}`),
  });
  // State kept from an earlier release is brought to this one's item shapes, as deploy does.
  for (const line of migrationLines(await migrateShapes())) log(`  · ${line}`);
  writeEndpoints(runtime);
  printWelcome(runtime, province.name, province.procedures.length, Date.now() - started);
} catch (error) {
  if (error instanceof JavaMissingError || error instanceof ProvinceConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`motcua could not start: ${(error as Error).stack}\n`);
  }
  await shutdown(1);
}

/** Where the running system can be reached, for the dlq command. */
function writeEndpoints(runtime: LocalRuntime): void {
  const { resources } = runtime;
  const all = { ...resources.queues, streamFailures: resources.streamFailures };
  const queues = Object.fromEntries(
    Object.values(all).map((queue) => [
      queue.definition.name,
      {
        name: queue.definition.name,
        url: queue.url,
        arn: queue.arn,
        dlqUrl: queue.dlqUrl,
        dlqArn: queue.dlqArn,
        fifo: queue.definition.fifo,
      },
    ]),
  );
  const file = join(STATE_DIR, 'endpoints.json');
  writeFileSync(
    file,
    JSON.stringify({ region: runtime.region, sqsEndpoint: runtime.sqsEndpoint, queues }, null, 2),
  );
  process.on('exit', () => rmSync(file, { force: true }));
}

function printWelcome(runtime: LocalRuntime, name: string, procedures: number, ms: number): void {
  const url = runtime.url;
  log(`
motcua is running for ${name} (${procedures} procedures seeded) — ready in ${(ms / 1000).toFixed(1)} s

  API            ${url}
  OpenAPI        ${url}/openapi.json
  Reference      ${url}/docs
  DynamoDB Local ${runtime.dynamodbEndpoint}   (table ${runtime.resources.tableName})
  SQS + S3       ${runtime.awsEndpoint}   (fauxqs, path-style S3)
  Data           ${STATE_DIR}   (npm start -- --fresh wipes it)

Try it:
  curl ${url}/health
  curl '${url}/procedures?field=ho-tich'
  curl ${url}/procedures/1.001193

Tokens from the development issuer (valid 8 hours):
  TOKEN=$(npm run -s token -- --role admin)
  TOKEN=$(npm run -s token -- --role citizen --sub citizen-001)
  TOKEN=$(npm run -s token -- --role officer --unit 000.01.30.H19)
  curl -X PUT ${url}/admin/procedures/1.001193 -H "authorization: Bearer $TOKEN" \\
       -H 'content-type: application/json' -H 'if-match: "1"' --data @procedure.json

Ctrl-C stops everything.`);
}
