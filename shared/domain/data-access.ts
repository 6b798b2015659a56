/**
 * Who used a citizen's data (Luật Bảo vệ dữ liệu cá nhân 91/2025: access is logged): each time
 * staff read one of the citizen's dossiers, one record (who, which unit, when, why) for the
 * request, not one per field it shows.
 */
export const ACCESS_REASONS = ['view', 'history', 'download', 'document', 'receipt', 'control-slip'] as const;
export type AccessReason = (typeof ACCESS_REASONS)[number];

export interface AccessRecord {
  at: string;
  code: string;
  by: { sub: string; role: string; unit?: string };
  why: AccessReason;
}

/** How long the records are kept: two years, after which the table's time to live removes them. */
export const ACCESS_KEPT_DAYS = 730;

/**
 * Whether a read is one the citizen sees: by someone else than the dossier's owner, of a dossier
 * a citizen owns (one an integrator filed names no citizen).
 */
export const isRecordedRead = (ownerSub: string, readerSub: string): boolean =>
  ownerSub !== readerSub && !ownerSub.startsWith('integrator:');
