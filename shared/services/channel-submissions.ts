import type { z } from 'zod';
import type { ChannelSubmissionBody } from '../api/integrations.ts';
import { connectorSettings } from '../connectors/settings.ts';
import { urlRefusal } from '../connectors/targets.ts';
import { addressRefusal, maxFileBytes } from '../domain/channel-files.ts';
import { DomainError, type FieldIssue, invalid, invalidField } from '../domain/errors.ts';
import { type Integrator, withinLimits } from '../domain/integrators.ts';
import { recentProcedure } from '../persistence/catalog.ts';
import { getChannelFiling, recordChannelFiling } from '../persistence/channels.ts';
import { claim, completion, release } from '../persistence/idempotency.ts';
import { channelFile, hashOf, outsideLimits, scopeOf } from './integrations.ts';
import { checkApplication, fileDossier, type SubmissionReceipt } from './submissions.ts';

type ChannelSubmission = z.output<typeof ChannelSubmissionBody>;

export type ChannelReceipt = Pick<
  SubmissionReceipt,
  | 'code'
  | 'state'
  | 'stateName'
  | 'procedureCode'
  | 'receivingUnit'
  | 'submittedAt'
  | 'lookupSecret'
  | 'proof'
> & { MaHoSo: string };

/**
 * Files a dossier another channel received, in the national portal's shape. Its code
 * there (MaHoSo) names it for good: sent again it is answered with the first receipt; sent
 * again with other contents it is refused (422).
 */
export async function submitThroughChannel(
  body: ChannelSubmission,
  integrator: Integrator,
  now: Date,
): Promise<{ receipt: ChannelReceipt; replayed: boolean }> {
  const requestHash = hashOf(body);
  const earlier = await filedBefore(integrator, body.MaHoSo, requestHash);
  if (earlier) return { receipt: earlier, replayed: true };
  const procedure = await recentProcedure(body.MaTTHC, now);
  if (!procedure)
    throw invalidField('body.MaTTHC', 'unknown_procedure', {
      vi: 'Thủ tục không có trong danh mục.',
      en: 'The procedure is not in the catalog.',
    });
  if (!withinLimits(integrator, { procedureCode: procedure.code, units: [procedure.receivingUnit] }))
    throw outsideLimits();
  checkFileAddresses(body, integrator);
  const components = body.TaiLieuNop.map(({ MaThanhPhanHoSo, TepDinhKem }) => ({
    componentId: MaThanhPhanHoSo,
    uploadIds: [],
    files: TepDinhKem.map((file, index) =>
      channelFile(file, `${body.MaHoSo}/${MaThanhPhanHoSo}/${index + 1}`),
    ),
  }));
  checkApplication({ formData: body.DuLieuBieuMau, components }, procedure, {
    formData: 'body.DuLieuBieuMau',
    component: (index) => `body.TaiLieuNop[${index}].MaThanhPhanHoSo`,
    components: 'body.TaiLieuNop',
  });
  const claimed = await claim<ChannelReceipt>(scopeOf(integrator), body.MaHoSo, requestHash, now);
  if (claimed.kind === 'replay') return { receipt: claimed.response, replayed: true };
  try {
    const filed = await fileDossier(
      {
        procedure,
        application: {
          applicant: applicantOf(body),
          formData: body.DuLieuBieuMau,
          components,
          delivery: { method: 'online' },
        },
        ownerSub: `integrator:${integrator.id}`,
        actor: { sub: `integrator:${integrator.id}`, role: 'citizen' },
        uploadIds: [],
        channel: { integrator: integrator.id, reference: body.MaHoSo },
      },
      now,
      (receipt) => {
        const answer = channelReceipt(receipt, body.MaHoSo);
        return [
          completion(scopeOf(integrator), body.MaHoSo, requestHash, answer),
          recordChannelFiling(integrator.id, body.MaHoSo, {
            code: receipt.code,
            requestHash,
            receipt: answer,
          }),
        ];
      },
    );
    return { receipt: channelReceipt(filed, body.MaHoSo), replayed: false };
  } catch (error) {
    const again = await filedBefore(integrator, body.MaHoSo, requestHash).catch(() => undefined);
    if (again) return { receipt: again, replayed: true };
    await release(scopeOf(integrator), body.MaHoSo);
    throw error;
  }
}

async function filedBefore(integrator: Integrator, reference: string, requestHash: string) {
  const filing = await getChannelFiling<ChannelReceipt>(integrator.id, reference);
  if (!filing) return undefined;
  if (filing.requestHash !== requestHash)
    throw new DomainError('idempotency-key-reused', {
      vi: `Hồ sơ ${reference} đã được nộp với nội dung khác.`,
      en: `Dossier ${reference} was filed with other contents.`,
    });
  return filing.receipt;
}

const channelReceipt = (receipt: SubmissionReceipt, reference: string): ChannelReceipt => ({
  code: receipt.code,
  MaHoSo: reference,
  state: receipt.state,
  stateName: receipt.stateName,
  procedureCode: receipt.procedureCode,
  receivingUnit: receipt.receivingUnit,
  submittedAt: receipt.submittedAt,
  lookupSecret: receipt.lookupSecret,
  proof: receipt.proof,
});

function applicantOf(body: ChannelSubmission) {
  const contact = {
    fullName: body.ChuHoSo,
    phone: body.SoDienThoai,
    address: body.DiaChiChuHoSo,
    ...(body.Email ? { email: body.Email } : {}),
  };
  return body.LoaiDoiTuong === 1
    ? { kind: 'citizen' as const, ...contact, idNumber: body.SoGiayToChuHoSo, dateOfBirth: body.NgaySinh }
    : { kind: 'business' as const, ...contact, taxCode: body.SoGiayToChuHoSo };
}

/**
 * Each file must be at a host the province allows this channel to name (`connectors.channels`)
 * and within its size: the consumer fetches nothing else, and a dossier is not filed with a
 * file it could never fetch.
 */
function checkFileAddresses(body: ChannelSubmission, integrator: Integrator): void {
  const settings = connectorSettings();
  const source = settings.channels?.[integrator.id];
  const issues: FieldIssue[] = [];
  body.TaiLieuNop.forEach((component, index) => {
    component.TepDinhKem.forEach((file, at) => {
      const path = `body.TaiLieuNop[${index}].TepDinhKem[${at}]`;
      const refused = urlRefusal(file.DuongDanTaiTepTin, settings);
      if (refused)
        issues.push({
          path: `${path}.DuongDanTaiTepTin`,
          code: 'target_refused',
          message: {
            vi: `không lấy tệp từ địa chỉ này: ${refused}`,
            en: `not fetched from there: ${refused}`,
          },
        });
      else if (addressRefusal(file.DuongDanTaiTepTin, source))
        issues.push({
          path: `${path}.DuongDanTaiTepTin`,
          code: 'host_not_allowed',
          message: source
            ? {
                vi: `chỉ nhận tệp từ: ${source.fileHosts.join(', ')}`,
                en: `files are fetched only from: ${source.fileHosts.join(', ')}`,
              }
            : {
                vi: 'tỉnh chưa cho phép kênh này gửi tệp theo địa chỉ',
                en: 'the province lets this channel name no file addresses',
              },
        });
      else if (source && file.KichThuoc > maxFileBytes(source))
        issues.push({
          path: `${path}.KichThuoc`,
          code: 'too_big',
          message: { vi: `tối đa ${source.maxFileMb} MB`, en: `at most ${source.maxFileMb} MB` },
        });
    });
  });
  if (issues.length)
    throw invalid(
      {
        vi: 'Có tệp không thể lấy về từ nơi hoặc với kích thước đã khai.',
        en: 'Some files cannot be fetched from where, or at the size, they were declared.',
      },
      issues,
    );
}
