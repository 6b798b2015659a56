import { compactVerify, createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_QR_TYPE, qrPayload } from '../../shared/domain/issued-documents.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { readPdf } from '../support/pdf-qr.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

/** A document of the dossier as its applicant downloads it, in a format. */
async function documentOf(flow: ReturnType<typeof journey>, code: string, kind: string, format = 'pdf') {
  return api.call(`/dossiers/${code}/documents/${kind}?format=${format}`, {
    as: 'citizen',
    sub: flow.citizen,
  });
}

/** The PDF's QR read back from its rendered page, and its signed claims checked against the published keys. */
async function scanned(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const page = readPdf(new Uint8Array(await response.arrayBuffer()));
  expect(page.qr, 'a QR the page shows').toBeDefined();
  const jws = qrPayload(page.qr!.content)!;
  const jwks = await readJson(await api.call('/.well-known/jwks.json'));
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), {
    algorithms: ['EdDSA'],
  });
  expect(protectedHeader.typ).toBe(DOCUMENT_QR_TYPE);
  return { page, qr: page.qr!, claims: JSON.parse(new TextDecoder().decode(payload)) as Json };
}

describe('the documents issued on a dossier', () => {
  it('carry, top-left, a QR that opens the look-up and whose claims check offline against the published keys', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    expect((await documentOf(flow, code, 'receipt')).status).toBe(409);
    await flow.act(code, BIEN_HOA, 'receive');
    const dossier = await flow.get(code);
    const { page, qr, claims } = await scanned(await documentOf(flow, code, 'receipt'));
    // Top-left corner of the page, as Thông tư 01/2023 asks.
    expect(qr.left).toBeLessThan(0.15);
    expect(qr.top).toBeLessThan(0.1);
    expect(claims).toEqual({
      doc: 'receipt',
      name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      code,
      proc: '1.004873',
      app: dossier.application.applicant.idNumber,
      iss: 'motcua/dong-nai',
      iat: dossier.receivedAt,
      due: dossier.dueAt,
    });
    // A phone camera opens the look-up: the address answers with the dossier's state.
    const [address] = qr.content.split('#');
    expect(address).toBe(
      `${api.url}/lookup/${code}?secret=${encodeURIComponent(dossier.application.lookupSecret)}`,
    );
    const found = await fetch(address!);
    expect(found.status).toBe(200);
    expect(await readJson(found)).toMatchObject({ code, state: 2 });
    // The page prints Vietnamese as written.
    expect(page.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(page.text).toContain(dossier.application.applicant.fullName);

    // A tampered payload or a foreign key does not check.
    const jwks = await readJson(await api.call('/.well-known/jwks.json'));
    const [header, body, signature] = qrPayload(qr.content)!.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, due: '2099-01-01T00:00:00.000Z' })).toString(
      'base64url',
    );
    await expect(
      compactVerify(`${header}.${forged}.${signature}`, createLocalJWKSet(jwks)),
    ).rejects.toThrow();
    expect(body).toBeDefined();
  });

  it('are issued for a supplement request, an apology letter and a result, each its QR read back from its page', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'requestSupplement', { items: ['Bản sao giấy khai sinh có chứng thực'] });
    const request = await scanned(await documentOf(flow, code, 'supplement-request'));
    expect(request.claims).toMatchObject({ doc: 'supplement-request', code });
    expect(request.page.text).toContain('Bản sao giấy khai sinh có chứng thực');
    await flow.asCitizen(code, 'supplement', { note: 'Đã bổ sung' });
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    const current = (await flow.get(code)).dueAt;
    const newDueAt = new Date(Date.parse(current) + 5 * 86_400_000).toISOString();
    await flow.act(code, BIEN_HOA, 'extendDeadline', { reason: 'Chờ kết quả xác minh', newDueAt });
    const apology = await scanned(await documentOf(flow, code, 'apology'));
    expect(apology.claims).toMatchObject({ doc: 'apology', due: newDueAt });
    expect((await documentOf(flow, code, 'result')).status).toBe(409);
    await flow.act(code, BIEN_HOA, 'complete', { resultSummary: 'Cấp Giấy xác nhận tình trạng hôn nhân' });
    const result = await scanned(await documentOf(flow, code, 'result'));
    expect(result.claims).toMatchObject({ doc: 'result', valid: { from: result.claims.iat } });
    expect(result.page.text).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');
  });

  it('are issued for a refusal, as JSON and printable HTML too, and to nobody but those who may read the dossier', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'refuse', { reason: 'Tờ khai không đúng mẫu' });
    const refusal = await scanned(await documentOf(flow, code, 'refusal'));
    expect(refusal.page.text).toContain('Tờ khai không đúng mẫu');
    const json = await readJson(await documentOf(flow, code, 'refusal', 'json'));
    expect(json).toMatchObject({ kind: 'refusal', code, issuer: { code: BIEN_HOA } });
    const html = await documentOf(flow, code, 'refusal', 'html');
    expect(html.headers.get('content-type')).toContain('text/html');
    const text = await html.text();
    expect(text).toMatch(/<body><div class="qr"><svg /);
    expect(text).toContain('Tờ khai không đúng mẫu');
    const stranger = await api.call(`/dossiers/${code}/documents/refusal?format=pdf`, {
      as: 'citizen',
      sub: 'someone-else',
    });
    expect(stranger.status).toBe(404);
    const unknown = await documentOf(flow, code, 'licence');
    expect(unknown.status).toBe(400);
  });
});
