import type { TestRuntime } from '../support/runtime.ts';
import { type Breach, judge } from './contract.ts';
import { type Context, type Draft, pathOf, validDraft, wireSafe } from './drafts.ts';
import { mutate } from './mutations.ts';
import { type Document, type Operation, operationsOf, resolver } from './openapi.ts';
import { random } from './random.ts';
import { differences, type Snapshot, settle, tableReader } from './table.ts';
import { pooled, type WireAnswer, type WireRequest, wireClient } from './wire.ts';
import { CALLERS, type Caller, prepare, type World } from './world.ts';

/**
 * Requests per operation and caller, a few valid and the rest mutated once to thrice. A
 * caller the operation lets in gets more: what they send reaches the function's own checks,
 * while anyone else is turned away at the door whatever they send.
 */
const LET_IN = { requests: 14, valid: 3 };
const TURNED_AWAY = { requests: 6, valid: 1 };
/** Requests in flight at once: enough to find races, few enough for a 2-core machine. */
const CONCURRENCY = 8;

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
  caller: string;
  exchanges: Exchange[];
  /** Writes seen after a group of refusals only; undefined when the group was not compared. */
  writes?: string[];
}

export interface Campaign {
  seed: number;
  operations: Operation[];
  groups: Group[];
  durationMs: number;
}

/** Every operation of the document, by every caller, valid, mutated and hostile. */
export async function runCampaign(api: TestRuntime, seed: number): Promise<Campaign> {
  const started = Date.now();
  const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as Document;
  const operations = inRunOrder(operationsOf(document));
  const world = await prepare(api);
  const reader = tableReader(api.runtime);
  const queues = Object.values(api.runtime.resources.queues).map((queue) => queue.url);
  const client = wireClient(api.url, CONCURRENCY);
  const groups: Group[] = [];
  try {
    // What preparing set off (notifications, events) must land before the first comparison.
    let before: Snapshot = await settle(reader, api.runtime.clients.sqs, queues);
    let index = 0;
    for (const operation of operations) {
      for (const caller of CALLERS) {
        if (operation.parameters.some((parameter) => parameter.name === 'if-match'))
          await world.refreshEtags();
        const drafts = draw(operation, caller, world, seed, resolver(document));
        const requests = drafts.map((draft) => onTheWire(operation, draft, caller, world));
        const answers = await pooled(requests, CONCURRENCY, client.send);
        const exchanges = requests.map((request, at) =>
          kept({
            index: index++,
            operation: operation.id,
            caller: caller.name,
            changes: drafts[at]!.changes,
            request,
            answer: answers[at]!,
            breaches: judge(operations, request, answers[at]!),
          }),
        );
        const group: Group = { operation: operation.id, caller: caller.name, exchanges };
        groups.push(group);
        const after = await next(exchanges, reader, () => settle(reader, api.runtime.clients.sqs, queues));
        if (exchanges.every(({ answer }) => answer.status >= 400 && answer.status < 500))
          group.writes = differences(before, after);
        before = after;
      }
    }
  } finally {
    client.close();
    reader.close();
  }
  return { seed, operations, groups, durationMs: Date.now() - started };
}

/**
 * The catalog's administration goes last: a valid edit may replace the very procedure the
 * prepared dossiers were made for, and every later request would then stop short of it.
 */
function inRunOrder(operations: Operation[]): Operation[] {
  const administration = (operation: Operation) => operation.path.startsWith('/admin/');
  return [...operations.filter((op) => !administration(op)), ...operations.filter(administration)];
}

/** The group's requests, from a generator of its own: the same seed draws the same requests. */
function draw(
  operation: Operation,
  caller: Caller,
  world: World,
  seed: number,
  resolve: Context['generator']['resolve'],
): Draft[] {
  const context: Context = {
    generator: { random: random(seed, operation.id, caller.name), resolve, knowledge: world.knowledge },
    badTokens: world.badTokens,
    etagOf: (code) => world.etags.get(code),
  };
  const size = letIn(operation, caller) ? LET_IN : TURNED_AWAY;
  return Array.from({ length: size.requests }, (_, at) => {
    const draft = validDraft(operation, context);
    return at < size.valid
      ? draft
      : mutate(draft, operation, context, context.generator.random.between(1, 3));
  });
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
 * The table after a group. Accepted changes set off work that lands later, so after one
 * the runtime must settle before the next group's "before"; reads change nothing.
 */
async function next(
  exchanges: Exchange[],
  reader: ReturnType<typeof tableReader>,
  settled: () => Promise<Snapshot>,
): Promise<Snapshot> {
  const changed = exchanges.some(
    ({ request, answer }) => request.method !== 'GET' && answer.status >= 200 && answer.status < 300,
  );
  return changed ? settled() : reader.snapshot();
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
