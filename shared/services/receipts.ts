import { DomainError } from '../domain/errors.ts';
import { applicationHash, filesDigest, type ReceiptClaims } from '../domain/submission.ts';
import type { Principal } from '../http/principal.ts';
import { count } from '../observability.ts';
import { checkReceipt } from '../signing/receipts.ts';
import { applicationOf, readDossier } from './dossiers.ts';

/**
 * Kiểm tra giấy biên nhận: the stored proof of submission is checked against the public
 * key, and what it signed against the records: the code, every file (by the digest of their
 * ids, sizes and SHA-256) and the application itself (by its hash).
 */
export async function verifyReceipt(code: string, principal: Principal) {
  const application = await applicationOf(await readDossier(code, principal));
  const proof = application.receiptProof;
  if (!proof) {
    throw new DomainError('not-available-yet', {
      vi: 'Hồ sơ không có biên nhận ký số.',
      en: 'The dossier has no signed receipt.',
    });
  }
  const check = await checkReceipt(proof);
  if (!check.valid) {
    count('SignaturesRefused', { document: 'receipt' });
    return { proof, valid: false, reason: check.reason };
  }
  const signed = check.receipt as unknown as ReceiptClaims;
  const differs = [
    signed.code !== code && 'code',
    signed.filesDigest !== filesDigest(application.components) && 'files',
    signed.applicationHash !== applicationHash(application) && 'application',
  ].filter(Boolean);
  if (differs.length) count('SignaturesRefused', { document: 'receipt' });
  return {
    proof,
    valid: differs.length === 0,
    kid: check.kid,
    receipt: signed,
    ...(differs.length
      ? { reason: `the signed receipt differs from the records: ${differs.join(', ')}` }
      : {}),
  };
}
