import type { Dossier } from './dossier.ts';
import type { FileType } from './files.ts';

/**
 * Files another channel names by address (the national portal's TaiLieuNop): where they may
 * be fetched from, what a fetched file must be, and what the dossier does once every file has
 * a verdict. Pure: the fetching, hashing and scanning are the consumer's.
 */

/** Where a channel's files may come from (the province file's `connectors.channels`). */
export interface FileSource {
  fileHosts: readonly string[];
  maxFileMb: number;
}

/** Why a file named by a channel was not taken. */
export type FileRefusal =
  | 'host-not-allowed'
  | 'unreachable'
  | 'too-large'
  | 'size-mismatch'
  | 'checksum-mismatch'
  | 'type-not-accepted'
  | 'malware'
  | 'scan-failed';

export type FileVerdict = { status: 'clean'; uploadId: string } | { status: 'refused'; reason: FileRefusal };

/** What the supplement request says of each refused file, in the applicant's language. */
export const REFUSAL_TEXT: Record<FileRefusal, string> = {
  'host-not-allowed': 'tệp không ở nơi cổng được phép cung cấp',
  unreachable: 'không tải được tệp từ Cổng Dịch vụ công',
  'too-large': 'tệp lớn hơn giới hạn',
  'size-mismatch': 'kích thước tệp khác kích thước đã khai',
  'checksum-mismatch': 'mã băm SHA-256 của tệp không khớp (tệp bị hỏng hoặc bị thay đổi)',
  'type-not-accepted': 'thành phần hồ sơ không nhận loại tệp này',
  malware: 'tệp chứa mã độc',
  'scan-failed': 'không quét được mã độc trong tệp',
};

/** Why a file's address may not be fetched for this channel, or nothing when it may. */
export function addressRefusal(url: string, source: FileSource | undefined): 'host-not-allowed' | undefined {
  if (!source) return 'host-not-allowed';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'host-not-allowed';
  }
  return source.fileHosts.includes(parsed.hostname.toLowerCase()) ? undefined : 'host-not-allowed';
}

/** The largest file a channel may name, in bytes. */
export const maxFileBytes = (source: FileSource): number => source.maxFileMb * 1024 * 1024;

/** What is wrong with the bytes fetched for a file, before the scan; nothing when they are what was declared. */
export function bytesRefusal(
  declared: { size: number; sha256: string },
  fetched: { size: number; sha256: string; type: FileType | undefined },
  limits: { maxBytes: number; types: readonly FileType[] },
): FileRefusal | undefined {
  if (fetched.size > limits.maxBytes) return 'too-large';
  if (fetched.size !== declared.size) return 'size-mismatch';
  if (fetched.sha256 !== declared.sha256.toLowerCase()) return 'checksum-mismatch';
  if (!fetched.type || !limits.types.includes(fetched.type)) return 'type-not-accepted';
  return undefined;
}

/** A file of the application, with its component, named for the supplement request. */
export interface NamedFile {
  componentId: string;
  componentName: string;
  fileName: string;
}

/**
 * The dossier once every file has its verdict: all clean, it waits for reception as any other
 * (sub-state `none`); any refused, it asks the applicant for a supplement naming each file and
 * why (the request from state 1, which the national scoring does not count as a second one).
 */
export function filesSettled(
  dossier: Dossier,
  refused: readonly (NamedFile & { reason: FileRefusal })[],
  at: Date,
): Dossier {
  const next = { ...dossier, sub: 'none' as const, version: dossier.version + 1 };
  if (refused.length === 0) return next;
  return {
    ...next,
    state: 5,
    resumeState: 1,
    supplementItems: refused.map(
      (file) => `${file.componentName}: ${file.fileName} — ${REFUSAL_TEXT[file.reason]}; xin nộp lại tệp này`,
    ),
    pausedAt: undefined,
    ...(dossier.dueAt ? { pausedAt: at.toISOString() } : {}),
  };
}
