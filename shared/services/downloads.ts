import { DomainError, notFound } from '../domain/errors.ts';
import { contentDisposition } from '../domain/files.ts';
import type { Principal } from '../http/principal.ts';
import { getUpload, type Upload } from '../persistence/uploads.ts';
import { presignDownload } from '../storage/files.ts';
import { actorOf, readDossier, recordRead } from './dossiers.ts';
import { readableFeedback } from './feedback.ts';

/** Download links last five minutes. */
export const DOWNLOAD_SECONDS = 5 * 60;

/**
 * Tải tệp: the dossier's applicant and officers of a unit it has been at get a short-lived
 * link carrying the original file name; anyone else a 404. The applicant gets the result
 * files once the result has been returned (state 10).
 */
export async function downloadLink(code: string, uploadId: string, principal: Principal, now: Date) {
  const dossier = await readDossier(code, principal);
  const upload = await getUpload(uploadId);
  if (!upload || upload.usedBy !== code || upload.status !== 'verified') {
    throw notFound({ vi: 'Hồ sơ không có tệp này.', en: 'The dossier has no such file.' });
  }
  if (upload.purpose.kind === 'result' && actorOf(principal).role === 'citizen' && dossier.state !== 10) {
    throw new DomainError('not-available-yet', {
      vi: 'Kết quả chưa được trả; tải về sau khi hồ sơ ở trạng thái Đã trả kết quả.',
      en: 'The result has not been returned yet.',
    });
  }
  const link = await linkTo(upload, now);
  await recordRead(dossier, principal, 'download');
  return link;
}

/** A file of feedback, for its author and the unit that has it; anyone else a 404. */
export async function feedbackFileLink(id: string, uploadId: string, principal: Principal, now: Date) {
  await readableFeedback(id, principal);
  const upload = await getUpload(uploadId);
  if (!upload || upload.usedBy !== id || upload.status !== 'verified')
    throw notFound({ vi: 'Phản ánh không có tệp này.', en: 'The feedback has no such file.' });
  return linkTo(upload, now);
}

async function linkTo(upload: Upload, now: Date) {
  const url = await presignDownload(
    upload.key,
    upload.contentType,
    contentDisposition(upload.fileName),
    DOWNLOAD_SECONDS,
  );
  return {
    url,
    fileName: upload.fileName,
    expiresAt: new Date(now.getTime() + DOWNLOAD_SECONDS * 1000).toISOString(),
  };
}
