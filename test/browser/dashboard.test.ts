import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodsOf } from '../../shared/domain/indicators.ts';
import { launchBrowser, watchPage } from '../support/browser.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const PROVINCE_UNIT = '000.00.00.H19';
const api = useRuntime({ idleConsumers: [] });
let browser: Browser;
const period = periodsOf(new Date().toISOString())[0]!;

beforeAll(async () => {
  browser = await launchBrowser();
  // At Biên Hòa three dossiers not finished: one received, one not yet, one resolved by an officer.
  const flow = journey(api);
  const open = await flow.submit();
  await flow.act(open.code, BIEN_HOA, 'receive');
  await flow.submit();
  const { code } = await flow.submit();
  await flow.act(code, BIEN_HOA, 'receive');
  await flow.act(code, BIEN_HOA, 'startProcessing');
  await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
  await eventually(async () => {
    const counts = (await readJson(await api.call(`/indicators?unit=${BIEN_HOA}&period=${period}`))).counts;
    expect(counts.resolved).toBe(1);
  }, 20_000);
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

describe("the leaders' dashboard (chỉ đạo, điều hành), in a real browser", () => {
  it('shows each unit below the leader’s with the figures of the JSON, each a link to its list', {
    timeout: 60_000,
  }, async () => {
    const leader = await api.token('leader', { unit: PROVINCE_UNIT, sub: 'chu-tich' });
    const json = await readJson(
      await api.call(`/leaders/units/${PROVINCE_UNIT}?format=json`, { as: 'leader', unit: PROVINCE_UNIT }),
    );
    const row = json.units.find((unit: { code: string }) => unit.code === BIEN_HOA);
    expect(row).toMatchObject({ open: 3, resolved: 1, onTimeRate: 100, overdue: 0 });
    expect(json.units.map((unit: { code: string }) => unit.code)).toContain(PROVINCE_UNIT);
    expect(json.officers).toEqual([]);
    const atUnit = await readJson(
      await api.call(`/leaders/units/${BIEN_HOA}?format=json`, { as: 'leader', unit: PROVINCE_UNIT }),
    );
    expect(atUnit.officers).toEqual([{ officer: `officer-${BIEN_HOA}`, resolved: 1, onTimeRate: 100 }]);

    const page = await browser.newPage();
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${leader}` });
    const { complaints } = watchPage(page, api.url);
    const answer = await page.goto(`${api.url}/leaders/units/${PROVINCE_UNIT}`, {
      waitUntil: 'networkidle0',
    });
    expect(answer?.status()).toBe(200);
    const figure = (name: string) =>
      page.$eval(`tr[data-unit="${BIEN_HOA}"] a[data-figure="${name}"]`, (link) => link.textContent);
    expect(await figure('open')).toBe('3');
    expect(await figure('resolved')).toBe('1');
    expect(complaints).toEqual([]);
    // One click away: the list behind the figure, as the API gives it to the leader.
    await Promise.all([
      page.waitForNavigation(),
      page.click(`tr[data-unit="${BIEN_HOA}"] a[data-figure="open"]`),
    ]);
    const list = JSON.parse((await page.evaluate('document.body.innerText')) as string);
    expect(list.items).toHaveLength(3);
    const english = await page.goto(`${api.url}/leaders/units/${PROVINCE_UNIT}?lang=en`);
    const html = await english!.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<th scope="col">Overdue</th>');
    await page.close();
  });

  it('lists the leader’s unit and the units below it, and no other unit', async () => {
    const DEPARTMENT = '000.00.16.H19';
    const shown = async (unit: string) => {
      const caller = { as: 'leader' as const, unit };
      const json = await readJson(await api.call(`/leaders/units/${unit}?format=json`, caller));
      const html = await (await api.call(`/leaders/units/${unit}`, caller)).text();
      const rows = [...html.matchAll(/<tr data-unit="([^"]+)"/g)].map((match) => match[1]);
      expect(rows).toEqual(json.units.map((row: { code: string }) => row.code));
      return rows.sort();
    };
    expect(await shown(DEPARTMENT)).toEqual([DEPARTMENT, '000.01.16.H19']);
    expect(await shown(BIEN_HOA)).toEqual([BIEN_HOA]);
  });

  it('is refused to officers and to a leader above whom the unit is not', async () => {
    const officer = await api.call(`/leaders/units/${BIEN_HOA}`, { as: 'officer', unit: BIEN_HOA });
    expect(officer.status).toBe(403);
    const sideways = await api.call(`/leaders/units/${PROVINCE_UNIT}`, { as: 'leader', unit: BIEN_HOA });
    expect(sideways.status).toBe(403);
    const inbox = await api.call(`/units/000.01.30.H19/dossiers`, { as: 'leader', unit: BIEN_HOA });
    expect(inbox.status).toBe(403);
  });
});
