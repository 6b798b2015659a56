import { DomainError } from '../domain/errors.ts';
import type { Principal } from '../http/principal.ts';
import { checkReceipt } from '../signing/receipts.ts';
import { applicationOf, readDossier } from './dossiers.ts';

/**
 * Kiểm tra giấy biên nhận: the stored proof of submission is checked against the public
 * key, and what it signed against the dossier's records (code and every file's SHA-256).
 */
export async function verifyReceipt(code: string, principal: Principal) {
  const application = await applicationOf(await readDossier(code, principal));
  const proof = application.receiptProof;
  if (!proof) {
    throw new DomainError('conflict', {
      vi: 'Hồ sơ không có biên nhận ký số.',
      en: 'The dossier has no signed receipt.',
    });
  }
  const check = await checkReceipt(proof);
  if (!check.valid) return { proof, valid: false, reason: check.reason };
  const recorded = application.components
    .flatMap((component) => component.files.map((file) => file.sha256))
    .sort();
  const signed = (check.receipt.components as { files: { sha256: string }[] }[])
    .flatMap((component) => component.files.map((file) => file.sha256))
    .sort();
  const matches = check.receipt.code === code && JSON.stringify(recorded) === JSON.stringify(signed);
  return {
    proof,
    valid: matches,
    kid: check.kid,
    receipt: check.receipt,
    ...(matches ? {} : { reason: 'the signed receipt differs from the records' }),
  };
}
