import { describe, expect, it } from 'vitest';
import { preferredLanguage } from '../../shared/http/language.ts';
import { ifMatchVersion } from '../../shared/http/preconditions.ts';
import { principalFromClaims } from '../../shared/http/principal.ts';

describe('the HTTP kit', () => {
  it.each([
    [undefined, 'vi'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['fr-FR,en;q=0.5,vi;q=0.7', 'vi'],
    ['fr', 'vi'],
    ['en;q=0, vi', 'vi'],
  ])('Accept-Language %s → %s', (header, language) => {
    expect(preferredLanguage(header)).toBe(language);
  });

  it('reads roles from the flattened claims API Gateway passes on', () => {
    expect(
      principalFromClaims({ sub: 'u1', 'cognito:groups': '[officer admin]', 'custom:unit': '000.01.30.H19' }),
    ).toEqual({
      sub: 'u1',
      roles: ['officer', 'admin'],
      unit: '000.01.30.H19',
    });
    expect(principalFromClaims({ sub: 'u2', 'cognito:groups': 'citizen' })?.roles).toEqual(['citizen']);
    expect(principalFromClaims({ sub: 'u3', roles: ['citizen', 'superuser'] })?.roles).toEqual(['citizen']);
    expect(principalFromClaims({ 'cognito:groups': '[admin]' })).toBeUndefined();
  });

  it('reads If-Match versions and refuses anything else', () => {
    expect(ifMatchVersion(undefined)).toBeUndefined();
    expect(ifMatchVersion('"3"')).toBe(3);
    expect(ifMatchVersion('W/"12"')).toBe(12);
    expect(ifMatchVersion('7')).toBe(7);
    expect(() => ifMatchVersion('"abc"')).toThrow(/If-Match/);
    expect(() => ifMatchVersion('*')).toThrow(/If-Match/);
  });
});
