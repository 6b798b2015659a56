import { randomUUID } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { compactVerify, createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { now } from '../../shared/clock.ts';
import { checkpointHash } from '../../shared/domain/checkpoints.ts';
import { eventHash } from '../../shared/domain/history.ts';
import { documents } from '../../shared/persistence/client.ts';
import { checkRestoredDossiers, reportLines } from '../../shared/services/restore-check.ts';
import { BIEN_HOA, journey, TRAN_BIEN } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

/** Someone with write access to the table, and nothing else: of dossiers, or (`FEEDBACK#`) of feedback. */
const table = (partition = 'DOSSIER#') => {
  const client = DynamoDBDocumentClient.from(api.runtime.clients.dynamodb);
  const TableName = api.runtime.resources.tableName;
  return {
    get: async (sk: string, code: string) =>
      (await client.send(new GetCommand({ TableName, Key: { pk: `${partition}${code}`, sk } }))).Item as Json,
    put: (item: Json) => client.send(new PutCommand({ TableName, Item: item })),
    delete: (sk: string, code: string) =>
      client.send(new DeleteCommand({ TableName, Key: { pk: `${partition}${code}`, sk } })),
    events: async (code: string) =>
      (
        await client.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
            ExpressionAttributeValues: { ':pk': `${partition}${code}`, ':events': 'EVENT#' },
          }),
        )
      ).Items as Json[],
  };
};

/** A checkpoint now, without waiting for the usual minute of settling. */
const checkpoint = () =>
  api.runtime.invoke('checkpointHistory', { detail: { settleSeconds: 0 } }) as Promise<Json>;

/** Holds the next write of the checkpointer's progress until released. */
function holdProgressWrite() {
  let reached!: () => void;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = { reached: new Promise<void>((resolve) => (reached = resolve)), release };
  let armed = true;
  const name = `hold-${randomUUID()}`;
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      const item = (args.input as { Item?: { pk?: { S?: string } | string } }).Item;
      const pk = typeof item?.pk === 'string' ? item.pk : item?.pk?.S;
      if (armed && context.commandName === 'PutItemCommand' && pk === 'CHECKPOINT') {
        armed = false;
        reached();
        await gate;
        documents.middlewareStack.remove(name);
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return held;
}

/** A dossier received and in processing: three events. */
async function processed(flow: ReturnType<typeof journey>) {
  const { code } = await flow.submit();
  await flow.act(code, BIEN_HOA, 'receive');
  await flow.act(code, BIEN_HOA, 'startProcessing');
  return code;
}

const verification = async (flow: ReturnType<typeof journey>, code: string) =>
  (await readJson(await api.call(`/dossiers/${code}/history`, { as: 'citizen', sub: flow.citizen })))
    .verification;

/** What an attacker does after deleting or rewriting events: make the chain and the head agree again. */
async function rechain(code: string, from: number, partition = 'DOSSIER#') {
  const store = table(partition);
  const events = (await store.events(code)).sort((a, b) => a.seq - b.seq);
  let previous = from > 1 ? events[from - 2]!.hash : '0'.repeat(64);
  for (const event of events.slice(from - 1)) {
    // The item's keys, kind and shape are how the table stores an event, not what its hash covers.
    const { pk, sk, entity, shape, gsi1pk, gsi1sk, hash: _old, ...content } = event;
    const rewritten = { ...content, prevHash: previous };
    const hash = eventHash(rewritten as never);
    await store.put({ pk, sk, entity, shape, gsi1pk, gsi1sk, ...rewritten, hash });
    previous = hash;
  }
  const last = events.at(-1)!;
  if (partition === 'FEEDBACK#') {
    const feedback = await store.get('FEEDBACK', code);
    await store.put({ ...feedback, eventCount: events.length, lastEventHash: previous, state: last.state });
    return;
  }
  const dossier = await store.get('DOSSIER', code);
  await store.put({ ...dossier, eventCount: events.length, lastEventHash: previous, state: last.toState });
}

describe('a history that cannot be quietly rewritten', () => {
  it('is verified up to the checkpoint that signed it, and says what came after', async () => {
    const flow = journey(api);
    const code = await processed(flow);
    const taken = await checkpoint();
    expect(taken.heads).toBeGreaterThanOrEqual(1);
    expect(await verification(flow, code)).toMatchObject({
      valid: true,
      length: 3,
      checkpoint: { number: taken.number, count: 3 },
      statement: `verified up to checkpoint ${taken.number} (events 1–3)`,
    });
    await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
    expect((await verification(flow, code)).statement).toBe(
      `verified up to checkpoint ${taken.number} (events 1–3; 1 later, not yet anchored)`,
    );
  });

  it('catches a deleted last event, by the dossier item and by the checkpoint', async () => {
    const flow = journey(api);
    const code = await processed(flow);
    await checkpoint();
    await table().delete('EVENT#000003', code);
    expect(await verification(flow, code)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/counts 3 events/),
    });
    // The attacker also rewrites the dossier's head to agree: the checkpoint still remembers.
    await rechain(code, 3);
    expect(await verification(flow, code)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/saw 3 events; 2 remain/),
    });
  });

  it('catches an event rewritten with every later hash recomputed', async () => {
    const flow = journey(api);
    const code = await processed(flow);
    await checkpoint();
    const store = table();
    const receipt = (await store.events(code)).find((event) => event.seq === 2)!;
    await store.put({ ...receipt, note: 'sửa lén', actor: { ...receipt.actor, sub: 'someone-else' } });
    await rechain(code, 2);
    expect(await verification(flow, code)).toMatchObject({
      valid: false,
      brokenAt: 3,
      reason: expect.stringMatching(/event 3 differs from what checkpoint \d+ saw/),
    });
  });

  it('catches a rewrite that a later checkpoint signed, by the checkpoint before it', async () => {
    const flow = journey(api);
    const code = await processed(flow);
    const before = await checkpoint();
    const store = table();
    const receipt = (await store.events(code)).find((event) => event.seq === 2)!;
    await store.put({ ...receipt, note: 'sửa lén' });
    await rechain(code, 2);
    // The dossier moves on, and the next checkpoint signs the rewritten chain as it now stands.
    await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
    const after = await checkpoint();
    expect(after.number).toBe(before.number + 1);
    expect(await verification(flow, code)).toMatchObject({
      valid: false,
      brokenAt: 3,
      reason: `event 3 differs from what checkpoint ${before.number} saw`,
    });
  });

  it('catches a state written straight onto the dossier', async () => {
    const flow = journey(api);
    const code = await processed(flow);
    const dossier = await table().get('DOSSIER', code);
    await table().put({ ...dossier, state: 10 });
    expect(await verification(flow, code)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/state 10.*left it in 4/),
    });
  });

  it('catches a rewritten application: its hash is in the first event', async () => {
    const flow = journey(api);
    const code = await processed(flow);
    const application = await table().get('APPLICATION', code);
    await table().put({ ...application, applicant: { ...application.applicant, phone: '0999999999' } });
    expect(await verification(flow, code)).toMatchObject({
      valid: false,
      brokenAt: 1,
      reason: 'the application differs from the one submitted',
    });
  });

  it('holds a restored table to the checkpoints of its time: a lost dossier and a rewritten one are named, the others verify', async () => {
    const flow = journey(api);
    // Before the three exist: no checkpoint taken up to then can name them, scheduled ones included.
    const beforeThem = new Date(now().getTime() - 1_000);
    const [kept, lost, rewritten] = [await processed(flow), await processed(flow), await processed(flow)];
    await checkpoint();
    const restoredTo = now();
    const intact = await checkRestoredDossiers(restoredTo);
    for (const code of [kept, lost, rewritten]) {
      expect(intact.failed.map((failure) => failure.code)).not.toContain(code);
      expect(intact.missing).not.toContain(code);
    }
    expect(intact.verified).toBeGreaterThanOrEqual(3);

    // What a restore to an earlier moment, or a bad one, could hand back.
    await table().delete('DOSSIER', lost);
    const store = table();
    const receipt = (await store.events(rewritten)).find((event) => event.seq === 2)!;
    await store.put({ ...receipt, note: 'sửa lén' });
    await rechain(rewritten, 2);
    const report = await checkRestoredDossiers(restoredTo);
    expect(report.missing).toContain(lost);
    expect(report.failed).toContainEqual({
      code: rewritten,
      reason: expect.stringMatching(/differs from what checkpoint \d+ saw/),
    });
    expect(report.failed.map((failure) => failure.code)).not.toContain(kept);
    expect(reportLines(report)).toContain(`${lost}: named by a checkpoint, not in the restored table`);
    // A checkpoint taken after the restore time anchors nothing of the restored table.
    const earlier = await checkRestoredDossiers(beforeThem);
    expect(earlier.missing).not.toContain(lost);
    expect(earlier.checkpoints).toBeLessThan(report.checkpoints);
  });

  it('takes one checkpoint when two runs overlap, and both runs say which', async () => {
    const flow = journey(api);
    const code = await processed(flow);
    const [one, other] = await Promise.all([checkpoint(), checkpoint()]);
    expect(one.number).toBe(other.number);
    expect(await verification(flow, code)).toMatchObject({
      valid: true,
      checkpoint: { number: one.number, count: 3 },
    });
  });

  it('a run whose checkpoint another run recorded first stands down, and says which', async () => {
    const flow = journey(api);
    const code = await processed(flow);
    // The first run writes its checkpoint and is held before it records its progress; a second
    // run finds that checkpoint, records it, and only then does the first go on.
    const held = holdProgressWrite();
    const first = checkpoint();
    await held.reached;
    const second = await checkpoint();
    held.release();
    expect((await first).number).toBe(second.number);
    expect(await verification(flow, code)).toMatchObject({
      valid: true,
      checkpoint: { number: second.number, count: 3 },
    });
  });

  it('chains the checkpoints, each signed with the published key', async () => {
    const flow = journey(api);
    await processed(flow);
    const first = await checkpoint();
    await processed(flow);
    const second = await checkpoint();
    expect(second.number).toBe(first.number + 1);
    const read = async (number: number) => {
      const { Body } = await api.runtime.clients.s3.send(
        new GetObjectCommand({
          Bucket: api.runtime.resources.checkpointBucketName,
          Key: `checkpoints/${String(number).padStart(10, '0')}.json`,
        }),
      );
      return JSON.parse(await Body!.transformToString()) as { jws: string; heads: Json[] };
    };
    const jwks = await readJson(await api.call('/.well-known/jwks.json'));
    const [older, newer] = [await read(first.number), await read(second.number)];
    const { payload, protectedHeader } = await compactVerify(newer.jws, createLocalJWKSet(jwks));
    expect(protectedHeader.typ).toBe('motcua-checkpoint+jws');
    const claims = JSON.parse(Buffer.from(payload).toString('utf8'));
    expect(claims).toMatchObject({
      checkpoint: second.number,
      heads: newer.heads.length,
      previous: checkpointHash(older.jws),
    });
  });
});

/** Feedback of a citizen to phường Trấn Biên, answered: three steps with its transfer there and back. */
async function answeredFeedback() {
  const send = async (path: string, body: unknown, caller: Parameters<typeof api.call>[1]) => {
    const response = await api.call(path, {
      method: 'POST',
      ...caller,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await readJson(response);
    expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
    return answer;
  };
  const author = { as: 'citizen' as const, sub: `author-${randomUUID().slice(0, 8)}` };
  const officer = { as: 'officer' as const, unit: TRAN_BIEN };
  const { id } = await send(
    '/feedback',
    {
      kind: 'procedure',
      unit: TRAN_BIEN,
      subject: 'Giờ làm việc',
      content: 'Bộ phận một cửa có làm việc buổi trưa không?',
    },
    author,
  );
  await send(`/feedback/${id}/actions`, { action: 'requestSupplement', items: ['Ngày đến'] }, officer);
  await send(`/feedback/${id}/actions`, { action: 'supplement', text: 'Thứ hai tuần trước.' }, author);
  await send(`/feedback/${id}/actions`, { action: 'answer', answer: 'Có, từ 11 giờ đến 13 giờ.' }, officer);
  const chain = async () => (await readJson(await api.call(`/feedback/${id}`, author))).chain;
  return { id: id as string, chain };
}

describe('a feedback history that cannot be quietly rewritten either', () => {
  it('is verified up to the checkpoint that signed it', async () => {
    const { chain } = await answeredFeedback();
    const taken = await checkpoint();
    expect(await chain()).toEqual({
      valid: true,
      length: 4,
      checkpoint: { number: taken.number, at: expect.any(String), count: 4 },
    });
  });

  it('catches a deleted last step, by the feedback item and, once the item is made to agree, by the checkpoint', async () => {
    const { id, chain } = await answeredFeedback();
    await checkpoint();
    const store = table('FEEDBACK#');
    await store.delete('EVENT#000004', id);
    expect(await chain()).toMatchObject({ valid: false, reason: expect.stringMatching(/counts 4 events/) });
    // The item rewritten as the third step left it, head and record both.
    const item = await store.get('FEEDBACK', id);
    const {
      answer: _a,
      publicAnswer: _p,
      answeredAt: _t,
      answeredOnTime: _o,
      publishBy: _b,
      ...before
    } = item;
    await store.put({ ...before, state: 'supplemented', version: item.version - 1 });
    await rechain(id, 3, 'FEEDBACK#');
    expect(await chain()).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/saw 4 events; 3 remain/),
    });
  });

  it('catches a step rewritten with every later hash recomputed', async () => {
    const { id, chain } = await answeredFeedback();
    await checkpoint();
    const store = table('FEEDBACK#');
    const asked = (await store.events(id)).find((event) => event.seq === 2)!;
    await store.put({ ...asked, data: { ...asked.data, items: ['Giấy tờ tùy thân'] } });
    expect(await chain()).toMatchObject({ valid: false, brokenAt: 2 });
    await rechain(id, 2, 'FEEDBACK#');
    expect(await chain()).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/event 4 differs from what checkpoint \d+ saw/),
    });
  });

  it('catches an answer written straight onto the feedback', async () => {
    const { id, chain } = await answeredFeedback();
    const store = table('FEEDBACK#');
    const item = await store.get('FEEDBACK', id);
    await store.put({ ...item, answer: 'Không.', publicAnswer: 'Không.' });
    expect(await chain()).toMatchObject({
      valid: false,
      brokenAt: 4,
      reason: 'the feedback differs from what its last step recorded',
    });
  });
});
