import { describe, expect, it } from 'vitest';
import { CRITERIA, RATING_CHANGE_DAYS } from '../../shared/domain/ratings.ts';
import { rateDossier } from '../../shared/services/ratings.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { demoProvince, useRuntime } from '../support/runtime.ts';

/** The province's own change window, shorter than the default. */
const WINDOW_DAYS = 3;
const api = useRuntime({ province: { ...demoProvince(), ratingChangeDays: WINDOW_DAYS } });

const criteria = (value: number) => Object.fromEntries(CRITERIA.map((criterion) => [criterion, value]));

/** A marriage status dossier taken to its returned result. */
async function returned(flow: ReturnType<typeof journey>): Promise<string> {
  const { code } = await flow.submit();
  await flow.act(code, BIEN_HOA, 'receive');
  await flow.act(code, BIEN_HOA, 'startProcessing');
  await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp giấy xác nhận' });
  await flow.act(code, BIEN_HOA, 'returnResult');
  return code;
}

describe("an applicant's rating", () => {
  it('is given on a returned dossier, changed within its window, and kept in the history with what it replaced', async () => {
    const flow = journey(api);
    const code = await returned(flow);
    const put = async (body: unknown, sub = flow.citizen) => {
      const version = (await flow.get(code)).version;
      const response = await api.call(`/dossiers/${code}/rating`, {
        method: 'PUT',
        as: 'citizen',
        sub,
        headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await readJson(response) };
    };
    const first = await put({ criteria: criteria(2), verdict: 'rat-hai-long', comment: 'Nhanh, đúng hẹn' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.rating).toMatchObject({ verdict: 'rat-hai-long', points: 18 });
    const changed = await put({ criteria: { ...criteria(2), staffAttitude: 0 }, verdict: 'hai-long' });
    expect(changed.body.rating).toMatchObject({
      verdict: 'hai-long',
      points: 16,
      firstRatedAt: first.body.rating.firstRatedAt,
    });

    const before = await flow.get(code);
    const bad = await put({ criteria: { ...criteria(2), totalTime: 3 }, verdict: 'hai-long' });
    expect(bad.status).toBe(400);
    const stranger = await put({ criteria: criteria(1), verdict: 'hai-long' }, 'someone-else');
    expect(stranger.status).toBe(404);
    // A token in both the citizen and officer groups, of the dossier's own unit: the route
    // is a citizen's, so it acts as a citizen, and this is not its dossier.
    const version = (await flow.get(code)).version;
    const twoHats = await api.call(`/dossiers/${code}/rating`, {
      method: 'PUT',
      as: 'citizen',
      sub: 'officer-and-citizen',
      claims: { 'cognito:groups': ['citizen', 'officer'], 'custom:unit': BIEN_HOA },
      headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify({ criteria: criteria(0), verdict: 'khong-hai-long' }),
    });
    expect(twoHats.status).toBe(404);
    expect(await flow.get(code)).toEqual(before);

    const history = await readJson(
      await api.call(`/dossiers/${code}/history`, { as: 'citizen', sub: flow.citizen }),
    );
    const rated = history.events.filter((event: Json) => event.type === 'rate');
    expect(rated.map((event: Json) => [event.data.verdict, event.data.replaces?.verdict])).toEqual([
      ['rat-hai-long', undefined],
      ['hai-long', 'rat-hai-long'],
    ]);
    expect(history.verification.valid).toBe(true);
  });

  it('is refused before the result is returned', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    const response = await api.call(`/dossiers/${code}/rating`, {
      method: 'PUT',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ criteria: criteria(2), verdict: 'hai-long' }),
    });
    expect(response.status).toBe(409);
    expect((await readJson(response)).type).toBe('urn:motcua:problem:not-available-yet');
  });

  it('can be changed only within the window the province sets', async () => {
    expect(WINDOW_DAYS).not.toBe(RATING_CHANGE_DAYS);
    const flow = journey(api);
    const code = await returned(flow);
    const version = (await flow.get(code)).version;
    const first = await api.call(`/dossiers/${code}/rating`, {
      method: 'PUT',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify({ criteria: criteria(2), verdict: 'rat-hai-long' }),
    });
    const { rating } = await readJson(first);
    const day = 86_400_000;
    const firstAt = Date.parse(rating.firstRatedAt);
    expect(Date.parse(rating.changeableUntil)).toBe(firstAt + WINDOW_DAYS * day);
    // A change a day past the province's window (within the default one) is refused; within it, taken.
    const citizen = { sub: flow.citizen, roles: ['citizen' as const], verifiedContacts: {} };
    const given = { criteria: criteria(1) as never, verdict: 'hai-long' as const };
    const at = (days: number) => new Date(firstAt + days * day);
    await expect(
      rateDossier(code, given, citizen, (await flow.get(code)).version, at(WINDOW_DAYS + 1)),
    ).rejects.toMatchObject({ kind: 'action-not-allowed-in-state' });
    const changed = await rateDossier(
      code,
      given,
      citizen,
      (await flow.get(code)).version,
      at(WINDOW_DAYS - 1),
    );
    expect(changed.rating).toMatchObject({ verdict: 'hai-long', firstRatedAt: rating.firstRatedAt });
  });
});
