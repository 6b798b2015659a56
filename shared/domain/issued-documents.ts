import type { Dossier } from './dossier.ts';

/**
 * The documents the system issues on a dossier (Thông tư 01/2018, now 03/2025/TT-VPCP) and
 * the QR each carries in its top-left corner (Thông tư 01/2023/TT-VPCP): at least the dossier's
 * code, the procedure's code, the applicant's identifier, the document's name, the issuing
 * system and the time of issue, with the appointment date on a receipt and the validity on a
 * result. The QR holds the public look-up's address, so that a phone camera opens it, and in
 * its fragment (never sent to a server) the claims signed with the province's key, so that
 * anyone can check them offline against the published keys. Pure.
 */

export const ISSUED_KINDS = ['receipt', 'supplement-request', 'refusal', 'apology', 'result'] as const;
export type IssuedKind = (typeof ISSUED_KINDS)[number];

export const DOCUMENT_NAMES: Record<IssuedKind, string> = {
  receipt: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  'supplement-request': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  refusal: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  apology: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  result: 'Thông báo kết quả giải quyết thủ tục hành chính',
};

/** The signed QR payload's type (`typ` of its compact JWS). */
export const DOCUMENT_QR_TYPE = 'motcua-document+jws';

/** The QR's claims: short names, so that the code stays small enough to print and scan. */
export interface DocumentClaims {
  /** Document kind. */
  doc: IssuedKind;
  /** Document name. */
  name: string;
  /** Dossier code. */
  code: string;
  /** Procedure code. */
  proc: string;
  /** Applicant's identifier: personal identification number, or tax code. */
  app: string;
  /** Issuing system. */
  iss: string;
  /** Time of issue. */
  iat: string;
  /** Appointment date (receipts, apology letters: the new date). */
  due?: string;
  /** Validity (results): from the time of issue, and until when when it has an end. */
  valid?: { from: string; until?: string };
}

type Issuable = Pick<
  Dossier,
  'state' | 'receivedAt' | 'dueAt' | 'supplementItems' | 'pausedAt' | 'endedAt' | 'apology' | 'resultSummary'
> & { resultValidUntil?: string };

/**
 * When a document of this kind was issued for the dossier as it is, or nothing when the
 * dossier has none: a receipt once received, a supplement request while one is open, a
 * refusal once refused, an apology letter once the deadline was extended, a result once done.
 */
export function issuedAt(kind: IssuedKind, dossier: Issuable): string | undefined {
  switch (kind) {
    case 'receipt':
      return dossier.receivedAt;
    case 'supplement-request':
      return dossier.state === 5 && dossier.supplementItems
        ? (dossier.pausedAt ?? dossier.receivedAt)
        : undefined;
    case 'refusal':
      return dossier.state === 3 ? dossier.endedAt : undefined;
    case 'apology':
      return dossier.apology?.at;
    case 'result':
      return (dossier.state === 9 || dossier.state === 10) && dossier.resultSummary
        ? dossier.endedAt
        : undefined;
  }
}

/** The QR's claims of a document issued for the dossier. */
export function documentClaims(
  kind: IssuedKind,
  dossier: Issuable & Pick<Dossier, 'code' | 'procedureCode'>,
  applicantId: string,
  issuer: string,
  at: string,
): DocumentClaims {
  const due = kind === 'receipt' ? dossier.dueAt : kind === 'apology' ? dossier.apology?.newDueAt : undefined;
  return {
    doc: kind,
    name: DOCUMENT_NAMES[kind],
    code: dossier.code,
    proc: dossier.procedureCode,
    app: applicantId,
    iss: issuer,
    iat: at,
    ...(due ? { due } : {}),
    ...(kind === 'result'
      ? { valid: { from: at, ...(dossier.resultValidUntil ? { until: dossier.resultValidUntil } : {}) } }
      : {}),
  };
}

/**
 * What the QR holds: the look-up's address for the dossier (with the look-up secret the
 * applicant was given, as printed on the slip), and the signed claims in its fragment.
 */
export function qrContent(lookupBase: string, code: string, secret: string | undefined, jws: string): string {
  const url = new URL(
    `lookup/${encodeURIComponent(code)}`,
    lookupBase.endsWith('/') ? lookupBase : `${lookupBase}/`,
  );
  if (secret) url.searchParams.set('secret', secret);
  return `${url.toString()}#${jws}`;
}

/** The signed claims a QR's content carries (after `#`), or nothing. */
export function qrPayload(content: string): string | undefined {
  const at = content.indexOf('#');
  return at >= 0 && at < content.length - 1 ? content.slice(at + 1) : undefined;
}
