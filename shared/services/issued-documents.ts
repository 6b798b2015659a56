import { readFileSync } from 'node:fs';
import { PDF_FONT_ASSET } from '../documents/font-asset.ts';
import { type IssuedDocument, issuedDocument, printed } from '../documents/issued.ts';
import { renderPdf } from '../documents/pdf.ts';
import { DomainError } from '../domain/errors.ts';
import {
  DOCUMENT_NAMES,
  DOCUMENT_QR_TYPE,
  documentClaims,
  type IssuedKind,
  issuedAt,
  qrContent,
} from '../domain/issued-documents.ts';
import { ENV } from '../env.ts';
import type { Principal } from '../http/principal.ts';
import { getUnits, procedureAsFiled } from '../persistence/catalog.ts';
import { assetPath } from '../runtime-assets.ts';
import { signReceipt } from '../signing/receipts.ts';
import { applicationOf, readDossier, recordRead } from './dossiers.ts';

/**
 * A document issued on a dossier, for those who may read the dossier, with its QR: the claims
 * signed with the province's key, behind the look-up's address at `origin` (where the request
 * came in). Refused with `not-available-yet` while the dossier has no such document.
 */
export async function documentOf(
  code: string,
  kind: IssuedKind,
  principal: Principal,
  origin: string,
): Promise<IssuedDocument> {
  const dossier = await readDossier(code, principal);
  const at = issuedAt(kind, dossier);
  if (!at)
    throw new DomainError('not-available-yet', {
      vi: `Hồ sơ chưa có ${DOCUMENT_NAMES[kind].toLowerCase()}.`,
      en: `The dossier has no ${kind} document (yet).`,
    });
  const issuerCode = kind === 'receipt' ? dossier.receivingUnit : dossier.currentUnit;
  const [application, procedure, units] = await Promise.all([
    applicationOf(dossier),
    procedureAsFiled(dossier.procedureCode, dossier.procedureVersion),
    getUnits([issuerCode]),
  ]);
  const { applicant } = application;
  const claims = documentClaims(
    kind,
    dossier,
    (applicant.kind === 'citizen' ? applicant.idNumber : applicant.taxCode) ?? '',
    `motcua/${process.env[ENV.provinceId] ?? 'local'}`,
    at,
  );
  const qr = qrContent(origin, code, application.lookupSecret, await signReceipt(claims, DOCUMENT_QR_TYPE));
  const componentName = (id: string) => procedure?.components.find((one) => one.id === id)?.name ?? id;
  const issued = issuedDocument(
    kind,
    {
      dossier,
      applicant: applicant.fullName,
      components: application.components.map((component) => componentName(component.componentId)),
      issuer: { code: issuerCode, name: units.get(issuerCode)?.name ?? issuerCode },
      ...(application.lookupSecret ? { lookupSecret: application.lookupSecret } : {}),
    },
    at,
    qr,
  );
  await recordRead(dossier, principal, 'document');
  return issued;
}

let font: Uint8Array | undefined;

/** The document as PDF. */
export function documentPdf(document: IssuedDocument): Promise<Uint8Array> {
  font ??= readFileSync(assetPath(PDF_FONT_ASSET));
  return renderPdf(printed(document), font);
}
