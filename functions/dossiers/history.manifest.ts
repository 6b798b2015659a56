import { DossierParams, HistoryView } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const dossierHistory = dossierRoute(
  'functions/dossiers/history.ts',
  {
    table: { read: ['dossier', 'catalog'], write: ['dataAccess'] },
    checkpoints: 'read',
    signingKey: 'verify',
  },
  {
    method: 'GET',
    path: '/dossiers/{code}/history',
    access: ['officer', 'citizen'],
    summary:
      'The hash-chained history and its verification against the dossier, its application and the latest signed checkpoint',
    tag: 'Dossiers',
    request: { params: DossierParams },
    response: { status: 200, description: 'Events and verification', body: HistoryView },
    problems: ['not-found'],
  },
);
