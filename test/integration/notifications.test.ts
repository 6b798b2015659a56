import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const testManifest: Manifest = {
  ...manifest,
  deliverNotifications: { ...manifest.deliverNotifications, entry: 'test/support/fixtures/flaky-deliver.ts' },
};
const api = useRuntime({
  manifest: testManifest,
  queueOverrides: { notifications: { visibilityTimeoutSeconds: 1 } },
});

const outboxFor = async (code: string): Promise<Json[]> =>
  (await readJson(await api.call('/dev/outbox?limit=500'))).items.filter((item: Json) =>
    item.text.includes(code),
  );

describe('notifications', () => {
  it('tell the applicant by email, SMS and in-app, in Vietnamese, each exactly once though every first delivery fails', async () => {
    const flow = journey(api);
    const application = await flow.application();
    const { code } = await flow.submit({
      ...application,
      applicant: { ...application.applicant, email: 'hoa@example.vn' },
    });
    await flow.act(code, BIEN_HOA, 'receive');
    const messages = await eventually(async () => {
      const found = await outboxFor(code);
      expect(found.map((item) => item.channel).sort()).toEqual(['email', 'sms']);
      return found;
    });
    expect(messages.find((item) => item.channel === 'sms')).toMatchObject({ to: '+84912345678' });
    expect(messages[0].subject).toBe(`Hồ sơ ${code} đã được tiếp nhận`);
    const inbox = await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }));
    expect(inbox.items).toEqual([expect.objectContaining({ kind: 'received', code, read: false })]);
    // Redeliveries are over (visibility 1 s): still one of each.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await outboxFor(code)).length).toBe(2);
    expect(
      (await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }))).items,
    ).toHaveLength(1);
  });

  it('speak English to a citizen who asks for it, and only on the chosen channels', async () => {
    const flow = journey(api);
    const saved = await api.call('/me/preferences', {
      method: 'PUT',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en', channels: ['in-app'] }),
    });
    expect(saved.status).toBe(200);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    const inbox = await eventually(async () => {
      const page = await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }));
      expect(page.items).toHaveLength(1);
      return page;
    });
    expect(inbox.items[0].subject).toBe(`Dossier ${code} received`);
    expect(await outboxFor(code)).toEqual([]);
    const read = await api.call('/me/notifications/read', {
      method: 'POST',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ id: inbox.items[0].id, at: inbox.items[0].at }] }),
    });
    expect(read.status).toBe(204);
    const after = await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }));
    expect(after.items[0].read).toBe(true);
  });

  it('tell the officers of a unit when a dossier arrives in their inbox', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await eventually(async () => {
      const page = await readJson(
        await api.call('/me/notifications?limit=100', { as: 'officer', unit: BIEN_HOA }),
      );
      expect(page.items.map((item: Json) => item.code)).toContain(code);
    });
  });
});
