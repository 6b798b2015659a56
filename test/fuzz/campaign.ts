import type { TestRuntime } from '../support/runtime.ts';
import { type AnswerChecker, answerChecker } from './answers.ts';
import { type Breach, judge } from './contract.ts';
import { type Context, type Draft, pathOf, validDraft, wireSafe } from './drafts.ts';
import { mutate } from './mutations.ts';
import { type Document, type Operation, operationsOf, resolver, type Schema } from './openapi.ts';
import { random } from './random.ts';
import { differences, type Reading, tableWatch } from './table.ts';
import { pooled, type WireAnswer, type WireRequest, wireClient } from './wire.ts';
import { CALLERS, type Caller, prepare, type World } from './world.ts';

/**
 * Requests per operation and caller, a few valid and the rest mutated once to thrice. A
 * caller the operation lets in gets more: what they send reaches the function's own checks,
 * while anyone else is turned away at the door whatever they send.
 */
const LET_IN = { valid: 2, mutated: 6 };
const TURNED_AWAY = { valid: 1, mutated: 2 };
/** Requests in flight at once: enough to find races, few enough for a 2-core machine. */
const CONCURRENCY = 8;

type Kind = 'valid' | 'mutated';

/** One caller's share of a group: their valid or their mutated requests, or some of them. */
interface Part {
  caller: Caller;
  kind: Kind;
  slice?: [number, number];
}

/**
 * Mutated requests to an operation that writes go in smaller groups: one accepted request
 * keeps its whole group from the comparison, and these are the refusals that could write.
 */
const WRITING_GROUP = 4;

export interface Exchange {
  /** Position in the run: with the seed, what names a request for a replay. */
  index: number;
  operation: string;
  caller: string;
  changes: string[];
  /** The request as sent, its body cut short once judged. */
  request: WireRequest;
  bodyBytes: number;
  /** The answer, its text cut short once judged. */
  answer: WireAnswer;
  breaches: Breach[];
}

export interface Group {
  operation: string;
  /** Whose requests, e.g. `valid requests of everyone let in`. */
  label: string;
  exchanges: Exchange[];
  /** Writes seen after a group of refusals only; undefined when the group was not compared. */
  writes?: string[];
  /** A group of refusals that could not be compared: work set off earlier was still going. */
  busy?: boolean;
}

export interface Campaign {
  seed: number;
  operations: Operation[];
  groups: Group[];
  durationMs: number;
  /** Requests sent again on a new connection: their kept-alive one was closed before they reached the server. */
  resent: number;
}

interface Run {
  seed: number;
  operations: Operation[];
  checkAnswer: AnswerChecker;
  resolve: (schema: Schema) => Schema;
  world: World;
  client: ReturnType<typeof wireClient>;
  table: ReturnType<typeof tableWatch>;
  /** The table as the previous group left it. */
  before: Reading;
  sent: number;
}

/** Every operation of the document, by every caller, valid, mutated and hostile. */
export async function runCampaign(api: TestRuntime, seed: number): Promise<Campaign> {
  const started = Date.now();
  const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as Document;
  const operations = inRunOrder(operationsOf(document));
  const world = await prepare(api);
  const table = tableWatch(api.runtime);
  const client = wireClient(api.url, CONCURRENCY);
  const groups: Group[] = [];
  let resent = 0;
  try {
    const run: Run = {
      seed,
      operations,
      checkAnswer: answerChecker(document),
      resolve: resolver(document),
      world,
      client,
      table,
      // What preparing set off (notifications, events) must land before the first comparison.
      before: await table.settle(),
      sent: 0,
    };
    for (const operation of operations)
      for (const [label, parts] of plan(operation)) groups.push(await runGroup(run, operation, label, parts));
  } finally {
    resent = client.resent();
    client.close();
    table.close();
  }
  return { seed, operations, groups, durationMs: Date.now() - started, resent };
}

/**
 * The catalog's administration goes last: a valid edit may replace the very procedure the
 * prepared dossiers were made for, and every later request would then stop short of it.
 */
function inRunOrder(operations: Operation[]): Operation[] {
  const administration = (operation: Operation) => operation.path.startsWith('/admin/');
  return [...operations.filter((op) => !administration(op)), ...operations.filter(administration)];
}

/**
 * The groups of an operation, each sent at once and then compared on its own: the valid
 * requests of everyone let in (they write, and the table must settle after them); the
 * mutated ones of each caller let in, apart, so that one accepted request does not hide
 * the rest; and everyone turned away at the door together, valid or not.
 */
function plan(operation: Operation): [string, Part[]][] {
  const admitted = CALLERS.filter((caller) => letIn(operation, caller));
  const refused = CALLERS.filter((caller) => !letIn(operation, caller));
  const groups: [string, Part[]][] = [
    ['valid requests of everyone let in', admitted.map((caller) => ({ caller, kind: 'valid' }))],
  ];
  for (const caller of admitted) {
    const size = operation.method === 'GET' ? LET_IN.mutated : WRITING_GROUP;
    for (let start = 0; start < LET_IN.mutated; start += size) {
      const slice: [number, number] = [start, Math.min(start + size, LET_IN.mutated)];
      groups.push([
        `mutated requests ${slice[0] + 1}–${slice[1]} of ${caller.name}`,
        [{ caller, kind: 'mutated', slice }],
      ]);
    }
  }
  if (refused.length)
    groups.push([
      `everyone turned away (${refused.map((caller) => caller.name).join(', ')})`,
      refused.flatMap((caller): Part[] => [
        { caller, kind: 'valid' },
        { caller, kind: 'mutated' },
      ]),
    ]);
  return groups;
}

/** Sends one group at once, judges every answer, and compares the table if all were refused. */
async function runGroup(run: Run, operation: Operation, label: string, parts: Part[]): Promise<Group> {
  // Drawn now, with the versions as they are now: a valid If-Match is one that would apply.
  if (operation.parameters.some((parameter) => parameter.name === 'if-match')) await run.world.refreshEtags();
  const drafts = parts.flatMap((part) => draw(run, operation, part).map((draft) => ({ ...part, draft })));
  const requests = drafts.map(({ caller, draft }) => onTheWire(operation, draft, caller, run.world));
  const answers = await pooled(requests, CONCURRENCY, run.client.send);
  const exchanges = requests.map((request, at) =>
    kept({
      index: run.sent++,
      operation: operation.id,
      caller: drafts[at]!.caller.name,
      changes: drafts[at]!.draft.changes,
      request,
      answer: answers[at]!,
      breaches: judge(run.operations, request, answers[at]!, run.checkAnswer),
    }),
  );
  const group: Group = { operation: operation.id, label, exchanges };
  const after = await tableAfter(run, exchanges);
  if (exchanges.every(({ answer }) => answer.status >= 400 && answer.status < 500)) {
    if (run.before.quiet && after.quiet) group.writes = differences(run.before.snapshot, after.snapshot);
    else group.busy = true;
  }
  run.before = after;
  return group;
}

/** A caller's requests, from a generator of their own: the same seed draws the same requests. */
function draw(run: Run, operation: Operation, { caller, kind, slice }: Part): Draft[] {
  const context: Context = {
    generator: {
      random: random(run.seed, operation.id, caller.name, kind),
      resolve: run.resolve,
      knowledge: run.world.knowledge,
      where: { path: operation.path, ...(caller.unit ? { unit: caller.unit } : {}) },
    },
    tokens: run.world.tokens,
    etagOf: (code) => run.world.etags.get(code),
  };
  const size = letIn(operation, caller) ? LET_IN : TURNED_AWAY;
  // All of them every time, from the same seed, so that a slice is the same requests however cut.
  const drafts = Array.from({ length: size[kind] }, () => {
    const draft = validDraft(operation, context);
    return kind === 'valid'
      ? draft
      : mutate(draft, operation, context, context.generator.random.between(1, 3));
  });
  return slice ? drafts.slice(...slice) : drafts;
}

/** Whether the document lets the caller's role in: everyone on a public operation. */
const letIn = (operation: Operation, caller: Caller) =>
  !operation.secured || (!!caller.role && (operation.roles ?? [caller.role]).includes(caller.role));

function onTheWire(operation: Operation, draft: Draft, caller: Caller, world: World): WireRequest {
  const authorization = world.authorization.get(caller.name);
  return {
    method: draft.method,
    target: wireSafe(pathOf(operation, draft)) + (draft.query ? `?${wireSafe(draft.query)}` : ''),
    // A mutated authorization stands; otherwise the caller's own token, if they have one.
    headers: { ...(authorization ? { authorization } : {}), ...draft.headers },
    ...(draft.body === undefined ? {} : { body: draft.body }),
  };
}

/**
 * The table after a group: after an accepted change, once the work it set off (events,
 * notifications, hand-offs) has landed, so that none of it lands in the next group;
 * otherwise as it is now.
 */
async function tableAfter(run: Run, exchanges: Exchange[]): Promise<Reading> {
  const now = await run.table.read();
  const accepted = exchanges.some(
    ({ request, answer }) => request.method !== 'GET' && answer.status >= 200 && answer.status < 300,
  );
  // The functions only set work off by writing the table: nothing written, nothing to wait for.
  const unchanged = now.quiet && differences(run.before.snapshot, now.snapshot).length === 0;
  return accepted && !unchanged ? run.table.settle() : now;
}

const KEPT = 4096;

/** Keeps the beginning of bodies only: the 10 MB ones and the OpenAPI document would fill memory. */
function kept(exchange: Omit<Exchange, 'bodyBytes'>): Exchange {
  const { request, answer } = exchange;
  const body = request.body;
  return {
    ...exchange,
    request: {
      ...request,
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body.slice(0, KEPT) : body.subarray(0, KEPT) }),
    },
    bodyBytes: body === undefined ? 0 : Buffer.byteLength(body),
    answer: { ...answer, text: answer.text.slice(0, KEPT) },
  };
}
