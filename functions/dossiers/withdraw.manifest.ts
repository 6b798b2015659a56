import { WithdrawBody } from '../../shared/api/citizen-actions.ts';
import { DossierParams, DossierView } from '../../shared/api/dossiers.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const withdrawDossier = dossierRoute(
  'functions/dossiers/withdraw.ts',
  { table: { read: ['dossier', 'catalog'], write: ['dossier'] } },
  {
    method: 'POST',
    path: '/dossiers/{code}/withdraw',
    access: ['citizen'],
    summary: 'Ask to withdraw a dossier (rút hồ sơ); If-Match with the version',
    tag: 'Dossiers',
    request: { headers: { 'if-match': 'required' }, params: DossierParams, body: WithdrawBody },
    response: { status: 200, description: 'The dossier', body: DossierView, headers: ['etag'] },
    problems: ['not-found', 'stale-version', 'action-not-allowed-in-state', 'precondition-required'],
  },
);
