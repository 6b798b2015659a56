import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CODE_ATTEMPTS, CODES_PER_HOUR } from '../../shared/domain/contacts.ts';
import { confirmContact } from '../support/contacts.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: ['countIndicators', 'sendDeliveries', 'sendWebhooks'] });

const post = (sub: string, path: string, body: unknown) =>
  api.call(path, {
    method: 'POST',
    as: 'citizen',
    sub,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const outbox = async (): Promise<Json[]> => (await readJson(await api.call('/dev/outbox?limit=500'))).items;

/** The SMS about a dossier's reception that reached the outbox, once the notifications have run. */
async function receptionSms(flow: ReturnType<typeof journey>, code: string) {
  await eventually(async () => {
    const page = await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }));
    expect(page.items.map((item: Json) => item.code)).toContain(code);
  });
  return (await outbox()).filter((item) => item.channel === 'sms' && item.text.includes(code));
}

describe('contacts are confirmed before messages go to them', () => {
  it('a code sent to the phone, typed back, confirms it; then the SMS about a dossier goes there', async () => {
    const flow = journey(api);
    await confirmContact(api, flow.citizen, 'sms', '0912 345 678');
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    expect(
      await eventually(async () => {
        const sms = await receptionSms(flow, code);
        expect(sms).toHaveLength(1);
        return sms;
      }),
    ).toEqual([expect.objectContaining({ to: '+84912345678' })]);
  });

  it('an address the issuer verified needs no code', async () => {
    const flow = journey(api);
    const token = await api.runtime.issuer.sign({
      role: 'citizen',
      sub: flow.citizen,
      claims: { phone_number: '+84912345678', phone_number_verified: true },
    });
    const submitted = await fetch(`${api.url}/dossiers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(await flow.application()),
    });
    const { code } = await readJson(submitted);
    await flow.act(code, BIEN_HOA, 'receive');
    await eventually(async () => expect(await receptionSms(flow, code)).toHaveLength(1));
  });

  it(`refuses a wrong code, with the tries left, and after ${CODE_ATTEMPTS} asks for a new one`, async () => {
    const sub = `citizen-${randomUUID().slice(0, 8)}`;
    const asked = await post(sub, '/me/contacts', { channel: 'email', address: 'Hoa@Example.vn' });
    expect(asked.status).toBe(202);
    expect(await readJson(asked)).toMatchObject({ address: 'hoa@example.vn', status: 'pending' });
    const wrong = { channel: 'email', address: 'hoa@example.vn', code: '000000' };
    for (let attempt = 1; attempt <= CODE_ATTEMPTS; attempt += 1) {
      const refused = await post(sub, '/me/contacts/confirm', wrong);
      expect(refused.status).toBe(400);
      expect((await readJson(refused)).errors[0]).toMatchObject({ path: 'body.code', code: 'wrong_code' });
    }
    const sent = (await outbox()).find(
      (item) => item.to === 'hoa@example.vn' && item.id.startsWith('contact:'),
    );
    const right = /\b(\d{6})\b/.exec(sent.text)![1];
    const locked = await post(sub, '/me/contacts/confirm', { ...wrong, code: right });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('confirms once when the right code comes four times at once, and every answer says confirmed', async () => {
    const sub = `citizen-${randomUUID().slice(0, 8)}`;
    expect((await post(sub, '/me/contacts', { channel: 'sms', address: '0911 222 333' })).status).toBe(202);
    const sent = await eventually(async () => {
      const found = (await outbox()).find(
        (item) => item.to === '+84911222333' && item.id.startsWith('contact:'),
      );
      expect(found).toBeDefined();
      return found!;
    });
    const right = { channel: 'sms', address: '0911222333', code: /\b(\d{6})\b/.exec(sent.text)![1] };
    const answers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const response = await post(sub, '/me/contacts/confirm', right);
        return { status: response.status, state: (await readJson(response)).status };
      }),
    );
    expect(answers).toEqual(Array(4).fill({ status: 200, state: 'confirmed' }));
  });

  it('refuses a code when none was asked for, and limits how many are sent', async () => {
    const sub = `citizen-${randomUUID().slice(0, 8)}`;
    const none = await post(sub, '/me/contacts/confirm', {
      channel: 'sms',
      address: '0987654321',
      code: '123456',
    });
    expect(none.status).toBe(409);
    expect((await readJson(none)).type).toBe('urn:motcua:problem:not-available-yet');
    const statuses: number[] = [];
    for (let at = 0; at <= CODES_PER_HOUR; at += 1)
      statuses.push((await post(sub, '/me/contacts', { channel: 'sms', address: '0987654321' })).status);
    expect(statuses).toEqual([...Array(CODES_PER_HOUR).fill(202), 429]);
    const bad = await post(sub, '/me/contacts', { channel: 'sms', address: 'hoa@example.vn' });
    expect(bad.status).toBe(400);
  });
});
