import { describe, expect, it } from 'vitest';
import { BIEN_HOA, TRAN_BIEN } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

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
    const answered = await post(
      `/feedback/${id}/actions`,
      { action: 'answer', answer: 'UBND phường đã nhắc nhở cán bộ và hướng dẫn nộp trực tuyến.' },
      officerOf(BIEN_HOA),
    );
    expect(answered.body).toMatchObject({ state: 'awaiting-publication', answeredOnTime: true });
    const early = await readJson(await api.call('/feedback/published?q=nhắc nhở'));
    expect(early.items.filter((item: Json) => item.id === id)).toEqual([]);
    const published = await post(
      `/feedback/${id}/actions`,
      { action: 'publish', publicQuestion: 'Người dân phải đi lại nhiều lần để nộp hồ sơ.' },
      officerOf(BIEN_HOA),
    );
    expect(published.body.state).toBe('published');

    const found = await readJson(await api.call('/feedback/published?q=nhắc nhở'));
    const mine = found.items.find((item: Json) => item.id === id);
    expect(mine).toMatchObject({ question: 'Người dân phải đi lại nhiều lần để nộp hồ sơ.', likes: 0 });
    const everything = JSON.stringify(await readJson(await api.call('/feedback/published')));
    for (const personal of ['Trần Thị Lan', '0987654321', 'citizen-pakn'])
      expect(everything).not.toContain(personal);

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
});
