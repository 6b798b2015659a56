import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { recordReceived, takeFailure } from '../../shared/persistence/dev-receivers.ts';
import { devReceive as spec } from './receive.manifest.ts';

/** Headers a sender signs or names, kept as received. */
const KEPT = /^(content-type|content-digest|signature|signature-input|webhook-.*)$/;

export const handler = httpHandler(spec, async ({ params, rawBody, headers }) => {
  const failure = await takeFailure(params.name);
  await recordReceived(params.name, {
    receivedAt: now().toISOString(),
    operation: params.operation,
    headers: Object.fromEntries(
      Object.entries(headers).filter((entry): entry is [string, string] => KEPT.test(entry[0]) && !!entry[1]),
    ),
    body: rawBody,
    answered: failure ?? 200,
  });
  return failure ? { status: failure, body: { refused: 'as told' } } : { body: { received: true } };
});
