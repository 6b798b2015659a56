import { ReceiptVerificationView } from '../../shared/api/documents.ts';
import { DossierParams } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const verifyReceipt = dossierRoute(
  'functions/receipts/verify.ts',
  { table: { read: ['dossier', 'catalog'] }, signingKey: 'verify' },
  {
    method: 'GET',
    path: '/receipts/{code}/verify',
    access: ['officer', 'citizen'],
    summary: "Check a dossier's signed proof of submission against the key and the records",
    tag: 'Receipts',
    request: { params: DossierParams },
    response: { status: 200, description: 'Whether the proof holds', body: ReceiptVerificationView },
    problems: ['not-found', 'not-available-yet'],
  },
);
