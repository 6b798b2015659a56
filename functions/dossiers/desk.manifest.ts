import { SubmissionReceiptView } from '../../shared/api/dossiers.ts';
import { DeskSubmissionBody } from '../../shared/api/submission.ts';
import { dossierRoute } from '../../shared/manifest-types.ts';

export const fileAtDesk = dossierRoute(
  'functions/dossiers/desk.ts',
  {
    table: {
      read: ['catalog', 'upload', 'idempotency'],
      write: ['dossier', 'sequence', 'idempotency', 'upload'],
    },
    signingKey: 'sign',
  },
  {
    method: 'POST',
    path: '/desk/dossiers',
    access: ['officer'],
    summary:
      'File a dossier at the desk for an applicant who came in person or wrote by post (tiếp nhận trực tiếp); requires an Idempotency-Key header',
    tag: 'Dossiers',
    request: { headers: { 'idempotency-key': 'required' }, body: DeskSubmissionBody },
    response: {
      status: 201,
      description:
        'The dossier code, state 1 and the receipt to hand the applicant (with the look-up secret)',
      body: SubmissionReceiptView,
      headers: ['location', 'idempotent-replayed'],
    },
    problems: [
      'not-received-here',
      'upload-already-used',
      'idempotency-in-progress',
      'idempotency-key-reused',
    ],
  },
);
