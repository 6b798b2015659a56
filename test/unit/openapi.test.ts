import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { buildOpenApi } from '../../shared/api/openapi.ts';
import { OFFICER_ACTIONS } from '../../shared/domain/dossier.ts';
import { CHECKPOINT_TYPE } from '../../shared/services/checkpoints.ts';
import { HOP_RECEIPT_TYPE, RECEIPT_TYPE } from '../../shared/signing/receipts.ts';
import type { Json } from '../support/json.ts';

const document = buildOpenApi(manifest, { title: 'motcua', version: '1' }) as Json;
const op = (path: string, method = 'post') => document.paths[path][method];
const header = (operation: Json, name: string) =>
  operation.parameters.find((parameter: Json) => parameter.in === 'header' && parameter.name === name);
const problemTypes = (operation: Json, status: number) =>
  operation.responses[status]?.content['application/problem+json'].schema.properties.type.enum ?? [];

describe('the OpenAPI document tells the whole contract', () => {
  it('explains signing in and the signed documents, by the types they carry', () => {
    const intro = (buildOpenApi(manifest, { title: 't', version: '1' }).info as Json).description;
    for (const type of [RECEIPT_TYPE, HOP_RECEIPT_TYPE, CHECKPOINT_TYPE, '/.well-known/jwks.json', 'Bearer'])
      expect(intro, type).toContain(type);
  });

  it('gives each officer action its own operation and body: a transfer needs toUnit', () => {
    for (const action of OFFICER_ACTIONS)
      expect(op(`/dossiers/{code}/actions/${action}`), action).toBeDefined();
    expect(document.paths['/dossiers/{code}/actions/{action}']).toBeUndefined();
    const transfer = op('/dossiers/{code}/actions/transfer').requestBody.content['application/json'].schema;
    expect(transfer.required).toEqual(['toUnit']);
    expect(transfer.additionalProperties).toBe(false);
    const receive = op('/dossiers/{code}/actions/receive').requestBody.content['application/json'].schema;
    expect(Object.keys(receive.properties)).toEqual(['note']);
  });

  it('declares the Idempotency-Key and If-Match each operation needs, and the ETag it gives', () => {
    expect(header(op('/dossiers'), 'idempotency-key')).toMatchObject({ required: true });
    expect(op('/dossiers').responses[201].headers).toHaveProperty('location');
    expect(header(op('/dossiers/{code}/actions/receive'), 'if-match')).toMatchObject({ required: true });
    expect(header(op('/admin/procedures/{code}', 'put'), 'if-match')).toMatchObject({ required: false });
    expect(op('/dossiers/{code}', 'get').responses[200].headers).toHaveProperty('etag');
  });

  it('declares every answer with its problem types, and Retry-After where a retry is due', () => {
    const act = op('/dossiers/{code}/actions/transfer');
    expect(Object.keys(act.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '428',
      '503',
    ]);
    expect(problemTypes(act, 409)).toEqual(
      expect.arrayContaining([
        'urn:motcua:problem:stale-version',
        'urn:motcua:problem:action-not-allowed-in-state',
        'urn:motcua:problem:dossier-at-another-unit',
      ]),
    );
    expect(problemTypes(act, 403)).toContain('urn:motcua:problem:officer-unit-refused');

    const submit = op('/dossiers');
    expect(problemTypes(submit, 422)).toEqual(['urn:motcua:problem:idempotency-key-reused']);
    expect(submit.responses[409].headers).toHaveProperty('retry-after');
    expect(op('/lookup/{code}', 'get').responses[429].headers).toHaveProperty('retry-after');
    expect(Object.keys(op('/health', 'get').responses)).toEqual(['200', '400', '503']);
    // A dependency throttled or unreachable: nothing done, and when to resend.
    expect(problemTypes(act, 503)).toEqual(['urn:motcua:problem:temporarily-unavailable']);
    expect(act.responses[503].headers).toHaveProperty('retry-after');
  });
});
