import { describe, expect, it } from 'vitest';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();
const OTHER_UNIT = '000.01.30.H19';

const dataAccess = async (sub: string, query = '') =>
  readJson(await api.call(`/me/data-access${query}`, { as: 'citizen', sub }));

describe("the citizen's view of who read their data (GET /me/data-access)", () => {
  it('lists each read of their dossier by staff, newest first: who, which unit, when and what', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    // The applicant's own reads are not staff's.
    await flow.get(code);
    expect((await dataAccess(flow.citizen)).items).toEqual([]);

    const officer = { as: 'officer' as const, sub: 'officer-hoa', unit: BIEN_HOA };
    expect((await api.call(`/dossiers/${code}`, officer)).status).toBe(200);
    expect((await api.call(`/dossiers/${code}/history`, officer)).status).toBe(200);
    // An officer of a unit the dossier never reached reads nothing, and nothing is recorded.
    expect(
      (await api.call(`/dossiers/${code}`, { as: 'officer', sub: 'officer-x', unit: OTHER_UNIT })).status,
    ).toBe(404);

    const { items } = await dataAccess(flow.citizen);
    expect(items.map((item: Json) => [item.code, item.by, item.why])).toEqual([
      [code, { sub: 'officer-hoa', role: 'officer', unit: BIEN_HOA }, 'history'],
      [code, { sub: 'officer-hoa', role: 'officer', unit: BIEN_HOA }, 'view'],
    ]);
    expect(Date.parse(items[0].at)).toBeGreaterThanOrEqual(Date.parse(items[1].at));

    // One page at a time; another citizen sees none of it.
    const first = await dataAccess(flow.citizen, '?limit=1');
    expect(first.items).toHaveLength(1);
    const second = await dataAccess(flow.citizen, `?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(second.items[0].why).toBe('view');
    expect((await dataAccess('citizen-somebody-else')).items).toEqual([]);
    expect((await api.call('/me/data-access', { as: 'officer', unit: BIEN_HOA })).status).toBe(403);
  });
});
