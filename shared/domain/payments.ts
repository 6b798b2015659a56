import type { Dossier } from './dossier.ts';

export { paymentOrderId } from './dossier.ts';

import { type FieldIssue, invalid } from './errors.ts';

/**
 * Fees paid through a payment platform (Yêu cầu thực hiện nghĩa vụ tài chính, state 6):
 * asking for a fee issues a payment order, whose id the applicant pays against; the platform
 * confirms a transaction citing that order, and a dossier waiting for exactly that order and
 * amount moves on to processing. Anything else is kept for an officer to review. Pure.
 */
export interface PaymentConfirmation {
  transactionId: string;
  /** The payment order this system issued when it asked for the fee. */
  paymentOrderId: string;
  dossierCode: string;
  amount: number;
  paidAt: string;
}

export type PaymentRefusal = 'unknown-dossier' | 'not-awaiting-payment' | 'unknown-order' | 'amount-mismatch';

export const PAYMENT_ORDER_ID = /^[0-9A-Z.]+-\d{6}-\d{4,}-TT\d{1,6}$/;

/** How far ahead of this clock a platform's `paidAt` may run, and how old it may be. */
export const PAID_AT_SKEW_SECONDS = 300;
export const PAID_AT_MAX_AGE_DAYS = 90;

/**
 * A `paidAt` no platform could honestly send (in the future, or months old) is bad input:
 * refused, nothing kept.
 */
export function assertPaidAtPlausible(paidAt: string, now: Date): void {
  const at = Date.parse(paidAt);
  const issue = (message: { vi: string; en: string }): FieldIssue => ({
    path: 'body.paidAt',
    code: 'implausible_time',
    message,
  });
  if (at > now.getTime() + PAID_AT_SKEW_SECONDS * 1000)
    throw invalid({ vi: 'Thời điểm thanh toán ở tương lai.', en: 'paidAt is in the future.' }, [
      issue({ vi: 'không được ở tương lai', en: 'must not be in the future' }),
    ]);
  if (at < now.getTime() - PAID_AT_MAX_AGE_DAYS * 86_400_000)
    throw invalid(
      {
        vi: `Thời điểm thanh toán cũ hơn ${PAID_AT_MAX_AGE_DAYS} ngày.`,
        en: `paidAt is more than ${PAID_AT_MAX_AGE_DAYS} days old.`,
      },
      [
        issue({
          vi: `không quá ${PAID_AT_MAX_AGE_DAYS} ngày trước`,
          en: `at most ${PAID_AT_MAX_AGE_DAYS} days ago`,
        }),
      ],
    );
}

/** Why a confirmation cannot settle the dossier, or nothing when it can. */
export function paymentRefusal(
  dossier: Pick<Dossier, 'state' | 'sub' | 'paymentAmount' | 'paymentOrder'> | undefined,
  payment: Pick<PaymentConfirmation, 'amount' | 'paymentOrderId'>,
): PaymentRefusal | undefined {
  if (!dossier) return 'unknown-dossier';
  if (dossier.state !== 6 || dossier.sub !== 'none') return 'not-awaiting-payment';
  if (dossier.paymentOrder !== payment.paymentOrderId) return 'unknown-order';
  if (dossier.paymentAmount !== payment.amount) return 'amount-mismatch';
  return undefined;
}

/** The dossier once its fee is paid: back to processing, the payment remembered. */
export function settle<D extends Dossier>(dossier: D, payment: PaymentConfirmation): D & { paidAt: string } {
  return { ...dossier, state: 4, sub: 'none', paidAt: payment.paidAt, version: dossier.version + 1 };
}
