import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { addWorkingHours } from '../../shared/domain/handoffs.ts';
import { canonicalJson } from '../../shared/domain/history.ts';
import { workingCalendar } from '../../shared/persistence/calendar.ts';
import { listOutbound } from '../../shared/persistence/outbound.ts';
import { sweepOverdue } from '../../shared/services/overdue.ts';
import { CENTRE, EXTERNAL_UNIT, journey, TRAN_BIEN } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: ['countIndicators'] });

/** A land registration received and in processing at the provincial centre. */
async function inProcessingAtCentre(flow: ReturnType<typeof journey>) {
  const { code } = await flow.submit(await flow.landApplication());
  await flow.act(code, CENTRE, 'receive');
  await flow.act(code, CENTRE, 'startProcessing');
  return code as string;
}

const inbox = async (unit: string): Promise<string[]> =>
  (await readJson(await api.call(`/units/${unit}/dossiers?limit=100`, { as: 'officer', unit }))).items.map(
    (item: Json) => item.code,
  );

describe('hand-offs between units (liên thông)', () => {
  it("take a dossier from the provincial centre to a commune's inbox, with the step's deadline and a signed receipt", async () => {
    const flow = journey(api);
    const code = await inProcessingAtCentre(flow);
    const sent = await flow.act(code, CENTRE, 'transfer', {
      toUnit: TRAN_BIEN,
      note: 'Xác minh nguồn gốc đất',
    });
    expect(sent).toMatchObject({ sub: 'in-transit', currentUnit: CENTRE });

    const landed = await flow.landed(code);
    expect(landed).toMatchObject({ sub: 'at-receiving-unit', currentUnit: TRAN_BIEN });
    const [hop] = landed.hops;
    expect(hop).toMatchObject({ kind: 'transfer', fromUnit: CENTRE, toUnit: TRAN_BIEN, status: 'delivered' });
    // No allowance is configured for the commune: half of the procedure's 8 days, 32 working hours.
    const expected = addWorkingHours(new Date(hop.receivedAt), 32, await workingCalendar());
    expect(hop.dueAt).toBe(expected.toISOString());
    expect(landed.stepDueAt).toBe(hop.dueAt);
    expect(await inbox(TRAN_BIEN)).toContain(code);
    expect(await inbox(CENTRE)).not.toContain(code);

    const jwks = await readJson(await api.call('/.well-known/jwks.json'));
    const { payload, protectedHeader } = await compactVerify(hop.receipt, createLocalJWKSet(jwks));
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'motcua-hop+jws' });
    const claims = JSON.parse(Buffer.from(payload).toString('utf8'));
    expect(claims).toMatchObject({
      code,
      hop: hop.seq,
      fromUnit: CENTRE,
      sentBy: `officer-${CENTRE}`,
      toUnit: TRAN_BIEN,
      receivedAt: hop.receivedAt,
      stepDueAt: hop.dueAt,
      version: sent.version,
    });

    const notices = await eventually(async () => {
      const page = await readJson(await api.call('/me/notifications', { as: 'officer', unit: TRAN_BIEN }));
      const found = page.items.filter((item: Json) => item.code === code);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(notices[0]).toMatchObject({ kind: 'new-in-inbox' });
    expect(notices[0].text).toContain('Hạn xử lý của đơn vị');

    const history = await readJson(
      await api.call(`/dossiers/${code}/history`, { as: 'citizen', sub: flow.citizen }),
    );
    expect(history.verification).toMatchObject({ valid: true });
    expect(history.events.map((event: Json) => event.type).slice(-2)).toEqual([
      'transfer',
      'handoffDelivered',
    ]);
    // The receipt names the history's head at hand-over, and the dossier's record then.
    const sending = history.events.find((event: Json) => event.seq === hop.seq);
    expect(claims.eventHash).toBe(sending.hash);
    const { stateName: _name, ...record } = sent;
    const handedOver = canonicalJson({ ...record, lastEventHash: sending.hash });
    expect(claims.stateHash).toBe(createHash('sha256').update(handedOver).digest('hex'));
  });

  it('bring the work back to the sender and record each step against its own allowance', async () => {
    const flow = journey(api);
    const code = await inProcessingAtCentre(flow);
    await flow.act(code, CENTRE, 'transfer', { toUnit: TRAN_BIEN });
    await flow.landed(code);
    const elsewhere = await flow.act(code, CENTRE, 'complete', { resultSummary: 'x' }, 409);
    expect(elsewhere.type).toBe('urn:motcua:problem:dossier-at-another-unit');
    await flow.act(code, TRAN_BIEN, 'returnFromTransfer', { note: 'Đã xác minh' });
    const back = await flow.landed(code);
    expect(back).toMatchObject({ currentUnit: CENTRE, sub: 'returned-from-transfer' });
    expect(back.stepDueAt).toBeUndefined();
    expect(await inbox(CENTRE)).toContain(code);

    const slip = await readJson(
      await api.call(`/dossiers/${code}/control-slip?format=json`, { as: 'officer', unit: CENTRE }),
    );
    expect(slip.handoffs).toEqual([
      expect.objectContaining({
        kind: 'transfer',
        fromUnit: { code: CENTRE, name: 'Trung tâm Phục vụ hành chính công tỉnh Đồng Nai' },
        toUnit: expect.objectContaining({ code: TRAN_BIEN }),
        status: 'delivered',
        stepEndedAt: back.hops[1].sentAt,
        stepStatus: 'early',
      }),
      expect.objectContaining({ kind: 'return', status: 'delivered', receipt: expect.any(String) }),
    ]);
    // Each hand-off row names the unit that sent and the unit it went to.
    const ends = (step: string) =>
      slip.rows
        .filter((row: Json) => row.step === step)
        .map((row: Json) => [row.fromUnit.code, row.toUnit.code]);
    expect(ends('Chuyển liên thông')).toEqual([[CENTRE, TRAN_BIEN]]);
    expect(ends('Trả kết quả liên thông')).toEqual([[TRAN_BIEN, CENTRE]]);
    const html = await api.call(`/dossiers/${code}/control-slip?format=html`, {
      as: 'officer',
      unit: TRAN_BIEN,
    });
    expect(await html.text()).toContain('Liên thông giữa các đơn vị');
  });

  it('refuse at once a transfer to a unit the province does not have, changing nothing', async () => {
    const flow = journey(api);
    const code = await inProcessingAtCentre(flow);
    const before = await flow.get(code);
    const unknown = await flow.act(code, CENTRE, 'transfer', { toUnit: '000.99.99.H19' }, 400);
    expect(unknown.errors).toEqual([expect.objectContaining({ path: 'body.toUnit', code: 'unknown_unit' })]);
    expect(await flow.get(code)).toEqual(before);
  });

  it('queue hops to a unit outside this deployment for its connector, in order', async () => {
    const flow = journey(api);
    const codes = [await inProcessingAtCentre(flow), await inProcessingAtCentre(flow)];
    for (const code of codes) await flow.act(code, CENTRE, 'transfer', { toUnit: EXTERNAL_UNIT });
    for (const code of codes) {
      const landed = await flow.landed(code);
      expect(landed).toMatchObject({ currentUnit: EXTERNAL_UNIT, sub: 'at-receiving-unit' });
      expect(landed.hops[0]).toMatchObject({ status: 'queued-external', receipt: expect.any(String) });
    }
    const queued = (await listOutbound(EXTERNAL_UNIT)).filter((entry) => codes.includes(entry.code));
    expect(queued.map((entry) => [entry.code, entry.status])).toEqual(codes.map((code) => [code, 'queued']));

    // Nobody here is told: the unit's officers are not in this deployment, and a token naming
    // that unit is refused.
    const outsider = await api.call('/me/notifications', { as: 'officer', unit: EXTERNAL_UNIT });
    expect(outsider.status).toBe(403);
    expect((await readJson(outsider)).type).toBe('urn:motcua:problem:officer-unit-refused');
  });

  it("alert the receiving unit on its step's own deadline, and on the dossier's when that comes", async () => {
    const flow = journey(api);
    const code = await inProcessingAtCentre(flow);
    await flow.act(code, CENTRE, 'transfer', { toUnit: TRAN_BIEN });
    const { stepDueAt, dueAt } = await flow.landed(code);
    const alertsAt = async (kind: string) => {
      const page = await readJson(
        await api.call('/me/notifications?limit=100', { as: 'officer', unit: TRAN_BIEN }),
      );
      return page.items.filter((item: Json) => item.code === code && item.kind === kind);
    };
    // An hour past the step's deadline; the dossier itself is due days later.
    const counts = await sweepOverdue(new Date(Date.parse(stepDueAt) + 3600_000));
    expect(counts.alerts.filter((alert) => alert.code === code)).toEqual([{ kind: 'step-overdue', code }]);
    const [alert] = await eventually(async () => {
      const found = await alertsAt('step-overdue');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(alert.subject).toBe(`Bước xử lý hồ sơ ${code} đã quá hạn`);
    expect(await alertsAt('overdue')).toEqual([]);
    // Past the dossier's own due date, still at the commune: that alert too, and each only once.
    await sweepOverdue(new Date(Date.parse(dueAt) + 3600_000));
    await sweepOverdue(new Date(Date.parse(dueAt) + 7200_000));
    await eventually(async () => expect(await alertsAt('overdue')).toHaveLength(1));
    expect(await alertsAt('step-overdue')).toHaveLength(1);
  });
});
