import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { App } from 'aws-cdk-lib';
import { manifest } from '../functions/manifest.ts';
import { buildApp } from '../infra/build-app.ts';
import type { InvocationMeter } from '../infra/local/invoke.ts';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import type { Manifest } from '../shared/manifest-types.ts';
import { logger, meterSdkCalls } from '../shared/observability.ts';
import { meter as capacityMeter } from './capacity.ts';
import { PRICES, type PriceKey } from './prices.ts';
import { round } from './stats.ts';
import { DECLARATION, postJson, submission, uploadDeclaration } from './writes.ts';

const BIEN_HOA = '000.02.30.H19';
/** What Lambda writes to the log of every invocation (START, END and REPORT lines), in bytes. */
const PLATFORM_LOG_BYTES = 330;
/** One API access log line as the stack's format writes it, in bytes. */
const ACCESS_LOG_BYTES = 350;
/** An idle SQS event source mapping long-polls (20 s) with five pollers: receives a month. */
const IDLE_RECEIVES_PER_QUEUE_MONTH = 5 * 3 * 60 * 24 * 30;

/**
 * Requests the national portal received: each was signed with the province's key (KMS on
 * AWS; the local runtime signs with a file key, which no SDK call shows).
 */
export const portalPushes = { count: 0 };

/** The runtime's invocations reach the meter set here while a journey is measured. */
export const invocations: { meter?: InvocationMeter } = {};

interface Usage {
  apiRequests: number;
  lambdaRequests: number;
  lambdaGbSeconds: number;
  writeUnits: number;
  readUnits: number;
  sqsRequests: number;
  s3Writes: number;
  s3Reads: number;
  signatures: number;
  logBytes: number;
  traces: number;
  emails: number;
  sms: number;
  scannedObjects: number;
  scannedBytes: number;
}

type Line = [PriceKey, number];

/**
 * Every billed request of `journeys` dossier journeys (submission with a file, reception,
 * processing, result, return; the applicant told by email and SMS) through the local runtime,
 * priced per 1,000 dossiers in three lines (the platform, malware scanning, messages to
 * people), and what a province pays in a month with no traffic, item by item.
 */
export async function measureCost(runtime: LocalRuntime, journeys = 5) {
  const usage = await meteredJourneys(runtime, journeys);
  const per1000 = (value: number) => (value / journeys) * 1000;
  const platform: Line[] = [
    ['apiRequest', per1000(usage.apiRequests)],
    ['lambdaRequest', per1000(usage.lambdaRequests)],
    ['lambdaGbSecond', per1000(usage.lambdaGbSeconds)],
    ['dynamoWrite', per1000(usage.writeUnits)],
    ['dynamoRead', per1000(usage.readUnits)],
    ['sqsRequest', per1000(usage.sqsRequests)],
    ['s3Write', per1000(usage.s3Writes)],
    ['s3Read', per1000(usage.s3Reads)],
    ['kmsAsymmetric', per1000(usage.signatures)],
    ['logGb', per1000(usage.logBytes) / 1e9],
    ['trace', per1000(usage.traces)],
  ];
  const scanning: Line[] = [
    ['scanObject', per1000(usage.scannedObjects)],
    ['scanGb', per1000(usage.scannedBytes) / 1e9],
  ];
  const messages: Line[] = [
    ['email', per1000(usage.emails)],
    ['sms', per1000(usage.sms)],
  ];
  return {
    journeys,
    usagePerDossier: Object.fromEntries(
      Object.entries(usage).map(([key, value]) => [key, round(value / journeys, 3)]),
    ),
    per1000Dossiers: { platform: priced(platform), scanning: priced(scanning), messages: priced(messages) },
    idleMonth: idleCost(),
  };
}

function priced(lines: Line[]) {
  const items = lines.map(([key, quantity]) => {
    const { usd, per } = PRICES[key];
    return {
      item: per,
      quantity: round(quantity, 4),
      usd: usd === undefined ? undefined : round(quantity * usd, 4),
    };
  });
  const unpriced = items.filter((item) => item.usd === undefined).map((item) => item.item);
  return {
    totalUsd: round(
      items.reduce((sum, item) => sum + (item.usd ?? 0), 0),
      4,
    ),
    unpriced,
    items,
  };
}

async function meteredJourneys(runtime: LocalRuntime, journeys: number): Promise<Usage> {
  const usage: Usage = {
    apiRequests: 0,
    lambdaRequests: 0,
    lambdaGbSeconds: 0,
    writeUnits: 0,
    readUnits: 0,
    sqsRequests: 0,
    s3Writes: 0,
    s3Reads: 0,
    signatures: 0,
    logBytes: 0,
    traces: 0,
    emails: 0,
    sms: 0,
    scannedObjects: 0,
    scannedBytes: 0,
  };
  await settled(runtime);
  const outboxBefore = outboxLines(runtime);
  const pushesBefore = portalPushes.count;
  invocations.meter = (name, memoryMb, durationMs) => {
    lastInvoked = Date.now();
    // The local stand-ins for other systems (the national portal's) are not the province's bill.
    if ((manifest as Manifest)[name]?.localOnly) return;
    usage.lambdaRequests += 1;
    usage.lambdaGbSeconds += (memoryMb / 1024) * (Math.ceil(durationMs) / 1000);
    usage.logBytes += PLATFORM_LOG_BYTES;
  };
  const stopCalls = meterSdkCalls((service, command) => countCall(usage, service, command));
  const stopPollers = meterPollers(runtime, usage);
  const capacity = capacityMeter();
  const stopLogs = meterLogs(usage);
  try {
    const emails: string[] = [];
    for (let journey = 0; journey < journeys; journey += 1) emails.push(await oneJourney(runtime, usage));
    await delivered(runtime, emails);
    await settled(runtime);
  } finally {
    stopLogs();
    capacity.stop();
    stopPollers();
    stopCalls();
    invocations.meter = undefined;
  }
  usage.signatures += portalPushes.count - pushesBefore;
  usage.writeUnits = capacity.total.write;
  usage.readUnits = capacity.total.read;
  usage.logBytes += usage.apiRequests * ACCESS_LOG_BYTES;
  // Each API request starts a trace (Lambda samples 1 a second and 5% more: at a province's
  // rate, nearly all); the background functions only join traces that reach them.
  usage.traces = usage.apiRequests;
  for (const line of outboxLines(runtime).slice(outboxBefore.length)) {
    const { channel } = JSON.parse(line) as { channel: string };
    if (channel === 'email') usage.emails += 1;
    if (channel === 'sms') usage.sms += 1;
  }
  return usage;
}

/** The functions' own SDK calls, by the price class AWS bills them in (DynamoDB is metered by units). */
function countCall(usage: Usage, service: string, command: string): void {
  if (service.startsWith('SQS')) usage.sqsRequests += 1;
  if (service.startsWith('S3')) {
    if (/^(Get|Head)/.test(command)) usage.s3Reads += 1;
    else if (/^(Put|Copy|List)/.test(command)) usage.s3Writes += 1; // DELETE is free
  }
  if (service.startsWith('KMS') && command.startsWith('Sign')) usage.signatures += 1;
}

/**
 * The event source mappings' receives that bring messages, and their deletes: billed SQS
 * requests on AWS too. The empty long polls are the idle cost's (the local pollers wait 1 s,
 * AWS's 20 s, so counting them here would say nothing of AWS).
 */
function meterPollers(runtime: LocalRuntime, usage: Usage): () => void {
  const name = `cost-meter-${randomUUID()}`;
  runtime.clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const command = context.commandName ?? '';
      const received = (result.output as { Messages?: unknown[] }).Messages?.length ?? 0;
      if (command.startsWith('DeleteMessage') || (command.startsWith('ReceiveMessage') && received > 0))
        usage.sqsRequests += 1;
      return result;
    },
    { step: 'initialize', name },
  );
  return () => runtime.clients.sqs.middlewareStack.remove(name);
}

/** The log bytes the functions write at the level they run at on AWS (INFO). */
function meterLogs(usage: Usage): () => void {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  logger.setLogLevel('INFO');
  for (const stream of streams)
    stream.write = ((chunk: string | Uint8Array) => {
      usage.logBytes += Buffer.byteLength(chunk);
      return true;
    }) as typeof stream.write;
  return () => {
    streams.forEach((stream, at) => {
      stream.write = writes[at]!;
    });
    logger.setLogLevel('CRITICAL');
  };
}

/** Runs one journey; answers the applicant's email address. */
async function oneJourney(runtime: LocalRuntime, usage: Usage): Promise<string> {
  const sub = `cost-${randomUUID().slice(0, 8)}`;
  const email = `${sub}@example.vn`;
  const citizen = await runtime.issuer.sign({
    sub,
    role: 'citizen',
    claims: { email, email_verified: true, phone_number: '+84987654321', phone_number_verified: true },
  });
  const officer = await runtime.issuer.sign({ sub: 'cost-officer', role: 'officer', unit: BIEN_HOA });
  const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) => {
    usage.apiRequests += 1;
    return postJson(runtime, path, token, body, headers);
  };
  const upload = await uploadDeclaration(runtime, citizen);
  usage.apiRequests += 2; // the upload's ticket and its verification
  usage.s3Writes += 1; // the browser's POST of the file
  usage.scannedObjects += 1;
  usage.scannedBytes += DECLARATION.length;
  const body = submission(upload);
  const { code } = await post(
    '/dossiers',
    citizen,
    { ...body, applicant: { ...body.applicant, email } },
    {
      'idempotency-key': randomUUID(),
    },
  );
  let version = 1;
  for (const [action, input] of [
    ['receive', {}],
    ['startProcessing', {}],
    ['complete', { resultSummary: 'Đã cấp Giấy xác nhận tình trạng hôn nhân' }],
    ['returnResult', {}],
  ] as const)
    version = (
      await post(`/dossiers/${code}/actions/${action}`, officer, input, { 'if-match': `"${version}"` })
    ).version;
  usage.signatures += 1; // the receipt (the local runtime signs it with a file key, not KMS)
  return email;
}

/** The applicant is told three times by email (received, result ready, returned). */
const EMAILS_PER_JOURNEY = 3;

/** Waits until every journey's applicant has had their emails: the journeys' work is done. */
async function delivered(runtime: LocalRuntime, emails: string[], patienceSeconds = 300): Promise<void> {
  const deadline = Date.now() + patienceSeconds * 1000;
  const count = (to: string) =>
    outboxLines(runtime).filter((line) => {
      const message = JSON.parse(line) as { to: string; channel: string };
      return message.channel === 'email' && message.to === to;
    }).length;
  while (!emails.every((email) => count(email) >= EMAILS_PER_JOURNEY)) {
    if (Date.now() > deadline)
      throw new Error(
        `the journeys' emails had not all gone after ${patienceSeconds} s: no figure would be right`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const outboxLines = (runtime: LocalRuntime): string[] =>
  existsSync(runtime.outboxFile) ? readFileSync(runtime.outboxFile, 'utf8').split('\n').filter(Boolean) : [];

/** Waits until every queue is empty twice in a row: the journeys' events have all been handled. */
/** When a function last ran, as the invocation meter saw it. */
let lastInvoked = 0;

/**
 * Waits until no function has run for two seconds and every queue is empty: the earlier
 * benches leave thousands of events behind (in the stream as well as the queues), which must
 * not be counted as the journeys'. Fails rather than report a figure with another stage's work.
 */
async function settled(runtime: LocalRuntime, patienceSeconds = 300): Promise<void> {
  const previous = invocations.meter;
  invocations.meter ??= () => {
    lastInvoked = Date.now();
  };
  try {
    await quiet(runtime, patienceSeconds);
  } finally {
    invocations.meter = previous;
  }
}

async function quiet(runtime: LocalRuntime, patienceSeconds: number): Promise<void> {
  const queues = Object.values(runtime.resources.queues);
  let quiet = 0;
  for (let round = 0; round < patienceSeconds * 2 && quiet < 2; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const depths = await Promise.all(
      queues.map(async (queue) => {
        const { Attributes = {} } = await runtime.clients.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return (
          Number(Attributes.ApproximateNumberOfMessages) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible)
        );
      }),
    );
    quiet = depths.every((depth) => depth === 0) && Date.now() - lastInvoked > 2000 ? quiet + 1 : 0;
  }
  if (quiet < 2)
    throw new Error(`the queues were not empty after ${patienceSeconds} s: no figure would be right`);
}

/** What the stack costs a month with no traffic, from its template. */
function idleCost() {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    outdir: mkdtempSync(join(tmpdir(), 'motcua-cost-')),
  });
  const { stacks } = buildApp(app, { province: 'dong-nai' });
  const assembly = app.synth();
  const resources = stacks.flatMap((stack) =>
    Object.values(
      assembly.getStackByName(stack.stackName).template.Resources as Record<
        string,
        { Type: string; Properties: Record<string, unknown> }
      >,
    ),
  );
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
  const alarmMetrics = ofType('AWS::CloudWatch::Alarm').reduce((sum, alarm) => {
    const metrics = alarm.Properties.Metrics as { MetricStat?: unknown }[] | undefined;
    return sum + (metrics ? metrics.filter((metric) => metric.MetricStat).length : 1);
  }, 0);
  const webAcls = ofType('AWS::WAFv2::WebACL');
  const queueMappings = ofType('AWS::Lambda::EventSourceMapping').filter(
    (mapping) => !('StartingPosition' in mapping.Properties),
  ).length;
  const items: [string, number, number | undefined][] = [
    ['KMS keys', ofType('AWS::KMS::Key').length, PRICES.kmsKeyMonth.usd],
    ['CloudWatch alarm metrics', alarmMetrics, PRICES.alarmMetricMonth.usd],
    ['AWS WAF web ACLs', webAcls.length, PRICES.webAclMonth.usd],
    [
      'AWS WAF rules (a managed rule group counts as one)',
      webAcls.reduce((sum, acl) => sum + (acl.Properties.Rules as unknown[]).length, 0),
      PRICES.webAclRuleMonth.usd,
    ],
    [
      'CloudWatch dashboard (free if among the account’s first three of up to 50 metrics)',
      ofType('AWS::CloudWatch::Dashboard').length,
      PRICES.dashboardMonth.usd,
    ],
    [
      'SQS receives of idle queue event sources',
      queueMappings * IDLE_RECEIVES_PER_QUEUE_MONTH,
      PRICES.sqsRequest.usd,
    ],
  ];
  const lines = items.map(([item, quantity, usd]) => ({
    item,
    quantity,
    usd: usd === undefined ? undefined : round(quantity * usd, 2),
  }));
  return {
    totalUsd: round(
      lines.reduce((sum, line) => sum + (line.usd ?? 0), 0),
      2,
    ),
    items: lines,
  };
}
