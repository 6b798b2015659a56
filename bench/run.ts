import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { manifest } from '../functions/manifest.ts';
import { startLocalRuntime } from '../infra/local/runtime.ts';
import { loadProvinceFile, provinceFile } from '../shared/config/province.ts';
import { measureBundles } from './bundles.ts';
import { measureJourney, PRICES } from './capacity.ts';
import { measureConsumers } from './consumers.ts';
import { invocations, measureCost, portalPushes } from './cost.ts';
import { measureIntegrations, measureIsolation } from './integrations.ts';
import { measureLookups } from './lookup.ts';
import { measureNotifications } from './notifications.ts';
import { PRICE_REGION, PRICES_AS_OF } from './prices.ts';
import { measureScale } from './scale.ts';
import { closedLoop, combine, type LoadResult, round } from './stats.ts';
import { measurePage, measurePageAtScale } from './transparency.ts';
import { measureWrites } from './writes.ts';

/**
 * `npm run bench`: figures as ratios to a baseline measured in the same run, because the
 * machines are shared and noisy. Not a test: it asserts nothing.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const log = (line: string) => process.stdout.write(`${line}\n`);

const file = provinceFile('dong-nai');
// The national portal's side, outside the deployment: it takes every push and says 200.
const portal = createServer((request, response) => {
  portalPushes.count += 1;
  request.resume();
  request.on('end', () => response.writeHead(200).end());
});
await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
log('starting the local runtime…');
const runtime = await startLocalRuntime({
  province: loadProvinceFile(file),
  provinceFile: file,
  stateDir: mkdtempSync(join(tmpdir(), 'motcua-bench-')),
  dynamodb: {},
  port: 0,
  prefix: 'bench',
  logLevel: 'CRITICAL',
  // The local stand-in for DynamoDB's time to live scans the whole table; on AWS it is the
  // service's, off every request path. Scanning 100,000 dossiers a minute would weigh on the
  // scale figures, so it waits here.
  ttlSweepMs: 24 * 3600_000,
  nationalPortalUrl: `http://127.0.0.1:${(portal.address() as AddressInfo).port}/dvcqg`,
  onInvoked: (...invocation) => invocations.meter?.(...invocation),
});

try {
  const documents = DynamoDBDocumentClient.from(runtime.clients.dynamodb);
  const key = { pk: 'CATALOG', sk: 'PROC#1.001193' };
  const getItem = () => documents.send(new GetCommand({ TableName: runtime.resources.tableName, Key: key }));
  const url = `${runtime.url}/procedures/1.001193`;
  const viaGateway = async (seconds: number): Promise<LoadResult> => {
    const load = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
    if (load.non2xx > 0 || load.errors > 0)
      throw new Error(`gateway: ${load.non2xx} non-2xx, ${load.errors} errors`);
    return {
      p50: load.latency.p50,
      p99: load.latency.p99,
      requestsPerSecond: load.requests.average,
      requests: load.requests.total,
    };
  };

  /** Waits until the background work set off so far is done; how long it took, in seconds. */
  const drain = async () => {
    const started = performance.now();
    await runtime.settled(600_000);
    return round((performance.now() - started) / 1000, 1);
  };

  log('warming up the JVM and both paths…');
  await closedLoop(getItem, CONNECTIONS, 3);
  await viaGateway(3);

  // Alternating rounds, so that drift of a shared machine weighs on both sides alike.
  const rounds = 4;
  const baselineRounds: LoadResult[] = [];
  const gatewayRounds: LoadResult[] = [];
  log(`measuring: ${rounds} alternating rounds of ${SECONDS / rounds} s each, ${CONNECTIONS} connections…`);
  for (let round = 0; round < rounds; round += 1) {
    baselineRounds.push(await closedLoop(getItem, CONNECTIONS, SECONDS / rounds));
    gatewayRounds.push(await viaGateway(SECONDS / rounds));
  }
  const baseline = combine(baselineRounds);
  const gateway = combine(gatewayRounds);

  // Before the write load, whose thousands of events would queue ahead of these.
  const webhookDeliveries = Number(process.env.BENCH_WEBHOOKS ?? 200);
  log(
    `integrations: a signed read vs the same read with a token, ${SECONDS} s each; ${webhookDeliveries} webhook deliveries…`,
  );
  const integrations = await measureIntegrations(runtime, CONNECTIONS, SECONDS, webhookDeliveries);
  log('isolation: the portal’s lag with and without a webhook that answers slowly…');
  const isolation = await measureIsolation(runtime);
  log('the public page: its bytes and time vs a catalog read…');
  const publicPage = await measurePage(runtime);
  log('the public page: a month of 100 dossiers against one of 10,000…');
  const pageScale = await measurePageAtScale(runtime);
  // The page's seeding set off thousands of events: each latency is measured from a quiet runtime.
  const drained = await drain();
  log(
    `notifications: from an officer action to the email in the local outbox (after ${drained} s draining)…`,
  );
  const notifications = {
    ...(await measureNotifications(runtime, Number(process.env.BENCH_NOTIFICATIONS ?? 30))),
    drainedBeforeSeconds: drained,
  };
  log('look-up: a wrong phone for a real dossier vs an unknown code…');
  const lookups = await measureLookups(runtime, Number(process.env.BENCH_LOOKUP_DOSSIERS ?? 20));
  const backlog = Number(process.env.BENCH_CONSUMER_MESSAGES ?? 300);
  log(`consumers: draining a backlog of ${backlog} messages each, vs a consumer that does nothing…`);
  const consumers = await measureConsumers(runtime, backlog);
  log(`writes: POST /dossiers and an officer action vs raw TransactWriteItems, ${SECONDS} s each…`);
  const writes = await measureWrites(runtime, CONNECTIONS, SECONDS);
  log('capacity: one journey from submission to the returned result…');
  const journey = await measureJourney(runtime);
  log('cost: every billed request of five journeys, per 1,000 dossiers, and the idle month…');
  const cost = await measureCost(runtime, 5);
  const large = Number(process.env.BENCH_SCALE_LARGE ?? 100_000);
  log(`scale: a unit's inbox, a citizen's list and the sweep with 1,000 and ${large} other dossiers…`);
  const scale = await measureScale(runtime, { small: 1_000, large }, 15, log);

  log('bundling every function as CDK does and timing its import in fresh processes…');
  const bundles = await measureBundles(manifest);

  const read = {
    baseline,
    gateway,
    p50Ratio: round(gateway.p50 / Math.max(baseline.p50, 0.01)),
    p99Ratio: round(gateway.p99 / Math.max(baseline.p99, 0.01)),
    throughputRatio: round(gateway.requestsPerSecond / baseline.requestsPerSecond),
  };
  const ratio = (a: LoadResult, b: LoadResult) => ({
    p50Ratio: round(a.p50 / Math.max(b.p50, 0.01)),
    p99Ratio: round(a.p99 / Math.max(b.p99, 0.01)),
  });
  const write = {
    ...writes,
    submit: ratio(writes.submitViaGateway, writes.submitRawTransaction),
    action: ratio(writes.actionViaGateway, writes.actionRawTransaction),
  };
  const results = {
    at: new Date().toISOString(),
    node: process.version,
    seconds: SECONDS,
    connections: CONNECTIONS,
    read,
    write,
    notifications,
    lookups,
    consumers,
    journey,
    cost,
    scale,
    integrations,
    publicPage,
    pageScale,
    ...bundles,
  };
  writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  log('\nRead path: GET /procedures/{code} through the gateway vs a raw GetItem');
  console.table({
    'raw GetItem': { 'p50 ms': baseline.p50, 'p99 ms': baseline.p99, 'req/s': baseline.requestsPerSecond },
    gateway: { 'p50 ms': gateway.p50, 'p99 ms': gateway.p99, 'req/s': gateway.requestsPerSecond },
    'gateway ÷ raw': { 'p50 ms': read.p50Ratio, 'p99 ms': read.p99Ratio, 'req/s': read.throughputRatio },
  });
  log('\nWrites through the gateway vs a raw TransactWriteItems of the same items');
  const row = (r: LoadResult) => ({
    'p50 ms': round(r.p50),
    'p99 ms': round(r.p99),
    'req/s': r.requestsPerSecond,
  });
  log(`\nWrites (both sides measured with the background consumers ${writes.background}):`);
  console.table({
    'raw submit transaction': row(writes.submitRawTransaction),
    'POST /dossiers': row(writes.submitViaGateway),
    'submit ÷ raw': { 'p50 ms': write.submit.p50Ratio, 'p99 ms': write.submit.p99Ratio },
    'raw action transaction': row(writes.actionRawTransaction),
    'officer action': row(writes.actionViaGateway),
    'action ÷ raw': { 'p50 ms': write.action.p50Ratio, 'p99 ms': write.action.p99Ratio },
  });
  log(
    `\nAction → notification in the local outbox (${notifications.samples} samples): p50 ${notifications.actionToOutboxP50Ms} ms, ` +
      `p99 ${notifications.actionToOutboxP99Ms} ms; about ${notifications.notificationsPerSecond} deliveries/s while measuring (sequential), ` +
      `from a runtime left to settle first (${notifications.drainedBeforeSeconds} s of earlier work drained)`,
  );
  log(
    `\nLook-up refusals (${lookups.samples} each): wrong phone p50 ${lookups.wrongPhoneP50Ms} ms, p99 ${lookups.wrongPhoneP99Ms} ms; ` +
      `unknown code p50 ${lookups.unknownCodeP50Ms} ms, p99 ${lookups.unknownCodeP99Ms} ms; wrong phone ÷ unknown code (p50) ${lookups.p50Ratio}`,
  );
  log(`\nQueue consumers draining a backlog (messages per second), vs a consumer that does nothing`);
  console.table(
    Object.fromEntries(
      Object.entries(consumers).map(([name, figures]) => [
        name,
        {
          'msg/s': figures.messagesPerSecond,
          'no-op msg/s': figures.baselinePerSecond,
          '÷ no-op': figures.ratio,
        },
      ]),
    ),
  );
  log(
    `\nOne journey (submit → 10): ${journey.writeUnits} write units, ${journey.readUnits} read units; ` +
      `USD ${journey.costPer1000DossiersUsd} per 1,000 dossiers at ${PRICES.region} on-demand prices ` +
      `(${PRICES.writePerMillion}/M writes, ${PRICES.readPerMillion}/M reads)`,
  );
  log(
    `\nWhat 1,000 dossiers cost (${PRICE_REGION} list prices, ${PRICES_AS_OF}; unpriced lines need BENCH_PRICE_*)`,
  );
  for (const [line, figures] of Object.entries(cost.per1000Dossiers)) {
    const unpriced = figures.unpriced.length ? ` + unpriced: ${figures.unpriced.join('; ')}` : '';
    log(`  ${line}: USD ${figures.totalUsd}${unpriced}`);
    console.table(
      Object.fromEntries(
        figures.items.map((item) => [item.item, { quantity: item.quantity, usd: item.usd ?? '—' }]),
      ),
    );
  }
  log(`  a month with no traffic: USD ${cost.idleMonth.totalUsd}`);
  console.table(
    Object.fromEntries(
      cost.idleMonth.items.map((item) => [item.item, { quantity: item.quantity, usd: item.usd ?? '—' }]),
    ),
  );
  log(
    `\nThe same reads with ${scale.small} and ${scale.large} other dossiers (median ms; ${scale.seedPerSecond} seeded/s)`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(scale.operations).map(([name, figures]) => [
        name,
        { [`${scale.small}`]: figures.smallMs, [`${scale.large}`]: figures.largeMs, ratio: figures.ratio },
      ]),
    ),
  );
  log(
    '\nA signed read through the gateway (GET /integrations/v1/dossiers/{code}) vs the dossier read with a token',
  );
  console.table({
    signed: row(integrations.signed),
    'with a token': row(integrations.unsigned),
    'signed ÷ token': { 'p50 ms': integrations.p50Ratio },
  });
  log(
    `\nThe public page (GET /cong-khai): ${publicPage.bytes} bytes, p50 ${publicPage.p50Ms} ms against ` +
      `${publicPage.baselineP50Ms} ms for GET /procedures/{code} (${publicPage.ratio}); a month of ` +
      `${pageScale.large} dossiers p50 ${pageScale.largeP50Ms} ms (${pageScale.largeBytes} bytes) against ` +
      `${pageScale.small} dossiers ${pageScale.smallP50Ms} ms (${pageScale.smallBytes} bytes): ${pageScale.ratio}`,
  );
  log(
    `\nWebhooks: ${integrations.webhooks.deliveries} deliveries drained by the webhooks' consumer as deployed at ` +
      `${integrations.webhooks.deliveriesPerSecond}/s (the same queue with a consumer that does nothing: ` +
      `${integrations.webhooks.consumerBaselinePerSecond}/s), to a receiver that takes ` +
      `${integrations.webhooks.receiverPostsPerSecond} plain POSTs/s from two loops (${integrations.webhooks.ratio})`,
  );
  log(
    `\nIsolation: the national portal's p50 lag (event to 2xx) over ${isolation.dossiers} submissions, ` +
      `${isolation.quietP50Ms} ms alone and ${isolation.beside.p50Ms} ms beside a webhook that answers after ` +
      `${isolation.beside.slowMs} ms: ${isolation.ratio}`,
  );
  log(
    `\nThe front door: ${integrations.frontDoor.dossiers} dossiers handed over by the portal with two small files each, ` +
      `from the filing to "received, files clean" (fetched, hashed, scanned): p50 ${integrations.frontDoor.p50} ms, ` +
      `p90 ${integrations.frontDoor.p90} ms`,
  );
  log(
    `\nBundles (minified, AWS SDK external) and import time vs a DynamoDB-client-only bundle (${bundles.baselineMs} ms)`,
  );
  console.table(
    Object.fromEntries(
      bundles.bundles.map((entry) => [
        entry.name,
        { KB: round(entry.bytes / 1024, 1), 'import ms': entry.importMs, '÷ baseline': entry.importRatio },
      ]),
    ),
  );
  log('\nwritten to bench/results.json');
} finally {
  await runtime.stop();
  portal.close();
}
