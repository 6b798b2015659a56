import { DossierParams } from '../../shared/api/dossiers.ts';
import { RatingBody, RatingView } from '../../shared/api/ratings.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const rateDossier = dossierRoute(
  'functions/dossiers/rate.ts',
  { table: { read: ['dossier', 'catalog'], write: ['dossier'] } },
  {
    method: 'PUT',
    path: '/dossiers/{code}/rating',
    access: ['citizen'],
    summary:
      'Rate a returned (or refused) dossier: nine criteria 0–2 and the verdict (đánh giá mức độ hài lòng); changeable for 7 days; If-Match with the version',
    tag: 'Dossiers',
    request: { headers: { 'if-match': 'required' }, params: DossierParams, body: RatingBody },
    response: { status: 200, description: 'The rating', body: RatingView, headers: ['etag'] },
    problems: [
      'not-found',
      'stale-version',
      'not-available-yet',
      'action-not-allowed-in-state',
      'precondition-required',
    ],
  },
);
