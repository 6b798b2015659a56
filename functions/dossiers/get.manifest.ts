import { DossierDetailView, DossierParams } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const getDossier = dossierRoute(
  'functions/dossiers/get.ts',
  { table: { read: ['dossier', 'catalog'], write: ['dataAccess'] } },
  {
    method: 'GET',
    path: '/dossiers/{code}',
    access: ['officer', 'citizen'],
    summary: 'A dossier with its history (its applicant, or officers of a unit it has been at)',
    tag: 'Dossiers',
    request: { params: DossierParams },
    response: { status: 200, description: 'The dossier', body: DossierDetailView, headers: ['etag'] },
    problems: ['not-found'],
  },
);
