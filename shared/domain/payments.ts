import type { Dossier } from './dossier.ts';

/**
 * Fees paid through a payment platform (Yêu cầu thực hiện nghĩa vụ tài chính, state 6):
 * the platform confirms a transaction, and a dossier waiting for exactly that amount moves
 * on to processing. Anything else is kept for an officer to review. Pure.
 */
export interface PaymentConfirmation {
  transactionId: string;
  dossierCode: string;
  amount: number;
  paidAt: string;
}

export type PaymentRefusal = 'unknown-dossier' | 'not-awaiting-payment' | 'amount-mismatch';

/** Why a confirmation cannot settle the dossier, or nothing when it can. */
export function paymentRefusal(
  dossier: Pick<Dossier, 'state' | 'sub' | 'paymentAmount'> | undefined,
  payment: Pick<PaymentConfirmation, 'amount'>,
): PaymentRefusal | undefined {
  if (!dossier) return 'unknown-dossier';
  if (dossier.state !== 6 || dossier.sub !== 'none') return 'not-awaiting-payment';
  if (dossier.paymentAmount !== payment.amount) return 'amount-mismatch';
  return undefined;
}

/** The dossier once its fee is paid: back to processing, the payment remembered. */
export function settle<D extends Dossier>(dossier: D, payment: PaymentConfirmation): D & { paidAt: string } {
  return { ...dossier, state: 4, sub: 'none', paidAt: payment.paidAt, version: dossier.version + 1 };
}
