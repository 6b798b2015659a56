import { createHash, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './history.ts';

/**
 * What a submission leaves behind besides the dossier: the signed proof given to the
 * applicant, the hash that ties the application to the history, and the look-up secret.
 * Pure: randomness comes in as bytes.
 */

export interface ReceiptFile {
  uploadId: string;
  fileName: string;
  size: number;
  sha256: string;
}

export interface ReceiptComponent {
  componentId: string;
  files: ReceiptFile[];
}

/** What the applicant submitted, as the history's first event commits to it. */
export interface SubmittedApplication {
  components: { componentId: string; files: { uploadId: string; size: number; sha256: string }[] }[];
  receiptProof?: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The application's hash: everything stored of it (personal data, form, files, delivery, who
 * filed, verified contacts, the look-up secret) but the proof, which signs this hash. The first
 * history event carries it, so that rewriting the application breaks the verification.
 */
export const applicationHash = ({ receiptProof: _proof, ...application }: SubmittedApplication): string =>
  sha256(canonicalJson(application));

/** The files of each component by id, size and SHA-256: what the digest of a receipt covers. */
const filesOf = (components: SubmittedApplication['components']) =>
  components.map(({ componentId, files }) => ({
    componentId,
    files: files.map(({ uploadId, size, sha256: hash }) => ({ uploadId, size, sha256: hash })),
  }));

/** One digest of every file of the submission. */
export const filesDigest = (components: SubmittedApplication['components']): string =>
  sha256(canonicalJson(filesOf(components)));

export interface ReceiptClaims {
  code: string;
  procedureCode: string;
  receivingUnit: string;
  submittedAt: string;
  /** How many files, and one SHA-256 over each file's id, size and SHA-256 in order. */
  files: number;
  filesDigest: string;
  applicationHash: string;
}

/**
 * What the proof of submission signs. Its size does not grow with the files (KMS signs at
 * most 4,096 bytes): each file is covered through `filesDigest`, which anyone can recompute
 * from the receipt's list of files.
 */
export function receiptClaims(
  receipt: { code: string; procedureCode: string; receivingUnit: string; submittedAt: string },
  components: ReceiptComponent[],
  hash: string,
): ReceiptClaims {
  return {
    code: receipt.code,
    procedureCode: receipt.procedureCode,
    receivingUnit: receipt.receivingUnit,
    submittedAt: receipt.submittedAt,
    files: components.reduce((count, component) => count + component.files.length, 0),
    filesDigest: filesDigest(components),
    applicationHash: hash,
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Mã tra cứu: ten characters of Crockford base 32 (50 bits) in two groups, printed on the
 * receipt. Without it a look-up needs the phone's last digits, which are easy to guess.
 */
export function lookupSecret(random: Uint8Array): string {
  let bits = 0n;
  for (const byte of random.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
  let text = '';
  for (let at = 0; at < 10; at += 1) text += CROCKFORD[Number((bits >> BigInt(at * 5)) & 31n)];
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/** The secret as typed: case and separators do not matter, I/L read as 1 and O as 0. */
export const normaliseSecret = (typed: string): string =>
  typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');

/** Compares in time independent of where the two differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a));
  const right = Buffer.from(sha256(b));
  return timingSafeEqual(left, right);
}

/** Who filed the dossier, as the system can tell. */
export interface Filer {
  sub: string;
  /** The issuer vouched for the filer's identity (VNeID level 2, or a verified claim). */
  verified: boolean;
  idNumber?: string;
  fullName?: string;
  /** Filed for someone else, and how the filer stands to them. */
  onBehalf?: { relationship: string };
  /** Filed by an officer at a unit's desk for the applicant, who came in person or wrote by post. */
  atDesk?: { unit: string; channel: DeskChannel };
}

/** How an application reached a desk: the applicant in person (channel 1), or by post (channel 3). */
export type DeskChannel = 'in-person' | 'post';

/**
 * An officer files for the applicant at the desk: the officer is the filer, and the applicant's
 * identity counts as checked only when they came in person with their papers.
 */
export function deskFiler(
  officerSub: string,
  unit: string,
  channel: DeskChannel,
  applicant: { fullName: string; idNumber?: string },
): Filer {
  return {
    sub: officerSub,
    verified: channel === 'in-person',
    fullName: applicant.fullName,
    ...(applicant.idNumber ? { idNumber: applicant.idNumber } : {}),
    atDesk: { unit, channel },
  };
}

/** The identity an issuer vouches for in the token. */
export interface VouchedIdentity {
  idNumber: string;
  fullName?: string;
}

const sameName = (a: string, b: string) =>
  a.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi') ===
  b.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

export type FilerProblem =
  | { path: 'body.applicant.fullName'; code: 'identity_mismatch' }
  | { path: 'body.onBehalfOf'; code: 'required' | 'not_on_behalf' };

/**
 * Tự nộp hay nộp thay: with an identity the issuer vouches for, a citizen files for
 * themself (the applicant's number and name are theirs) or says they file on behalf of
 * someone, and is recorded as such. Without one, the filer is recorded as unverified.
 */
export function filerOf(
  sub: string,
  applicant: { kind: 'citizen' | 'business'; fullName: string; idNumber?: string },
  identity: VouchedIdentity | undefined,
  onBehalfOf: { relationship: string } | undefined,
): Filer | FilerProblem {
  if (!identity) return { sub, verified: false, ...(onBehalfOf ? { onBehalf: onBehalfOf } : {}) };
  const self = applicant.kind === 'citizen' && applicant.idNumber === identity.idNumber;
  const filer = {
    sub,
    verified: true,
    idNumber: identity.idNumber,
    ...(identity.fullName ? { fullName: identity.fullName } : {}),
  };
  if (self) {
    if (onBehalfOf) return { path: 'body.onBehalfOf', code: 'not_on_behalf' };
    if (identity.fullName && !sameName(identity.fullName, applicant.fullName))
      return { path: 'body.applicant.fullName', code: 'identity_mismatch' };
    return filer;
  }
  if (!onBehalfOf) return { path: 'body.onBehalfOf', code: 'required' };
  return { ...filer, onBehalf: onBehalfOf };
}
