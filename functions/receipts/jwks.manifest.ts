import { JwksView } from '../../shared/api/documents.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const receiptKeys = {
  entry: 'functions/receipts/jwks.ts',
  description: 'The public key that signs proofs of submission',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/.well-known/jwks.json',
    access: 'public',
    summary: 'JWKS of the Ed25519 key that signs receipts (proofs of submission)',
    tag: 'Receipts',
    response: { status: 200, description: 'The public keys', body: JwksView, headers: ['cache-control'] },
  },
  uses: { signingKey: 'verify' },
} as const satisfies FunctionSpec;
