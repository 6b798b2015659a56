import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../shared/domain/action-inputs.ts';
import { periodsOf } from '../../shared/domain/indicators.ts';
import { CRITERIA } from '../../shared/domain/ratings.ts';
import type { Principal } from '../../shared/http/principal.ts';
import { documents } from '../../shared/persistence/client.ts';
import { getDossier } from '../../shared/persistence/dossiers.ts';
import { actOn } from '../../shared/services/dossiers.ts';
import { launchBrowser, watchPage } from '../support/browser.ts';
import { BIEN_HOA, journey, marriageStatus } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: [] });
let browser: Browser;

const officer: Principal = {
  sub: `officer-${BIEN_HOA}`,
  roles: ['officer'],
  unit: BIEN_HOA,
  verifiedContacts: {},
};

/** The applicant of every dossier here, as the application records them. */
const applicant = marriageStatus().applicant as Json;
/** The author of the feedback, as their token says (name, id number, verified phone). */
const AUTHOR = {
  sub: 'citizen-feedback',
  name: 'Phạm Văn Hùng',
  idNumber: '001203004005',
  phone: '+84903111222',
  email: 'pham.hung@example.vn',
};

/** Hostile ways of writing the same data: another case, no diacritics, decomposed, digits spaced or dotted. */
const SPACED = (digits: string) => digits.split('').join(' ');
const DOTTED = (digits: string) => digits.replace(/(\d{3})(?=\d)/g, '$1.');
const plain = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

/**
 * What must appear in no public output, in any of its forms: as letters without case or
 * diacritics, and as digits whatever stands between them.
 */
const PERSONAL = {
  names: [applicant.fullName, AUTHOR.name],
  numbers: [applicant.idNumber, applicant.phone, AUTHOR.idNumber, '0903111222'],
  texts: ['Võ Thị Sáu', AUTHOR.email, AUTHOR.sub],
};
function leaks(output: string): string[] {
  const folded = plain(output);
  return [
    ...PERSONAL.names.filter((name) => folded.includes(plain(name))),
    ...PERSONAL.texts.filter((text) => folded.includes(plain(text))),
    ...PERSONAL.numbers.filter((number: string) =>
      new RegExp(number.split('').join('\\D{0,3}')).test(output.normalize('NFKC')),
    ),
  ];
}

const fixture: { month: string; onTime: string; lateWithout: string; lateWith: string; secret: string } = {
  month: '',
  onTime: '',
  lateWithout: '',
  lateWith: '',
  secret: '',
};

/** An officer's action at a given time, through the service the route calls (time moves only here). */
async function actAt(code: string, command: Record<string, unknown>, at: Date): Promise<void> {
  const dossier = (await getDossier(code))!;
  await actOn(code, command as Command, officer, dossier.version, at);
}

beforeAll(async () => {
  browser = await launchBrowser();
  // Three dossiers received now, each resolved at its legal date D: one just before D after an
  // apology letter, one just after D without a letter, one after D with a letter whose reason
  // names the applicant. The third is the feedback author's, who complains about it below.
  const flows = [journey(api), journey(api), journey(api, AUTHOR.sub)];
  const codes: string[] = [];
  for (const flow of flows) {
    const receipt = await flow.submit();
    codes.push(receipt.code);
    await flow.act(receipt.code, BIEN_HOA, 'receive');
    await flow.act(receipt.code, BIEN_HOA, 'startProcessing');
    fixture.secret ||= receipt.lookupSecret;
  }
  const [onTime, lateWithout, lateWith] = codes as [string, string, string];
  Object.assign(fixture, { onTime, lateWithout, lateWith });
  const dueOf = async (code: string) => Date.parse((await flows[0]!.get(code, 'officer', BIEN_HOA)).dueAt);
  const extend = async (code: string, reason: string, reasonCategory: string) =>
    flows[0]!.act(code, BIEN_HOA, 'extendDeadline', {
      reason,
      reasonCategory,
      newDueAt: new Date((await dueOf(code)) + 2 * 86_400_000).toISOString(),
    });
  const dues = {
    onTime: await dueOf(onTime),
    lateWithout: await dueOf(lateWithout),
    lateWith: await dueOf(lateWith),
  };
  await extend(onTime, 'Chờ kết quả xác minh', 'verification');
  const letter = await extend(
    lateWith,
    `Chờ xác minh hộ khẩu của bà ${applicant.fullName.toUpperCase().normalize('NFD')}, SĐT ${SPACED(applicant.phone)}, CCCD ${DOTTED(applicant.idNumber)}, ${plain(applicant.address)}`,
    'other-agency',
  );
  // The officer sees the letter's public part in the answer.
  expect(letter.apology).toMatchObject({ category: 'other-agency' });
  expect(leaks(JSON.stringify(letter.apology))).toEqual([]);
  const complete = { action: 'complete', resultSummary: 'Đã cấp' };
  await actAt(onTime, complete, new Date(dues.onTime - 60_000));
  await actAt(onTime, { action: 'returnResult' }, new Date(dues.onTime - 30_000));
  await actAt(lateWithout, complete, new Date(dues.lateWithout + 60_000));
  await actAt(lateWith, complete, new Date(dues.lateWith + 90_000));
  fixture.month = periodsOf(new Date(dues.lateWith + 90_000).toISOString())[0]!;
  const version = (await flows[0]!.get(onTime)).version;
  await api.call(`/dossiers/${onTime}/rating`, {
    method: 'PUT',
    as: 'citizen',
    sub: flows[0]!.citizen,
    headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify({
      criteria: Object.fromEntries(CRITERIA.map((criterion) => [criterion, 2])),
      verdict: 'hai-long',
    }),
  });
  await journey(api).submit();

  // Feedback about the third dossier, by its owner, whose token names them; the officer's words
  // and the public question repeat their data and the applicant's, written to slip through.
  const author = {
    as: 'citizen' as const,
    sub: AUTHOR.sub,
    claims: {
      name: AUTHOR.name,
      'custom:id_number': AUTHOR.idNumber,
      phone_number: AUTHOR.phone,
      phone_number_verified: true,
    },
  };
  const feedback = await readJson(
    await api.call('/feedback', {
      method: 'POST',
      ...author,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'procedure',
        unit: BIEN_HOA,
        subject: 'Giờ làm việc',
        content: `Tôi là ${AUTHOR.name}, 0903111222: bộ phận một cửa nghỉ sớm.`,
        dossierCode: lateWith,
      }),
    }),
  );
  expect(feedback.id).toBeDefined();
  for (const step of [
    {
      action: 'answer',
      answer: `Đã liên hệ ông ${plain(AUTHOR.name).toUpperCase()} qua số ${SPACED('0903111222')} (CCCD ${AUTHOR.idNumber}) và bà ${applicant.fullName.toLowerCase()} (${DOTTED(applicant.idNumber)}). Bộ phận một cửa làm việc đến 17 giờ, kể cả thứ Sáu.`,
    },
    {
      action: 'publish',
      publicQuestion: `Ông ${AUTHOR.name.normalize('NFD')} (${AUTHOR.email.toUpperCase()}, +84 903 111 222) hỏi giờ làm việc của bộ phận một cửa?`,
    },
  ]) {
    const done = await api.call(`/feedback/${feedback.id}/actions`, {
      method: 'POST',
      as: 'officer',
      unit: BIEN_HOA,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(step),
    });
    expect(done.status).toBe(200);
  }
  await eventually(async () => {
    const counts = (await readJson(await api.call(`/indicators?period=${fixture.month}`))).counts;
    expect(counts).toMatchObject({ resolved: 3, late: 2, lateApologised: 1, unhappy: 1 });
    const now = periodsOf(new Date().toISOString())[0]!;
    const current = (await readJson(await api.call(`/indicators?period=${now}`))).counts;
    expect(current).toMatchObject({ received: 3, ratings: 1, feedbackPublished: 1 });
  }, 20_000);
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('the public page of results (công khai), in a real browser', () => {
  it('shows the API’s figures and scores, the month’s late dossiers with whether each had its letter, roll-up rows marked, published answers, and loads nothing else', {
    timeout: 60_000,
  }, async () => {
    const page = await browser.newPage();
    const { elsewhere, complaints } = watchPage(page, api.url);
    const answer = await page.goto(`${api.url}/cong-khai?period=${fixture.month}`, {
      waitUntil: 'networkidle0',
    });
    expect(answer?.status()).toBe(200);
    const html = await answer!.text();
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);

    const period = fixture.month;
    const unit = await readJson(await api.call(`/indicators?unit=${BIEN_HOA}&period=${period}`));
    const province = await readJson(await api.call(`/indicators?period=${period}`));
    const shown = (selector: string) => page.$eval(selector, (element) => element.textContent?.trim());
    expect(await shown(`td[data-on-time="${BIEN_HOA}"]`)).toBe(String(unit.figures.onTimeRate));
    expect(await shown('td[data-ratings]')).toBe(String(province.counts.ratings));
    for (const [group, { score }] of Object.entries(province.scores.groups) as [string, Json][])
      expect(await shown(`td[data-score="${group}"]`), group).toBe(score === undefined ? '—' : String(score));
    expect(await shown('td[data-score="total"]')).toBe(String(province.scores.total ?? '—'));
    expect(Object.keys(province.scores.groups)).toContain('onlinePayment');

    // The late dossiers, as many as the late column counts: the one with its letter and the one
    // without, never the dossier resolved on time after a letter.
    const late = await page.$$eval('tr[data-late]', (rows) =>
      rows.map((row) => [row.getAttribute('data-late'), row.getAttribute('data-apologised')]),
    );
    expect(late).toEqual(
      expect.arrayContaining([
        [fixture.lateWith, 'yes'],
        [fixture.lateWithout, 'no'],
      ]),
    );
    expect(late).toHaveLength(2);
    expect(await shown('td[data-late-count="province"]')).toBe(String(late.length));
    const letterRow = await shown(`tr[data-late="${fixture.lateWith}"]`);
    expect(letterRow).toContain('Chờ cơ quan khác: Chờ xác minh hộ khẩu của bà ***');
    expect(html).not.toContain('Chờ kết quả xác minh');
    // A unit with units below it says its row is their total.
    const rollUps = await page.$$eval('tr[data-rollup]', (rows) =>
      rows.map((row) => row.getAttribute('data-rollup')),
    );
    expect(rollUps).toEqual(expect.arrayContaining(['000.00.00.H19', '000.00.16.H19']));
    expect(rollUps).not.toContain(BIEN_HOA);
    expect(await shown('tr[data-rollup="000.00.00.H19"] th')).toContain('tổng các đơn vị trực thuộc');

    expect(html).toContain('Bộ phận một cửa làm việc đến 17 giờ');
    expect(await page.$eval('html', (element) => element.getAttribute('lang'))).toBe('vi');
    expect(await page.$$eval('svg[role="img"] title', (titles) => titles.length)).toBe(1);
    expect(elsewhere).toEqual([]);
    expect(complaints).toEqual([]);

    const folder = join(import.meta.dirname, '..', '..', '.motcua', 'screenshots');
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: join(folder, 'cong-khai.png'), fullPage: true });

    const english = await page.goto(`${api.url}/cong-khai?lang=en&period=${period}`, {
      waitUntil: 'networkidle0',
    });
    const englishHtml = await english!.text();
    expect(englishHtml).toContain('<html lang="en">');
    expect(englishHtml).toContain('Waiting for another agency');
    await page.close();
  });

  it('publishes none of the applicant’s and the author’s data, however it was written: the page, the published answers, the look-up', async () => {
    const outputs: Record<string, string> = {};
    for (const period of [fixture.month, periodsOf(new Date().toISOString())[0]!])
      for (const lang of ['vi', 'en'])
        outputs[`cong-khai ${period} ${lang}`] = await (
          await api.call(`/cong-khai?period=${period}&lang=${lang}`)
        ).text();
    outputs.published = await (await api.call('/feedback/published?limit=100')).text();
    const lookup = await api.call(`/lookup/${fixture.onTime}?secret=${encodeURIComponent(fixture.secret)}`);
    expect(lookup.status).toBe(200);
    outputs.lookup = await lookup.text();
    // The published answer is there, its people gone.
    expect(outputs.published).toContain('Bộ phận một cửa làm việc đến 17 giờ');
    expect(outputs.published).toContain('hỏi giờ làm việc của bộ phận một cửa?');
    for (const [where, output] of Object.entries(outputs)) expect(leaks(output), where).toEqual([]);
  });
});

describe('the public page at the API’s own address', () => {
  it('is drawn at most once a minute per period and language, however often it is asked for', async () => {
    let reads = 0;
    const name = 'count-public-page-reads';
    documents.middlewareStack.add(
      (next) => async (args) => {
        reads += 1;
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const period = periodsOf(api.runtime.clock.now().toISOString())[0]!;
      const ask = () => api.call(`/cong-khai?period=${period}&lang=en`);
      // Past what earlier tests had drawn.
      api.runtime.clock.advance(61_000);
      expect((await ask()).status).toBe(200);
      const once = reads;
      expect(once).toBeGreaterThan(0);
      for (let call = 0; call < 20; call += 1) expect((await ask()).status).toBe(200);
      expect(reads).toBe(once);
      api.runtime.clock.advance(61_000);
      await ask();
      expect(reads).toBe(2 * once);
      // Another language is another page.
      expect((await api.call(`/cong-khai?period=${period}&lang=vi`)).status).toBe(200);
      expect(reads).toBe(3 * once);
    } finally {
      documents.middlewareStack.remove(name);
      api.runtime.clock.reset();
    }
  });
});
