import { SubmissionReceiptView } from '../../shared/api/dossiers.ts';
import { SubmitDossierBody } from '../../shared/api/submission.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const submitDossier = dossierRoute(
  'functions/dossiers/submit.ts',
  {
    table: {
      read: ['catalog', 'upload', 'idempotency'],
      write: ['dossier', 'sequence', 'idempotency', 'upload'],
    },
    signingKey: 'sign',
  },
  {
    method: 'POST',
    path: '/dossiers',
    access: ['citizen'],
    summary: 'Submit a dossier (nộp hồ sơ); requires an Idempotency-Key header',
    tag: 'Dossiers',
    request: { headers: { 'idempotency-key': 'required' }, body: SubmitDossierBody },
    response: {
      status: 201,
      description: 'The dossier code, state 1 and the receipt',
      body: SubmissionReceiptView,
      headers: ['location', 'idempotent-replayed'],
    },
    problems: ['upload-already-used', 'idempotency-in-progress', 'idempotency-key-reused'],
  },
);
