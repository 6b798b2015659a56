import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';

export interface JwtAuthorizerConfig {
  issuer: string;
  audience: string[];
  jwks: JSONWebKeySet;
}

export type Verdict = { ok: true; claims: Record<string, string> } | { ok: false; reason: string };

/**
 * The checks of an HTTP API JWT authorizer: a token in `Authorization` (with or without
 * `Bearer`), RS256 signature by a key of the JWKS, issuer, audience (`aud` or, for access
 * tokens, `client_id`), expiry (required) and not-before, and an issue time not in the
 * future. Claims reach the function as strings, arrays
 * flattened to `[a b]`, as API Gateway passes them.
 */
export function jwtAuthorizer(config: JwtAuthorizerConfig) {
  const keys = createLocalJWKSet(config.jwks);
  return async (authorization: string | undefined): Promise<Verdict> => {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return { ok: false, reason: 'missing token' };
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      });
      if (!audienceMatches(payload, config.audience)) return { ok: false, reason: 'invalid audience' };
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000)
        return { ok: false, reason: 'the token was issued in the future (iat)' };
      return { ok: true, claims: flattenClaims(payload) };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'the token has expired' };
      return { ok: false, reason: (error as Error).message };
    }
  };
}

function audienceMatches(payload: JWTPayload, audience: string[]): boolean {
  const claimed = [payload.aud ?? [], (payload.client_id as string | undefined) ?? []].flat();
  return claimed.some((value) => audience.includes(value));
}

function flattenClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}
