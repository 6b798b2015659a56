import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors.ts';
import type { Integrator, Scope } from '../domain/integrators.ts';
import { count } from '../observability.ts';
import { activeKey, claimNonce } from '../persistence/integrators.ts';
import {
  DEFAULT_SKEW_SECONDS,
  DEFAULT_WINDOW_SECONDS,
  type SignedMessage,
  verifySignedRequest,
} from './signatures.ts';

/** A signed request's integrator, and the one write its acceptance takes. */
export interface SignedCaller {
  integrator: Integrator;
  /**
   * Records the signature's nonce, once: the same request sent twice, even at the same
   * moment, passes once. The last check, made when nothing else refuses the request, so that
   * a refused request writes nothing.
   */
  claim(): Promise<void>;
}

/**
 * The integrator behind a signed request, for a route that needs this scope: the signature
 * checked (see signatures.ts), the key and the integrator active, the scope granted. Every
 * refusal is counted (`SignaturesRefused`, by `document: request` and the problem type).
 */
export async function signedCaller(
  event: APIGatewayProxyEventV2,
  scope: Scope,
  now: Date,
): Promise<SignedCaller> {
  const counted = <T>(work: () => Promise<T>): Promise<T> =>
    work().catch((error: unknown) => {
      if (error instanceof DomainError)
        count('SignaturesRefused', { document: 'request', problem: error.kind });
      throw error;
    });
  const { integrator, keyid, nonce, keepUntil } = await counted(() => check(event, scope, now));
  return {
    integrator,
    claim: () =>
      counted(async () => {
        if (!(await claimNonce(keyid, nonce, keepUntil)))
          throw new DomainError('replayed', {
            vi: 'Yêu cầu với nonce này đã được nhận trước đó.',
            en: 'A request with this nonce was received before.',
          });
      }),
  };
}

async function check(event: APIGatewayProxyEventV2, scope: Scope, now: Date) {
  let found: Awaited<ReturnType<typeof activeKey>>;
  const policy = { now, windowSeconds: DEFAULT_WINDOW_SECONDS, skewSeconds: DEFAULT_SKEW_SECONDS };
  const signature = await verifySignedRequest(
    messageOf(event),
    async (keyid) => {
      found = await activeKey(keyid);
      return found && { keyid, publicKey: found.key.publicKey };
    },
    policy,
  );
  const integrator = found!.integrator;
  if (!integrator.scopes.includes(scope))
    throw new DomainError('scope-denied', {
      vi: `Hệ thống ${integrator.id} không được cấp phạm vi ${scope}.`,
      en: `Integrator ${integrator.id} is not granted ${scope}.`,
    });
  // Kept until the signature could no longer be accepted anyway.
  const keepUntil = new Date(signature.created.getTime() + (DEFAULT_WINDOW_SECONDS + 1) * 1000);
  return { integrator, keyid: signature.keyid, nonce: signature.nonce, keepUntil };
}

/** The request as the client sent it: the URL it addressed (API Gateway says the scheme) and the bytes. */
function messageOf(event: APIGatewayProxyEventV2): SignedMessage {
  const headers = event.headers ?? {};
  const scheme = headers['x-forwarded-proto'] ?? 'https';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  return {
    method: event.requestContext.http.method,
    url: `${scheme}://${event.requestContext.domainName}${encodeURI(event.rawPath)}${query}`,
    headers,
    ...(event.body ? { body: Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') } : {}),
  };
}
