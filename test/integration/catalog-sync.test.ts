import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

/** With the national procedure database's stand-in, as `npm start` runs it. */
const api = useRuntime({ standIns: true, idleConsumers: ['countIndicators'] });

const sync = async (body: Record<string, unknown> = {}) => {
  const response = await api.call('/admin/catalog/sync', {
    method: 'POST',
    as: 'admin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await readJson(response) };
};
const procedure = async (code: string) => readJson(await api.call(`/procedures/${code}`));

/** The national record of a procedure, changed as the ministry that owns it would. */
const nationally = (code: string, fields: Record<string, unknown>) =>
  fetch(`${api.url}/dev/tthc/procedures/${code}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });

/** What the portal's stand-in was sent of a dossier, its last push or progress carrying it whole. */
async function lastSentOf(code: string): Promise<Json> {
  await api.runtime.settled();
  const { items } = await readJson(await api.call('/dev/receivers/national-portal?limit=500'));
  const bodies = items.map((item: Json) => JSON.parse(item.body));
  const sent = bodies.find((body: Json) => (body.HoSo ?? body).MaHoSo === code);
  return sent?.HoSo ?? sent;
}

describe('the catalogue from the National Database on Administrative Procedures', () => {
  it('shows nothing to change while the database agrees, and answers administrators only', async () => {
    const { status, body } = await sync();
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ checked: expect.any(Number), changed: [], notListed: [], applied: false });
    expect(body.checked).toBeGreaterThanOrEqual(8);
    const officer = await api.call('/admin/catalog/sync', {
      method: 'POST',
      as: 'officer',
      unit: BIEN_HOA,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(officer.status).toBe(403);
  });

  it('shows a changed fee and legal time, applies them as a new version, and an open dossier keeps its own', async () => {
    const flow = journey(api);
    const { code: before } = await flow.submit();
    expect(await flow.get(before)).toMatchObject({ procedureVersion: 1, clock: { processingDays: 3 } });

    expect(
      (
        await nationally('1.004873', {
          PhiLePhi: [{ SoTien: 30_000, MoTa: 'Lệ phí mới' }],
          ThoiHanGiaiQuyet: 5,
        })
      ).status,
    ).toBe(200);
    const shown = await sync();
    expect(shown.body.changed).toEqual([
      {
        code: '1.004873',
        name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
        fromVersion: 1,
        changes: [
          { field: 'processingDays', from: 3, to: 5 },
          {
            field: 'fees',
            from: [{ amount: 0, note: 'Lệ phí theo nghị quyết HĐND tỉnh (unconfirmed)' }],
            to: [{ amount: 30_000, note: 'Lệ phí mới' }],
          },
        ],
      },
    ]);
    // Shown, not applied.
    expect(await procedure('1.004873')).toMatchObject({ version: 1, processingDays: 3 });

    const applied = await sync({ apply: true });
    expect(applied.body.changed[0]).toMatchObject({ code: '1.004873', fromVersion: 1, toVersion: 2 });
    const now = await procedure('1.004873');
    expect(now).toMatchObject({
      version: 2,
      origin: 'national',
      processingDays: 5,
      fees: [{ amount: 30_000, note: 'Lệ phí mới' }],
      // The province's own choices stay.
      receivingUnit: BIEN_HOA,
      formFields: expect.arrayContaining([expect.objectContaining({ key: 'purpose' })]),
    });
    expect((await sync()).body.changed).toEqual([]);

    // Filings read the catalogue through a cache of a minute: past it, they file under version 2.
    api.runtime.clock.advance(2 * 60_000);
    const { code: after } = await flow.submit();
    api.runtime.clock.reset();
    // The dossier filed before is judged by version 1: its legal time, and the fees the portal is told.
    expect(await flow.get(after)).toMatchObject({ procedureVersion: 2, clock: { processingDays: 5 } });
    expect(await flow.get(before)).toMatchObject({ procedureVersion: 1, clock: { processingDays: 3 } });
    for (const code of [before, after]) await flow.act(code, BIEN_HOA, 'receive');
    expect((await lastSentOf(before)).DanhSachLePhi).toEqual([]);
    expect((await lastSentOf(after)).DanhSachLePhi).toEqual([{ SoTien: 30_000, GhiChu: 'Lệ phí mới' }]);
  });

  it('stops at a national record out of its shape, and applies it once the database corrects it', async () => {
    await nationally('2.000635', { TenTTHC: '' });
    const refused = await sync();
    // A record out of shape is the database's error: the sync stops rather than apply it.
    expect(refused.status).toBe(500);
    await nationally('2.000635', { TenTTHC: 'Cấp bản sao Trích lục hộ tịch' });
    const { body } = await sync({ apply: true });
    expect(body.changed.map((one: Json) => one.code)).toEqual(['2.000635']);
  });
});

describe('npm run catalog -- sync', () => {
  const root = resolve(import.meta.dirname, '..', '..');
  const run = (...args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ['infra/catalog.ts', 'sync', '--province', 'dong-nai', '--local', ...args],
      {
        cwd: root,
        env: { ...process.env, API: api.url, MOTCUA_STATE_DIR: inject('stateDir') },
      },
    );

  it('shows what changed field by field, and with --apply saves it', { timeout: 60_000 }, async () => {
    const { name } = await procedure('3.000333');
    await nationally('3.000333', { TenTTHC: `${name} (sửa đổi)` });
    const shown = await run();
    expect(shown.stdout).toContain('1 changed (shown only: --apply saves them).');
    expect(shown.stdout).toContain(
      `  name: ${JSON.stringify(name)} → ${JSON.stringify(`${name} (sửa đổi)`)}`,
    );
    expect(await procedure('3.000333')).toMatchObject({ name, version: 1 });
    const applied = await run('--apply');
    expect(applied.stdout).toMatch(/3\.000333 .*\(version 1 → 2\)/);
    expect(await procedure('3.000333')).toMatchObject({ name: `${name} (sửa đổi)`, version: 2 });
  });
});
