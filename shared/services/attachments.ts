import type { Procedure } from '../domain/catalog.ts';
import type { FieldIssue, Text } from '../domain/errors.ts';
import { DEFAULT_LIMITS } from '../domain/files.ts';
import type { AttachedFileRecord } from '../persistence/dossiers.ts';
import { getUploads, type Upload, type UploadPurpose } from '../persistence/uploads.ts';

export interface Reference {
  componentId: string;
  uploadIds: string[];
}

export interface Attachments {
  files: Record<string, AttachedFileRecord[]>;
  uploadIds: string[];
  issues: FieldIssue[];
}

const problem = (path: string, code: string, vi: string, en: string): FieldIssue => ({
  path,
  code,
  message: { vi, en } satisfies Text,
});

/**
 * Checks the uploads a request refers to: each must be the caller's, verified, unused and
 * uploaded for that purpose; together they stay under the dossier limit. Someone else's
 * upload is reported exactly like one that does not exist.
 */
export async function resolveAttachments(
  references: readonly Reference[],
  ownerSub: string,
  purposeOf: (componentId: string) => UploadPurpose,
  /** Where reference `at` of reference group `index` sits in the request. */
  pathOf: (index: number, at: number) => string,
): Promise<Attachments> {
  const uploads = await getUploads(references.flatMap((reference) => reference.uploadIds));
  const issues: FieldIssue[] = [];
  const files: Record<string, AttachedFileRecord[]> = {};
  const seen = new Set<string>();
  let total = 0;
  references.forEach((reference, index) => {
    reference.uploadIds.forEach((id, at) => {
      const where = pathOf(index, at);
      const upload = uploads.get(id);
      const issue = referenceProblem(upload, ownerSub, purposeOf(reference.componentId), seen.has(id), where);
      seen.add(id);
      if (issue) {
        issues.push(issue);
        return;
      }
      total += upload!.size;
      files[reference.componentId] = [...(files[reference.componentId] ?? []), attached(upload!)];
    });
  });
  if (total > DEFAULT_LIMITS.maxDossierBytes) {
    issues.push(
      problem(pathOf(0, 0), 'too_big', 'Tổng dung lượng tệp vượt 50 MB.', 'The files exceed 50 MB in all.'),
    );
  }
  return { files, uploadIds: [...seen], issues };
}

function referenceProblem(
  upload: Upload | undefined,
  ownerSub: string,
  purpose: UploadPurpose,
  duplicate: boolean,
  where: string,
): FieldIssue | undefined {
  if (duplicate)
    return problem(where, 'duplicate_upload', 'tệp được nêu hai lần', 'the upload is named twice');
  if (!upload || upload.ownerSub !== ownerSub)
    return problem(where, 'unknown_upload', 'không có tệp này', 'no such upload');
  if (upload.status !== 'verified') {
    return problem(
      where,
      'not_verified',
      'tệp chưa được kiểm tra hoặc bị từ chối',
      'the upload is not verified',
    );
  }
  if (upload.usedBy)
    return problem(where, 'already_used', 'tệp đã dùng cho hồ sơ khác', 'the upload is already used');
  if (!samePurpose(upload.purpose, purpose)) {
    return problem(
      where,
      'wrong_purpose',
      'tệp được tải lên cho mục khác',
      'the upload was made for another purpose',
    );
  }
  return undefined;
}

function samePurpose(a: UploadPurpose, b: UploadPurpose): boolean {
  if (a.kind === 'component' && b.kind === 'component')
    return a.procedureCode === b.procedureCode && a.componentId === b.componentId;
  if (a.kind === 'result' && b.kind === 'result') return a.dossierCode === b.dossierCode;
  return a.kind === 'feedback' && b.kind === 'feedback';
}

const attached = (upload: Upload): AttachedFileRecord => ({
  uploadId: upload.id,
  fileName: upload.fileName,
  contentType: upload.contentType,
  size: upload.size,
  sha256: upload.sha256,
});

/** Mandatory components that need a digitised copy and have no file. */
export function missingFiles(
  procedure: Procedure,
  files: Record<string, AttachedFileRecord[]>,
  path: string,
): FieldIssue[] {
  return procedure.components
    .filter((component) => component.mandatory && component.needsDigitised && !files[component.id]?.length)
    .map((component) =>
      problem(
        path,
        'missing_file',
        `thiếu tệp của thành phần bắt buộc: ${component.name}`,
        `a file is required for ${component.id}`,
      ),
    );
}
