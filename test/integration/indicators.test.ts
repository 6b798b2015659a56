import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import { addCounts, type Counts, countsFor, periodsOf, zeroCounts } from '../../shared/domain/indicators.ts';
import { CRITERIA } from '../../shared/domain/ratings.ts';
import { BIEN_HOA, CENTRE, journey, TRAN_BIEN } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { demoProvince, useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: [] });
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

/** The counters worked out again from every dossier's history, as a test does, not the system. */
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
      ...(dossier.endedAt ? { ended: dossier } : {}),
    };
    for (const event of events)
      if (periodsOf(event.at).includes(period)) addCounts(total, countsFor(event, facts, calendar));
  }
  return total;
}

describe('the Decision 766 indicators', () => {
  it('equal, live, a recomputation from the dossiers’ histories; a repeated event counts once; CSV for Excel', async () => {
    const codes: string[] = [];
    for (const path of Object.values(PATHS)) codes.push(await path(journey(api)));
    const period = periodsOf(new Date().toISOString())[0]!;
    const province = await eventually(async () => {
      const live = await indicators(`period=${period}`);
      expect(live.counts).toEqual(await recomputed(codes, () => true, period));
      return live;
    }, 20_000);
    expect(province.counts).toMatchObject({
      received: 5,
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
    expect(text).toContain(`Hồ sơ tiếp nhận,${province.counts.received}\r\n`);
  });

  it('refuse a period that is not one, and a unit or procedure the province does not have', async () => {
    expect((await api.call('/indicators?period=2026-13')).status).toBe(400);
    expect((await api.call('/indicators?period=2026-11&unit=000.99.99.H19')).status).toBe(404);
    expect((await api.call('/indicators?period=2026-11&unit=000.02.30.H19&procedure=1.004873')).status).toBe(
      400,
    );
  });
});
