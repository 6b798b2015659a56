import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { CloudFormationCustomResourceCreateEvent } from 'aws-lambda';
import { type FauxqsServer, interceptLocalhostDns } from 'fauxqs';
import { manifest as defaultManifest } from '../../functions/manifest.ts';
import { now } from '../../shared/clock.ts';
import { claimsOf, type Province } from '../../shared/config/province.ts';
import type { ConnectorSettings } from '../../shared/connectors/settings.ts';
import { flattenUnits } from '../../shared/domain/catalog.ts';
import { ENV, environmentFor } from '../../shared/env.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { sqs } from '../../shared/messaging/queues.ts';
import { logger } from '../../shared/observability.ts';
import { documents } from '../../shared/persistence/client.ts';
import type { QueueDefinition } from '../../shared/resources.ts';
import { jwtAuthorizer } from './authorizer.ts';
import {
  type Activity,
  answerControl,
  countingInvocations,
  type LocalClock,
  localClock,
  settle,
} from './controls.ts';
import { type DevIssuer, devIssuer, receiptKeyFile, secretsKeyFile } from './dev-issuer.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb.ts';
import { startLocalFauxqs } from './fauxqs.ts';
import { type Gateway, startGateway } from './gateway.ts';
import { createInvoker, type InvocationMeter, type Invoke } from './invoke.ts';
import {
  BackgroundGate,
  type Poller,
  type StreamPoller,
  startQueuePoller,
  startStreamPoller,
} from './pollers.ts';
import { type PortalStandIn, startPortalStandIn } from './portal.ts';
import { procedureDatabaseStandIn } from './procedure-database.ts';
import { localNames, type Provisioned, provision } from './provision.ts';
import { confineEnvironment } from './scope.ts';
import { sweepQuarantine } from './sweep.ts';
import { guardTable } from './table-guard.ts';
import { timeToLive } from './ttl.ts';
import { Signal, wakeOn } from './wakeups.ts';

export interface LocalRuntimeOptions {
  province: Province;
  provinceFile: string;
  manifest?: Manifest;
  /** Folder for the dev issuer's key and the stream checkpoints. */
  stateDir: string;
  /** A running DynamoDB Local to use, or how to start one (files under `dataDir`, or in memory). */
  dynamodb: { endpoint: string } | { dataDir?: string };
  /** Where fauxqs keeps queues and objects across restarts; in memory when absent. */
  fauxqsDir?: string;
  /** Gateway port; 0 picks a free one. */
  port: number;
  /** Prefix of every resource name, so that runtimes can share one DynamoDB Local. */
  prefix: string;
  logLevel?: string;
  /** Print the functions' metrics (CloudWatch embedded metric format) to stdout; off by default. */
  metrics?: boolean;
  onEvent?: (event: unknown) => void;
  onError?: (error: Error) => void;
  /** Told of every invocation with its memory and duration (the cost bench). */
  onInvoked?: InvocationMeter;
  /** Queue settings that differ from the shared definitions (tests of redelivery). */
  queueOverrides?: Partial<Record<string, Partial<QueueDefinition>>>;
  /** Called with progress lines while starting. */
  progress?: (line: string) => void;
  /** How often expired items are removed (DynamoDB's time to live, locally); a minute by default. */
  ttlSweepMs?: number;
  /**
   * The deliveries' retry schedule, scaled (1 by default: 5 s, 5 min, 30 min…; tests use 0,
   * every retry at once).
   */
  retryScale?: number;
  /**
   * Whether the national portal connector and outside units' connectors send to the local
   * stand-ins (on by default; tests that do not look at them leave them off).
   */
  standIns?: boolean;
  /**
   * Queue consumers left without a poller: their messages wait in the queue (tests that do
   * not look at what a consumer does spare the machine its work).
   */
  idleConsumers?: readonly string[];
  /** Where the national portal connector sends instead of the stand-in (the cost bench's receiver). */
  nationalPortalUrl?: string;
  /** How the portal's stand-in hands dossiers over: it files them (`push`, the default) or feeds them (`pull`). */
  portalHandOver?: 'push' | 'pull';
}

export interface LocalRuntime {
  url: string;
  region: string;
  dynamodbEndpoint: string;
  awsEndpoint: string;
  sqsEndpoint: string;
  resources: Provisioned;
  issuer: DevIssuer;
  /** The national portal's stand-in as a sender, with the registry id and key it signs with. */
  portal?: { integrator: string; keyid: string; privateKey: KeyObject };
  clients: { dynamodb: DynamoDBClient; sqs: SQSClient; s3: S3Client };
  /** Runs a function of the manifest with an event, in its own scope, as Lambda would. */
  invoke: Invoke;
  /** The same for the functions of another manifest (tests and benches of single consumers). */
  invokerFor(manifest: Manifest): Invoke;
  /** Where email and SMS land instead of being sent. */
  outboxFile: string;
  /** The queues whose consumers were left idle: their messages stay. */
  idleQueues: string[];
  /** Removes the items whose time to live has passed at `now`, as DynamoDB does on AWS. */
  expireItems(now: Date): Promise<number>;
  /** The functions' clock, moved by hand (`POST /dev/clock` over HTTP). */
  clock: LocalClock;
  /**
   * Resolves once the work set off so far is done: no function running, every polled queue
   * drained, the stream read to its end (`GET /dev/settled` over HTTP). Throws, naming what is
   * still busy, after `timeoutMs`.
   */
  settled(timeoutMs?: number): Promise<void>;
  /**
   * Holds the background work: the pollers take no more messages or stream records until
   * `releaseBackground()`. Resolves once no function runs (the bench measures request paths
   * so, apart from what they set off).
   */
  holdBackground(): Promise<void>;
  releaseBackground(): void;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const QUARANTINE_MAX_AGE_MS = 24 * 3600_000;
const SWEEP_EVERY_MS = 3600_000;
const TTL_SWEEP_MS = 60_000;

/** The registry id under which the national portal's stand-in files dossiers locally. */
export const PORTAL_INTEGRATOR = 'dvcqg';

/**
 * The whole system on one machine: DynamoDB Local, fauxqs for SQS and S3, the resources
 * of the shared definitions, the catalog seed, pollers and the gateway — every function of
 * the manifest running in this process with the environment the CDK stack gives it.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const manifest = options.manifest ?? defaultManifest;
  const region = options.province.region;
  const progress = options.progress ?? (() => undefined);
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    let dynamoDb: DynamoDbLocal | undefined;
    if ('endpoint' in options.dynamodb) {
      dynamoDb = { endpoint: options.dynamodb.endpoint, loopbackOnly: true, stop: () => undefined };
    } else {
      progress('starting DynamoDB Local');
      dynamoDb = await startDynamoDbLocal(
        options.dynamodb.dataDir ? { dataDir: options.dynamodb.dataDir } : {},
      );
      stops.push(() => dynamoDb?.stop());
    }
    if (!dynamoDb.loopbackOnly)
      progress(
        'note: DynamoDB Local listens on every interface (a JDK, not only a JRE, keeps it to 127.0.0.1)',
      );
    progress('starting fauxqs (SQS and S3)');
    const fauxqs: FauxqsServer = await startLocalFauxqs({
      region,
      ...(options.fauxqsDir ? { dataDir: options.fauxqsDir } : {}),
    });
    stops.push(() => fauxqs.stop());
    // fauxqs names queues `http://sqs.<region>.localhost:<port>/…`; *.localhost is loopback
    // (RFC 6761) but not every resolver says so, hence the in-process resolution.
    const restoreDns = interceptLocalhostDns();
    stops.push(restoreDns);
    const sqsEndpoint = `http://sqs.${region}.localhost:${fauxqs.port}`;

    const clients = {
      dynamodb: new DynamoDBClient({ endpoint: dynamoDb.endpoint, region, credentials }),
      sqs: new SQSClient({ endpoint: sqsEndpoint, region, credentials }),
      s3: new S3Client({ endpoint: fauxqs.address, region, credentials, forcePathStyle: true }),
    };
    const streams = new DynamoDBStreamsClient({ endpoint: dynamoDb.endpoint, region, credentials });
    stops.push(() => {
      for (const client of [...Object.values(clients), streams]) client.destroy();
    });

    progress('creating the table, queues and bucket');
    const resources = await provision(
      clients,
      localNames(options.prefix),
      options.queueOverrides,
      sqsEndpoint,
    );
    const outboxFile = join(options.stateDir, `${options.prefix}-outbox.jsonl`);
    // The adapters of this runtime for what AWS provides (KMS, SES/SNS, GuardDuty).
    const available = {
      ...resources.environment,
      [ENV.malwareScanner]: 'eicar',
      [ENV.receiptSigner]: 'file',
      [ENV.receiptKeyFile]: receiptKeyFile(options.stateDir),
      [ENV.secretsSealer]: 'file',
      [ENV.secretsKeyFile]: secretsKeyFile(options.stateDir),
      [ENV.notifyTransport]: 'outbox',
      [ENV.notifyOutboxFile]: outboxFile,
    };
    confineEnvironment();
    guardTable();
    const clock = localClock();
    clock.reset();
    stops.push(() => {
      clock.reset();
    });
    const activity: Activity = { running: 0, started: 0 };
    const invokerFor = (functions: Manifest) =>
      countingInvocations(
        createInvoker(
          functions,
          region,
          (name, spec) => ({
            name,
            environment: environmentFor(spec.uses, available),
            ...(spec.uses.table ? { table: spec.uses.table } : {}),
          }),
          options.onInvoked,
        ),
        activity,
      );
    const invoke = invokerFor(manifest);
    Object.assign(process.env, {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsEndpoint,
      AWS_ENDPOINT_URL_S3: fauxqs.address,
      S3_FORCE_PATH_STYLE: 'true',
      [ENV.provinceId]: options.province.id,
      [ENV.provinceName]: options.province.name,
      [ENV.ratingChangeDays]: String(options.province.ratingChangeDays),
      [ENV.draftKeepDays]: String(options.province.draftKeepDays),
      [ENV.identityClaims]: JSON.stringify(claimsOf(options.province.oidc)),
      [ENV.provinceConfigFile]: options.provinceFile,
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: options.metrics ? 'false' : 'true',
      // Seen only outside invocations (fixtures and tools); each function sees its own.
      ...available,
    });
    // The functions' one logger may exist already (this process imported it): set it as Lambda would.
    logger.setLogLevel((options.logLevel ?? 'WARN') as Parameters<typeof logger.setLogLevel>[0]);

    progress('seeding the catalog');
    for (const [name, spec] of Object.entries(manifest)) {
      if (spec.onDeploy) await invoke(name, deployEvent(name, region));
    }

    const issuer = await devIssuer(options.stateDir);
    const pollers: Poller[] = [];
    const streamPollers: StreamPoller[] = [];
    const settled = (timeoutMs = 60_000) =>
      settle(
        {
          activity,
          sqs: clients.sqs,
          queues: Object.entries(manifest).flatMap(([name, spec]) => {
            const queue =
              spec.queue && !options.idleConsumers?.includes(name) && resources.queues[spec.queue.queue];
            return queue ? [{ name: spec.queue!.queue, url: queue.url }] : [];
          }),
          streams: streamPollers,
        },
        timeoutMs,
      );
    const schedules = Object.entries(manifest).flatMap(([name, spec]) =>
      spec.schedule ? [{ name, everyMinutes: spec.schedule.everyMinutes }] : [],
    );
    const runSchedules = async (only?: string) => {
      const names = schedules.map(({ name }) => name).filter((name) => !only || name === only);
      if (only && names.length === 0) return undefined;
      await Promise.all(names.map((name) => invoke(name, scheduledEvent()).catch(hooks.onError)));
      return names;
    };
    const procedureDatabase = procedureDatabaseStandIn(options.province.procedures);
    const gate = new BackgroundGate();
    // The pollers wait when idle, and wake when this process writes the table or sends a message.
    const tableWrites = new Signal();
    const queueSends = new Signal();
    wakeOn(documents, 'table', tableWrites);
    wakeOn(clients.dynamodb, 'table', tableWrites);
    wakeOn(sqs, 'queues', queueSends);
    wakeOn(clients.sqs, 'queues', queueSends);
    const hooks = { region, invoke, gate, onEvent: options.onEvent, onError: options.onError ?? logError };
    const gateway: Gateway = await startGateway({
      controls: async (request) =>
        (await answerControl(request, { clock, runSchedules, schedules, settle: settled })) ??
        (await portal?.answer(request)) ??
        procedureDatabase(request),
      manifest,
      invoke,
      port: options.port,
      authorize: jwtAuthorizer({ issuer: issuer.issuer, audience: [issuer.audience], jwks: issuer.jwks }),
      onEvent: options.onEvent,
    });
    stops.push(() => gateway.close());
    // The connectors reach the stand-ins for the national portal and outside units' systems
    // through the gateway (`/dev/receivers/…`); loopback targets are allowed on this machine.
    const handOver = options.portalHandOver ?? 'push';
    const connectors = localConnectors(options.province, gateway.url, options.retryScale ?? 1, {
      standIns: options.standIns ?? true,
      handOver,
    });
    Object.assign(available, {
      [ENV.connectors]: JSON.stringify({
        ...connectors,
        ...(options.nationalPortalUrl ? { nationalPortal: { url: options.nationalPortalUrl } } : {}),
      }),
    });
    let portal: PortalStandIn | undefined;
    if (connectors.nationalPortal) {
      progress('starting the national portal’s stand-in');
      portal = await startPortalStandIn({
        gatewayUrl: gateway.url,
        issuer,
        integrator: PORTAL_INTEGRATOR,
        unit: flattenUnits(options.province.units)[0]!.code,
        handOver,
        stateDir: options.stateDir,
      });
    }

    const ttl = timeToLive(clients.dynamodb, resources.tableName);
    stops.push(async () => {
      await Promise.all(pollers.map((poller) => poller.stop()));
    });
    // Let go before the pollers stop (stops run last first): a held poller would never end.
    stops.push(() => gate.release());
    for (const [name, spec] of Object.entries(manifest)) {
      if (spec.queue && !options.idleConsumers?.includes(name)) {
        const queue = resources.queues[spec.queue.queue];
        if (!queue) throw new Error(`${name} is triggered by an unknown queue ${spec.queue.queue}`);
        pollers.push(startQueuePoller(clients.sqs, queue, { name, spec, ...hooks, wake: queueSends }));
      }
      if (spec.stream) {
        const poller = await startStreamPoller(clients.dynamodb, streams, clients.sqs, {
          name,
          spec,
          ...hooks,
          wake: tableWrites,
          removedByService: ttl.removedByService,
          tableName: resources.tableName,
          failureQueue: resources.streamFailures,
          // One position per function, as each event source mapping keeps its own.
          checkpointFile: join(options.stateDir, `${options.prefix}-${name}-stream-checkpoints.json`),
        });
        pollers.push(poller);
        streamPollers.push(poller);
      }
    }

    for (const [name, spec] of Object.entries(manifest)) {
      if (!spec.schedule) continue;
      const timer = setInterval(() => {
        invoke(name, scheduledEvent()).catch(hooks.onError);
      }, spec.schedule.everyMinutes * 60_000);
      timer.unref();
      stops.push(() => clearInterval(timer));
    }

    // DynamoDB's time to live, which DynamoDB Local lacks: expired items go, as the service's removals.
    stops.push(
      everyUnlessRunning(() => ttl.sweep(clock.now()), options.ttlSweepMs ?? TTL_SWEEP_MS, hooks.onError),
    );

    // The lifecycle rule of the AWS bucket, as a timer: unverified uploads go after a day.
    stops.push(
      everyUnlessRunning(
        () => sweepQuarantine(clients.s3, resources.bucketName, new Date(), QUARANTINE_MAX_AGE_MS),
        SWEEP_EVERY_MS,
        hooks.onError,
      ),
    );

    return {
      url: gateway.url,
      region,
      dynamodbEndpoint: dynamoDb.endpoint,
      awsEndpoint: fauxqs.address,
      sqsEndpoint,
      resources,
      issuer,
      ...(portal ? { portal: portal.signer } : {}),
      clients,
      invoke,
      invokerFor,
      outboxFile,
      idleQueues: (options.idleConsumers ?? []).flatMap((name) => {
        const queue = (manifest as Manifest)[name]?.queue?.queue;
        return queue ? [queue] : [];
      }),
      expireItems: (now) => ttl.sweep(now),
      clock,
      settled,
      async holdBackground() {
        gate.hold();
        while (activity.running > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      },
      releaseBackground: () => gate.release(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function localConnectors(
  province: Province,
  gatewayUrl: string,
  retryScale: number,
  { standIns, handOver }: { standIns: boolean; handOver: 'push' | 'pull' },
): ConnectorSettings {
  const outside = flattenUnits(province.units).filter((unit) => unit.external);
  if (!standIns) return { allowLoopback: true, retryScale, units: {} };
  return {
    allowLoopback: true,
    retryScale,
    nationalPortal: {
      url: `${gatewayUrl}/dev/receivers/national-portal`,
      integrator: PORTAL_INTEGRATOR,
      handOver,
      feedUrl: `${gatewayUrl}/dev/portal/feed`,
    },
    procedureDatabase: { url: `${gatewayUrl}/dev/tthc` },
    // The stand-in serves its files from this machine, through the gateway.
    channels: { [PORTAL_INTEGRATOR]: { fileHosts: ['127.0.0.1', 'localhost'], maxFileMb: 10 } },
    units: Object.fromEntries(
      outside.map((unit) => [
        unit.code,
        { url: `${gatewayUrl}/dev/receivers/unit-${unit.code.toLowerCase()}/hops` },
      ]),
    ),
  };
}

function scheduledEvent() {
  return { source: 'aws.events', 'detail-type': 'Scheduled Event', time: now().toISOString() };
}

function deployEvent(name: string, region: string): CloudFormationCustomResourceCreateEvent {
  return {
    RequestType: 'Create',
    ServiceToken: `arn:aws:lambda:${region}:000000000000:function:motcua-${name}`,
    ResponseURL: 'http://127.0.0.1/unused',
    StackId: `arn:aws:cloudformation:${region}:000000000000:stack/motcua-local/local`,
    RequestId: crypto.randomUUID(),
    LogicalResourceId: name,
    ResourceType: 'Custom::Seed',
    ResourceProperties: { ServiceToken: 'local' },
  };
}

function logError(error: Error): void {
  process.stderr.write(`${error.stack ?? error.message}\n`);
}

/**
 * A background task of the services (time to live, the bucket's lifecycle) every so often,
 * never two at once: on a large table one sweep can outlast the interval, and sweeps piling
 * up would starve DynamoDB Local. Returns what stops it.
 */
function everyUnlessRunning(task: () => Promise<unknown>, ms: number, onError: (error: Error) => void) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}
