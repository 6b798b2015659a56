import { signRequestWith } from '../http/signatures.ts';
import { keyId } from '../signing/receipts.ts';
import { receiptSigner } from '../signing/signer.ts';
import { type Answer, post } from './http.ts';
import { connectorSettings } from './settings.ts';

/**
 * A JSON POST signed as integrators sign theirs (RFC 9421, Ed25519, with its Content-Digest),
 * with the province's key: `keyid` is the key's thumbprint, as at /.well-known/jwks.json.
 */
export async function signedPost(url: string, body: unknown): Promise<Answer> {
  const text = JSON.stringify(body);
  const signer = receiptSigner();
  const headers = await signRequestWith(
    { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: Buffer.from(text) },
    { id: await keyId(), sign: async (data) => Buffer.from(await signer.sign(data)) },
  );
  return post(url, text, headers, connectorSettings());
}
