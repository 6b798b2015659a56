import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { sweepQuarantine } from '../../infra/local/sweep.ts';
import { BIEN_HOA, journey, marriageStatus } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { eicarPdf, pdf, png, postForm, sha256, upload } from '../support/files.ts';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

const objectKeys = async () => {
  const listed = await api.runtime.clients.s3.send(
    new ListObjectsV2Command({ Bucket: api.runtime.resources.bucketName }),
  );
  return (listed.Contents ?? []).map((object) => object.Key);
};

describe('uploads go straight to S3 and are checked before use', () => {
  it('a clean PDF is verified and moved out of quarantine', async () => {
    const verified = await upload(api, pdf(), { sub: 'citizen-u1' });
    expect(verified).toMatchObject({
      status: 'verified',
      fileName: 'Tờ khai xác nhận tình trạng hôn nhân.pdf',
      contentType: 'application/pdf',
    });
    const keys = await objectKeys();
    expect(keys).toContain(`clean/${verified.id}`);
    expect(keys).not.toContain(`quarantine/${verified.id}`);
  });

  it('a verified file never used expires with its record; a file of a dossier stays', async () => {
    const flow = journey(api, 'citizen-expiry');
    const unused = await upload(api, pdf('bỏ quên'), { sub: flow.citizen });
    const { code, components } = await flow.submit();
    const used = components[0].files[0].uploadId;
    // A day and more later, the table's time to live removes the unused upload's record.
    expect(await api.runtime.expireItems(new Date(Date.now() + 25 * 3600_000))).toBeGreaterThan(0);
    await eventually(async () => expect(await objectKeys()).not.toContain(`clean/${unused.id}`));
    expect(await objectKeys()).toContain(`clean/${used}`);
    const link = await readJson(
      await api.call(`/dossiers/${code}/files/${used}`, { as: 'citizen', sub: flow.citizen }),
    );
    expect((await fetch(link.url)).status).toBe(200);
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

  it('hands out a presigned POST whose policy bounds the size and fixes the key, type and SHA-256', async () => {
    const bytes = pdf('chính sách');
    const asked = await api.call('/uploads', {
      method: 'POST',
      as: 'citizen',
      sub: 'citizen-policy',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        purpose: { kind: 'component', procedureCode: '1.004873', componentId: 'to-khai' },
        fileName: 'Tờ khai.pdf',
        contentType: 'application/pdf',
        size: bytes.length,
        sha256: sha256(bytes),
      }),
    });
    const ticket = await readJson(asked);
    expect(asked.status).toBe(201);
    const policy = JSON.parse(Buffer.from(ticket.fields.Policy, 'base64').toString('utf8'));
    const checksum = Buffer.from(sha256(bytes), 'hex').toString('base64');
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, ticket.maxBytes],
        ['eq', '$Content-Type', 'application/pdf'],
        ['eq', '$x-amz-checksum-sha256', checksum],
        { key: `quarantine/${ticket.uploadId}` },
        { bucket: api.runtime.resources.bucketName },
      ]),
    );
    const lasts = Date.parse(policy.expiration) - Date.now();
    expect(lasts).toBeGreaterThan(14 * 60_000);
    expect(lasts).toBeLessThanOrEqual(15 * 60_000);
    expect(Date.parse(ticket.expiresAt)).toBe(Date.parse(policy.expiration));
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

describe('dossiers refer to verified uploads', () => {
  const submitWith = (sub: string, uploadIds: string[], key = randomUUID()) =>
    api.call('/dossiers', {
      method: 'POST',
      as: 'citizen',
      sub,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(marriageStatus({ components: [{ componentId: 'to-khai', uploadIds }] })),
    });

  it('keeps name, type, size and SHA-256 of each file, and uses an upload once', async () => {
    const file = await upload(api, pdf('bản khai'), { sub: 'citizen-r1' });
    const first = await submitWith('citizen-r1', [file.id]);
    expect(first.status).toBe(201);
    const { code } = await readJson(first);
    const dossier = await readJson(await api.call(`/dossiers/${code}`, { as: 'citizen', sub: 'citizen-r1' }));
    expect(dossier.application.components[0].files).toEqual([
      {
        uploadId: file.id,
        fileName: file.fileName,
        contentType: 'application/pdf',
        size: file.size,
        sha256: file.sha256,
      },
    ]);
    const again = await submitWith('citizen-r1', [file.id]);
    expect(again.status).toBe(400);
    expect((await readJson(again)).errors[0]).toMatchObject({
      path: 'body.components[0].uploadIds[0]',
      code: 'already_used',
    });
  });

  it('a retry of a submission that went through gets the same answer, its file already used', async () => {
    const file = await upload(api, pdf(), { sub: 'citizen-r1' });
    const key = randomUUID();
    const first = await (await submitWith('citizen-r1', [file.id], key)).text();
    const retry = await submitWith('citizen-r1', [file.id], key);
    expect(retry.status).toBe(201);
    expect(await retry.text()).toBe(first);
  });

  it('another citizen’s upload is refused as if it did not exist', async () => {
    const theirs = await upload(api, pdf(), { sub: 'citizen-r2' });
    const response = await submitWith('citizen-r3', [theirs.id]);
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors[0]).toMatchObject({ code: 'unknown_upload' });
  });

  it('a rejected upload cannot be used, and a mandatory component needs its file', async () => {
    const infected = await upload(api, eicarPdf(), { sub: 'citizen-r4' });
    const rejected = await submitWith('citizen-r4', [infected.id]);
    expect((await readJson(rejected)).errors.map((error: { code: string }) => error.code)).toEqual(
      expect.arrayContaining(['not_verified', 'missing_file']),
    );
    const none = await submitWith('citizen-r4', []);
    expect(none.status).toBe(400);
    expect((await readJson(none)).errors).toEqual([expect.objectContaining({ code: 'missing_file' })]);
  });
});

describe('downloads and electronic results', () => {
  it('a citizen uploads, submits, and downloads the officer’s electronic result once returned', async () => {
    const flow = journey(api, 'citizen-d1');
    const declaration = await upload(api, pdf('tờ khai'), {
      sub: flow.citizen,
      fileName: 'Tờ khai đề nghị.pdf',
    });
    const extra = await upload(api, pdf('ủy quyền'), {
      sub: flow.citizen,
      fileName: 'Giấy ủy quyền.pdf',
      purpose: { kind: 'component', procedureCode: '1.004873', componentId: 'giay-uy-quyen' },
    });
    const { code } = await flow.submit(
      marriageStatus({
        components: [
          { componentId: 'to-khai', uploadIds: [declaration.id] },
          { componentId: 'giay-uy-quyen', uploadIds: [extra.id] },
        ],
      }),
    );
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    const result = await upload(api, pdf('kết quả'), {
      as: 'officer',
      sub: `officer-${BIEN_HOA}`,
      unit: BIEN_HOA,
      fileName: 'Giấy xác nhận tình trạng hôn nhân.pdf',
      purpose: { kind: 'result', dossierCode: code },
    });
    expect(result.status).toBe('verified');
    const done = await flow.act(code, BIEN_HOA, 'complete', {
      resultSummary: 'Đã cấp',
      resultUploadIds: [result.id],
    });
    expect(done).toMatchObject({
      digitisation: { components: true, result: true },
      resultFiles: [expect.objectContaining({ uploadId: result.id })],
    });

    const early = await api.call(`/dossiers/${code}/files/${result.id}`, {
      as: 'citizen',
      sub: flow.citizen,
    });
    expect(early.status).toBe(409);
    await flow.act(code, BIEN_HOA, 'returnResult');

    const link = await readJson(
      await api.call(`/dossiers/${code}/files/${result.id}`, { as: 'citizen', sub: flow.citizen }),
    );
    const file = await fetch(link.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf('kết quả'))).toBe(true);
    const disposition =
      file.headers.get('content-disposition') ??
      new URL(link.url).searchParams.get('response-content-disposition');
    expect(disposition).toContain("filename*=UTF-8''Gi%E1%BA%A5y%20x%C3%A1c%20nh%E1%BA%ADn");
    expect(decodeURIComponent(disposition!.split("UTF-8''")[1]!)).toBe(
      'Giấy xác nhận tình trạng hôn nhân.pdf',
    );

    const own = await readJson(
      await api.call(`/dossiers/${code}/files/${declaration.id}`, { as: 'officer', unit: BIEN_HOA }),
    );
    expect(Buffer.from(await (await fetch(own.url)).arrayBuffer()).equals(pdf('tờ khai'))).toBe(true);
  });

  it('a stranger gets 404 for a dossier’s file, and a file of another dossier is not reachable through this one', async () => {
    const flow = journey(api, 'citizen-d2');
    const { code } = await flow.submit();
    const dossier = await flow.get(code);
    const fileId = dossier.application.components[0].files[0].uploadId;
    expect(
      (await api.call(`/dossiers/${code}/files/${fileId}`, { as: 'citizen', sub: 'citizen-d3' })).status,
    ).toBe(404);
    expect(
      (await api.call(`/dossiers/${code}/files/${fileId}`, { as: 'officer', unit: '000.05.30.H19' })).status,
    ).toBe(404);
    const other = await journey(api, 'citizen-d2').submit();
    const otherFile = (await flow.get(other.code)).application.components[0].files[0].uploadId;
    expect(
      (await api.call(`/dossiers/${code}/files/${otherFile}`, { as: 'citizen', sub: flow.citizen })).status,
    ).toBe(404);
  });
});

describe('the life of an upload', () => {
  it('a file posted after its 15-minute window is rejected as expired', async () => {
    const bytes = pdf();
    const ticketResponse = await api.call('/uploads', {
      method: 'POST',
      as: 'citizen',
      sub: 'citizen-l1',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        purpose: { kind: 'component', procedureCode: '1.004873', componentId: 'to-khai' },
        fileName: 'muộn.pdf',
        contentType: 'application/pdf',
        size: bytes.length,
        sha256: sha256(bytes),
      }),
    });
    const ticket = await readJson(ticketResponse);
    // Arrange: the ticket was issued 20 minutes ago.
    await DynamoDBDocumentClient.from(api.runtime.clients.dynamodb).send(
      new UpdateCommand({
        TableName: api.runtime.resources.tableName,
        Key: { pk: `UPLOAD#${ticket.uploadId}`, sk: 'UPLOAD' },
        UpdateExpression: 'SET createdAt = :then',
        ExpressionAttributeValues: { ':then': new Date(Date.now() - 20 * 60_000).toISOString() },
      }),
    );
    await postForm(ticket, bytes, 'application/pdf');
    const verdict = await readJson(
      await api.call(`/uploads/${ticket.uploadId}/verify`, {
        method: 'POST',
        as: 'citizen',
        sub: 'citizen-l1',
      }),
    );
    expect(verdict).toMatchObject({ status: 'rejected', reason: 'expired' });
  });

  it('verifying one upload five times at once settles it once, without an error', async () => {
    const bytes = pdf('song song');
    const ticket = await readJson(
      await api.call('/uploads', {
        method: 'POST',
        as: 'citizen',
        sub: 'citizen-l3',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          purpose: { kind: 'component', procedureCode: '1.004873', componentId: 'to-khai' },
          fileName: 'song song.pdf',
          contentType: 'application/pdf',
          size: bytes.length,
          sha256: sha256(bytes),
        }),
      }),
    );
    await postForm(ticket, bytes, 'application/pdf');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.call(`/uploads/${ticket.uploadId}/verify`, { method: 'POST', as: 'citizen', sub: 'citizen-l3' }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const states = await Promise.all(answers.map(async (answer) => (await readJson(answer)).status));
    expect(states).toEqual(Array(5).fill('verified'));
  });

  it('the sweep deletes what lingers in quarantine and never a verified file', async () => {
    const kept = await upload(api, pdf('giữ lại'), { sub: 'citizen-l2' });
    const s3 = api.runtime.clients.s3;
    const bucket = api.runtime.resources.bucketName;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'quarantine/abandoned', Body: 'x' }));
    const deleted = await sweepQuarantine(s3, bucket, new Date(Date.now() + 1000), 0);
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = (left.Contents ?? []).map((object) => object.Key);
    expect(keys).not.toContain('quarantine/abandoned');
    expect(keys).toContain(`clean/${kept.id}`);
  });
});
