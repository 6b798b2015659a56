import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { periodsOf } from '../../shared/domain/indicators.ts';
import { BIEN_HOA, CENTRE, journey, marriageStatus, TRAN_BIEN } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { pdf, upload } from '../support/files.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: [] });
const OFFICER = `officer-desk-${randomUUID().slice(0, 6)}`;

/** An officer of `unit` files at the desk, the applicant there in person unless said otherwise. */
async function fileAtDesk(unit: string, body: Record<string, unknown>, key = randomUUID()) {
  const response = await api.call('/desk/dossiers', {
    method: 'POST',
    as: 'officer',
    sub: OFFICER,
    unit,
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await readJson(response) };
}

/** The application a walk-in applicant brings, its declaration scanned by the officer. */
async function walkIn(channel: 'in-person' | 'post' = 'in-person') {
  const scan = await upload(api, pdf(), { as: 'officer', sub: OFFICER, unit: BIEN_HOA });
  return marriageStatus({ components: [{ componentId: 'to-khai', uploadIds: [scan.id] }], channel });
}

const indicators = async (unit: string) =>
  (
    await readJson(
      await api.call(`/indicators?unit=${unit}&period=${periodsOf(new Date().toISOString())[0]}`),
    )
  ).counts as Json;

describe('filing at the desk (tiếp nhận trực tiếp)', () => {
  it('files for a walk-in applicant, marked in the history as filed by staff for them, followed by the look-up', async () => {
    const body = await walkIn();
    const key = randomUUID();
    const filed = await fileAtDesk(BIEN_HOA, body, key);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const { code, lookupSecret } = filed.body;
    expect(code).toMatch(/^000\.02\.30\.H19-\d{6}-\d{4}$/);

    const dossier = await journey(api).get(code, 'officer', BIEN_HOA);
    expect(dossier).toMatchObject({ state: 1, filedAtDesk: 'in-person' });
    expect(dossier.application.filer).toEqual({
      sub: OFFICER,
      verified: true,
      fullName: body.applicant.fullName,
      idNumber: body.applicant.idNumber,
      atDesk: { unit: BIEN_HOA, channel: 'in-person' },
    });
    // The officer's own contacts are never taken for the applicant's.
    expect(dossier.application.verifiedContacts).toBeUndefined();
    expect(dossier.history[0]).toMatchObject({
      type: 'submit',
      actor: { sub: OFFICER, role: 'officer', unit: BIEN_HOA },
      data: { filedAtDesk: 'in-person' },
    });
    // The applicant has no account here: the receipt's code and secret open the look-up.
    const found = await api.call(`/lookup/${code}?secret=${lookupSecret}`);
    expect(found.status).toBe(200);

    // Sent again with its key (a desk's network failing), the same receipt: no second dossier.
    const again = await fileAtDesk(BIEN_HOA, body, key);
    expect(again).toEqual(filed);
  });

  it('counts a dossier filed at the desk as received, not as received online', async () => {
    const before = await indicators(BIEN_HOA);
    const online = journey(api);
    const { code: viaPortal } = await online.submit();
    await online.act(viaPortal, BIEN_HOA, 'receive');
    const inPerson = await fileAtDesk(BIEN_HOA, await walkIn());
    const byPost = await fileAtDesk(BIEN_HOA, await walkIn('post'));
    for (const { body } of [inPerson, byPost]) await journey(api).act(body.code, BIEN_HOA, 'receive');
    await api.runtime.settled();
    const after = await eventually(async () => {
      const counts = await indicators(BIEN_HOA);
      expect(counts.received).toBe(before.received + 3);
      return counts;
    });
    expect(after.online).toBe(before.online + 1);
    // The applicant by post showed no papers to the officer: their identity is not counted as checked.
    const posted = await journey(api).get(byPost.body.code, 'officer', BIEN_HOA);
    expect(posted.application.filer).toMatchObject({ verified: false, atDesk: { channel: 'post' } });
  });

  it('refuses a procedure the officer’s unit does not receive, and what is not an officer’s, changing nothing', async () => {
    const body = await walkIn();
    const elsewhere = await fileAtDesk(TRAN_BIEN, body);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toMatchObject({
      type: 'urn:motcua:problem:not-received-here',
      detail: expect.stringContaining(BIEN_HOA),
    });
    const citizen = await api.call('/desk/dossiers', {
      method: 'POST',
      as: 'citizen',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    expect(citizen.status).toBe(403);
    const noChannel = await fileAtDesk(BIEN_HOA, { ...body, channel: 'fax' });
    expect(noChannel.status).toBe(400);
    const onBehalf = await fileAtDesk(BIEN_HOA, { ...body, onBehalfOf: { relationship: 'mẹ' } });
    expect(onBehalf.status).toBe(400);
    // The upload was never used: the valid filing still goes through.
    expect((await fileAtDesk(BIEN_HOA, body)).status).toBe(201);
  });
});

const DONG_XOAI = '000.04.30.H19';
const LOC_NINH = '000.05.30.H19';
const JUSTICE_DEPT = '000.00.14.H19';

/** A household business registration (1.001612: any centre receives it) for a seat in `commune`. */
async function householdBusiness(
  commune: string,
  uploader: { as: 'citizen' | 'officer'; sub?: string; unit?: string },
) {
  const files = await Promise.all(
    ['giay-de-nghi', 'giay-to-phap-ly'].map((componentId) =>
      upload(api, pdf(componentId), {
        ...uploader,
        purpose: { kind: 'component', procedureCode: '1.001612', componentId },
        fileName: `${componentId}.pdf`,
      }),
    ),
  );
  return marriageStatus({
    procedureCode: '1.001612',
    formData: {
      businessName: 'Hộ kinh doanh Tạp hoá Hoà',
      businessAddress: 'Ấp 3, xã Lộc Ninh, tỉnh Đồng Nai',
      businessCommune: commune,
      businessLines: 'Bán lẻ hàng tạp hoá',
      capital: 50_000_000,
    },
    components: files.map((file, index) => ({
      componentId: ['giay-de-nghi', 'giay-to-phap-ly'][index],
      uploadIds: [file.id],
    })),
  });
}

describe('reception regardless of administrative boundaries (Nghị định 118/2025)', () => {
  it('any centre receives a listed procedure, and the dossier goes, once received, to the unit the routing rule names', async () => {
    const body = {
      ...(await householdBusiness(LOC_NINH, { as: 'officer', sub: OFFICER, unit: CENTRE })),
      channel: 'in-person',
    };
    const filed = await fileAtDesk(CENTRE, body);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const { code } = filed.body;
    // The code comes from the unit that received it.
    expect(code).toMatch(/^000\.00\.01\.H19-\d{6}-\d{4}$/);
    const flow = journey(api);
    expect(await flow.get(code, 'officer', CENTRE)).toMatchObject({
      receivingUnit: CENTRE,
      competentUnit: LOC_NINH,
      currentUnit: CENTRE,
    });
    const received = await flow.act(code, CENTRE, 'receive');
    expect(received).toMatchObject({ state: 2, sub: 'in-transit' });
    await api.runtime.settled();
    const routed = await flow.get(code, 'officer', LOC_NINH);
    expect(routed).toMatchObject({ state: 2, sub: 'none', currentUnit: LOC_NINH, receivingUnit: CENTRE });
    expect(routed.hops).toEqual([
      expect.objectContaining({
        kind: 'route',
        fromUnit: CENTRE,
        toUnit: LOC_NINH,
        status: 'delivered',
        receipt: expect.any(String),
      }),
    ]);
    // The commune holds it as its own: it processes and decides it; the centre no longer acts.
    await flow.act(code, CENTRE, 'startProcessing', {}, 409);
    await flow.act(code, LOC_NINH, 'startProcessing');
    await flow.act(code, LOC_NINH, 'complete', {
      resultSummary: 'Cấp Giấy chứng nhận đăng ký hộ kinh doanh',
    });
  });

  it('routes a dossier filed online from the procedure’s receiving unit to the commune of the asset', async () => {
    const flow = journey(api);
    const { code } = await flow.submit(
      await householdBusiness(TRAN_BIEN, { as: 'citizen', sub: flow.citizen }),
    );
    expect(code.startsWith(DONG_XOAI)).toBe(true);
    await flow.act(code, DONG_XOAI, 'receive');
    expect(await flow.landed(code)).toMatchObject({ currentUnit: TRAN_BIEN, sub: 'none', state: 2 });
  });

  it('refuses a unit with no one-stop desk, and a procedure not listed for any centre at another centre', async () => {
    const body = {
      ...(await householdBusiness(LOC_NINH, { as: 'officer', sub: OFFICER, unit: JUSTICE_DEPT })),
      channel: 'in-person',
    };
    const department = await fileAtDesk(JUSTICE_DEPT, body);
    expect(department).toMatchObject({ status: 403, body: { type: 'urn:motcua:problem:not-received-here' } });
    const notListed = await fileAtDesk(CENTRE, await walkIn());
    expect(notListed.status).toBe(403);
  });
});
