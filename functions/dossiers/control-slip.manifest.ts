import { DocumentQuery, DossierParams } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const controlSlip = dossierRoute(
  'functions/dossiers/control-slip.ts',
  { table: { read: ['dossier', 'catalog'] } },
  {
    method: 'GET',
    path: '/dossiers/{code}/control-slip',
    access: ['officer', 'citizen'],
    summary: 'Phiếu kiểm soát quá trình giải quyết hồ sơ, as JSON or printable HTML (?format=html)',
    tag: 'Documents',
    request: { params: DossierParams, query: DocumentQuery },
    response: { status: 200, description: 'The process-control slip' },
    problems: ['not-found'],
  },
);
