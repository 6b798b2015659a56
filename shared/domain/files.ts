/**
 * Attached files (tệp đính kèm): the types accepted, their limits, how a type is recognised
 * from the bytes themselves, and how a file name travels in a download. Pure.
 */
export type FileType = 'application/pdf' | 'image/jpeg' | 'image/png';

export const FILE_TYPES: readonly FileType[] = ['application/pdf', 'image/jpeg', 'image/png'];

export const DEFAULT_LIMITS = {
  types: FILE_TYPES,
  /** A file. */
  maxFileBytes: 10 * 1024 * 1024,
  /** All the files of one dossier. */
  maxDossierBytes: 50 * 1024 * 1024,
};

const SIGNATURES: readonly { type: FileType; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The type the first bytes say, whatever the name or the declared type claim. */
export function sniffType(head: Uint8Array): FileType | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.every((byte, at) => head[at] === byte))?.type;
}

/** The EICAR anti-virus test file: what a scanner must always report. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export function containsEicar(bytes: Uint8Array): boolean {
  return Buffer.from(bytes).includes(EICAR, 0, 'latin1');
}

/**
 * `Content-Disposition: attachment` with the original name (RFC 6266): an ASCII fallback in
 * `filename`, and the UTF-8 name percent-encoded in `filename*` (RFC 5987), so that
 * "Giấy khai sinh.pdf" arrives as it was.
 */
export function contentDisposition(fileName: string): string {
  const name = fileName.normalize('NFC');
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** What the malware scanner says of a file. */
export type ScanVerdict = 'clean' | 'infected' | 'pending' | 'unsupported' | 'failed';

/**
 * GuardDuty Malware Protection for S3 tags each object it scanned with
 * `GuardDutyMalwareScanStatus`; no tag yet means the scan is still running.
 */
export function guardDutyVerdict(status: string | undefined): ScanVerdict {
  switch (status) {
    case 'NO_THREATS_FOUND':
      return 'clean';
    case 'THREATS_FOUND':
      return 'infected';
    case 'UNSUPPORTED':
      return 'unsupported';
    case 'ACCESS_DENIED':
    case 'FAILED':
      return 'failed';
    default:
      return 'pending';
  }
}

/** A scan still running this long after the upload has failed: the file is refused, never pending forever. */
export const SCAN_PATIENCE_MS = 30 * 60_000;

export type UploadOutcome =
  | { status: 'verified' }
  | { status: 'rejected'; reason: string }
  | { status: 'pending' };

/**
 * Kiểm tra tệp, decided: a problem with the bytes refuses the file; otherwise the scanner's
 * verdict does, and a scan that cannot end (unsupported, failed, or running past patience)
 * refuses it too, with the reason, so that the applicant uploads again.
 */
export function uploadOutcome(
  problem: string | undefined,
  scan: ScanVerdict,
  waitedMs: number,
): UploadOutcome {
  if (problem) return { status: 'rejected', reason: problem };
  if (scan === 'clean') return { status: 'verified' };
  if (scan === 'infected') return { status: 'rejected', reason: 'malware' };
  if (scan === 'unsupported') return { status: 'rejected', reason: 'scan-unsupported' };
  if (scan === 'failed' || waitedMs > SCAN_PATIENCE_MS) return { status: 'rejected', reason: 'scan-failed' };
  return { status: 'pending' };
}
