import { submittedAnswer } from '../../shared/api/dossiers.ts';
import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { idempotencyKey } from '../../shared/http/preconditions.ts';
import { submitDossier } from '../../shared/services/submissions.ts';
import { submitDossier as spec } from './submit.manifest.ts';

export const handler = httpHandler(spec, async ({ body, principal, headers }) => {
  const key = idempotencyKey(headers['idempotency-key']);
  const { receipt, replayed } = await submitDossier(body, principal, key, now());
  return submittedAnswer(receipt, replayed);
});
