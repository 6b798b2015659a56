import { ReceiptDocumentView, Text } from '../../shared/api/documents.ts';
import { DocumentQuery, DossierParams } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const dossierReceipt = dossierRoute(
  'functions/dossiers/receipt.ts',
  { table: { read: ['dossier', 'catalog'], write: ['dataAccess'] } },
  {
    method: 'GET',
    path: '/dossiers/{code}/receipt',
    access: ['officer', 'citizen'],
    summary: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả, as JSON or printable HTML (?format=html)',
    tag: 'Documents',
    request: { params: DossierParams, query: DocumentQuery },
    response: {
      status: 200,
      description: 'The receipt: JSON, or printable HTML with `format=html`',
      body: ReceiptDocumentView,
      alternatives: [{ contentType: 'text/html', body: Text }],
    },
    problems: ['not-found', 'not-available-yet'],
  },
);
