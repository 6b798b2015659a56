import { createHash, randomUUID } from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { MAX_FILES_PER_REQUEST } from '../../shared/api/submission.ts';
import { MAX_SIGNED_BYTES } from '../../shared/signing/signer.ts';
import { journey, landTransfer } from '../support/dossiers.ts';
import { pdf, upload } from '../support/files.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

describe('the signed proof of submission', () => {
  it('carries the SHA-256 of every attachment and checks offline against the published key', async () => {
    const flow = journey(api);
    const receipt = await flow.submit();
    const dossier = await flow.get(receipt.code);
    const file = dossier.application.components[0].files[0];
    expect(receipt.components).toEqual([
      { componentId: 'to-khai', files: [expect.objectContaining({ sha256: file.sha256 })] },
    ]);

    const jwks = await readJson(await api.call('/.well-known/jwks.json'));
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' }),
    ]);
    expect(jwks.keys[0].d).toBeUndefined();
    const { payload, protectedHeader } = await compactVerify(receipt.proof, createLocalJWKSet(jwks));
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0].kid, typ: 'motcua-receipt+jws' });
    // What anyone can recompute from the receipt: one digest over every file's id, size and SHA-256.
    const files = receipt.components.map((component: Json) => ({
      componentId: component.componentId,
      files: component.files.map((file: Json) => ({
        sha256: file.sha256,
        size: file.size,
        uploadId: file.uploadId,
      })),
    }));
    const digest = createHash('sha256').update(JSON.stringify(files)).digest('hex');
    expect(JSON.parse(Buffer.from(payload).toString('utf8'))).toEqual({
      code: receipt.code,
      procedureCode: receipt.procedureCode,
      receivingUnit: receipt.receivingUnit,
      submittedAt: receipt.submittedAt,
      files: 1,
      filesDigest: digest,
      applicationHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it(`takes the most files a request may name (${MAX_FILES_PER_REQUEST}), of long names, and signs within what KMS signs (4,096 bytes)`, async () => {
    const flow = journey(api);
    const components = ['don-mau-18', 'giay-chung-nhan', 'hop-dong', 'dong-y-the-chap', 'giay-uy-quyen'];
    const named: { componentId: string; uploadIds: string[] }[] = components.map((componentId) => ({
      componentId,
      uploadIds: [],
    }));
    for (let at = 0; at < MAX_FILES_PER_REQUEST; at += 16) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(16, MAX_FILES_PER_REQUEST - at) }, async (_, offset) => {
          const component = named[Math.floor((at + offset) / 20)]!;
          const file = await upload(api, pdf(), {
            sub: flow.citizen,
            fileName: `${'Bản sao giấy tờ tùy thân '.repeat(8)}${at + offset}.pdf`,
            purpose: { kind: 'component', procedureCode: '1.013831', componentId: component.componentId },
          });
          return { component, id: file.id as string };
        }),
      );
      for (const { component, id } of batch) component.uploadIds.push(id);
    }
    const land = { ...landTransfer([]), components: named };
    const spare = await upload(api, pdf(), { sub: flow.citizen });
    const tooMany = await api.call('/dossiers', {
      method: 'POST',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        ...land,
        components: named.map((component, at) =>
          at === 4 ? { ...component, uploadIds: [...component.uploadIds, spare.id] } : component,
        ),
      }),
    });
    expect(tooMany.status).toBe(400);
    expect((await readJson(tooMany)).errors).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(`at most ${MAX_FILES_PER_REQUEST} files`) }),
    );

    const receipt = await flow.submit(land);
    expect(receipt.components.flatMap((component: Json) => component.files)).toHaveLength(
      MAX_FILES_PER_REQUEST,
    );
    const [header, payload] = receipt.proof.split('.');
    expect(Buffer.byteLength(`${header}.${payload}`)).toBeLessThan(MAX_SIGNED_BYTES);
    const verdict = await readJson(
      await api.call(`/receipts/${receipt.code}/verify`, { as: 'citizen', sub: flow.citizen }),
    );
    expect(verdict).toMatchObject({ valid: true });
  });

  it('GET /receipts/{code}/verify proves it for the applicant and the unit, and a stranger gets 404', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    const verdict = await readJson(
      await api.call(`/receipts/${code}/verify`, { as: 'citizen', sub: flow.citizen }),
    );
    expect(verdict).toMatchObject({ valid: true, receipt: { code } });
    expect((await api.call(`/receipts/${code}/verify`, { as: 'citizen', sub: 'someone-else' })).status).toBe(
      404,
    );
  });

  it('a proof altered by one character no longer verifies', async () => {
    const flow = journey(api);
    const { proof } = await flow.submit();
    const jwks = await readJson(await api.call('/.well-known/jwks.json'));
    const [header, payload, signature] = proof.split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    forged.submittedAt = '2020-01-01T00:00:00.000Z';
    const altered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    await expect(compactVerify(altered, createLocalJWKSet(jwks))).rejects.toThrow(/signature/);
  });
});
