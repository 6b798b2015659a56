import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ENV, resourceVariable } from '../env.ts';
import { traced } from '../observability.ts';

/**
 * Secrets kept in the table (webhook secrets) are sealed by envelope encryption with the
 * province's key, chosen by `SECRETS_SEALER`:
 * - `kms` (AWS): each secret under a fresh AES-256 data key that KMS makes and wraps with the
 *   province's data key (`SECRETS_KEY_ID`); opening it takes KMS's Decrypt, logged by CloudTrail;
 * - `file` (the local runtime): the same envelope, the data key wrapped with AES-256-GCM under
 *   32 bytes kept at `SECRETS_KEY_FILE`.
 * A sealed value is `env1.<wrapped data key>.<iv>.<tag>.<ciphertext>` (base64url), bound to its
 * context (the subscription it belongs to): sealed for one, it does not open for another.
 */
export interface Sealer {
  seal(plain: string, context: Record<string, string>): Promise<string>;
  open(sealed: string, context: Record<string, string>): Promise<string>;
}

interface KeyWrapper {
  /** A fresh data key, in the clear and wrapped. */
  dataKey(context: Record<string, string>): Promise<{ plain: Buffer; wrapped: Buffer }>;
  unwrap(wrapped: Buffer, context: Record<string, string>): Promise<Buffer>;
}

const PREFIX = 'env1';
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const aad = (context: Record<string, string>) =>
  Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));

function gcmSeal(key: Buffer, plain: Buffer, context: Record<string, string>) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(context));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

function gcmOpen(
  key: Buffer,
  parts: { iv: Buffer; tag: Buffer; ciphertext: Buffer },
  context: Record<string, string>,
) {
  const decipher = createDecipheriv('aes-256-gcm', key, parts.iv).setAAD(aad(context));
  decipher.setAuthTag(parts.tag);
  return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
}

/** Whether a stored value is sealed (a value from before sealing is a plain `whsec_` secret). */
export const isSealed = (value: string): boolean => value.startsWith(`${PREFIX}.`);

export function envelopeSealer(wrapper: KeyWrapper): Sealer {
  return {
    async seal(plain, context) {
      const key = await wrapper.dataKey(context);
      const { iv, tag, ciphertext } = gcmSeal(key.plain, Buffer.from(plain, 'utf8'), context);
      key.plain.fill(0);
      return [PREFIX, b64(key.wrapped), b64(iv), b64(tag), b64(ciphertext)].join('.');
    },
    async open(sealed, context) {
      const [prefix, wrapped, iv, tag, ciphertext, ...rest] = sealed.split('.');
      if (prefix !== PREFIX || !(wrapped && iv && tag && ciphertext) || rest.length)
        throw new Error('not a sealed secret');
      const from = (text: string) => Buffer.from(text, 'base64url');
      const key = await wrapper.unwrap(from(wrapped), context);
      try {
        return gcmOpen(key, { iv: from(iv), tag: from(tag), ciphertext: from(ciphertext) }, context).toString(
          'utf8',
        );
      } finally {
        key.fill(0);
      }
    },
  };
}

/** The local key: the data key wrapped under 32 bytes from a file. */
export function fileKeyWrapper(master: Buffer): KeyWrapper {
  return {
    async dataKey(context) {
      const plain = randomBytes(32);
      const { iv, tag, ciphertext } = gcmSeal(master, plain, context);
      return { plain, wrapped: Buffer.concat([iv, tag, ciphertext]) };
    },
    async unwrap(wrapped, context) {
      return gcmOpen(
        master,
        { iv: wrapped.subarray(0, 12), tag: wrapped.subarray(12, 28), ciphertext: wrapped.subarray(28) },
        context,
      );
    },
  };
}

function kmsKeyWrapper(keyId: string): KeyWrapper {
  const kms = traced(new KMSClient({}));
  return {
    async dataKey(context) {
      const made = await kms.send(
        new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }),
      );
      return { plain: Buffer.from(made.Plaintext!), wrapped: Buffer.from(made.CiphertextBlob!) };
    },
    async unwrap(wrapped, context) {
      const { Plaintext } = await kms.send(
        new DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: context }),
      );
      return Buffer.from(Plaintext!);
    },
  };
}

let cached: { reference: string; sealer: Sealer } | undefined;

export function secretSealer(): Sealer {
  const kind = resourceVariable(ENV.secretsSealer, 'the secrets key');
  const reference = resourceVariable(
    kind === 'file' ? ENV.secretsKeyFile : ENV.secretsKeyId,
    'the secrets key',
  );
  if (cached?.reference !== reference)
    cached = {
      reference,
      sealer: envelopeSealer(
        kind === 'file'
          ? fileKeyWrapper(Buffer.from(readFileSync(reference, 'utf8').trim(), 'base64'))
          : kmsKeyWrapper(reference),
      ),
    };
  return cached.sealer;
}
