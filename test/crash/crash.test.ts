import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interceptLocalhostDns } from 'fauxqs';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { devIssuer } from '../../infra/local/dev-issuer.ts';
import { freePort } from '../../infra/local/ports.ts';
import { sha256 } from '../support/files.ts';
import type { Json } from '../support/json.ts';
import {
  type Answer,
  answered,
  type Client,
  client,
  download,
  explain,
  type Identity,
  type Outcome,
} from './client.ts';
import { type Action, citizenOf, driveLoad, type Ledger, type Submission } from './load.ts';
import {
  type Delivery,
  deliveriesOf,
  deliveryProblems,
  inconsistencies,
  outboxSends,
  queueDepths,
  readReceived,
  readTable,
  sentAsPromised,
  type TableContents,
  timesDelivered,
} from './records.ts';
import { type Endpoints, groupGone, javaGroup, killGroup, type Server, serve, stop } from './server.ts';

/** Modest on purpose: two cores run the server, DynamoDB Local and this test together. */
const PLAN = {
  submissions: 70,
  submitters: 6,
  officers: 3,
  killAfter: 30,
  inFlightMs: 40,
  killWithinMs: 25_000,
};
/** How long a lost submission may take to go through: its key stays locked 30 s after the crash. */
const RESEND_WITHIN_MS = 60_000;
const DRAIN_WITHIN_MS = 30_000;

const stateDir = mkdtempSync(join(tmpdir(), 'motcua-crash-'));
const servers: Server[] = [];
const javaGroups = new Set<number>();
// Queue URLs name sqs.<region>.localhost, which not every resolver maps to loopback.
const restoreDns = interceptLocalhostDns();

afterAll(async () => {
  for (const server of servers) await stop(server);
  for (const group of javaGroups) if (!(await groupGone(group, 5_000))) killGroup(group);
  restoreDns();
  rmSync(stateDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the server on the state folder and waits until it answers. */
async function start(port: number): Promise<{ server: Server; endpoints: Endpoints }> {
  const server = serve(stateDir, port);
  servers.push(server);
  onTestFailed(() => console.log(`server output:\n${server.output()}`));
  const endpoints = await server.ready;
  javaGroups.add(javaGroup(stateDir));
  return { server, endpoints };
}

describe('the local runtime killed under load', () => {
  it('keeps what it acknowledged, takes each lost submission once and notifies once after a restart (twice only a send the kill cut off from its record)', {
    timeout: 420_000,
  }, async () => {
    const clock = stopwatch();
    const port = await freePort();
    const first = await start(port);
    const firstJava = javaGroup(stateDir);
    // The issuer's key is in the state folder: the same tokens hold across the restart.
    const issuer = await devIssuer(stateDir);
    clock.lap('start');

    const ledger = await driveLoad(client(first.endpoints.url, issuer), PLAN, () =>
      first.server.child.kill('SIGKILL'),
    );
    await first.server.exited;
    clock.lap('load');
    expect(first.server.child.signalCode).toBe('SIGKILL');
    expect(await groupGone(firstJava), 'the killed server’s DynamoDB Local outlived it').toBe(true);
    none(ledger.unexpected, 'answers under load');
    const acknowledged = ledger.submissions.filter((submission) => submission.receipt);
    const lost = ledger.submissions.filter((submission) => submission.lost);
    expect(acknowledged.length, 'submissions acknowledged before the kill').toBeGreaterThan(0);

    const second = await start(port);
    clock.lap('restart');
    const api = client(second.endpoints.url, issuer);
    const [resent, afterRestart] = await Promise.all([
      Promise.all(lost.map((submission) => resendAndCheck(api, submission))),
      inPool(acknowledged, 6, (submission) => dossierProblems(api, submission, ledger.actions)),
    ]);
    clock.lap('checks and resends');
    const settled = await drain(second.endpoints);
    clock.lap('drain');
    const stored = [...settled.table.dossiers.values()];
    console.log(summary(ledger, resent, settled, clock.laps()));

    // Soft: one run reports every way it lost something, not only the first.
    none(afterRestart.flat(), 'acknowledged dossiers after the restart');
    none(
      resent.flatMap((outcome) => outcome.problems),
      'lost submissions sent again',
    );
    none(stored.flatMap(inconsistencies), 'dossier partitions');
    none(ownershipProblems(settled.table, [...acknowledged, ...lost]), 'dossiers per submission');
    const evidence = { killedAt: ledger.killedAt, received: readReceived(stateDir) };
    none(deliveryProblems(settled.expected, settled.table, settled.outbox, evidence), 'notifications');
    none(receptionProblems(ledger, settled), 'receptions acknowledged but not notified');
    none(
      settled.depths.filter((queue) => queue.dead > 0),
      'dead-letter queues',
    );
    none(
      settled.depths.filter((queue) => queue.pending > 0),
      'queues left undrained',
    );

    const java = javaGroup(stateDir);
    await stop(second.server);
    expect(second.server.child.exitCode, 'exit code after SIGTERM').toBe(0);
    expect(await groupGone(java), 'DynamoDB Local outlived its server').toBe(true);
  });
});

const none = (problems: readonly unknown[], what: string) => expect.soft(problems, what).toEqual([]);

/** The figures of the run, on one line. */
function summary(ledger: Ledger, resent: { replayed: boolean }[], settled: Settled, laps: string): string {
  const submissions = ledger.submissions;
  const sends = [...settled.outbox.values()].reduce((sum, times) => sum + times.length, 0);
  const inApp = settled.expected.filter((delivery) => delivery.channel === 'in-app').length;
  return [
    `crash test: before the kill ${submissions.filter((one) => one.receipt && !one.lost).length} submissions`,
    `and ${count(ledger.actions, 'acknowledged')} actions acknowledged,`,
    `${submissions.filter((one) => one.lost).length} submissions lost and resent`,
    `(${resent.filter((outcome) => outcome.replayed).length} had committed),`,
    `${count(ledger.actions, 'lost')} actions lost;`,
    `after the restart ${settled.table.dossiers.size} dossiers,`,
    `${sends} email/SMS sends and ${inApp} in-app notifications counted`,
    `for ${settled.expected.length} deliveries expected; ${laps}`,
  ].join(' ');
}

/** Times the phases of the test, for the summary. */
function stopwatch() {
  const began = Date.now();
  let last = began;
  const laps: string[] = [];
  return {
    lap(name: string) {
      laps.push(`${name} ${((Date.now() - last) / 1000).toFixed(1)} s`);
      last = Date.now();
    },
    laps: () => `${laps.join(', ')}; ${((Date.now() - began) / 1000).toFixed(1)} s in all`,
  };
}

const count = (actions: Action[], fate: 'acknowledged' | 'lost') =>
  actions.filter((action) => action[fate] !== undefined).length;

/** Runs `work` over `items`, `size` at a time, keeping the order of the results. */
async function inPool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return results;
}

/** A lost submission sent again, and the dossier it ends as checked as an acknowledged one. */
async function resendAndCheck(
  api: Client,
  submission: Submission,
): Promise<{ replayed: boolean; problems: string[] }> {
  const outcome = await resend(api, submission);
  if ('problem' in outcome) return { replayed: false, problems: [outcome.problem] };
  return { replayed: outcome.replayed, problems: await dossierProblems(api, submission, []) };
}

/**
 * A lost submission sent again as a client would: the same key and body until it is
 * answered 201. The only other answer allowed is "still in progress", after which the
 * client waits as told: the crashed attempt's claim holds the key until its lock lapses.
 */
async function resend(
  api: Client,
  submission: Submission,
): Promise<{ replayed: boolean } | { problem: string }> {
  const deadline = Date.now() + RESEND_WITHIN_MS;
  for (;;) {
    const outcome = await api.call('/dossiers', citizenOf(submission), {
      method: 'POST',
      body: submission.body,
      headers: { 'idempotency-key': submission.key },
    });
    if (answered(outcome) && outcome.status === 201) {
      submission.receipt = outcome.body;
      return { replayed: outcome.headers.get('idempotent-replayed') === 'true' };
    }
    if (!inProgress(outcome) || Date.now() > deadline)
      return { problem: `resend of ${submission.key} (${submission.citizen}): ${explain(outcome)}` };
    await sleep(Number(outcome.headers.get('retry-after')) * 1000);
  }
}

const inProgress = (outcome: Outcome): outcome is Answer =>
  answered(outcome) &&
  outcome.status === 409 &&
  outcome.body?.type === 'urn:motcua:problem:idempotency-in-progress' &&
  outcome.headers.has('retry-after');

/**
 * What is wrong with a submitted dossier after the restart: missing, behind an action that
 * was acknowledged, half-way through one that was lost, its history broken, or its file
 * not coming back byte for byte.
 */
async function dossierProblems(api: Client, submission: Submission, actions: Action[]): Promise<string[]> {
  const code = submission.receipt.code as string;
  const as = citizenOf(submission);
  const read = await api.call(`/dossiers/${code}`, as);
  if (!answered(read) || read.status !== 200) return [`GET /dossiers/${code}: ${explain(read)}`];
  const problems = actions
    .filter((action) => action.code === code)
    .flatMap((action) => actionProblem(action, read.body) ?? []);
  const history = await api.call(`/dossiers/${code}/history`, as);
  if (!answered(history) || history.status !== 200 || history.body.verification?.valid !== true)
    problems.push(`GET /dossiers/${code}/history: ${explain(history)}`);
  const problem = await fileProblem(api, code, as, submission.file);
  return problem ? [...problems, problem] : problems;
}

/** An acknowledged action is there (or overtaken); a lost one happened whole or not at all. */
function actionProblem(action: Action, dossier: Json): string | undefined {
  const found = `found version ${dossier.version}, state ${dossier.state}`;
  if (action.acknowledged) {
    const { version, state } = action.acknowledged;
    const behind = dossier.version < version || (dossier.version === version && dossier.state !== state);
    return behind
      ? `${action.code}: ${action.action} acknowledged at version ${version}, state ${state}; ${found}`
      : undefined;
  }
  const whole = dossier.version === action.readVersion || dossier.version === action.readVersion + 1;
  return whole
    ? undefined
    : `${action.code}: ${action.action} lost from version ${action.readVersion}; ${found}`;
}

/** The file as uploaded comes back from the dossier's presigned link, byte for byte. */
async function fileProblem(
  api: Client,
  code: string,
  as: Identity,
  file: Submission['file'],
): Promise<string | undefined> {
  const link = await api.call(`/dossiers/${code}/files/${file.uploadId}`, as);
  if (!answered(link) || link.status !== 200) return `link to ${code}/${file.uploadId}: ${explain(link)}`;
  const bytes = await download(link.body.url);
  if (typeof bytes === 'string') return `download of ${code}/${file.uploadId}: ${bytes}`;
  return sha256(bytes) === file.sha256 ? undefined : `${code}/${file.uploadId}: the bytes differ`;
}

/** Every submission acknowledged or resent is exactly one dossier of its citizen: its own. */
function ownershipProblems(table: TableContents, submissions: readonly Submission[]): string[] {
  const owned = new Map<string, string[]>();
  for (const stored of table.dossiers.values()) {
    const owner = stored.dossier?.ownerSub as string | undefined;
    if (owner) owned.set(owner, [...(owned.get(owner) ?? []), stored.code]);
  }
  return submissions.flatMap((submission) => {
    const codes = owned.get(submission.citizen) ?? [];
    return codes.length === 1 && codes[0] === submission.receipt?.code
      ? []
      : [`${submission.citizen} (key ${submission.key}) owns ${codes.join(', ') || 'nothing'}`];
  });
}

interface Settled {
  table: TableContents;
  expected: Delivery[];
  outbox: Map<string, number[]>;
  depths: Awaited<ReturnType<typeof queueDepths>>;
}

/**
 * Waits until the queues are empty, every delivery the committed events call for has
 * happened and the outbox has stopped growing; or until the time is up, so that the
 * assertions say what is missing.
 */
async function drain(endpoints: Endpoints): Promise<Settled> {
  const deadline = Date.now() + DRAIN_WITHIN_MS;
  let sendsBefore = -1;
  for (;;) {
    const table = await readTable(endpoints);
    const expected = [...table.dossiers.values()].flatMap(deliveriesOf);
    const outbox = outboxSends(endpoints);
    const depths = await queueDepths(endpoints);
    const sends = [...outbox.values()].reduce((sum, times) => sum + times.length, 0);
    const idle = depths.every((queue) => queue.pending === 0);
    const done = expected.every((delivery) => timesDelivered(delivery, table, outbox) > 0);
    if ((idle && done && sends === sendsBefore) || Date.now() > deadline)
      return { table, expected, outbox, depths };
    sendsBefore = sends;
    await sleep(1000);
  }
}

/** Every reception an officer was told succeeded has told the applicant by email and SMS. */
function receptionProblems(ledger: Ledger, settled: Settled): string[] {
  return ledger.actions
    .filter((action) => action.action === 'receive' && action.acknowledged)
    .flatMap((action) => {
      const event = settled.table.dossiers
        .get(action.code)
        ?.events.find((stored) => stored.type === 'receive');
      if (!event) return [`${action.code}: no receive event`];
      return (['email', 'sms'] as const).flatMap((channel) => {
        const sent = settled.outbox.get(`${event.eventId}:citizen|${channel}`) ?? [];
        return sentAsPromised(sent, ledger.killedAt)
          ? []
          : [`${action.code}: reception sent ${sent.length} times by ${channel}`];
      });
    });
}
