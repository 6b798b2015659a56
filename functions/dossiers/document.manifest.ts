import {
  IssuedDocumentParams,
  IssuedDocumentQuery,
  IssuedDocumentView,
  Text,
} from '../../shared/api/documents.ts';
import { PDF_FONT_ASSET } from '../../shared/documents/font-asset.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const dossierDocument = {
  ...dossierRoute(
    'functions/dossiers/document.ts',
    { table: { read: ['dossier', 'catalog'], write: ['dataAccess'] }, signingKey: 'sign' },
    {
      method: 'GET',
      path: '/dossiers/{code}/documents/{kind}',
      access: ['officer', 'citizen'],
      summary:
        'A document issued on the dossier (receipt, supplement request, refusal, apology letter, result) with its QR: JSON, printable HTML (?format=html) or PDF (?format=pdf)',
      tag: 'Documents',
      request: { params: IssuedDocumentParams, query: IssuedDocumentQuery },
      response: {
        status: 200,
        description: 'The document: JSON, printable HTML, or PDF, its QR in the top-left corner',
        body: IssuedDocumentView,
        alternatives: [
          { contentType: 'text/html', body: Text },
          { contentType: 'application/pdf', body: Text },
        ],
      },
      problems: ['not-found', 'not-available-yet'],
    },
  ),
  memoryMb: 1024,
  assets: [PDF_FONT_ASSET],
};
