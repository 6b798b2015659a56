import { signRequestWith } from '../http/signatures.ts';
import { keyId } from '../signing/receipts.ts';
import { receiptSigner } from '../signing/signer.ts';
import { type Answer, type Fetched, getFile, post } from './http.ts';
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

/** The most a feed's page may hold. */
const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** A GET signed the same way (no body, so no digest): a page of another system's feed. */
export async function signedGet(url: string): Promise<Fetched> {
  const signer = receiptSigner();
  const headers = await signRequestWith(
    { method: 'GET', url, headers: { accept: 'application/json' } },
    { id: await keyId(), sign: async (data) => Buffer.from(await signer.sign(data)) },
  );
  return getFile(url, MAX_PAGE_BYTES, connectorSettings(), undefined, undefined, headers);
}
