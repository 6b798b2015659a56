import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, SignJWT } from 'jose';
import type { Role } from '../../shared/manifest-types.ts';

/** The development OIDC issuer: what Cognito or VNeID is on AWS, for the local runtime only. */
export const DEV_ISSUER = 'https://dev-issuer.motcua.localhost';
export const DEV_AUDIENCE = 'motcua-local';
const KEY_ID = 'motcua-dev-1';

export interface DevIssuer {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  sign(claims: TokenRequest): Promise<string>;
}

export interface TokenRequest {
  sub: string;
  role: Role;
  unit?: string;
  /** Lifetime in seconds. */
  ttl?: number;
  issuer?: string;
  audience?: string;
  /** Issue time, for expired tokens in tests. */
  now?: Date;
  /** Further claims, as an issuer that vouches for identity and contacts puts them. */
  claims?: Record<string, unknown>;
  /** Leaves `exp` out (a token API Gateway refuses). */
  withoutExpiry?: boolean;
}

/** Loads the issuer's key from `<dir>/dev-issuer.jwk`, making it on first use. */
export async function devIssuer(dir: string): Promise<DevIssuer> {
  const file = join(dir, 'dev-issuer.jwk');
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    createOnce(
      file,
      JSON.stringify({ ...(await exportJWK(privateKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' }),
    );
  }
  const privateJwk: JWK = JSON.parse(readFileSync(file, 'utf8'));
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const key = await importJWK(privateJwk, 'RS256');
  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    jwks: { keys: [publicJwk] },
    async sign(request) {
      const now = Math.floor((request.now ?? new Date()).getTime() / 1000);
      const token = new SignJWT({
        'cognito:groups': [request.role],
        ...(request.unit ? { 'custom:unit': request.unit } : {}),
        token_use: 'id',
        ...request.claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })
        .setSubject(request.sub)
        .setIssuer(request.issuer ?? DEV_ISSUER)
        .setAudience(request.audience ?? DEV_AUDIENCE)
        .setIssuedAt(now);
      if (!request.withoutExpiry) token.setExpirationTime(now + (request.ttl ?? 8 * 3600));
      return token.sign(key);
    },
  };
}

/**
 * The local stand-in for the province's data key, which seals webhook secrets: 32 random
 * bytes made on first use and kept under the state folder. Returns its path.
 */
export function secretsKeyFile(dir: string): string {
  const file = join(dir, 'secrets-sealing.key');
  if (!existsSync(file)) createOnce(file, randomBytes(32).toString('base64'));
  return file;
}

/**
 * The local stand-in for the province's KMS signing key: an Ed25519 private JWK made on
 * first use and kept under the state folder. Returns its path.
 */
export function receiptKeyFile(dir: string): string {
  const file = join(dir, 'receipt-signing.jwk');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    createOnce(file, JSON.stringify(privateKey.export({ format: 'jwk' })));
  }
  return file;
}

/**
 * Writes a key file whole, unless another process made it meanwhile (two runtimes starting on
 * one state folder): written aside, then linked into place, which fails when the name is taken.
 * Whoever came second uses the first one's key, never one only it holds.
 */
function createOnce(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, content, { mode: 0o600 });
  try {
    linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(aside);
  }
}
