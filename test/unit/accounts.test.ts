import { describe, expect, it } from 'vitest';
import { SELF_SIGN_UP_GROUP, tokenGroups } from '../../shared/domain/accounts.ts';

describe("accounts of the province's user pool", () => {
  it('a token carries officer or admin only for an account with a second factor', () => {
    expect(tokenGroups(['officer', 'admin'], true)).toEqual(['officer', 'admin']);
    expect(tokenGroups(['officer', 'admin'], false)).toEqual([]);
    expect(tokenGroups(['citizen', 'officer'], false)).toEqual(['citizen']);
  });

  it('a self-registered account is a citizen', () => {
    expect(SELF_SIGN_UP_GROUP).toBe('citizen');
  });
});
