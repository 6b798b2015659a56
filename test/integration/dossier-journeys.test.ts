import { describe, expect, it } from 'vitest';
import { BIEN_HOA, CONSTRUCTION_DEPT, journey } from '../support/dossiers.ts';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

describe('dossier journeys over HTTP', () => {
  it('happy path: submitted, received, processed, completed and returned (1 → 10)', async () => {
    const flow = journey(api);
    const receipt = await flow.submit();
    expect(receipt).toMatchObject({ state: 1, stateName: 'Mới đăng ký', receivingUnit: BIEN_HOA });
    expect(receipt.code).toMatch(new RegExp(`^${BIEN_HOA.replaceAll('.', '\\.')}-\\d{6}-\\d{4}$`));

    const received = await flow.act(receipt.code, BIEN_HOA, 'receive', { note: 'Hồ sơ đủ' });
    expect(received).toMatchObject({ state: 2, receivedAt: expect.any(String), dueAt: expect.any(String) });
    await flow.act(receipt.code, BIEN_HOA, 'startProcessing');
    await flow.act(receipt.code, BIEN_HOA, 'complete', {
      resultSummary: 'Đã cấp Giấy xác nhận tình trạng hôn nhân',
    });
    const returned = await flow.act(receipt.code, BIEN_HOA, 'returnResult');
    expect(returned).toMatchObject({ state: 10, stateName: 'Đã trả kết quả', timeliness: 'early' });

    const mine = await flow.get(receipt.code);
    expect(mine.history.map((event: { type: string }) => event.type)).toEqual([
      'submit',
      'receive',
      'startProcessing',
      'complete',
      'returnResult',
    ]);
    const history = await readJson(
      await api.call(`/dossiers/${receipt.code}/history`, { as: 'citizen', sub: flow.citizen }),
    );
    expect(history.verification).toMatchObject({ valid: true, length: 5 });
  });

  it('refusal at reception needs a reason and ends the dossier (3)', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'refuse', {}, 400);
    const refused = await flow.act(code, BIEN_HOA, 'refuse', { reason: 'Tờ khai không đúng mẫu' });
    expect(refused).toMatchObject({ state: 3, reason: 'Tờ khai không đúng mẫu' });
    await flow.act(code, BIEN_HOA, 'receive', {}, 409);
  });

  it('a supplement request pauses the clock; the answer moves the due date by the paused days', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    const received = await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    const asked = await flow.act(code, BIEN_HOA, 'requestSupplement', {
      items: ['Bản sao Giấy khai sinh'],
      note: 'Bổ sung trong 5 ngày',
    });
    expect(asked).toMatchObject({
      state: 5,
      supplementItems: ['Bản sao Giấy khai sinh'],
      pausedAt: expect.any(String),
    });
    const answered = await flow.asCitizen(code, 'supplement', { note: 'Đã bổ sung' });
    expect(answered).toMatchObject({ state: 5, sub: 'supplemented' });
    expect(answered.pausedAt).toBeUndefined();
    // Asked and answered within the same day: no working day passed, the due date stands.
    expect(answered.dueAt).toBe(received.dueAt);
    const resumed = await flow.act(code, BIEN_HOA, 'receive');
    expect(resumed).toMatchObject({ state: 4, sub: 'none' });
  });

  it('transfer (liên thông) and return: the other unit sees it, the sender waits', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    const sent = await flow.act(code, BIEN_HOA, 'transfer', {
      toUnit: CONSTRUCTION_DEPT,
      note: 'Xin ý kiến',
    });
    expect(sent).toMatchObject({ currentUnit: BIEN_HOA, sub: 'in-transit' });
    expect(await flow.landed(code)).toMatchObject({
      currentUnit: CONSTRUCTION_DEPT,
      sub: 'at-receiving-unit',
    });

    const inbox = await readJson(
      await api.call(`/units/${CONSTRUCTION_DEPT}/dossiers`, { as: 'officer', unit: CONSTRUCTION_DEPT }),
    );
    expect(inbox.items.map((item: { code: string }) => item.code)).toContain(code);
    await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'x' }, 409);

    await flow.act(code, CONSTRUCTION_DEPT, 'returnFromTransfer', { note: 'Đồng ý' });
    const back = await flow.landed(code);
    expect(back).toMatchObject({ currentUnit: BIEN_HOA, sub: 'returned-from-transfer' });
    expect(back.hops).toEqual([
      expect.objectContaining({
        kind: 'transfer',
        fromUnit: BIEN_HOA,
        toUnit: CONSTRUCTION_DEPT,
        status: 'delivered',
      }),
      expect.objectContaining({
        kind: 'return',
        fromUnit: CONSTRUCTION_DEPT,
        toUnit: BIEN_HOA,
        status: 'delivered',
      }),
    ]);
    const done = await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
    expect(done.state).toBe(9);

    const slip = await readJson(
      await api.call(`/dossiers/${code}/control-slip`, { as: 'citizen', sub: flow.citizen }),
    );
    expect(slip.rows.map((row: { step: string }) => row.step)).toContain('Chuyển liên thông');
    const html = await api.call(`/dossiers/${code}/control-slip?format=html`, {
      as: 'officer',
      unit: CONSTRUCTION_DEPT,
    });
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  });

  it('withdrawal: the applicant asks (7), the unit stops (8); refused once the result is ready', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    const withdrawn = await flow.asCitizen(code, 'withdraw', { reason: 'Không còn nhu cầu' });
    expect(withdrawn.state).toBe(7);
    const stopped = await flow.act(code, BIEN_HOA, 'stop', { reason: 'Công dân rút hồ sơ' });
    expect(stopped.state).toBe(8);

    const other = journey(api);
    const second = await other.submit();
    await other.act(second.code, BIEN_HOA, 'receive');
    await other.act(second.code, BIEN_HOA, 'startProcessing');
    await other.act(second.code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
    const version = (await other.get(second.code)).version;
    const refused = await api.call(`/dossiers/${second.code}/withdraw`, {
      method: 'POST',
      as: 'citizen',
      sub: other.citizen,
      headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify({ reason: 'Đổi ý' }),
    });
    expect(refused.status).toBe(409);
  });

  it('the receipt and appointment slip, as JSON and printable HTML', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    expect((await api.call(`/dossiers/${code}/receipt`, { as: 'citizen', sub: flow.citizen })).status).toBe(
      409,
    );
    await flow.act(code, BIEN_HOA, 'receive');
    const receipt = await readJson(
      await api.call(`/dossiers/${code}/receipt`, { as: 'citizen', sub: flow.citizen }),
    );
    expect(receipt).toMatchObject({
      title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      code,
      receivingUnit: { code: BIEN_HOA, name: 'Ủy ban nhân dân phường Biên Hòa' },
      components: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'],
    });
    const html = await (
      await api.call(`/dossiers/${code}/receipt?format=html`, { as: 'citizen', sub: flow.citizen })
    ).text();
    expect(html).toContain('Nguyễn Thị Hoà');
    expect(html).toContain('Thời gian hẹn trả kết quả');
  });

  it('the public look-up shows where a dossier is, never who it belongs to', async () => {
    const flow = journey(api);
    const { code, lookupSecret } = await flow.submit();
    const found = await readJson(await api.call(`/lookup/${code}?secret=${lookupSecret}`));
    expect(found).toMatchObject({
      code,
      state: 1,
      procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      currentUnit: { code: BIEN_HOA },
    });
    expect(JSON.stringify(found)).not.toMatch(/Hoà|075190001234|0912345678/);
    expect((await api.call(`/lookup/${code}?phone=5678`)).status).toBe(200);
    expect((await api.call(`/lookup/${code}?phone=0000`)).status).toBe(404);
  });

  it('the inbox lists a unit’s dossiers by due date and filters by state', async () => {
    const flow = journey(api);
    const first = await flow.submit();
    const second = await flow.submit();
    await flow.act(second.code, BIEN_HOA, 'receive');
    const received = await readJson(
      await api.call(`/units/${BIEN_HOA}/dossiers?state=2&limit=100`, { as: 'officer', unit: BIEN_HOA }),
    );
    const codes = received.items.map((item: { code: string }) => item.code);
    expect(codes).toContain(second.code);
    expect(codes).not.toContain(first.code);
    const all = await readJson(
      await api.call(`/units/${BIEN_HOA}/dossiers?limit=100`, { as: 'officer', unit: BIEN_HOA }),
    );
    const dues = all.items.map((item: { dueAt?: string }) => item.dueAt ?? '~');
    expect(dues).toEqual([...dues].sort());
  });

  it('the inbox holds what is not finished: a returned dossier leaves it, and asking for finished ones is refused', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    const inbox = async () =>
      (
        await readJson(
          await api.call(`/units/${BIEN_HOA}/dossiers?limit=100`, { as: 'officer', unit: BIEN_HOA }),
        )
      ).items.map((item: { code: string }) => item.code);
    for (const action of ['receive', 'startProcessing'] as const) await flow.act(code, BIEN_HOA, action);
    await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Đã cấp' });
    expect(await inbox()).toContain(code); // state 9: the result waits to be handed over
    await flow.act(code, BIEN_HOA, 'returnResult');
    expect(await inbox()).not.toContain(code);
    const finished = await api.call(`/units/${BIEN_HOA}/dossiers?state=10`, {
      as: 'officer',
      unit: BIEN_HOA,
    });
    expect(finished.status).toBe(400);
    expect((await readJson(finished)).errors[0].path).toBe('query.state');
    // The applicant still finds it.
    const mine = await readJson(await api.call('/dossiers', { as: 'citizen', sub: flow.citizen }));
    expect(mine.items.map((item: { code: string }) => item.code)).toContain(code);
  });

  it('a citizen’s own dossiers, newest first, page by page', async () => {
    const flow = journey(api);
    const codes = [];
    for (let i = 0; i < 3; i += 1) codes.push((await flow.submit()).code);
    const first = await readJson(await api.call('/dossiers?limit=2', { as: 'citizen', sub: flow.citizen }));
    expect(first.items.map((item: { code: string }) => item.code)).toEqual([codes[2], codes[1]]);
    const second = await readJson(
      await api.call(`/dossiers?limit=2&cursor=${first.nextCursor}`, { as: 'citizen', sub: flow.citizen }),
    );
    expect(second.items.map((item: { code: string }) => item.code)).toEqual([codes[0]]);
    expect(second.nextCursor).toBeUndefined();
  });
});
