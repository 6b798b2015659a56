import { describe, expect, it } from 'vitest';
import { EICAR } from '../../shared/domain/files.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { integrators } from '../support/integrators.ts';
import { type Json, readJson } from '../support/json.ts';
import { handOver, SMALL_PDF, servedBy, standInFiling } from '../support/national-shape.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ standIns: true, idleConsumers: ['countIndicators'] });
const { signed } = integrators(api);

const officer = (path: string) => api.call(path, { as: 'officer', unit: BIEN_HOA });
const dossierOf = async (code: string) => (await readJson(await officer(`/dossiers/${code}`))) as Json;

/** Hands a dossier over through the portal's stand-in and waits until its files have their verdicts. */
async function handedOver(files: Parameters<typeof standInFiling>[0]) {
  const filing = standInFiling(files);
  const filed = await handOver(api, filing);
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  await api.runtime.settled();
  return { filing, code: filed.body.code as string, dossier: await dossierOf(filed.body.code) };
}

describe('dossiers the national portal hands over, with files it names by address', () => {
  it('wait in "receiving files" until each file is fetched, checked and scanned, then go to reception', async () => {
    const second = Buffer.concat([SMALL_PDF, Buffer.from('% a second page\n')]);
    const filing = standInFiling([{}, { bytes: second, component: 'giay-uy-quyen', name: 'uy-quyen.pdf' }]);
    await api.runtime.holdBackground();
    let code: string;
    try {
      const filed = await handOver(api, filing);
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      code = filed.body.code;
      const waiting = await dossierOf(code);
      expect(waiting).toMatchObject({ state: 1, sub: 'receiving-files' });
      // Nobody receives a dossier whose files have no verdict yet.
      await journey(api).act(code, BIEN_HOA, 'receive', {}, 409);
    } finally {
      api.runtime.releaseBackground();
    }
    await api.runtime.settled();
    const ready = await dossierOf(code);
    expect(ready).toMatchObject({ state: 1, sub: 'none' });
    const verdicts = Object.values(ready.channelFiles as Record<string, Json>);
    expect(verdicts).toEqual([
      { status: 'clean', uploadId: expect.any(String) },
      { status: 'clean', uploadId: expect.any(String) },
    ]);
    // Each is a file of the dossier, its bytes those the portal served.
    for (const verdict of verdicts) {
      const link = await readJson(await officer(`/dossiers/${code}/files/${verdict.uploadId}`));
      const bytes = Buffer.from(await (await fetch(link.url)).arrayBuffer());
      expect([SMALL_PDF, second].some((one) => one.equals(bytes))).toBe(true);
    }
    const { history } = await dossierOf(code);
    expect(history.map((event: Json) => event.type)).toEqual(['submit', 'filesReceived']);
    expect(history[1]).toMatchObject({ actor: { sub: 'system:channel-files' }, data: { clean: 2 } });
    const chain = await readJson(await officer(`/dossiers/${code}/history`));
    expect(chain.verification).toMatchObject({ valid: true, length: 2 });
    await journey(api).act(code, BIEN_HOA, 'receive');
  });

  it('ask again, through the portal, for a file whose hash does not match or that holds malware', async () => {
    const { code, dossier } = await handedOver([
      { name: 'to-khai.pdf', declared: { MaBamSHA256: 'b'.repeat(64) } },
      { name: 'uy-quyen.pdf', component: 'giay-uy-quyen', bytes: Buffer.from(`%PDF-1.4\n${EICAR}\n`) },
    ]);
    expect(dossier).toMatchObject({ state: 5, sub: 'none', resumeState: 1, supplementRequests: 0 });
    expect(dossier.supplementItems).toEqual([
      expect.stringMatching(/^Tờ khai .*: to-khai\.pdf — mã băm SHA-256 .* không khớp/),
      expect.stringMatching(/^Văn bản ủy quyền .*: uy-quyen\.pdf — tệp chứa mã độc/),
    ]);
    expect(
      Object.values(dossier.channelFiles as Record<string, Json>)
        .map((one) => one.reason)
        .sort(),
    ).toEqual(['checksum-mismatch', 'malware']);
    // The request goes back to the portal as progress in state 5, under the portal's code.
    const { items } = await readJson(await api.call('/dev/receivers/national-portal?limit=500'));
    const sent = items
      .map((item: Json) => JSON.parse(item.body))
      .filter((body: Json) => body.HoSo?.MaHoSo === dossier.channel.reference && body.TrangThai === 5);
    expect(sent).toHaveLength(1);
    expect(sent[0].HoSo.DanhSachHoSoBoSung[0].NoiDung).toEqual(dossier.supplementItems);
    expect(code).toBe(dossier.code);
  });

  it('refuse a file the portal no longer serves, and one of a type the component does not take', async () => {
    const { dossier } = await handedOver([{ name: 'anh.gif', bytes: Buffer.from('GIF89a...') }]);
    expect(dossier.state).toBe(5);
    expect(Object.values(dossier.channelFiles as Record<string, Json>)).toEqual([
      { status: 'refused', reason: 'type-not-accepted' },
    ]);
    const components = await servedBy(api, [
      { MaThanhPhanHoSo: 'to-khai', TepDinhKem: [{ TenTepDinhKem: 'to-khai.pdf', NoiDung: '' }] },
    ]);
    const gone = components[0].TepDinhKem[0];
    gone.DuongDanTaiTepTin = gone.DuongDanTaiTepTin.replace(
      /[0-9a-f-]{36}$/,
      '00000000-0000-4000-8000-000000000000',
    );
    gone.KichThuoc = SMALL_PDF.length;
    const filed = await signed(
      'POST',
      '/integrations/v1/dossiers',
      api.runtime.portal!,
      standInFiling([], { TaiLieuNop: components }),
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    await api.runtime.settled();
    const unreachable = await dossierOf(filed.body.code);
    expect(Object.values(unreachable.channelFiles)).toEqual([{ status: 'refused', reason: 'unreachable' }]);
    expect(unreachable.supplementItems).toEqual([
      expect.stringMatching(/to-khai\.pdf — không tải được tệp từ Cổng Dịch vụ công/),
    ]);
  });

  it('are refused, filing nothing, when a file is at a host the province does not allow the portal', async () => {
    const filing = standInFiling([], {
      TaiLieuNop: [
        {
          MaThanhPhanHoSo: 'to-khai',
          TepDinhKem: [
            {
              TenTepDinhKem: 'to-khai.pdf',
              DuongDanTaiTepTin: 'https://files.example.org/to-khai.pdf',
              KichThuoc: 100,
              MaBamSHA256: 'c'.repeat(64),
            },
          ],
        },
      ],
    });
    const refused = await signed('POST', '/integrations/v1/dossiers', api.runtime.portal!, filing);
    expect(refused).toMatchObject({
      status: 400,
      body: {
        errors: [
          expect.objectContaining({
            path: 'body.TaiLieuNop[0].TepDinhKem[0].DuongDanTaiTepTin',
            code: 'host_not_allowed',
          }),
        ],
      },
    });
    const again = await signed('POST', '/integrations/v1/dossiers', api.runtime.portal!, {
      ...filing,
      TaiLieuNop: await servedBy(api, [
        {
          MaThanhPhanHoSo: 'to-khai',
          TepDinhKem: [{ TenTepDinhKem: 'to-khai.pdf', NoiDung: SMALL_PDF.toString('base64') }],
        },
      ]),
    });
    // Refused, the code is still free.
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });
});
