import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { canonicalJson } from '../domain/history.ts';
import { receiptSigner } from './signer.ts';

/**
 * Proof of submission: the receipt, with the SHA-256 of every attachment, as a compact JWS
 * (EdDSA) signed with the province's key. Anyone can check it offline with the public key
 * published at /.well-known/jwks.json.
 */
export const RECEIPT_TYPE = 'motcua-receipt+jws';
/** A hand-off between units: who sent, who received, when, and the dossier's state then. */
export const HOP_RECEIPT_TYPE = 'motcua-hop+jws';

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

export async function keyId(): Promise<string> {
  const jwk = await receiptSigner().publicKey();
  // RFC 7638 thumbprint of an OKP key: its required members in lexicographic order.
  return b64url(
    createHash('sha256')
      .update(canonicalJson({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }))
      .digest(),
  );
}

export async function signReceipt(receipt: object, type = RECEIPT_TYPE): Promise<string> {
  const header = b64url(JSON.stringify({ alg: 'EdDSA', kid: await keyId(), typ: type }));
  const payload = b64url(canonicalJson(receipt));
  const signature = await receiptSigner().sign(Buffer.from(`${header}.${payload}`, 'ascii'));
  return `${header}.${payload}.${b64url(signature)}`;
}

export async function publicJwks(): Promise<JSONWebKeySet> {
  const jwk = await receiptSigner().publicKey();
  return { keys: [{ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: await keyId(), alg: 'EdDSA', use: 'sig' }] };
}

export type ReceiptCheck =
  | { valid: true; receipt: Record<string, unknown>; kid: string }
  | { valid: false; reason: string };

/** Checks a proof against the province's public key, as anyone can offline. */
export async function checkReceipt(jws: string, type = RECEIPT_TYPE): Promise<ReceiptCheck> {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(await publicJwks()), {
      algorithms: ['EdDSA'],
    });
    if (protectedHeader.typ !== type) return { valid: false, reason: `not a ${type}` };
    return {
      valid: true,
      receipt: JSON.parse(Buffer.from(payload).toString('utf8')),
      kid: String(protectedHeader.kid),
    };
  } catch (error) {
    return { valid: false, reason: (error as Error).message };
  }
}
