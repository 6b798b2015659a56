import { DossierPage, PageQuery } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const listMyDossiers = dossierRoute(
  'functions/dossiers/list-mine.ts',
  { table: { read: ['dossier'], indexes: ['gsi1'] } },
  {
    method: 'GET',
    path: '/dossiers',
    access: ['citizen'],
    summary: "The caller's dossiers, newest first",
    tag: 'Dossiers',
    request: { query: PageQuery },
    response: { status: 200, description: 'One page of dossiers', body: DossierPage },
  },
);
