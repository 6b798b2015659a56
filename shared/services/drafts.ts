import { checkedDraft, DRAFT_KEEP_DAYS, type Draft, draftExpiry, isKept, noDraft } from '../domain/drafts.ts';
import { notFound } from '../domain/errors.ts';
import { ENV } from '../env.ts';
import { getProcedure } from '../persistence/catalog.ts';
import { getDraft, putDraft } from '../persistence/drafts.ts';
import { secretSealer } from '../signing/sealer.ts';

/**
 * A citizen's drafts, saved and read: sealed with the province's data key, each bound to its owner and
 * procedure (sealed for one, it opens for no other), kept `draftKeepDays` after the last save.
 */

/** The province's `draftKeepDays`. */
const keepDays = () => Number(process.env[ENV.draftKeepDays] ?? DRAFT_KEEP_DAYS);

const context = (sub: string, procedureCode: string) => ({ purpose: 'draft', owner: sub, procedureCode });

export async function saveDraft(
  sub: string,
  procedureCode: string,
  formData: Record<string, unknown>,
  now: Date,
): Promise<Draft> {
  const procedure = await getProcedure(procedureCode);
  if (!procedure)
    throw notFound({ vi: `Không có thủ tục ${procedureCode}.`, en: `No procedure ${procedureCode}.` });
  const fields = checkedDraft(
    formData,
    procedure.formFields.map((field) => field.key),
  );
  const expiresAt = draftExpiry(now, keepDays());
  const sealed = await secretSealer().seal(JSON.stringify(fields), context(sub, procedureCode));
  await putDraft(sub, {
    procedureCode,
    sealed,
    savedAt: now.toISOString(),
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
  });
  return { procedureCode, formData: fields, savedAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
}

export async function readDraft(sub: string, procedureCode: string, now: Date): Promise<Draft> {
  const record = await getDraft(sub, procedureCode);
  const expiresAt = record && new Date(record.expiresAt * 1000).toISOString();
  if (!(record && expiresAt && isKept({ expiresAt }, now))) throw noDraft(procedureCode);
  const formData = JSON.parse(await secretSealer().open(record.sealed, context(sub, procedureCode)));
  return { procedureCode, formData, savedAt: record.savedAt, expiresAt };
}
