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
  const kept = {
    procedureCode,
    savedAt: now.toISOString(),
    expiresAt: draftExpiry(now, keepDays()).toISOString(),
  };
  const sealed = await secretSealer().seal(JSON.stringify(fields), context(sub, procedureCode));
  await putDraft(sub, { ...kept, sealed });
  return { ...kept, formData: fields };
}

export async function readDraft(sub: string, procedureCode: string, now: Date): Promise<Draft> {
  const record = await getDraft(sub, procedureCode);
  if (!(record && isKept(record, now))) throw noDraft(procedureCode);
  const { sealed, ...kept } = record;
  const formData = JSON.parse(await secretSealer().open(sealed, context(sub, procedureCode)));
  return { ...kept, formData };
}
