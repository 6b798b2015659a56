import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';

/**
 * Standard Webhooks' asymmetric signature (`v1a`, Ed25519), checked by a receiver that holds
 * no secret: the province's public keys are at `<api>/.well-known/jwks.json`. The signed
 * content is `<webhook-id>.<webhook-timestamp>.<body>`, the body exactly as received.
 */
export function verifyV1a(
  headers: Record<string, string | undefined>,
  body: string,
  jwks: { keys: JsonWebKey[] },
  toleranceSeconds = 300,
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
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
