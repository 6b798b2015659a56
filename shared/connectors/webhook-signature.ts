import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks' signatures of one attempt: `v1`, HMAC-SHA256 with the subscription's
 * secret (made by the `standardwebhooks` library, which receivers verify with), and `v1a`,
 * Ed25519 with the province's key, whose public half is at /.well-known/jwks.json, so that a
 * receiver can check it holding no secret. Both sign `<webhook-id>.<webhook-timestamp>.<body>`.
 */
export const signedContent = (id: string, timestamp: number, payload: string): string =>
  `${id}.${timestamp}.${payload}`;

/**
 * The headers of one attempt: a `v1` for each secret in force (during a rotation's overlap,
 * the new one and the old: Standard Webhooks lets a receiver accept any of several), and `v1a`.
 */
export async function webhookHeaders(
  secrets: readonly string[],
  message: { id: string; at: Date; payload: string },
  signAsymmetric: (content: Uint8Array) => Promise<Uint8Array>,
): Promise<Record<string, string>> {
  const timestamp = Math.floor(message.at.getTime() / 1000);
  const v1 = secrets
    .map((secret) => new Webhook(secret).sign(message.id, message.at, message.payload))
    .join(' ');
  const v1a = Buffer.from(
    await signAsymmetric(Buffer.from(signedContent(message.id, timestamp, message.payload))),
  ).toString('base64');
  return {
    'content-type': 'application/json',
    'webhook-id': message.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `${v1} v1a,${v1a}`,
  };
}
