import { DomainError } from '../domain/errors.ts';
import type { Principal } from '../http/principal.ts';
import { checkReceipt } from '../signing/receipts.ts';
import { applicationOf, readDossier } from './dossiers.ts';

/**
 * Kiểm tra giấy biên nhận: the stored proof of submission is checked against the public
 * key, and what it signed against the dossier's records (code and every file's SHA-256).
 */
export async function verifyReceipt(code: string, principal: Principal) {
  const dossier = await readDossier(code, principal);
  if (!dossier.receiptProof) {
    throw new DomainError('conflict', {
      vi: 'Hồ sơ không có biên nhận ký số.',
      en: 'The dossier has no signed receipt.',
    });
  }
  const check = await checkReceipt(dossier.receiptProof);
  if (!check.valid) return { proof: dossier.receiptProof, valid: false, reason: check.reason };
  const application = await applicationOf(dossier);
  const recorded = application.components
    .flatMap((component) => component.files.map((file) => file.sha256))
    .sort();
  const signed = (check.receipt.components as { files: { sha256: string }[] }[])
    .flatMap((component) => component.files.map((file) => file.sha256))
    .sort();
  const matches = check.receipt.code === code && JSON.stringify(recorded) === JSON.stringify(signed);
  return {
    proof: dossier.receiptProof,
    valid: matches,
    kid: check.kid,
    receipt: check.receipt,
    ...(matches ? {} : { reason: 'the signed receipt differs from the records' }),
  };
}
