import * as z from 'zod';
import { PAYMENT_ORDER_ID } from '../domain/payments.ts';
import { ProcedureCode } from '../schemas/catalog.ts';
import { DossierCode } from './dossiers.ts';

/**
 * What integrators send: dossiers received through another channel in the national
 * portal's shape (its field names, as DVCQG's DongBoHoSoMC carries them), a sector system's
 * progress and result, a payment platform's confirmation.
 */

const Text = (max: number) => z.string().trim().min(1).max(max);
const Phone = z.string().regex(/^(0|\+84)\d{9,10}$/, 'must be a Vietnamese phone number, e.g. 0912345678');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the file in lower-case hex');

/** A file the other channel holds, named by where it is and by its checksum. */
const ChannelFile = z.strictObject({
  TenTepDinhKem: Text(255).meta({ description: 'File name' }),
  DuongDanTaiTepTin: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .meta({
      description:
        'Where the channel serves the file: HTTPS, at a host the province allows the channel (plain HTTP only to a stand-in on the same machine, locally)',
    }),
  KichThuoc: z
    .int()
    .min(1)
    .max(50 * 1024 * 1024)
    .meta({ description: 'Size in bytes' }),
  MaBamSHA256: Sha256,
});

const Submitted = z.object({
  MaHoSo: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, 'must be the channel’s dossier code: letters, digits, . _ -')
    .meta({
      description: 'The dossier’s code in the channel that received it; submitting it again is a replay',
    }),
  MaTTHC: ProcedureCode,
  ChuHoSo: Text(200).meta({ description: 'The applicant: a person’s full name or a business’s name' }),
  DiaChiChuHoSo: Text(300),
  SoDienThoai: Phone,
  Email: z.email().optional(),
  TrichYeuHoSo: Text(500).optional().meta({ description: 'What the dossier asks for, in a line' }),
  DuLieuBieuMau: z.record(z.string(), z.unknown()).meta({ description: 'The procedure’s form fields' }),
  TaiLieuNop: z
    .array(
      z.strictObject({
        MaThanhPhanHoSo: z.string().min(1).max(64),
        TepDinhKem: z.array(ChannelFile).min(1).max(20),
      }),
    )
    .max(50),
});

/** LoaiDoiTuong 1: a citizen, with the personal identification number and date of birth. */
const CitizenSubmission = Submitted.extend({
  LoaiDoiTuong: z.literal(1),
  SoGiayToChuHoSo: z.string().regex(/^\d{12}$/, 'must be a 12-digit personal identification number'),
  NgaySinh: z.iso.date(),
}).strict();

/** LoaiDoiTuong 2: a business, with its tax code. */
const BusinessSubmission = Submitted.extend({
  LoaiDoiTuong: z.literal(2),
  SoGiayToChuHoSo: z
    .string()
    .regex(/^\d{10}(-\d{3})?$/, 'must be a tax code of 10 digits, or 10-3 for a branch'),
}).strict();

export const ChannelSubmissionBody = z
  .discriminatedUnion('LoaiDoiTuong', [CitizenSubmission, BusinessSubmission])
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.TaiLieuNop.forEach((component, index) => {
      if (seen.has(component.MaThanhPhanHoSo))
        ctx.addIssue({
          code: 'custom',
          message: 'component named twice',
          path: ['TaiLieuNop', index, 'MaThanhPhanHoSo'],
        });
      seen.add(component.MaThanhPhanHoSo);
    });
  })
  .meta({ id: 'ChannelSubmission' });

export const ChannelSubmissionView = z
  .object({
    code: DossierCode,
    MaHoSo: z.string().meta({ description: 'The channel’s code, as sent' }),
    state: z.int(),
    stateName: z.string(),
    procedureCode: z.string(),
    receivingUnit: z.string(),
    submittedAt: z.string(),
    lookupSecret: z.string().meta({ description: 'Mã tra cứu: for the applicant, with the code' }),
    proof: z.string().meta({ description: 'The signed proof of submission (compact JWS, EdDSA)' }),
  })
  .meta({ id: 'ChannelSubmissionReceipt' });

export const ExternalStepParams = z.strictObject({ code: DossierCode });

/** A sector system's report on a dossier at its unit: a step of progress, or the result. */
export const ExternalStepBody = z
  .strictObject({
    NguoiXuLy: Text(200).meta({ description: 'Who handled the step' }),
    ChucDanh: Text(200).optional(),
    PhongBanXuLy: Text(200).optional(),
    NoiDungXuLy: Text(2000).meta({ description: 'What was done' }),
    KetQua: z
      .strictObject({
        TomTat: Text(4000).meta({ description: 'The result in words' }),
        DanhSachGiayToKetQua: z.array(ChannelFile).max(20),
      })
      .optional()
      .meta({ description: 'With a result, the dossier goes back to the unit that sent it' }),
  })
  .meta({ id: 'ExternalStep' });

export const ExternalStepView = z
  .object({
    code: DossierCode,
    step: z.enum(['externalProgress', 'returnFromTransfer']),
    version: z.int(),
    currentUnit: z.string(),
    returningTo: z.string().optional().meta({ description: 'With a result: where the hop back goes' }),
  })
  .meta({ id: 'ExternalStepAnswer' });

export const PaymentBody = z
  .strictObject({
    transactionId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be the platform’s transaction id'),
    paymentOrderId: z
      .string()
      .regex(PAYMENT_ORDER_ID, 'must be the payment order id the dossier shows')
      .meta({
        description:
          'The payment order this system issued when it asked for the fee (the dossier’s `paymentOrder`, `<code>-TT<n>`)',
      }),
    dossierCode: DossierCode,
    amount: z.int().min(1).max(10_000_000_000).meta({ description: 'In đồng' }),
    paidAt: z.iso.datetime({ offset: true }).meta({
      description:
        'When it was paid: not ahead of this system’s clock (5 minutes’ leeway), at most 90 days ago',
    }),
  })
  .meta({ id: 'PaymentConfirmation' });

export const PaymentView = z
  .object({
    transactionId: z.string(),
    paymentOrderId: z.string(),
    dossierCode: z.string(),
    amount: z.int(),
    paidAt: z.string(),
    status: z.enum(['accepted', 'review']),
    reason: z
      .enum(['unknown-dossier', 'not-awaiting-payment', 'unknown-order', 'amount-mismatch'])
      .optional(),
    receivedAt: z.string(),
  })
  .meta({ id: 'Payment' });

export const ReviewQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(50) });

export const PaymentsForReview = z
  .object({ items: z.array(PaymentView.extend({ integrator: z.string() })) })
  .meta({ id: 'PaymentsForReview' });
