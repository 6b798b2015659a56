import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { loadProvince } from '../../shared/config/province.ts';
import { atLocal, localDate, WorkingCalendar } from '../../shared/domain/calendar.ts';
import { provinceSchedules } from '../../shared/domain/holidays.ts';
import { CALENDAR_YEARS } from '../../shared/persistence/calendar.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();
const table = () => DynamoDBDocumentClient.from(api.runtime.clients.dynamodb);
const update = (
  key: Record<string, string>,
  expression: string,
  values: Record<string, unknown>,
  names?: Record<string, string>,
) =>
  table().send(
    new UpdateCommand({
      TableName: api.runtime.resources.tableName,
      Key: key,
      UpdateExpression: expression,
      ExpressionAttributeValues: values,
      ...(names ? { ExpressionAttributeNames: names } : {}),
    }),
  );

describe('what the records say about a dossier', () => {
  it('a dossier that ends after its due date is late, in the dossier and on the control slip', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    // Arrange: the dossier was received a week ago and was due two days ago.
    const week = 7 * 86_400_000;
    await update(
      { pk: `DOSSIER#${code}`, sk: 'DOSSIER' },
      'SET receivedAt = :received, dueAt = :due, legalDueAt = :due',
      {
        ':received': new Date(Date.now() - week).toISOString(),
        ':due': new Date(Date.now() - 2 * 86_400_000).toISOString(),
      },
    );
    const done = await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp, trễ hạn' });
    expect(done).toMatchObject({ state: 9, timeliness: 'late' });
    const slip = await readJson(
      await api.call(`/dossiers/${code}/control-slip`, { as: 'officer', unit: BIEN_HOA }),
    );
    expect(slip.rows.at(-1)).toMatchObject({ step: 'Hoàn thành xử lý', status: 'late' });
  });

  it('the answer to a supplement request moves the due date by the working days the clock stood still', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    await flow.act(code, BIEN_HOA, 'requestSupplement', { items: ['Bản sao Giấy khai sinh'] });
    // Arrange: the request went out on Monday 2 March 2026, due Thursday 5 March.
    await update({ pk: `DOSSIER#${code}`, sk: 'DOSSIER' }, 'SET pausedAt = :paused, dueAt = :due', {
      ':paused': '2026-03-02T02:00:00.000Z',
      ':due': '2026-03-05T10:00:00.000Z',
    });
    const calendar = new WorkingCalendar(
      provinceSchedules(loadProvince('dong-nai').calendar, CALENDAR_YEARS.from, CALENDAR_YEARS.to),
    );
    const paused = calendar.workingDaysBetween('2026-03-02', localDate(new Date()));
    const answered = await flow.asCitizen(code, 'supplement', { note: 'Đã bổ sung bản sao' });
    expect(answered.pausedDays).toBe(paused);
    expect(answered.dueAt).toBe(atLocal(calendar.addWorkingDays('2026-03-05', paused), 17).toISOString());
    expect(answered.pausedAt).toBeUndefined();
  });

  it('the history verification finds the first rewritten event', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    await update(
      { pk: `DOSSIER#${code}`, sk: 'EVENT#000002' },
      'SET #note = :note',
      { ':note': 'sửa lén' },
      { '#note': 'note' },
    );
    const history = await readJson(
      await api.call(`/dossiers/${code}/history`, { as: 'citizen', sub: flow.citizen }),
    );
    expect(history.verification).toMatchObject({ valid: false, brokenAt: 2, length: 3 });
  });
});
