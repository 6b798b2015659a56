import { describe, expect, it } from 'vitest';
import { COGNITO_CLAIMS } from '../../shared/config/province.ts';
import { SELF_SIGN_UP_GROUP, tokenGroups, tokenOverrides } from '../../shared/domain/accounts.ts';
import { principalFromClaims } from '../../shared/http/principal.ts';

/**
 * The tokens Cognito issues after a pre token generation trigger of version 2: the groups it
 * answers go into the `cognito:groups` of the ID token and of the access token alike.
 */
function issuedTokens(groups: string[], answer: ReturnType<typeof tokenOverrides>) {
  const kept = answer.groupOverrideDetails?.groupsToOverride ?? groups;
  const base = { sub: 'staff-1', 'custom:unit': '000.01.30.H19' };
  return {
    id: { ...base, token_use: 'id', 'cognito:groups': kept },
    access: { ...base, token_use: 'access', client_id: 'app', 'cognito:groups': kept },
  };
}

describe("accounts of the province's user pool", () => {
  it('a token carries a staff group (officer, leader, admin) only for an account with a second factor', () => {
    expect(tokenGroups(['officer', 'leader', 'admin'], true)).toEqual(['officer', 'leader', 'admin']);
    expect(tokenGroups(['officer', 'leader', 'admin'], false)).toEqual([]);
    expect(tokenGroups(['citizen', 'officer'], false)).toEqual(['citizen']);
  });

  it('neither the ID token nor the access token of staff without a second factor acts as staff', () => {
    const groups = ['citizen', 'officer', 'leader', 'admin'];
    for (const [kind, claims] of Object.entries(issuedTokens(groups, tokenOverrides(groups, false))))
      expect(principalFromClaims(claims, COGNITO_CLAIMS)?.roles, kind).toEqual(['citizen']);
    for (const [kind, claims] of Object.entries(issuedTokens(groups, tokenOverrides(groups, true))))
      expect(principalFromClaims(claims, COGNITO_CLAIMS)?.roles, kind).toEqual(groups);
  });

  it('a self-registered account is a citizen', () => {
    expect(SELF_SIGN_UP_GROUP).toBe('citizen');
  });
});
