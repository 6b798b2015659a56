import { createHash, randomUUID } from 'node:crypto';
import { DomainError, invalid, notFound, type Text } from '../domain/errors.ts';
import { DEFAULT_LIMITS, type FileType, sniffType, uploadOutcome } from '../domain/files.ts';
import type { Principal } from '../http/principal.ts';
import { getProcedure } from '../persistence/catalog.ts';
import {
  getUpload,
  putUpload,
  settleUpload,
  type Upload,
  type UploadPurpose,
} from '../persistence/uploads.ts';
import {
  cleanKey,
  deleteObject,
  moveObject,
  presignUpload,
  quarantineKey,
  readObject,
} from '../storage/files.ts';
import { scan } from '../storage/scanner.ts';
import { readDossier } from './dossiers.ts';

/** A presigned POST is valid for 15 minutes. */
export const UPLOAD_WINDOW_SECONDS = 15 * 60;

export interface UploadRequest {
  purpose: UploadPurpose;
  fileName: string;
  contentType: FileType;
  size: number;
  sha256: string;
}

/**
 * Asks for an upload: the purpose decides the limits (the procedure component's, else the
 * defaults), and the answer is a presigned POST under the quarantine prefix.
 */
export async function requestUpload(request: UploadRequest, principal: Principal, now: Date) {
  const maxBytes = await limitFor(request, principal);
  if (request.size > maxBytes) {
    throw invalid({ vi: `Tệp vượt quá ${maxBytes} byte.`, en: `The file is over ${maxBytes} bytes.` }, [
      {
        path: 'body.size',
        code: 'too_big',
        message: { vi: `tối đa ${maxBytes} byte`, en: `at most ${maxBytes} bytes` },
      },
    ]);
  }
  const id = randomUUID();
  const upload: Upload = {
    id,
    ownerSub: principal.sub,
    purpose: request.purpose,
    fileName: request.fileName.normalize('NFC'),
    contentType: request.contentType,
    size: request.size,
    sha256: request.sha256.toLowerCase(),
    status: 'pending',
    key: quarantineKey(id),
    maxBytes,
    createdAt: now.toISOString(),
  };
  await putUpload(upload, now);
  const post = await presignUpload({
    key: upload.key,
    contentType: upload.contentType,
    maxBytes,
    checksum: Buffer.from(upload.sha256, 'hex').toString('base64'),
    expiresInSeconds: UPLOAD_WINDOW_SECONDS,
  });
  return {
    uploadId: id,
    url: post.url,
    fields: post.fields,
    maxBytes,
    expiresAt: post.expiresAt,
  };
}

/** Feedback takes the default types and sizes. */
function feedbackLimit(contentType: FileType): number {
  if (!DEFAULT_LIMITS.types.includes(contentType))
    throw invalid(
      { vi: 'Phản ánh không nhận loại tệp đó.', en: 'Feedback does not take that type of file.' },
      [
        {
          path: 'body.contentType',
          code: 'type_not_accepted',
          message: {
            vi: `nhận: ${DEFAULT_LIMITS.types.join(', ')}`,
            en: `accepted: ${DEFAULT_LIMITS.types.join(', ')}`,
          },
        },
      ],
    );
  return DEFAULT_LIMITS.maxFileBytes;
}

async function limitFor(request: UploadRequest, principal: Principal): Promise<number> {
  const { purpose } = request;
  if (purpose.kind === 'result') {
    if (!principal.roles.includes('officer')) throw roleNeeded('officer');
    const dossier = await readDossier(purpose.dossierCode, principal);
    if (dossier.currentUnit !== principal.unit || dossier.sub === 'in-transit') {
      throw new DomainError('dossier-at-another-unit', {
        vi: 'Chỉ tải kết quả lên cho hồ sơ đang ở đơn vị mình.',
        en: 'Results are uploaded for a dossier that is at your unit.',
      });
    }
    if (dossier.state !== 4) {
      throw new DomainError('action-not-allowed-in-state', {
        vi: 'Chỉ tải kết quả lên cho hồ sơ đang xử lý.',
        en: 'Results are uploaded for a dossier being processed.',
      });
    }
    return DEFAULT_LIMITS.maxFileBytes;
  }
  // A component's files come from the applicant, or from an officer filing for them at the desk.
  if (!principal.roles.some((role) => role === 'citizen' || role === 'officer'))
    throw roleNeeded('citizen or officer');
  if (purpose.kind === 'feedback') return feedbackLimit(request.contentType);
  const procedure = await getProcedure(purpose.procedureCode);
  const component = procedure?.components.find((candidate) => candidate.id === purpose.componentId);
  if (!component) {
    throw invalid(
      { vi: 'Thủ tục không có thành phần hồ sơ này.', en: 'The procedure has no such component.' },
      [
        {
          path: 'body.purpose',
          code: 'unknown_component',
          message: { vi: 'không có thành phần này', en: 'unknown component' },
        },
      ],
    );
  }
  const types = component.acceptedTypes ?? DEFAULT_LIMITS.types;
  if (!types.includes(request.contentType)) {
    throw invalid(
      { vi: 'Thành phần này không nhận loại tệp đó.', en: 'This component does not take that type of file.' },
      [
        {
          path: 'body.contentType',
          code: 'type_not_accepted',
          message: { vi: `nhận: ${types.join(', ')}`, en: `accepted: ${types.join(', ')}` },
        },
      ],
    );
  }
  return component.maxSizeMb ? component.maxSizeMb * 1024 * 1024 : DEFAULT_LIMITS.maxFileBytes;
}

const roleNeeded = (role: string) =>
  new DomainError('forbidden', {
    vi: `Mục đích tải lên này cần vai trò ${role}.`,
    en: `This upload needs the ${role} role.`,
  });

const REASONS: Record<string, Text> = {
  'too-large': { vi: 'Tệp lớn hơn giới hạn.', en: 'The file is larger than allowed.' },
  'size-mismatch': {
    vi: 'Kích thước tệp khác kích thước đã khai.',
    en: 'The file size differs from the declared size.',
  },
  'checksum-mismatch': {
    vi: 'Mã băm SHA-256 không khớp.',
    en: 'The SHA-256 does not match the declared one.',
  },
  'type-mismatch': {
    vi: 'Nội dung tệp không đúng loại đã khai.',
    en: 'The content is not of the declared type.',
  },
  malware: { vi: 'Tệp chứa mã độc.', en: 'The file contains malware.' },
  'scan-unsupported': {
    vi: 'Không quét được mã độc trong tệp này (ví dụ tệp có mật khẩu); hãy tải lên bản khác.',
    en: 'The file cannot be scanned for malware (e.g. it is password-protected); upload another copy.',
  },
  'scan-failed': {
    vi: 'Việc quét mã độc không hoàn tất; hãy tải tệp lên lại.',
    en: 'The malware scan did not complete; upload the file again.',
  },
  expired: {
    vi: 'Tệp được tải lên sau khi hết hạn cho phép.',
    en: 'The file arrived after the upload window closed.',
  },
};

/**
 * Kiểm tra tệp: size, SHA-256 and the type sniffed from the bytes are checked, then the
 * scanner's verdict is read. Clean files move to the clean prefix; anything else is deleted
 * and the upload rejected with a reason. The same path runs on AWS and locally.
 */
export async function verifyUpload(id: string, principal: Principal, now: Date) {
  const upload = await getUpload(id);
  if (!upload || upload.ownerSub !== principal.sub)
    throw notFound({ vi: 'Không có tệp này.', en: 'No such upload.' });
  if (upload.status !== 'pending') return uploadView(upload);
  const object = await readObject(upload.key);
  if (!object) {
    // Moved to the clean prefix by a verifier that stopped (or raced) before recording it.
    if (await readObject(cleanKey(id))) await settleUpload(id, { status: 'verified', key: cleanKey(id) });
    const current = (await getUpload(id))!;
    return current.status === 'pending'
      ? { ...uploadView(current), waitingFor: 'upload' as const }
      : uploadView(current);
  }
  const { bytes } = object;
  const problem = lateUpload(upload, object.lastModified) ?? problemWith(upload, bytes);
  const verdict = problem ? 'clean' : await scan(upload.key, bytes);
  const outcome = uploadOutcome(problem, verdict, now.getTime() - object.lastModified.getTime());
  if (outcome.status === 'pending') return { ...uploadView(upload), waitingFor: 'scan' as const };
  if (outcome.status === 'rejected') {
    // Recorded first: a rejected file must never look pending with its bytes gone.
    await settleUpload(id, { status: 'rejected', reason: outcome.reason });
    await deleteObject(upload.key);
  } else {
    await moveObject(upload.key, cleanKey(id)).catch(async (error: Error) => {
      // Another verifier moved it first; its record tells the rest.
      if (error.name !== 'NoSuchKey' || !(await readObject(cleanKey(id)))) throw error;
    });
    await settleUpload(id, { status: 'verified', key: cleanKey(id) });
  }
  return uploadView((await getUpload(id))!);
}

/** S3 refuses a POST after its policy expires; the check here holds wherever the bytes came from. */
function lateUpload(upload: Upload, written: Date): string | undefined {
  const deadline = Date.parse(upload.createdAt) + UPLOAD_WINDOW_SECONDS * 1000;
  return written.getTime() > deadline ? 'expired' : undefined;
}

function problemWith(upload: Upload, bytes: Uint8Array): string | undefined {
  if (bytes.length > upload.maxBytes) return 'too-large';
  if (bytes.length !== upload.size) return 'size-mismatch';
  if (createHash('sha256').update(bytes).digest('hex') !== upload.sha256) return 'checksum-mismatch';
  if (sniffType(bytes) !== upload.contentType) return 'type-mismatch';
  return undefined;
}

export function uploadView(upload: Upload) {
  const { ownerSub: _owner, key: _key, ...view } = upload;
  return { ...view, ...(upload.reason ? { reasonText: REASONS[upload.reason] } : {}) };
}
