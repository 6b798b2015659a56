import { DossierParams, SyncView } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const dossierSync = dossierRoute(
  'functions/dossiers/sync.ts',
  { table: { read: ['dossier', 'catalog', 'outboundDelivery'], indexes: ['gsi1'] } },
  {
    method: 'GET',
    path: '/dossiers/{code}/sync',
    access: ['officer'],
    summary:
      'Where the dossier stands with each system it is sent to (the national portal, outside units, webhooks): synced, pending or failed with the reason',
    tag: 'Dossiers',
    request: { params: DossierParams },
    response: { status: 200, description: 'Per target', body: SyncView },
    problems: ['not-found'],
  },
);
