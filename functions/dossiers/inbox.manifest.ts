import { DossierPage, InboxQuery, UnitParams } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const unitInbox = dossierRoute(
  'functions/dossiers/inbox.ts',
  { table: { read: ['dossier', 'catalog'], indexes: ['gsi2'] } },
  {
    method: 'GET',
    path: '/units/{unitCode}/dossiers',
    access: ['officer', 'leader'],
    summary:
      "A unit's inbox ordered by due date, by state and due date: an officer's own unit's, a leader's unit's or a unit below it",
    tag: 'Officers',
    request: { params: UnitParams, query: InboxQuery },
    response: { status: 200, description: 'One page of dossiers', body: DossierPage },
  },
);
