import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../shared/domain/calendar.ts';
import { sweepOverdue } from '../../shared/services/overdue.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: ['countIndicators', 'sendDeliveries', 'sendWebhooks'] });

/** Arrange: the dossier fell due at `dueAt` (the item and its due-date index keys). */
async function dueAt(code: string, due: Date) {
  await DynamoDBDocumentClient.from(api.runtime.clients.dynamodb).send(
    new UpdateCommand({
      TableName: api.runtime.resources.tableName,
      Key: { pk: `DOSSIER#${code}`, sk: 'DOSSIER' },
      UpdateExpression: 'SET dueAt = :due, gsi3pk = :day, gsi3sk = :key, gsi2sk = :key',
      ExpressionAttributeValues: {
        ':due': due.toISOString(),
        ':day': `DUE#${localDate(due)}`,
        ':key': `${due.toISOString()}#${code}`,
      },
    }),
  );
}

/** The scheduled sweep, run as its schedule runs it: the function with its own grants. */
const sweep = () =>
  api.runtime.invoke('sweepOverdue', { source: 'aws.events', 'detail-type': 'Scheduled Event' }) as Promise<{
    overdue: number;
    alerts: { kind: string; code: string }[];
  }>;

describe('overdue dossiers', () => {
  it('the sweep finds them through the due-date index and alerts their unit once', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    await dueAt(code, new Date(Date.now() - 3 * 86_400_000));
    const first = await sweep();
    expect(first.alerts.filter((alert) => alert.code === code)).toEqual([{ kind: 'overdue', code }]);
    const again = await sweep();
    expect(again.alerts).toEqual([]);
    expect(again.overdue).toBe(first.overdue);
    const alerts = await eventually(async () => {
      const page = await readJson(
        await api.call('/me/notifications?limit=100', { as: 'officer', unit: BIEN_HOA }),
      );
      const found = page.items.filter((item: Json) => item.kind === 'overdue' && item.code === code);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(alerts[0].subject).toBe(`Hồ sơ ${code} đã quá hạn`);
  });

  it('the apology and extension letter moves the due date and tells the applicant, in the history', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    const current = (await flow.get(code)).dueAt;
    await flow.act(code, BIEN_HOA, 'extendDeadline', { newDueAt: current }, 400);
    await flow.act(code, BIEN_HOA, 'extendDeadline', { newDueAt: '2099-01-01T10:00:00.000Z' }, 400);
    const newDueAt = new Date(Date.parse(current) + 5 * 86_400_000).toISOString();
    const extended = await flow.act(code, BIEN_HOA, 'extendDeadline', {
      reason: 'Chờ kết quả xác minh',
      newDueAt,
    });
    expect(extended).toMatchObject({ state: 4, dueAt: newDueAt, extensions: 1 });
    const dossier = await flow.get(code);
    expect(dossier.history.at(-1)).toMatchObject({
      type: 'extendDeadline',
      data: { reason: 'Chờ kết quả xác minh', newDueAt },
    });
    const letter = await eventually(async () => {
      const page = await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }));
      const found = page.items.find((item: Json) => item.kind === 'late');
      expect(found).toBeDefined();
      return found;
    });
    expect(letter.text).toContain('Chờ kết quả xác minh');
    expect(letter.text).toContain('xin lỗi');
  });

  it('over a holiday, "due soon" reaches to the first working day after it', async () => {
    const flow = journey(api);
    const after = await flow.submit();
    const later = await flow.submit();
    for (const { code } of [after, later]) {
      await flow.act(code, BIEN_HOA, 'receive');
      await flow.act(code, BIEN_HOA, 'startProcessing');
    }
    // Friday 13 February 2026, 10:00 in Vietnam; Tết runs 14–22 February.
    const friday = new Date('2026-02-13T03:00:00.000Z');
    await dueAt(after.code, new Date('2026-02-23T10:00:00.000Z')); // Monday after Tết
    await dueAt(later.code, new Date('2026-02-24T10:00:00.000Z'));
    const counts = await sweepOverdue(friday);
    expect(counts).toMatchObject({ overdue: 0, dueSoon: 1, alerted: 1 });
    const alerts = await eventually(async () => {
      const page = await readJson(
        await api.call('/me/notifications?limit=100', { as: 'officer', unit: BIEN_HOA }),
      );
      const found = page.items.filter((item: Json) => item.kind === 'due-soon');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(alerts[0].code).toBe(after.code);
  });
});
