import { ControlSlipView, Text } from '../../shared/api/documents.ts';
import { DocumentQuery, DossierParams } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const controlSlip = dossierRoute(
  'functions/dossiers/control-slip.ts',
  { table: { read: ['dossier', 'catalog'], write: ['dataAccess'] } },
  {
    method: 'GET',
    path: '/dossiers/{code}/control-slip',
    access: ['officer', 'citizen'],
    summary: 'Phiếu kiểm soát quá trình giải quyết hồ sơ, as JSON or printable HTML (?format=html)',
    tag: 'Documents',
    request: { params: DossierParams, query: DocumentQuery },
    response: {
      status: 200,
      description: 'The process-control slip: JSON, or printable HTML with `format=html`',
      body: ControlSlipView,
      alternatives: [{ contentType: 'text/html', body: Text }],
    },
    problems: ['not-found'],
  },
);
