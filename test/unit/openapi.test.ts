import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { buildOpenApi } from '../../shared/api/openapi.ts';
import { WEBHOOK_EVENT_TYPES, WebhookEvent } from '../../shared/api/webhooks.ts';
import { webhookPayload } from '../../shared/domain/deliveries.ts';
import { OFFICER_ACTIONS } from '../../shared/domain/dossier.ts';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
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

  it('explains RFC 9421 signed requests where the signature scheme points, and every webhook event with its body', () => {
    const intro = (document.info as Json).description as string;
    const signing = intro.slice(intro.indexOf('## Signed requests (integrators)'));
    for (const term of [
      'RFC 9421',
      '@method',
      '@target-uri',
      'content-digest',
      'created',
      'keyid',
      'nonce',
      'ed25519',
      '§2.2.6',
      'replayed',
      'too-many-requests',
    ])
      expect(signing, term).toContain(term);
    expect(document.components.securitySchemes.httpSignature.description).toContain(
      'Signed requests (integrators)',
    );
    expect(Object.keys(document.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    const receive = document.webhooks['dossier.receive'].post;
    const body = receive.requestBody.content['application/json'].schema;
    const schema = body.$ref ? document.components.schemas[body.$ref.split('/').at(-1)] : body;
    expect(schema.properties.type).toMatchObject({ enum: ['dossier.receive'] });
    expect(schema.properties.data.required).toEqual(expect.arrayContaining(['code', 'seq', 'toState']));
    expect(receive.parameters.map((parameter: Json) => parameter.name)).toEqual(
      expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']),
    );
  });

  it('documents the webhook body as it is sent: what a subscriber is POSTed parses with the declared schema', () => {
    const event = {
      seq: 2,
      eventId: 'e-2',
      code: '000.02.30.H19-261127-0001',
      type: 'receive',
      at: '2026-11-27T02:30:00.000Z',
      actor: { sub: 'officer-1', role: 'officer', unit: '000.02.30.H19' },
      fromState: 1,
      toState: 2,
      fromUnit: '000.02.30.H19',
      toUnit: '000.02.30.H19',
      data: {},
      prevHash: 'a',
      hash: 'b',
    } as DossierEvent;
    const sent = webhookPayload(event, '1.004873', new Date('2026-11-27T02:30:01Z'));
    expect(WebhookEvent.parse(JSON.parse(JSON.stringify(sent)))).toEqual(sent);
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
