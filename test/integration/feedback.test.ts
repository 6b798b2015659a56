import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { tallyOf } from '../../shared/domain/feedback.ts';
import { periodsOf } from '../../shared/domain/indicators.ts';
import { publishedPage } from '../../shared/persistence/feedback.ts';
import { sweepOverdue } from '../../shared/services/overdue.ts';
import { BIEN_HOA, CENTRE, journey, TRAN_BIEN } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { pdf, upload } from '../support/files.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: [] });

const post = async (path: string, body: unknown, identity: Parameters<typeof api.call>[1]) => {
  const response = await api.call(path, {
    method: 'POST',
    ...identity,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await readJson(response) };
};

const CITIZEN = { as: 'citizen' as const, sub: 'citizen-pakn' };
const officerOf = (unit: string) => ({ as: 'officer' as const, unit });

describe('feedback and petitions (phản ánh, kiến nghị)', () => {
  it('are transferred, answered, published without personal data, and liked once per citizen', async () => {
    const sent = await post(
      '/feedback',
      {
        kind: 'conduct',
        unit: TRAN_BIEN,
        subject: 'Cán bộ hẹn nhiều lần',
        content: 'Tôi là Trần Thị Lan, số 0987654321; tôi phải đi lại ba lần để nộp hồ sơ.',
      },
      CITIZEN,
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ state: 'received', unit: TRAN_BIEN });
    expect(JSON.stringify(sent.body)).not.toContain('0987654321');
    const id = sent.body.id;

    const stranger = await post(
      `/feedback/${id}/actions`,
      { action: 'answer', answer: 'x' },
      officerOf(BIEN_HOA),
    );
    expect(stranger.status).toBe(404);
    const moved = await post(
      `/feedback/${id}/actions`,
      { action: 'transfer', toUnit: BIEN_HOA },
      officerOf(TRAN_BIEN),
    );
    expect(moved.body).toMatchObject({ unit: BIEN_HOA, state: 'received' });
    expect(Date.parse(moved.body.answerBy)).toBeGreaterThan(Date.parse(sent.body.answerBy) - 1);
    // The officer's words hold the citizen's number: the answer shows the public text beside them.
    const answered = await post(
      `/feedback/${id}/actions`,
      {
        action: 'answer',
        answer: 'UBND phường đã gọi số 0987 654 321, nhắc nhở cán bộ và hướng dẫn nộp trực tuyến.',
        publicQuestion: 'Người dân (0987.654.321) phải đi lại nhiều lần để nộp hồ sơ.',
      },
      officerOf(BIEN_HOA),
    );
    expect(answered.body).toMatchObject({
      state: 'awaiting-publication',
      answeredOnTime: true,
      publicAnswer: 'UBND phường đã gọi số ***, nhắc nhở cán bộ và hướng dẫn nộp trực tuyến.',
      publicQuestion: 'Người dân (***) phải đi lại nhiều lần để nộp hồ sơ.',
    });
    const staff = await readJson(await api.call(`/feedback/${id}`, officerOf(BIEN_HOA)));
    expect(staff).toMatchObject({
      publicAnswer: answered.body.publicAnswer,
      publicQuestion: answered.body.publicQuestion,
    });
    const early = await readJson(await api.call('/feedback/published?q=nhắc nhở'));
    expect(early.items.filter((item: Json) => item.id === id)).toEqual([]);
    const published = await post(`/feedback/${id}/actions`, { action: 'publish' }, officerOf(BIEN_HOA));
    expect(published.body.state).toBe('published');

    const found = await readJson(await api.call('/feedback/published?q=nhắc nhở'));
    const mine = found.items.find((item: Json) => item.id === id);
    // Published exactly as the officer was shown it.
    expect(mine).toMatchObject({
      question: answered.body.publicQuestion,
      answer: answered.body.publicAnswer,
      likes: 0,
    });
    const everything = JSON.stringify(await readJson(await api.call('/feedback/published')));
    for (const personal of ['Trần Thị Lan', '0987654321', '0987 654 321', 'citizen-pakn'])
      expect(everything).not.toContain(personal);
    // What was scrubbed cannot be searched for either.
    const probed = await readJson(await api.call('/feedback/published?q=0987 654 321'));
    expect(probed.items).toEqual([]);

    expect((await post(`/feedback/${id}/vote`, { vote: 'like' }, CITIZEN)).body).toMatchObject({ likes: 1 });
    expect((await post(`/feedback/${id}/vote`, { vote: 'dislike' }, CITIZEN)).status).toBe(409);
    const other = await post(`/feedback/${id}/vote`, { vote: 'dislike' }, { as: 'citizen', sub: 'someone' });
    expect(other.body).toMatchObject({ likes: 1, dislikes: 1 });
  });

  it('refuse bad input and steps out of turn, changing nothing', async () => {
    const bad = await post('/feedback', { kind: 'x', unit: BIEN_HOA, subject: '', content: 'y' }, CITIZEN);
    expect(bad.status).toBe(400);
    const nowhere = await post(
      '/feedback',
      { kind: 'procedure', unit: '000.99.99.H19', subject: 'a', content: 'b' },
      CITIZEN,
    );
    expect(nowhere.status).toBe(400);
    const { body } = await post(
      '/feedback',
      { kind: 'procedure', unit: BIEN_HOA, subject: 'a', content: 'b' },
      CITIZEN,
    );
    const early = await post(
      `/feedback/${body.id}/actions`,
      { action: 'publish', publicQuestion: 'q' },
      officerOf(BIEN_HOA),
    );
    expect(early.status).toBe(409);
    const byAuthor = await post(`/feedback/${body.id}/actions`, { action: 'answer', answer: 'x' }, CITIZEN);
    expect(byAuthor.status).toBe(403);
    expect((await post(`/feedback/${body.id}/vote`, { vote: 'like' }, CITIZEN)).status).toBe(404);
  });

  it('carry the author’s files and dossier, keep a verifiable history, count into the indicators once, and tell who must act', async () => {
    const flow = journey(api);
    // A complaint about a dossier, to the province's centre that oversees the units.
    const { code } = await flow.submit();
    const author = { as: 'citizen' as const, sub: flow.citizen };
    const file = await upload(api, pdf('Ảnh chụp giấy hẹn'), {
      sub: flow.citizen,
      purpose: { kind: 'feedback' },
      fileName: 'giấy hẹn.pdf',
    });
    const notMine = await post(
      '/feedback',
      { kind: 'procedure', unit: CENTRE, subject: 'a', content: 'b', dossierCode: code },
      CITIZEN,
    );
    expect(notMine.status).toBe(404);
    const sent = await post(
      '/feedback',
      {
        kind: 'procedure',
        unit: CENTRE,
        subject: 'Hồ sơ chậm',
        content: 'Hồ sơ của tôi quá hẹn.',
        dossierCode: code,
        uploadIds: [file.id],
      },
      author,
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.attachments).toMatchObject([{ uploadId: file.id, fileName: 'giấy hẹn.pdf' }]);
    const id = sent.body.id;
    const again = await post(
      '/feedback',
      { kind: 'procedure', unit: CENTRE, subject: 'a', content: 'b', uploadIds: [file.id] },
      author,
    );
    expect(again.status).toBe(400);

    const inbox = await readJson(await api.call(`/units/${CENTRE}/feedback`, officerOf(CENTRE)));
    expect(inbox.items.map((item: Json) => item.id)).toContain(id);
    expect((await api.call(`/units/${CENTRE}/feedback`, officerOf(TRAN_BIEN))).status).toBe(403);
    const link = await api.call(`/feedback/${id}/files/${file.id}`, officerOf(CENTRE));
    expect(link.status).toBe(200);
    expect((await api.call(`/feedback/${id}/files/${file.id}`, officerOf(TRAN_BIEN))).status).toBe(404);

    // The answer's deadline passes unanswered: the sweep tells the unit, once.
    const late = new Date(Date.parse(sent.body.answerBy) + 3_600_000);
    expect((await sweepOverdue(late)).alerts).toContainEqual({ kind: 'feedback-overdue', code: id });
    expect((await sweepOverdue(late)).alerts).not.toContainEqual({ kind: 'feedback-overdue', code: id });
    await eventually(async () => {
      const page = await readJson(await api.call('/me/notifications?limit=100', officerOf(CENTRE)));
      const kinds = page.items.filter((item: Json) => item.code === id).map((item: Json) => item.kind);
      expect(kinds.sort()).toEqual(['feedback-new', 'feedback-overdue']);
    });

    await post(`/feedback/${id}/actions`, { action: 'answer', answer: 'Đã giải quyết.' }, officerOf(CENTRE));
    await post(
      `/feedback/${id}/actions`,
      { action: 'publish', publicQuestion: 'Hồ sơ quá hẹn.' },
      officerOf(CENTRE),
    );
    const read = await readJson(await api.call(`/feedback/${id}`, author));
    expect(read.history.map((event: Json) => event.type)).toEqual(['submit', 'answer', 'publish']);
    expect(read.chain).toEqual({ valid: true, length: 3 });
    expect((await api.call(`/feedback/${id}`, officerOf(TRAN_BIEN))).status).toBe(404);
    await eventually(async () => {
      const page = await readJson(await api.call('/me/notifications?limit=100', author));
      const kinds = page.items.filter((item: Json) => item.code === id).map((item: Json) => item.kind);
      expect(kinds).toEqual(['feedback-step', 'feedback-step']);
    });

    const period = periodsOf(new Date().toISOString())[0]!;
    const counts = await eventually(async () => {
      const unit = await readJson(await api.call(`/indicators?unit=${CENTRE}&period=${period}`));
      expect(unit.counts.feedbackPublished).toBeGreaterThan(0);
      return unit.counts;
    });
    const handled = {
      feedbackReceived: 1,
      complaints: 1,
      feedbackAnswered: 1,
      feedbackOnTime: 1,
      feedbackPublished: 1,
      feedbackPublishedOnTime: 1,
    };
    expect(counts).toMatchObject(handled);
    // The dossier's procedure counts the whole handling of the complaint, not only its reception.
    const procedure = await readJson(await api.call(`/indicators?procedure=1.004873&period=${period}`));
    expect(procedure.counts).toMatchObject(handled);
    // The publication's step delivered again (SQS delivers at least once): counted once.
    await api.runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: api.runtime.resources.queues.indicators!.url,
        MessageBody: JSON.stringify(tallyOf(read.history[2])),
      }),
    );
    await api.runtime.settled();
    const redelivered = await readJson(await api.call(`/indicators?unit=${CENTRE}&period=${period}`));
    expect(redelivered.counts).toEqual(counts);
  });

  it('are searched a bounded read at a time: a search that matches nothing stops and says where to read on', async () => {
    const word = `tìm-${Date.now().toString(36)}`;
    for (const n of [1, 2]) {
      const sent = await post(
        '/feedback',
        { kind: 'procedure', unit: TRAN_BIEN, subject: `Góp ý ${n}`, content: `Nội dung góp ý ${n}` },
        CITIZEN,
      );
      const id = sent.body.id;
      await post(
        `/feedback/${id}/actions`,
        { action: 'answer', answer: `Trả lời ${word} ${n}.` },
        officerOf(TRAN_BIEN),
      );
      const published = await post(
        `/feedback/${id}/actions`,
        { action: 'publish', publicQuestion: `Câu hỏi ${n}` },
        officerOf(TRAN_BIEN),
      );
      expect(published.body.state).toBe('published');
    }
    // One answer read per call: nothing matches, and the call says where to go on.
    const first = await publishedPage(10, 'không-có-ở-đâu', undefined, 1);
    expect(first.items).toEqual([]);
    expect(first.cursor).toEqual(expect.any(String));
    // Reading on, one at a time, finds both, newest first, and ends.
    const found: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = await publishedPage(10, word, cursor, 1);
      found.push(...page.items.map((one) => one.answer ?? ''));
      cursor = page.cursor;
      calls += 1;
    } while (cursor && calls < 100);
    expect(cursor).toBeUndefined();
    expect(found).toEqual([2, 1].map((n) => `Trả lời ${word} ${n}.`));
    expect(calls).toBeGreaterThan(2);
    // Through the API, a cursor it did not give is bad input.
    const crafted = await api.call('/feedback/published?q=x&cursor=e30');
    expect(crafted.status).toBe(400);
  });
});
