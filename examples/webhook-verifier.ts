import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';

/** Standard Webhooks' `v1a`: Ed25519 over `<webhook-id>.<webhook-timestamp>.<body as received>`. */
export function verifyV1a(
  headers: Record<string, string | undefined>,
  body: string,
  jwks: { keys: JsonWebKey[] },
  toleranceSeconds = 300,
): boolean {
  const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures } = headers;
  if (!(id && timestamp && signatures)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const content = Buffer.from(`${id}.${timestamp}.${body}`);
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    if (version !== 'v1a' || !signature) return false;
    return jwks.keys.some((jwk) =>
      verify(null, content, createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64')),
    );
  });
}
