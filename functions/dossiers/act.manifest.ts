import { ActionParams, DossierView } from '../../shared/api/dossiers.ts';
import { OfficerActionInput } from '../../shared/domain/action-inputs.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const actOnDossier = dossierRoute(
  'functions/dossiers/act.ts',
  { table: { read: ['dossier', 'catalog', 'upload'], write: ['dossier', 'upload'] } },
  {
    method: 'POST',
    path: '/dossiers/{code}/actions/{action}',
    access: ['officer'],
    summary:
      "An officer's action on a dossier, If-Match with the version read; each action takes its own body. A transfer is in transit until it lands",
    tag: 'Officers',
    request: {
      headers: { 'if-match': 'required' },
      params: ActionParams,
      body: OfficerActionInput,
      bodyTaggedBy: 'action',
    },
    response: { status: 200, description: 'The dossier', body: DossierView, headers: ['etag'] },
    problems: [
      'not-found',
      'stale-version',
      'action-not-allowed-in-state',
      'dossier-at-another-unit',
      'upload-already-used',
      'extension-limit-reached',
      'precondition-required',
    ],
  },
);
