import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import {
  addCounts,
  type Counts,
  countsFor,
  type DossierMarks,
  marked,
  markFor,
  periodsOf,
  zeroCounts,
} from '../../shared/domain/indicators.ts';
import { CRITERIA } from '../../shared/domain/ratings.ts';
import { BIEN_HOA, CENTRE, journey, TRAN_BIEN } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { demoProvince, useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: [] });
/** Ủy ban nhân dân tỉnh: every unit of the deployment is below it. */
const PROVINCIAL_COMMITTEE = '000.00.00.H19';
const criteria = (value: number) => Object.fromEntries(CRITERIA.map((criterion) => [criterion, value]));

type Flow = ReturnType<typeof journey>;

/** The kinds of dossier the counters must tell apart, each taken through the API. */
const PATHS: Record<string, (flow: Flow) => Promise<string>> = {
  async returnedAndRated(flow) {
    const { code } = await flow.submit();
    for (const action of ['receive', 'startProcessing'] as const) await flow.act(code, BIEN_HOA, action);
    await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
    await flow.act(code, BIEN_HOA, 'returnResult');
    const version = (await flow.get(code)).version;
    const rated = await api.call(`/dossiers/${code}/rating`, {
      method: 'PUT',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify({ criteria: criteria(2), verdict: 'rat-hai-long' }),
    });
    expect(rated.status).toBe(200);
    return code;
  },
  async supplementedTwice(flow) {
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    for (let round = 0; round < 2; round += 1) {
      await flow.act(code, BIEN_HOA, 'requestSupplement', { items: ['Bản sao CCCD'] });
      await flow.asCitizen(code, 'supplement', {});
      await flow.act(code, BIEN_HOA, 'receive');
    }
    await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
    return code;
  },
  async withdrawn(flow) {
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.asCitizen(code, 'withdraw', { reason: 'Không còn nhu cầu' });
    await flow.act(code, BIEN_HOA, 'stop', { reason: 'Công dân rút hồ sơ' });
    return code;
  },
  async refused(flow) {
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'refuse', { reason: 'Sai thẩm quyền' });
    return code;
  },
  async transferredAndBack(flow) {
    const { code } = await flow.submit(await flow.landApplication());
    await flow.act(code, CENTRE, 'receive');
    await flow.act(code, CENTRE, 'startProcessing');
    await flow.act(code, CENTRE, 'transfer', { toUnit: TRAN_BIEN });
    await flow.landed(code);
    await flow.act(code, TRAN_BIEN, 'returnFromTransfer');
    await flow.landed(code);
    await flow.act(code, CENTRE, 'requestPayment', { amount: 50_000 });
    await flow.act(code, CENTRE, 'confirmPayment');
    await flow.act(code, CENTRE, 'complete', { resultSummary: 'Đã đăng ký biến động' });
    return code;
  },
};

const indicators = async (query: string) => readJson(await api.call(`/indicators?${query}`));

/**
 * The counters worked out again from every dossier's history, as a test does, not the system:
 * each event's counts in its periods, and each dossier's marks (counted once) where it was resolved.
 */
async function recomputed(
  codes: string[],
  scope: (dossier: Json) => boolean,
  period: string,
): Promise<Counts> {
  const calendar = new WorkingCalendar(demoProvince().calendar);
  const total = zeroCounts();
  for (const code of codes) {
    // The code begins with the receiving unit's: its officers read the dossier.
    const dossier = await readJson(
      await api.call(`/dossiers/${code}`, { as: 'officer', unit: code.split('-')[0] }),
    );
    if (!scope(dossier)) continue;
    const { events } = await readJson(
      await api.call(`/dossiers/${code}/history`, { as: 'officer', unit: dossier.receivingUnit }),
    );
    const facts = {
      procedureCode: dossier.procedureCode,
      receivingUnit: dossier.receivingUnit,
      digitised: dossier.digitisation.components,
      ...(dossier.receivedAt ? { receivedAt: dossier.receivedAt } : {}),
      ...(dossier.endedAt ? { ended: dossier } : {}),
    };
    let marks: DossierMarks = {};
    for (const event of events) {
      const counts = countsFor(event, facts, calendar);
      if (periodsOf(event.at).includes(period)) addCounts(total, counts);
      const fact = markFor(event, counts, { scopes: ['this'], periods: periodsOf(event.at) });
      if (!fact) continue;
      const step = marked(marks, fact);
      marks = step.marks;
      for (const addition of step.additions)
        if (addition.period === period) addCounts(total, addition.counts);
    }
  }
  return total;
}

describe('the Decision 766 indicators', () => {
  it('equal, live, a recomputation from the dossiers’ histories; a repeated event counts once; CSV for Excel', {
    timeout: 60_000,
  }, async () => {
    const codes: string[] = [];
    for (const path of Object.values(PATHS)) codes.push(await path(journey(api)));
    const period = periodsOf(new Date().toISOString())[0]!;
    const province = await eventually(async () => {
      const live = await indicators(`period=${period}`);
      expect(live.counts).toEqual(await recomputed(codes, () => true, period));
      return live;
    }, 20_000);
    // Five dossiers submitted: four received by the desk, the fifth refused there, never received.
    expect(province.counts).toMatchObject({
      received: 4,
      refused: 1,
      withdrawn: 1,
      ratings: 1,
      ratHaiLong: 1,
    });

    const unit = await indicators(`unit=${BIEN_HOA}&period=${period}`);
    expect(unit.counts).toEqual(
      await recomputed(codes, (dossier) => dossier.receivingUnit === BIEN_HOA, period),
    );
    const procedure = await indicators(`procedure=1.013831&period=${period}`);
    expect(procedure.counts).toEqual(
      await recomputed(codes, (dossier) => dossier.procedureCode === '1.013831', period),
    );
    const year = await indicators(`period=${period.slice(0, 4)}`);
    expect(year.counts).toEqual(province.counts);
    // Every unit of the deployment is below the provincial people's committee: its counters hold theirs.
    const rolledUp = await indicators(`unit=${PROVINCIAL_COMMITTEE}&period=${period}`);
    expect(rolledUp.counts).toEqual(province.counts);
    expect(unit.counts.received).toBeLessThan(rolledUp.counts.received);

    // A redelivered event (SQS delivers at least once): counted once.
    const { events } = await readJson(
      await api.call(`/dossiers/${codes[0]}/history`, { as: 'officer', unit: BIEN_HOA }),
    );
    await api.runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: api.runtime.resources.queues.indicators!.url,
        MessageBody: JSON.stringify(events[0]),
      }),
    );
    await api.runtime.settled();
    expect((await indicators(`period=${period}`)).counts).toEqual(province.counts);

    const csv = await api.call(`/indicators?period=${period}&format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('Chỉ tiêu,Giá trị\r\n');
    expect(text).toContain('Hồ sơ tiếp nhận,4\r\n');
    expect(text).toContain('Hồ sơ không được tiếp nhận,1\r\n');
  });

  it('score each year in the layout the province file gives it: six parts now, the five groups before 2025', async () => {
    const now = await indicators(`period=${periodsOf(new Date().toISOString())[0]}`);
    expect(now.scores.layout).toBe('six-parts');
    expect(Object.keys(now.scores.groups)).toEqual([
      'transparency',
      'progress',
      'onlineService',
      'onlinePayment',
      'satisfaction',
      'digitisation',
    ]);
    const before = await indicators('period=2024-06');
    expect(before.scores).toMatchObject({
      layout: 'five-groups',
      groups: { online: { points: 22 }, digitisation: { points: 22 } },
    });
    expect(Object.keys(before.scores.groups)).toHaveLength(5);
    const csv = new TextDecoder().decode(
      await (await api.call('/indicators?period=2024&format=csv')).arrayBuffer(),
    );
    expect(csv).toContain('Điểm Cung cấp dịch vụ trực tuyến (trên 22),');
  });

  it('let one citizen move a unit’s satisfaction by one dossier at most, however many complaints they send', async () => {
    const period = periodsOf(new Date().toISOString())[0]!;
    const unitNow = () => indicators(`unit=${BIEN_HOA}&period=${period}`);
    const start = await unitNow();
    const flow = journey(api);
    const { code } = await flow.submit();
    for (const action of ['receive', 'startProcessing'] as const) await flow.act(code, BIEN_HOA, action);
    await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
    await flow.act(code, BIEN_HOA, 'returnResult');
    const before = await eventually(async () => {
      const counted = await unitNow();
      expect(counted.counts.resolved).toBe(start.counts.resolved + 1);
      return counted;
    });
    // Disliked, then complained about over and over, to the unit and to the centre above the units.
    const version = (await flow.get(code)).version;
    const rated = await api.call(`/dossiers/${code}/rating`, {
      method: 'PUT',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify({ criteria: criteria(0), verdict: 'khong-hai-long' }),
    });
    expect(rated.status).toBe(200);
    const COMPLAINTS = 12;
    for (let sent = 0; sent < COMPLAINTS; sent += 1) {
      const complaint = await api.call('/feedback', {
        method: 'POST',
        as: 'citizen',
        sub: flow.citizen,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'procedure',
          unit: sent % 2 ? BIEN_HOA : CENTRE,
          subject: `Phản ánh lần ${sent + 1}`,
          content: 'Cán bộ không hướng dẫn.',
          dossierCode: code,
        }),
      });
      expect(complaint.status).toBe(201);
    }
    // Every complaint counted (the procedure's complaints hold all of them), the dossier once.
    const after = await eventually(async () => {
      const counted = await unitNow();
      expect(counted.counts.ratings).toBe(before.counts.ratings + 1);
      const procedure = await indicators(`procedure=1.004873&period=${period}`);
      expect(procedure.counts.complaints).toBe(COMPLAINTS);
      return counted;
    }, 20_000);
    expect(after.counts.unhappy).toBe(before.counts.unhappy + 1);
    const { resolved, late, unhappy } = after.counts;
    expect(after.figures.satisfaction).toBe(Math.round((1 - (late + unhappy) / resolved) * 1000) / 10);
    const oneDossier = 100 / resolved;
    expect(before.figures.satisfaction - after.figures.satisfaction).toBeLessThanOrEqual(oneDossier + 0.1);
  });

  it('refuse a period that is not one, and a unit or procedure the province does not have', async () => {
    expect((await api.call('/indicators?period=2026-13')).status).toBe(400);
    expect((await api.call('/indicators?period=2026-11&unit=000.99.99.H19')).status).toBe(404);
    expect((await api.call('/indicators?period=2026-11&unit=000.02.30.H19&procedure=1.004873')).status).toBe(
      400,
    );
  });
});
