import { DossierParams, LookupQuery, LookupView } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const lookupDossier = dossierRoute(
  'functions/dossiers/lookup.ts',
  { table: { read: ['dossier', 'catalog'], write: ['rateLimit'] } },
  {
    method: 'GET',
    path: '/lookup/{code}',
    access: 'public',
    summary:
      'Tra cứu hồ sơ: state and dates, never personal data; with the receipt’s look-up secret, or the last 4 digits of the phone',
    tag: 'Dossiers',
    request: { params: DossierParams, query: LookupQuery },
    response: {
      status: 200,
      description: 'Where the dossier is',
      body: LookupView,
      headers: ['cache-control'],
    },
    problems: ['not-found', 'too-many-requests'],
  },
);
