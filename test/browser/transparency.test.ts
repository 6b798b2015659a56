import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodsOf } from '../../shared/domain/indicators.ts';
import { CRITERIA } from '../../shared/domain/ratings.ts';
import { launchBrowser, watchPage } from '../support/browser.ts';
import { BIEN_HOA, journey, marriageStatus } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: [] });
let browser: Browser;
const period = periodsOf(new Date().toISOString())[0]!;

beforeAll(async () => {
  browser = await launchBrowser();
  // A dossier returned after an apology letter, and rated; another only received.
  const flow = journey(api);
  const { code } = await flow.submit();
  await flow.act(code, BIEN_HOA, 'receive');
  await flow.act(code, BIEN_HOA, 'startProcessing');
  const due = (await flow.get(code)).dueAt;
  await flow.act(code, BIEN_HOA, 'extendDeadline', {
    reason: 'Chờ kết quả xác minh',
    newDueAt: new Date(Date.parse(due) + 2 * 86_400_000).toISOString(),
  });
  await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
  await flow.act(code, BIEN_HOA, 'returnResult');
  const version = (await flow.get(code)).version;
  await api.call(`/dossiers/${code}/rating`, {
    method: 'PUT',
    as: 'citizen',
    sub: flow.citizen,
    headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify({
      criteria: Object.fromEntries(CRITERIA.map((criterion) => [criterion, 2])),
      verdict: 'hai-long',
    }),
  });
  await journey(api).submit();
  // Feedback answered and published, its author named in what they wrote.
  const feedback = await readJson(
    await api.call('/feedback', {
      method: 'POST',
      as: 'citizen',
      sub: 'citizen-feedback',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'procedure',
        unit: BIEN_HOA,
        subject: 'Giờ làm việc',
        content: 'Tôi là Phạm Văn Hùng, 0903111222: bộ phận một cửa nghỉ sớm.',
      }),
    }),
  );
  for (const step of [
    { action: 'answer', answer: 'Bộ phận một cửa làm việc đến 17 giờ, kể cả thứ Sáu.' },
    { action: 'publish', publicQuestion: 'Giờ làm việc của bộ phận một cửa?' },
  ])
    await api.call(`/feedback/${feedback.id}/actions`, {
      method: 'POST',
      as: 'officer',
      unit: BIEN_HOA,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(step),
    });
  await eventually(async () => {
    const counts = (await readJson(await api.call(`/indicators?period=${period}`))).counts;
    expect(counts).toMatchObject({ received: 2, resolved: 1, ratings: 1, extended: 1, feedbackPublished: 1 });
  }, 20_000);
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

describe('the public page of results (công khai), in a real browser', () => {
  it('shows the API’s figures and scores, the month’s apology letter by code, published answers, no personal data, and loads nothing else', {
    timeout: 60_000,
  }, async () => {
    const page = await browser.newPage();
    const { elsewhere, complaints } = watchPage(page, api.url);
    const answer = await page.goto(`${api.url}/cong-khai`, { waitUntil: 'networkidle0' });
    expect(answer?.status()).toBe(200);
    const html = await answer!.text();
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);

    const unit = await readJson(await api.call(`/indicators?unit=${BIEN_HOA}&period=${period}`));
    const province = await readJson(await api.call(`/indicators?period=${period}`));
    const shown = (selector: string) => page.$eval(selector, (element) => element.textContent?.trim());
    expect(await shown(`td[data-on-time="${BIEN_HOA}"]`)).toBe(String(unit.figures.onTimeRate));
    expect(await shown('td[data-ratings]')).toBe(String(province.counts.ratings));
    for (const group of ['transparency', 'progress', 'online', 'digitisation', 'satisfaction', 'total']) {
      const score = group === 'total' ? province.scores.total : province.scores.groups[group].score;
      expect(await shown(`td[data-score="${group}"]`), group).toBe(score === undefined ? '—' : String(score));
    }
    expect(html).toContain('Bộ phận một cửa làm việc đến 17 giờ');
    expect(await page.$eval('html', (element) => element.getAttribute('lang'))).toBe('vi');
    expect(await page.$$eval('svg[role="img"] title', (titles) => titles.length)).toBe(1);
    expect(html).toContain('Chờ kết quả xác minh');

    const applicant = marriageStatus().applicant as Json;
    for (const personal of [
      applicant.fullName,
      applicant.idNumber,
      applicant.phone,
      applicant.address,
      'Phạm Văn Hùng',
      '0903111222',
      'citizen-feedback',
    ])
      expect(html).not.toContain(personal);
    expect(elsewhere).toEqual([]);
    expect(complaints).toEqual([]);

    const folder = join(import.meta.dirname, '..', '..', '.motcua', 'screenshots');
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: join(folder, 'cong-khai.png'), fullPage: true });

    const english = await page.goto(`${api.url}/cong-khai?lang=en`, { waitUntil: 'networkidle0' });
    expect(await english!.text()).toContain('<html lang="en">');
    await page.close();
  });
});
