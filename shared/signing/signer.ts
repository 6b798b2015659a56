import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { ENV, resourceVariable } from '../env.ts';
import { traced } from '../observability.ts';

/**
 * The province's Ed25519 signing key, chosen by `RECEIPT_SIGNER`:
 * - `kms` (AWS): a KMS key of spec ECC_NIST_EDWARDS25519 named by `RECEIPT_KEY_ID`; the
 *   private key never leaves KMS;
 * - `file` (the local runtime): a private JWK at `RECEIPT_KEY_FILE`.
 * Both make plain Ed25519 signatures, so one verification serves both.
 */
/** KMS signs a RAW message of at most this many bytes; the local signer refuses more as well. */
export const MAX_SIGNED_BYTES = 4096;

export interface Signer {
  sign(message: Uint8Array): Promise<Uint8Array>;
  publicKey(): Promise<JsonWebKey>;
}

let cached: { reference: string; signer: Signer } | undefined;

export function receiptSigner(): Signer {
  const kind = resourceVariable(ENV.receiptSigner, 'the signing key');
  const reference = resourceVariable(
    kind === 'file' ? ENV.receiptKeyFile : ENV.receiptKeyId,
    'the signing key',
  );
  // One signer per key, read from the environment on every call: a function without the
  // key is refused even after another one in the same process has used it.
  if (cached?.reference !== reference)
    cached = { reference, signer: kind === 'file' ? fileSigner(reference) : kmsSigner(reference) };
  return cached.signer;
}

function fileSigner(file: string): Signer {
  const key: KeyObject = createPrivateKey({ key: JSON.parse(readFileSync(file, 'utf8')), format: 'jwk' });
  return {
    async sign(message) {
      if (message.length > MAX_SIGNED_BYTES) {
        const error = new Error(
          `1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to ${MAX_SIGNED_BYTES}`,
        );
        error.name = 'ValidationException';
        throw error;
      }
      return sign(null, message, key);
    },
    publicKey: async () => createPublicKey(key).export({ format: 'jwk' }),
  };
}

function kmsSigner(keyId: string): Signer {
  const kms = traced(new KMSClient({}));
  let publicJwk: Promise<JsonWebKey> | undefined;
  return {
    async sign(message) {
      const { Signature } = await kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: message,
          MessageType: 'RAW',
          SigningAlgorithm: 'ED25519_SHA_512',
        }),
      );
      return Signature!;
    },
    publicKey() {
      publicJwk ??= kms.send(new GetPublicKeyCommand({ KeyId: keyId })).then(({ PublicKey }) =>
        createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' }).export({
          format: 'jwk',
        }),
      );
      return publicJwk;
    },
  };
}
