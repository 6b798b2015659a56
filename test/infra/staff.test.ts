import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataStackName } from '../../infra/build-app.ts';
import { addStaff, disableStaff, listStaff, staffAccount, staffLines } from '../../infra/ops/staff.ts';
import { loadProvince, type Province } from '../../shared/config/province.ts';
import { STAFF_ROLES } from '../../shared/domain/roles.ts';
import { runOperatorCommand } from '../support/operator-command.ts';
import { startUserPoolStandIn, type UserPoolStandIn } from '../support/user-pool-stand-in.ts';

const dongNai = loadProvince('dong-nai');
const OFFICER_UNIT = '000.01.30.H19';

let pool: UserPoolStandIn;
beforeAll(async () => {
  pool = await startUserPoolStandIn({
    account: '123456789012',
    region: dongNai.region,
    stack: dataStackName(dongNai.id),
    groups: ['citizen', ...STAFF_ROLES],
  });
});
afterAll(() => pool.close());

/** `npm run staff` as an operator runs it, its AWS calls answered by the stand-ins. */
const staff = (...args: string[]) =>
  runOperatorCommand('staff', args, {
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_ENDPOINT_URL_STS: pool.url,
    AWS_ENDPOINT_URL_CLOUDFORMATION: pool.url,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: pool.url,
  });

const account = (email: string) => pool.users.find((user) => user.attributes.email === email);

describe('npm run staff', () => {
  // Three commands one after another, each a process of its own: on a loaded machine, minutes.
  it('creates the first administrator and the first officer, each invited once, in their role’s group', {
    timeout: 180_000,
  }, async () => {
    const admin = await staff(
      'add',
      '--province',
      'dong-nai',
      '--email',
      'Admin@DongNai.gov.vn',
      '--role',
      'admin',
    );
    expect(admin.stderr).toBe('');
    expect(admin.code).toBe(0);
    expect(admin.stdout).toMatch(/^Created admin@dongnai\.gov\.vn, admin for the province\./);
    const officer = await staff(
      'add',
      '--province',
      'dong-nai',
      '--email',
      'lan@dongnai.gov.vn',
      '--role',
      'officer',
      '--unit',
      OFFICER_UNIT,
      '--name',
      'Nguyễn Thị Lan',
    );
    expect(officer.code).toBe(0);
    expect(account('admin@dongnai.gov.vn')).toMatchObject({
      groups: new Set(['admin']),
      status: 'FORCE_CHANGE_PASSWORD',
    });
    expect(account('admin@dongnai.gov.vn')?.attributes['custom:unit']).toBeUndefined();
    expect(account('lan@dongnai.gov.vn')).toMatchObject({
      groups: new Set(['officer']),
      attributes: expect.objectContaining({
        'custom:unit': OFFICER_UNIT,
        name: 'Nguyễn Thị Lan',
        email_verified: 'true',
      }),
    });
    expect(pool.invitations.map((sent) => sent.email)).toEqual([
      'admin@dongnai.gov.vn',
      'lan@dongnai.gov.vn',
    ]);

    const list = await staff('list', '--province', 'dong-nai');
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.find((line) => line.startsWith('lan@'))).toMatch(
      /officer +000\.01\.30\.H19 Ủy ban nhân dân phường Trấn Biên +invited, has not signed in/,
    );
    expect(lines.find((line) => line.startsWith('admin@'))).toMatch(/admin +the province/);
  });
});

describe('the staff accounts, against the user pool', () => {
  // The command's steps in this process, through a client that reaches the stand-in as the
  // command's does: the command itself is run above.
  const cognito = () =>
    new CognitoIdentityProviderClient({
      region: dongNai.region,
      endpoint: pool.url,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' },
    });
  const add = (email: string, role: string, unit?: string) =>
    addStaff(cognito(), pool.poolId, staffAccount(dongNai, { email, role, ...(unit ? { unit } : {}) }));

  it('finishes an account a failure left without its group, and sends no second invitation', async () => {
    expect(await add('binh@dongnai.gov.vn', 'leader', OFFICER_UNIT)).toEqual({ created: true });
    // As after a failure between the account's creation and its group: the account, no role.
    account('binh@dongnai.gov.vn')!.groups.clear();
    const invitations = pool.invitations.length;

    expect(await add('binh@dongnai.gov.vn', 'leader', OFFICER_UNIT)).toEqual({ created: false });
    expect(account('binh@dongnai.gov.vn')?.groups).toEqual(new Set(['leader']));
    expect(pool.invitations).toHaveLength(invitations);
    expect(pool.users.filter((user) => user.attributes.email === 'binh@dongnai.gov.vn')).toHaveLength(1);
  });

  it('refuses to move an account to another unit, and changes nothing', async () => {
    await add('chi@dongnai.gov.vn', 'officer', OFFICER_UNIT);
    await expect(add('chi@dongnai.gov.vn', 'leader', '000.02.30.H19')).rejects.toThrow(
      'chi@dongnai.gov.vn already has an account for unit 000.01.30.H19, not 000.02.30.H19: a person acts for one unit.',
    );
    expect(account('chi@dongnai.gov.vn')?.groups).toEqual(new Set(['officer']));
  });

  it('disables an account and revokes its sessions; the list says so; an unknown one is named', async () => {
    await add('dung@dongnai.gov.vn', 'officer', OFFICER_UNIT);
    await disableStaff(cognito(), pool.poolId, 'dung@dongnai.gov.vn');
    expect(account('dung@dongnai.gov.vn')).toMatchObject({ enabled: false, signedOutAt: expect.any(Date) });
    const lines = staffLines(dongNai, await listStaff(cognito(), pool.poolId));
    expect(lines.find((line) => line.startsWith('dung@'))).toMatch(/disabled$/);

    await expect(add('dung@dongnai.gov.vn', 'officer', OFFICER_UNIT)).rejects.toThrow(
      /has a disabled account/,
    );
    await expect(disableStaff(cognito(), pool.poolId, 'nobody@dongnai.gov.vn')).rejects.toThrow(
      /^There is no account nobody@dongnai\.gov\.vn in the province's user pool/,
    );
  });

  it('lists every page of a group', async () => {
    for (let at = 0; at < 65; at += 1) await add(`page-${at}@dongnai.gov.vn`, 'officer', OFFICER_UNIT);
    const rows = await listStaff(cognito(), pool.poolId);
    expect(rows.filter((row) => row.email.startsWith('page-'))).toHaveLength(65);
    expect(pool.calls.filter((call) => call === 'ListUsersInGroup').length).toBeGreaterThan(3);
  });
});

describe('npm run staff, refusing', () => {
  it('refuses what is wrong before AWS is asked, in one sentence', async () => {
    const calls = pool.calls.length;
    const cases: [string[], RegExp][] = [
      [['promote', '--province', 'dong-nai'], /^Usage: npm run staff -- add/],
    ];
    for (const [args, message] of cases) {
      const refused = await staff(...args);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr.trim().split('\n'), args.join(' ')).toEqual([expect.stringMatching(message)]);
    }
    expect(pool.calls).toHaveLength(calls);
  });
});

describe('a staff account, checked against the province', () => {
  const withUnits = (change: (province: Province) => Province) => change(structuredClone(dongNai));

  it.each([
    [{ role: 'officer', unit: OFFICER_UNIT }, /^Give the account’s email address/],
    [{ email: 'not-an-address', role: 'admin' }, /^Give the account’s email address/],
    [
      { email: 'x@y.vn', role: 'citizen' },
      /^Give the account's role: --role officer, --role leader, --role admin\.$/,
    ],
    [{ email: 'x@y.vn', role: 'leader' }, /^A leader acts for one unit/],
    [
      { email: 'x@y.vn', role: 'admin', unit: OFFICER_UNIT },
      /^An admin acts for the province, not for a unit/,
    ],
    [{ email: 'x@y.vn', role: 'officer', unit: '000.99.30.H19' }, /has no unit 000\.99\.30\.H19/],
    [{ email: 'x@y.vn', role: 'officer', unit: '000.00.00.G12' }, /is outside this deployment/],
    [{ email: 'x@y.vn', role: 'admin', name: ' ' }, /^The name, when given, is 1 to 100 characters/],
  ])('refuses %o', (input, message) => {
    expect(() => staffAccount(dongNai, input)).toThrow(message);
  });

  it('takes the address in lower case, and a unit only for the roles that act for one', () => {
    expect(
      staffAccount(dongNai, { email: ' Lan@DongNai.gov.vn ', role: 'leader', unit: OFFICER_UNIT }),
    ).toEqual({
      email: 'lan@dongnai.gov.vn',
      role: 'leader',
      unit: OFFICER_UNIT,
    });
  });

  it('refuses a closed unit', () => {
    const closed = withUnits((province) => {
      province.units[0]!.children![0]!.disabled = true;
      return province;
    });
    const code = closed.units[0]!.children![0]!.code;
    expect(() => staffAccount(closed, { email: 'x@y.vn', role: 'officer', unit: code })).toThrow(/is closed/);
  });

  it('sends a province with an external issuer to its issuer', () => {
    const external = withUnits(
      (province) =>
        ({
          ...province,
          oidc: {
            provider: 'external',
            issuer: 'https://sso.dichvucong.gov.vn',
            audience: ['motcua'],
            claims: { roles: 'groups', unit: 'unit' },
          },
        }) as Province,
    );
    expect(() => staffAccount(external, { email: 'x@y.vn', role: 'admin' })).toThrow(
      /signs its staff in with https:\/\/sso\.dichvucong\.gov\.vn: create their accounts there/,
    );
  });
});
