import { DomainError, invalid, notFound } from './errors.ts';

/**
 * A citizen's draft of an application (hồ sơ nháp): what they typed into a procedure's form,
 * kept for them between visits, one per procedure. It holds only what the citizen typed: data a
 * registry returned is used for the dossier it was fetched for and never kept here.
 */
export interface Draft {
  procedureCode: string;
  formData: Record<string, unknown>;
  savedAt: string;
  expiresAt: string;
}

/** How long a draft is kept after it was last saved, unless the province sets `draftKeepDays`. */
export const DRAFT_KEEP_DAYS = 30;

/** The most a draft's typed fields may weigh, as JSON: a form's answers, not its files. */
export const DRAFT_MAX_BYTES = 32 * 1024;

/**
 * When a draft saved at `savedAt` goes: `keepDays` whole days later, on the next whole second
 * (the table's time to live counts in seconds).
 */
export const draftExpiry = (savedAt: Date, keepDays: number): Date =>
  new Date(Math.ceil((savedAt.getTime() + keepDays * 86_400_000) / 1000) * 1000);

/** Whether a draft is still kept at `now` (the table's time to live may lag behind). */
export const isKept = (draft: Pick<Draft, 'expiresAt'>, now: Date): boolean =>
  Date.parse(draft.expiresAt) > now.getTime();

/**
 * A draft's fields as the procedure's form names them, within the size a draft may have;
 * the values themselves may still be partial or wrong (it is a draft), and are checked when
 * the application is filed.
 */
export function checkedDraft(formData: Record<string, unknown>, formKeys: readonly string[]) {
  const unknown = Object.keys(formData).filter((key) => !formKeys.includes(key));
  if (unknown.length)
    throw invalid(
      {
        vi: 'Bản nháp có trường không thuộc tờ khai của thủ tục.',
        en: "The draft names fields the procedure's form does not have.",
      },
      unknown.map((key) => ({
        path: `body.formData.${key}`,
        code: 'unknown_field',
        message: { vi: `Tờ khai không có trường ${key}.`, en: `The form has no field ${key}.` },
      })),
    );
  if (Buffer.byteLength(JSON.stringify(formData)) > DRAFT_MAX_BYTES)
    throw new DomainError('payload-too-large', {
      vi: `Bản nháp vượt quá ${DRAFT_MAX_BYTES / 1024} KB.`,
      en: `A draft may hold at most ${DRAFT_MAX_BYTES / 1024} KB.`,
    });
  return formData;
}

export const noDraft = (procedureCode: string) =>
  notFound({
    vi: `Không có bản nháp cho thủ tục ${procedureCode}.`,
    en: `No draft for procedure ${procedureCode}.`,
  });

/** A new application's form as the citizen's earlier dossier of the procedure filled it. */
export interface Prefill {
  formData: Record<string, unknown>;
  /** The share of the form's fields prefilled, 0 to 1. */
  share: number;
  /** The dossier the values come from. */
  from?: string;
  /** Why nothing was prefilled though the citizen may have filed before. */
  off?: 'on-behalf';
}

/** An earlier application of the citizen's: its code, its form, and how it was filed. */
export interface EarlierApplication {
  code: string;
  formData: Record<string, unknown>;
  filer?: { onBehalf?: unknown; atDesk?: unknown };
}

/**
 * The form prefilled from the newest earlier application the citizen filed for themself
 * (one filed for someone else, or at a desk by staff, holds another person's answers), with
 * only the fields the procedure's form still has. Off when the citizen now acts for someone
 * else: their own answers are not that person's.
 */
export function prefillFrom(
  formKeys: readonly string[],
  earlier: readonly EarlierApplication[],
  onBehalf: boolean,
): Prefill {
  if (onBehalf) return { formData: {}, share: 0, off: 'on-behalf' };
  const own = earlier.find((application) => !application.filer?.onBehalf && !application.filer?.atDesk);
  if (!own || formKeys.length === 0) return { formData: {}, share: 0 };
  const formData = Object.fromEntries(
    formKeys.filter((key) => Object.hasOwn(own.formData, key)).map((key) => [key, own.formData[key]]),
  );
  const share = Math.round((Object.keys(formData).length / formKeys.length) * 100) / 100;
  return { formData, share, from: own.code };
}
