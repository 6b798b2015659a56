import { describe, expect, it } from 'vitest';
import { eicarPdf, pdf, png, upload } from '../support/files.ts';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

describe('uploads go straight to S3 and are checked before use', () => {
  it('a clean PDF is verified and moved out of quarantine', async () => {
    const verified = await upload(api, pdf(), { sub: 'citizen-u1' });
    expect(verified).toMatchObject({
      status: 'verified',
      fileName: 'Tờ khai xác nhận tình trạng hôn nhân.pdf',
      contentType: 'application/pdf',
    });
  });

  it('the EICAR test file is rejected as malware', async () => {
    expect(await upload(api, eicarPdf(), { sub: 'citizen-u1' })).toMatchObject({
      status: 'rejected',
      reason: 'malware',
    });
  });

  it('a PNG declared as a PDF is rejected by its bytes', async () => {
    expect(await upload(api, png(), { sub: 'citizen-u1' })).toMatchObject({
      status: 'rejected',
      reason: 'type-mismatch',
    });
  });

  it('a file whose checksum or size differs from the declaration is rejected', async () => {
    const bytes = pdf();
    expect(await upload(api, bytes, { sub: 'citizen-u1', declaredSha256: 'a'.repeat(64) })).toMatchObject({
      status: 'rejected',
      reason: 'checksum-mismatch',
    });
    expect(await upload(api, bytes, { sub: 'citizen-u1', declaredSize: bytes.length + 1 })).toMatchObject({
      status: 'rejected',
      reason: 'size-mismatch',
    });
  });

  it('refuses to issue an upload over the size limit or of a type the component does not take', async () => {
    const ask = (body: Record<string, unknown>) =>
      api.call('/uploads', {
        method: 'POST',
        as: 'citizen',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          purpose: { kind: 'component', procedureCode: '1.004873', componentId: 'to-khai' },
          fileName: 'a.pdf',
          contentType: 'application/pdf',
          size: 1,
          sha256: 'a'.repeat(64),
          ...body,
        }),
      });
    expect((await ask({ size: 10 * 1024 * 1024 + 1 })).status).toBe(400);
    expect((await ask({ contentType: 'image/gif' })).status).toBe(400);
    expect(
      (await ask({ purpose: { kind: 'component', procedureCode: '1.004873', componentId: 'nope' } })).status,
    ).toBe(400);
    expect((await ask({ fileName: '../../etc/passwd' })).status).toBe(400);
  });

  it('nobody but the uploader can verify an upload (404)', async () => {
    const mine = await upload(api, pdf(), { sub: 'citizen-u2' });
    const response = await api.call(`/uploads/${mine.id}/verify`, {
      method: 'POST',
      as: 'citizen',
      sub: 'citizen-u3',
    });
    expect(response.status).toBe(404);
    expect(await readJson(response)).toMatchObject({ type: 'urn:motcua:problem:not-found' });
  });
});
