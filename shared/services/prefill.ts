import { type EarlierApplication, type Prefill, prefillFrom } from '../domain/drafts.ts';
import { notFound } from '../domain/errors.ts';
import { getProcedure } from '../persistence/catalog.ts';
import { getApplication, listOwnerDossiers } from '../persistence/dossiers.ts';

/** How many of the citizen's newest dossiers are looked through, and how many of the procedure read. */
const LOOKED_THROUGH = 200;
const READ_AT_MOST = 5;

/** A new application of `procedureCode` prefilled from the citizen's own earlier one, with its share. */
export async function prefillFor(
  sub: string,
  procedureCode: string,
  onBehalf: boolean,
): Promise<Prefill & { procedureCode: string }> {
  const procedure = await getProcedure(procedureCode);
  if (!procedure)
    throw notFound({ vi: `Không có thủ tục ${procedureCode}.`, en: `No procedure ${procedureCode}.` });
  const formKeys = procedure.formFields.map((field) => field.key);
  const earlier = onBehalf ? [] : await earlierApplications(sub, procedureCode);
  return { procedureCode, ...prefillFrom(formKeys, earlier, onBehalf) };
}

/** The citizen's newest applications of the procedure, newest first. */
async function earlierApplications(sub: string, procedureCode: string): Promise<EarlierApplication[]> {
  const codes: string[] = [];
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = await listOwnerDossiers(sub, 50, cursor);
    seen += page.items.length;
    codes.push(
      ...page.items.filter((dossier) => dossier.procedureCode === procedureCode).map(({ code }) => code),
    );
    cursor = page.nextCursor;
  } while (cursor && seen < LOOKED_THROUGH && codes.length < READ_AT_MOST);
  const applications = await Promise.all(codes.slice(0, READ_AT_MOST).map((code) => getApplication(code)));
  return applications.flatMap((application, at) =>
    application ? [{ code: codes[at]!, formData: application.formData, filer: application.filer }] : [],
  );
}
