import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getPayment } from '../../shared/persistence/payments.ts';
import { BIEN_HOA, CENTRE, EXTERNAL_UNIT, journey } from '../support/dossiers.ts';
import { integrators } from '../support/integrators.ts';
import type { Json } from '../support/json.ts';
import { portalFiling, SMALL_PDF, servedBy } from '../support/national-shape.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ standIns: true, idleConsumers: ['countIndicators'] });
const { register, signed } = integrators(api);

const sha256 = 'a'.repeat(64);
const fromPortal = portalFiling;

/**
 * The filing with its files at addresses the portal's stand-in serves (the only host the
 * local province lets the portal name), as it hands them over in pull mode: read from its feed.
 */
async function addressed(filing: Json): Promise<Json> {
  const files = filing.TaiLieuNop.map((component: Json) => ({
    ...component,
    TepDinhKem: component.TepDinhKem.map(
      ({ DuongDanTaiTepTin: _at, KichThuoc: _size, MaBamSHA256: _hash, ...file }: Json) => ({
        ...file,
        NoiDung: SMALL_PDF.toString('base64'),
      }),
    ),
  }));
  return { ...filing, TaiLieuNop: await servedBy(api, files) };
}

describe('dossiers filed through another channel', () => {
  it('are filed once under the channel’s code: sent again they get the first receipt', async () => {
    const portal = api.runtime.portal!;
    const body = await addressed(fromPortal());
    const first = await signed('POST', '/integrations/v1/dossiers', portal, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ MaHoSo: body.MaHoSo, state: 1, procedureCode: '1.004873' });
    expect(first.body.code).toMatch(/^000\.02\.30\.H19-\d{6}-\d{4}$/);
    const again = await signed('POST', '/integrations/v1/dossiers', portal, body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);

    const read = await signed('GET', `/integrations/v1/dossiers/${first.body.code}`, portal);
    expect(read.body.progress[0]).toMatchObject({ step: 'submit', toState: 1 });
    const dossier = await api.call(`/dossiers/${first.body.code}`, { as: 'officer', unit: BIEN_HOA });
    const view = (await dossier.json()) as Json;
    expect(view).toMatchObject({ channel: { integrator: portal.integrator, reference: body.MaHoSo } });
    expect(view.application.components[0].files[0]).toMatchObject({
      fileName: 'to-khai.pdf',
      sha256: body.TaiLieuNop[0].TepDinhKem[0].MaBamSHA256,
      url: body.TaiLieuNop[0].TepDinhKem[0].DuongDanTaiTepTin,
    });
    expect(view.application.applicant).toMatchObject({ kind: 'citizen', idNumber: '075190004321' });
  });

  it('refuse the same code with other contents, bad fields, and procedures outside the limits, filing nothing', async () => {
    const portal = api.runtime.portal!;
    const body = await addressed(fromPortal());
    expect((await signed('POST', '/integrations/v1/dossiers', portal, body)).status).toBe(201);
    const changed = await signed('POST', '/integrations/v1/dossiers', portal, {
      ...body,
      ChuHoSo: 'Người khác',
    });
    expect(changed).toMatchObject({
      status: 422,
      body: { type: 'urn:motcua:problem:idempotency-key-reused' },
    });

    const bad = fromPortal({ SoGiayToChuHoSo: '123', TaiLieuNop: [] });
    const refused = await signed('POST', '/integrations/v1/dossiers', portal, bad);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((issue: Json) => issue.path)).toContain('body.SoGiayToChuHoSo');
    const missing = await signed('POST', '/integrations/v1/dossiers', portal, fromPortal({ TaiLieuNop: [] }));
    expect(missing).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ path: 'body.TaiLieuNop', code: 'missing_component' })] },
    });
    // Refused, the code is still free: the corrected dossier is filed under it.
    const fixed = await signed(
      'POST',
      '/integrations/v1/dossiers',
      portal,
      await addressed(fromPortal({ MaHoSo: bad.MaHoSo })),
    );
    expect(fixed.status).toBe(201);

    const limited = await register(['dossiers:submit'], { procedures: ['1.004873'] });
    const outside = await signed(
      'POST',
      '/integrations/v1/dossiers',
      limited,
      fromPortal({ MaTTHC: '1.001193' }),
    );
    expect(outside).toMatchObject({ status: 403, body: { type: 'urn:motcua:problem:scope-denied' } });
  });
});

/** A marriage status dossier at Biên Hòa, waiting for a fee of `amount`: its code and payment order. */
async function awaitingFee(amount: number): Promise<{ code: string; order: string }> {
  const flow = journey(api);
  const { code } = await flow.submit();
  await flow.act(code, BIEN_HOA, 'receive');
  await flow.act(code, BIEN_HOA, 'startProcessing');
  await flow.act(code, BIEN_HOA, 'requestPayment', { amount });
  const order = (await dossierOf(code)).paymentOrder;
  expect(order).toMatch(new RegExp(`^${code.replaceAll('.', '\\.')}-TT\\d+$`));
  return { code, order };
}

const dossierOf = async (code: string) =>
  (await (await api.call(`/dossiers/${code}`, { as: 'officer', unit: BIEN_HOA })).json()) as Json;

/** A confirmation of a payment made a minute ago. */
const confirmation = (code: string, order: string, amount: number) => ({
  transactionId: `tx-${randomUUID()}`,
  paymentOrderId: order,
  dossierCode: code,
  amount,
  paidAt: new Date(Date.now() - 60_000).toISOString(),
});

describe('payment confirmations', () => {
  it('move a dossier waiting for that order and fee on to processing, once', async () => {
    const platform = await register(['payments:confirm']);
    const { code, order } = await awaitingFee(50_000);
    const payment = confirmation(code, order, 50_000);
    const first = await signed('POST', '/integrations/v1/payments', platform, payment);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      status: 'accepted',
      amount: 50_000,
      dossierCode: code,
      paymentOrderId: order,
    });
    const paid = await dossierOf(code);
    expect(paid).toMatchObject({ state: 4, paidAt: payment.paidAt });

    const again = await signed('POST', '/integrations/v1/payments', platform, payment);
    expect(again).toMatchObject({ status: 200, body: first.body });
    expect((await dossierOf(code)).version).toBe(paid.version);
    const other = await signed('POST', '/integrations/v1/payments', platform, { ...payment, amount: 60_000 });
    expect(other).toMatchObject({ status: 422, body: { type: 'urn:motcua:problem:idempotency-key-reused' } });

    // Another transaction for the same order settles nothing more: the dossier is paid.
    const second = confirmation(code, order, 50_000);
    const twice = await signed('POST', '/integrations/v1/payments', platform, second);
    expect(twice).toMatchObject({ status: 422, body: { errors: [{ code: 'not-awaiting-payment' }] } });
    expect((await dossierOf(code)).version).toBe(paid.version);
    expect(await getPayment(platform.id, second.transactionId)).toMatchObject({
      status: 'review',
      reason: 'not-awaiting-payment',
    });
  });

  it('keep a wrong amount, another order or an unknown dossier for review, refused, the dossier unchanged', async () => {
    const platform = await register(['payments:confirm']);
    const { code, order } = await awaitingFee(50_000);
    const before = await dossierOf(code);
    for (const amount of [5_000, 49_999, 50_001]) {
      const wrong = confirmation(code, order, amount);
      const refused = await signed('POST', '/integrations/v1/payments', platform, wrong);
      expect(refused, String(amount)).toMatchObject({
        status: 422,
        body: {
          type: 'urn:motcua:problem:payment-refused',
          errors: [{ path: 'body.amount', code: 'amount-mismatch' }],
        },
      });
      expect(await getPayment(platform.id, wrong.transactionId)).toMatchObject({
        status: 'review',
        reason: 'amount-mismatch',
      });
    }
    expect(await dossierOf(code)).toEqual(before);

    const elsewhere = confirmation(code, `${code}-TT1`, 50_000);
    const notOurs = await signed('POST', '/integrations/v1/payments', platform, elsewhere);
    expect(notOurs).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'body.paymentOrderId', code: 'unknown-order' }] },
    });

    const unknown = confirmation('000.02.30.H19-261127-9999', '000.02.30.H19-261127-9999-TT4', 50_000);
    const nowhere = await signed('POST', '/integrations/v1/payments', platform, unknown);
    expect(nowhere).toMatchObject({ status: 422, body: { errors: [{ code: 'unknown-dossier' }] } });
    expect(await getPayment(platform.id, unknown.transactionId)).toMatchObject({
      status: 'review',
      reason: 'unknown-dossier',
    });

    const review = await api.call('/admin/payments/review?limit=100', { as: 'admin' });
    const kept = ((await review.json()) as Json).items.filter(
      (item: Json) => item.integrator === platform.id,
    );
    expect(kept.map((item: Json) => [item.transactionId, item.reason]).slice(0, 2)).toEqual([
      [unknown.transactionId, 'unknown-dossier'],
      [elsewhere.transactionId, 'unknown-order'],
    ]);
    expect(kept.slice(2).map((item: Json) => [item.amount, item.reason])).toEqual([
      [50_001, 'amount-mismatch'],
      [49_999, 'amount-mismatch'],
      [5_000, 'amount-mismatch'],
    ]);
    expect(await dossierOf(code)).toEqual(before);
  });

  it('settle nothing outside the platform’s limits: a dossier of another procedure is as unknown', async () => {
    const landOnly = await register(['payments:confirm'], { procedures: ['1.013831'] });
    const { code, order } = await awaitingFee(50_000);
    const before = await dossierOf(code);
    const payment = confirmation(code, order, 50_000);
    const refused = await signed('POST', '/integrations/v1/payments', landOnly, payment);
    expect(refused).toMatchObject({ status: 422, body: { errors: [{ code: 'unknown-dossier' }] } });
    expect(await dossierOf(code)).toEqual(before);
  });

  it('refuse a paidAt ahead of the clock or months old, and a malformed one, keeping nothing', async () => {
    const platform = await register(['payments:confirm']);
    const { code, order } = await awaitingFee(50_000);
    const before = await dossierOf(code);
    for (const paidAt of [
      '2031-01-01T00:00:00+07:00',
      new Date(Date.now() + 3_600_000).toISOString(),
      new Date(Date.now() - 200 * 86_400_000).toISOString(),
    ]) {
      const payment = { ...confirmation(code, order, 50_000), paidAt };
      const refused = await signed('POST', '/integrations/v1/payments', platform, payment);
      expect(refused, paidAt).toMatchObject({ status: 400, body: { errors: [{ path: 'body.paidAt' }] } });
      expect(await getPayment(platform.id, payment.transactionId)).toBeUndefined();
    }
    const malformed = await signed('POST', '/integrations/v1/payments', platform, {
      ...confirmation(code, order, 50_000),
      amount: -1,
    });
    expect(malformed.status).toBe(400);
    expect(await dossierOf(code)).toEqual(before);
  });
});

describe("a sector system's steps on a dossier at its unit", () => {
  async function atExternalUnit() {
    const flow = journey(api);
    const { code } = await flow.submit(await flow.landApplication());
    await flow.act(code, CENTRE, 'receive');
    await flow.act(code, CENTRE, 'startProcessing');
    await flow.act(code, CENTRE, 'transfer', { toUnit: EXTERNAL_UNIT });
    await flow.landed(code);
    return { flow, code: code as string };
  }

  it('records progress, and a result sends the dossier back as a hop that lands with its receipt', async () => {
    const sector = await register(['dossiers:progress'], {}, EXTERNAL_UNIT);
    const { flow, code } = await atExternalUnit();
    const key = randomUUID();
    const progress = {
      NguoiXuLy: 'Lê Thị Mai',
      ChucDanh: 'Chuyên viên',
      NoiDungXuLy: 'Đã kiểm tra hồ sơ địa chính',
    };
    const step = await signed('POST', `/integrations/v1/dossiers/${code}/steps`, sector, progress, {
      'idempotency-key': key,
    });
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    expect(step.body).toMatchObject({ step: 'externalProgress', currentUnit: EXTERNAL_UNIT });
    const twice = await signed('POST', `/integrations/v1/dossiers/${code}/steps`, sector, progress, {
      'idempotency-key': key,
    });
    expect(twice.body).toEqual(step.body);

    const result = {
      NguoiXuLy: 'Lê Thị Mai',
      NoiDungXuLy: 'Đã cập nhật biến động',
      KetQua: {
        TomTat: 'Đã cập nhật cơ sở dữ liệu đất đai',
        DanhSachGiayToKetQua: [
          {
            TenTepDinhKem: 'ket-qua.pdf',
            DuongDanTaiTepTin: 'https://dat-dai.example.gov.vn/kq.pdf',
            KichThuoc: 1024,
            MaBamSHA256: sha256,
          },
        ],
      },
    };
    const back = await signed('POST', `/integrations/v1/dossiers/${code}/steps`, sector, result, {
      'idempotency-key': randomUUID(),
    });
    expect(back.body).toMatchObject({ step: 'returnFromTransfer', returningTo: CENTRE });
    const landed = await flow.landed(code);
    expect(landed).toMatchObject({ currentUnit: CENTRE, sub: 'returned-from-transfer' });
    expect(landed.hops.at(-1)).toMatchObject({
      kind: 'return',
      status: 'delivered',
      receipt: expect.any(String),
    });
    expect(landed.externalResults).toEqual([
      expect.objectContaining({
        unit: EXTERNAL_UNIT,
        summary: result.KetQua.TomTat,
        files: [expect.objectContaining({ fileName: 'ket-qua.pdf', sha256 })],
      }),
    ]);
    const history = (await (
      await api.call(`/dossiers/${code}/history`, { as: 'officer', unit: CENTRE })
    ).json()) as Json;
    expect(history.verification.valid).toBe(true);
    expect(history.events.map((event: Json) => event.type)).toEqual(
      expect.arrayContaining(['externalProgress', 'returnFromTransfer', 'handoffDelivered']),
    );
  });

  it('are refused for a dossier at another unit and for a dossier not waiting for one, changing nothing', async () => {
    const sector = await register(['dossiers:progress'], {}, EXTERNAL_UNIT);
    const elsewhere = await register(['dossiers:progress'], {}, CENTRE);
    const { flow, code } = await atExternalUnit();
    const before = await flow.get(code);
    const step = { NguoiXuLy: 'X', NoiDungXuLy: 'Y' };
    const stranger = await signed('POST', `/integrations/v1/dossiers/${code}/steps`, elsewhere, step, {
      'idempotency-key': randomUUID(),
    });
    expect(stranger.status).toBe(404);
    const empty = await signed(
      'POST',
      `/integrations/v1/dossiers/${code}/steps`,
      sector,
      { NguoiXuLy: 'X' },
      { 'idempotency-key': randomUUID() },
    );
    expect(empty.status).toBe(400);
    expect(await flow.get(code)).toEqual(before);
    const { code: atDesk } = await journey(api).submit();
    const notWaiting = await signed('POST', `/integrations/v1/dossiers/${atDesk}/steps`, sector, step, {
      'idempotency-key': randomUUID(),
    });
    expect(notWaiting.status).toBe(404);
  });
});
