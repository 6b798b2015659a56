import { SupplementBody } from '../../shared/api/citizen-actions.ts';
import { DossierParams, DossierView } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const supplementDossier = dossierRoute(
  'functions/dossiers/supplement.ts',
  { table: { read: ['dossier', 'catalog', 'upload'], write: ['dossier', 'upload'] } },
  {
    method: 'POST',
    path: '/dossiers/{code}/supplement',
    access: ['citizen'],
    summary: 'Answer a supplement request (bổ sung hồ sơ); If-Match with the version',
    tag: 'Dossiers',
    request: { headers: { 'if-match': 'required' }, params: DossierParams, body: SupplementBody },
    response: { status: 200, description: 'The dossier', body: DossierView, headers: ['etag'] },
    problems: [
      'not-found',
      'stale-version',
      'action-not-allowed-in-state',
      'dossier-at-another-unit',
      'upload-already-used',
      'precondition-required',
    ],
  },
);
