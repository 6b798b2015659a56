import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DRAFT_KEEP_DAYS, DRAFT_MAX_BYTES } from '../../shared/domain/drafts.ts';
import { journey } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();
const BIRTH = '1.001193';
const MARRIAGE = '1.004873';

const save = (sub: string, code: string, formData: unknown) =>
  api.call(`/me/drafts/${code}`, {
    method: 'PUT',
    as: 'citizen',
    sub,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ formData }),
  });
const read = (sub: string, code: string) => api.call(`/me/drafts/${code}`, { as: 'citizen', sub });
const list = async (sub: string) =>
  (await readJson(await api.call('/me/drafts', { as: 'citizen', sub }))).items;

/** The draft's item as the table keeps it. */
async function stored(sub: string, code: string) {
  const documents = DynamoDBDocumentClient.from(api.runtime.clients.dynamodb);
  const { Item } = await documents.send(
    new GetCommand({
      TableName: api.runtime.resources.tableName,
      Key: { pk: `DRAFT#USER:${encodeURIComponent(sub)}`, sk: code },
    }),
  );
  return Item;
}

const moveClock = (advance: string) =>
  api.call('/dev/clock', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance }),
  });

describe("a citizen's drafts (hồ sơ nháp)", () => {
  it('keep what was typed, one per procedure, for their owner only, sealed in the table', async () => {
    const typed = { childFullName: 'Nguyễn Thị Hoa', placeOfBirth: 'Bệnh viện Đồng Nai' };
    const saved = await save('citizen-draft-1', BIRTH, typed);
    expect(saved.status).toBe(200);
    const draft = await readJson(saved);
    expect(draft).toMatchObject({ procedureCode: BIRTH, formData: typed });
    const kept = Date.parse(draft.expiresAt) - Date.parse(draft.savedAt);
    expect(kept - DRAFT_KEEP_DAYS * 86_400_000).toBeGreaterThanOrEqual(0);
    expect(kept - DRAFT_KEEP_DAYS * 86_400_000).toBeLessThan(1000);
    expect(await readJson(await read('citizen-draft-1', BIRTH))).toEqual(draft);

    // Saved again, it is replaced, not doubled.
    const again = await readJson(
      await save('citizen-draft-1', BIRTH, { ...typed, motherFullName: 'Lê Thị Lan' }),
    );
    expect(again.formData.motherFullName).toBe('Lê Thị Lan');
    await save('citizen-draft-1', MARRIAGE, { purpose: 'Đăng ký kết hôn' });
    expect((await list('citizen-draft-1')).map((item: Json) => item.procedureCode)).toEqual([
      MARRIAGE,
      BIRTH,
    ]);
    expect(Object.keys((await list('citizen-draft-1'))[0]).sort()).toEqual([
      'expiresAt',
      'procedureCode',
      'savedAt',
    ]);

    // Another citizen sees none of it.
    expect((await read('citizen-draft-2', BIRTH)).status).toBe(404);
    expect(await list('citizen-draft-2')).toEqual([]);

    // The table holds the fields sealed: neither the name nor any field's key in the clear.
    const item = await stored('citizen-draft-1', BIRTH);
    expect(item?.entity).toBe('draft');
    expect(JSON.stringify(item)).not.toMatch(/Nguyễn|Hoa|childFullName|Lan/);
    expect(item?.sealed).toMatch(/^env1\./);
  });

  it('are refused for an unknown procedure, a field its form does not have, or beyond their size, keeping nothing', async () => {
    const sub = 'citizen-draft-3';
    const unknown = await save(sub, '9.999999', { anything: 'x' });
    expect(unknown.status).toBe(404);
    const field = await save(sub, BIRTH, { childFullName: 'A', salary: 1 });
    expect(field.status).toBe(400);
    expect((await readJson(field)).errors).toEqual([
      expect.objectContaining({ path: 'body.formData.salary', code: 'unknown_field' }),
    ]);
    const big = await save(sub, BIRTH, { placeOfBirth: 'x'.repeat(DRAFT_MAX_BYTES) });
    expect(big.status).toBe(413);
    const malformed = await api.call(`/me/drafts/${BIRTH}`, {
      method: 'PUT',
      as: 'citizen',
      sub,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: {} }),
    });
    expect(malformed.status).toBe(400);
    expect(await list(sub)).toEqual([]);
    expect((await api.call(`/me/drafts/${BIRTH}`, { as: 'officer', unit: '000.02.30.H19' })).status).toBe(
      403,
    );
  });

  it('are discarded on request, and once only', async () => {
    const sub = 'citizen-draft-4';
    await save(sub, MARRIAGE, { purpose: 'Kết hôn' });
    const discard = () => api.call(`/me/drafts/${MARRIAGE}`, { method: 'DELETE', as: 'citizen', sub });
    expect((await discard()).status).toBe(204);
    expect((await read(sub, MARRIAGE)).status).toBe(404);
    expect((await discard()).status).toBe(404);
  });

  it(`go ${DRAFT_KEEP_DAYS} days after they were last saved, and the table's time to live then removes them`, async () => {
    const sub = 'citizen-draft-5';
    await save(sub, MARRIAGE, { purpose: 'Kết hôn' });
    expect((await moveClock(`P${DRAFT_KEEP_DAYS - 1}D`)).status).toBe(200);
    expect((await read(sub, MARRIAGE)).status).toBe(200);
    expect((await moveClock('P1DT1M')).status).toBe(200);
    expect((await read(sub, MARRIAGE)).status).toBe(404);
    expect(await list(sub)).toEqual([]);
    // Gone for the citizen: discarding it is refused, and changes nothing.
    expect((await api.call(`/me/drafts/${MARRIAGE}`, { method: 'DELETE', as: 'citizen', sub })).status).toBe(
      404,
    );
    expect(await stored(sub, MARRIAGE)).toBeDefined();
    await api.runtime.expireItems(api.runtime.clock.now());
    expect(await stored(sub, MARRIAGE)).toBeUndefined();
  });
});

describe('a new application', () => {
  const prefill = async (sub: string, code: string, query = '') =>
    readJson(await api.call(`/me/prefill/${code}${query}`, { as: 'citizen', sub }));

  it("is prefilled from the citizen's newest dossier of the procedure filed for themself, saying the share", async () => {
    const flow = journey(api);
    expect(await prefill(flow.citizen, MARRIAGE)).toEqual({
      procedureCode: MARRIAGE,
      formData: {},
      share: 0,
    });
    const { code } = await flow.submit();
    await flow.submit(
      await flow.application({
        formData: { purpose: 'Cho mẹ', previousMarriage: true },
        onBehalfOf: { relationship: 'mẹ' },
      }),
    );
    expect(await prefill(flow.citizen, MARRIAGE)).toEqual({
      procedureCode: MARRIAGE,
      formData: { purpose: 'Đăng ký kết hôn', previousMarriage: false },
      share: 1,
      from: code,
    });
    // Acting for someone else, nothing of the citizen's own is offered.
    expect(await prefill(flow.citizen, MARRIAGE, '?onBehalf=true')).toEqual({
      procedureCode: MARRIAGE,
      formData: {},
      share: 0,
      off: 'on-behalf',
    });
    // Another procedure, and another citizen, start empty.
    expect((await prefill(flow.citizen, BIRTH)).share).toBe(0);
    expect((await prefill('citizen-prefill-other', MARRIAGE)).share).toBe(0);
    expect((await api.call('/me/prefill/9.999999', { as: 'citizen', sub: flow.citizen })).status).toBe(404);
    expect(
      (await api.call(`/me/prefill/${MARRIAGE}?onBehalf=yes`, { as: 'citizen', sub: flow.citizen })).status,
    ).toBe(400);
  });
});
