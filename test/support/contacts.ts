import { expect } from 'vitest';
import { eventually } from './eventually.ts';
import { type Json, readJson } from './json.ts';
import type { TestRuntime } from './runtime.ts';

/**
 * Confirms a citizen's contact as a person would: asks for a code, reads it where it was sent
 * (the local outbox), and types it back.
 */
export async function confirmContact(
  api: TestRuntime,
  sub: string,
  channel: 'email' | 'sms',
  address: string,
) {
  const post = (path: string, body: unknown) =>
    api.call(path, {
      method: 'POST',
      as: 'citizen',
      sub,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const asked = await post('/me/contacts', { channel, address });
  const state = await readJson(asked);
  expect([200, 202], JSON.stringify(state)).toContain(asked.status);
  if (state.status === 'confirmed') return;
  const code = await eventually(async () => {
    const sent = (await readJson(await api.call('/dev/outbox?limit=200'))).items as Json[];
    const message = sent.find((item) => item.to === state.address && item.id.startsWith('contact:'));
    expect(message).toBeDefined();
    return /\b(\d{6})\b/.exec(message.text)![1];
  });
  const confirmed = await post('/me/contacts/confirm', { channel, address, code });
  expect(confirmed.status, JSON.stringify(await confirmed.clone().json())).toBe(200);
}
