import { describe, expect, it } from 'vitest';
import { COGNITO_CLAIMS } from '../../shared/config/province.ts';
import { actingRole } from '../../shared/domain/roles.ts';
import { preferredLanguage } from '../../shared/http/language.ts';
import { ifMatchVersion } from '../../shared/http/preconditions.ts';
import { actingAs, principalFromClaims } from '../../shared/http/principal.ts';

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
      principalFromClaims(
        { sub: 'u1', 'cognito:groups': '[officer admin]', 'custom:unit': '000.01.30.H19' },
        COGNITO_CLAIMS,
      ),
    ).toEqual({ sub: 'u1', roles: ['officer', 'admin'], unit: '000.01.30.H19', verifiedContacts: {} });
    expect(principalFromClaims({ sub: 'u2', 'cognito:groups': 'citizen' }, COGNITO_CLAIMS)?.roles).toEqual([
      'citizen',
    ]);
    expect(principalFromClaims({ 'cognito:groups': '[admin]' }, COGNITO_CLAIMS)).toBeUndefined();
    expect(
      principalFromClaims({ sub: 'x'.repeat(513), 'cognito:groups': '[admin]' }, COGNITO_CLAIMS),
    ).toBeUndefined();
    // Measured as it goes into a key: 57 characters of nine bytes each are too long already.
    expect(
      principalFromClaims({ sub: 'ệ'.repeat(57), 'cognito:groups': '[admin]' }, COGNITO_CLAIMS),
    ).toBeUndefined();
    expect(
      principalFromClaims({ sub: 'ệ'.repeat(56), 'cognito:groups': '[admin]' }, COGNITO_CLAIMS),
    ).toBeDefined();
    // A lone surrogate is no text: no key can hold it.
    expect(
      principalFromClaims({ sub: 'u\ud800', 'cognito:groups': '[admin]' }, COGNITO_CLAIMS),
    ).toBeUndefined();
    expect(
      principalFromClaims(
        { sub: 'u8', 'cognito:groups': '[officer]', 'custom:unit': 'x\udc00' },
        COGNITO_CLAIMS,
      ),
    ).toEqual({ sub: 'u8', roles: ['officer'], verifiedContacts: {} });
  });

  it('takes role values exactly: "admin " is no admin, and a flattened list it cannot split again grants nothing', () => {
    expect(principalFromClaims({ sub: 'u9', 'cognito:groups': ['admin '] }, COGNITO_CLAIMS)?.roles).toEqual(
      [],
    );
    expect(principalFromClaims({ sub: 'u9', 'cognito:groups': ['Admin'] }, COGNITO_CLAIMS)?.roles).toEqual(
      [],
    );
    // API Gateway flattens ["admin "] into "[admin ]" and ["citizen", " admin"] into "[citizen  admin]".
    for (const flattened of ['[admin ]', '[ admin]', '[citizen  admin]', '[]', '[admin\tofficer]'])
      expect(
        principalFromClaims({ sub: 'u9', 'cognito:groups': flattened }, COGNITO_CLAIMS)?.roles,
        flattened,
      ).toEqual([]);
    expect(
      principalFromClaims({ sub: 'u9', 'cognito:groups': '[citizen admin]' }, COGNITO_CLAIMS)?.roles,
    ).toEqual(['citizen', 'admin']);
  });

  it('a subject in the integrators’ namespace is nobody: such a token is refused', () => {
    for (const sub of ['integrator:cong-dvc', 'INTEGRATOR:cong-dvc'])
      expect(
        principalFromClaims({ sub, 'cognito:groups': '[citizen]' }, COGNITO_CLAIMS),
        sub,
      ).toBeUndefined();
    expect(
      principalFromClaims({ sub: 'citizen:integrator', 'cognito:groups': '[citizen]' }, COGNITO_CLAIMS),
    ).toBeDefined();
  });

  it('a request acts under one role, the first of the route’s the token holds; a unit only for a unit’s role', () => {
    const both = principalFromClaims(
      { sub: 'u10', 'cognito:groups': '[citizen officer]', 'custom:unit': '000.01.30.H19' },
      COGNITO_CLAIMS,
    )!;
    expect(actingRole(['citizen'], both.roles)).toBe('citizen');
    expect(actingRole(['officer', 'citizen'], both.roles)).toBe('officer');
    expect(actingRole(['admin'], both.roles)).toBeUndefined();
    expect(actingAs(both, 'citizen')).toEqual({ sub: 'u10', roles: ['citizen'], verifiedContacts: {} });
    expect(actingAs(both, 'officer')).toEqual({
      sub: 'u10',
      roles: ['officer'],
      unit: '000.01.30.H19',
      verifiedContacts: {},
    });
    const admin = principalFromClaims(
      { sub: 'u11', 'cognito:groups': '[admin]', 'custom:unit': '000.01.30.H19' },
      COGNITO_CLAIMS,
    )!;
    expect(actingAs(admin, 'admin').unit).toBeUndefined();
  });

  it('grants a role only through the claim the issuer mapping names, with the values it maps', () => {
    // Cognito: a `roles` claim, or a comma-joined string, grants nothing.
    expect(principalFromClaims({ sub: 'u3', roles: ['admin'] }, COGNITO_CLAIMS)?.roles).toEqual([]);
    expect(
      principalFromClaims({ sub: 'u4', 'cognito:groups': 'officer,admin' }, COGNITO_CLAIMS)?.roles,
    ).toEqual([]);
    // An external issuer's own group names map onto the API's roles, and nothing else does.
    const external = { roles: 'groups', roleValues: { officer: ['can-bo'] }, unit: 'ma_don_vi' };
    expect(
      principalFromClaims({ sub: 'u5', groups: ['can-bo', 'admin'], ma_don_vi: 'x' }, external),
    ).toMatchObject({
      roles: ['officer'],
      unit: 'x',
    });
    expect(principalFromClaims({ sub: 'u6', 'cognito:groups': '[admin]' }, external)?.roles).toEqual([]);
  });

  it('takes the identity and the contacts the issuer vouches for, and nothing unverified', () => {
    const principal = principalFromClaims(
      {
        sub: 'u7',
        'cognito:groups': '[citizen]',
        'custom:id_number': '075190001234',
        name: 'Nguyễn Thị Hoà',
        email: 'hoa@example.vn',
        email_verified: 'true',
        phone_number: '+84912345678',
        phone_number_verified: 'false',
      },
      COGNITO_CLAIMS,
    );
    expect(principal).toMatchObject({
      identity: { idNumber: '075190001234', fullName: 'Nguyễn Thị Hoà' },
      verifiedContacts: { email: 'hoa@example.vn' },
    });
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
