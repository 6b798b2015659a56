import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import type { Province } from '../../shared/config/province.ts';
import { flattenUnits } from '../../shared/domain/catalog.ts';
import { actsForUnit, type Role, STAFF_ROLES } from '../../shared/domain/roles.ts';
import { OpsError } from './errors.ts';

/**
 * Staff accounts in the province's user pool: an officer or leader acts for one open unit of the
 * province (the pool's `custom:unit`, which only administrators set), an administrator for the
 * province. The pool's invitation (Vietnamese first) carries a temporary password; the account's
 * role reaches a token only once its holder has set up an authenticator app.
 */
export interface StaffAccount {
  email: string;
  role: Role;
  unit?: string;
  name?: string;
}

export interface StaffRow {
  email: string;
  roles: Role[];
  unit?: string;
  name?: string;
  enabled: boolean;
  status: string;
}

const Email = z.email();

/** The account an operator asks for, checked against the province before AWS is asked. */
export function staffAccount(
  province: Province,
  input: { email?: string; role?: string; unit?: string; name?: string },
): StaffAccount {
  ownPool(province);
  const email = staffEmail(input.email);
  const role = input.role as Role;
  if (!STAFF_ROLES.includes(role))
    throw new OpsError(`Give the account's role: --role ${STAFF_ROLES.join(', --role ')}.`);
  const name = input.name?.trim();
  if (name !== undefined && (name.length === 0 || name.length > 100))
    throw new OpsError('The name, when given, is 1 to 100 characters.');
  if (!actsForUnit(role)) {
    if (input.unit)
      throw new OpsError(`${anA(role)} acts for the province, not for a unit: leave out --unit.`);
    return { email, role, ...(name ? { name } : {}) };
  }
  return { email, role, unit: openUnit(province, input.unit, role), ...(name ? { name } : {}) };
}

/** Staff accounts live in the province's own pool; an external issuer keeps its own. */
export function ownPool(province: Province): void {
  if (province.oidc.provider !== 'cognito')
    throw new OpsError(
      `${province.name} signs its staff in with ${province.oidc.issuer}: create their accounts there, with the role and unit in the claims the province file maps.`,
    );
}

export function staffEmail(email: string | undefined): string {
  const parsed = Email.safeParse(email?.trim().toLowerCase());
  if (!parsed.success) throw new OpsError('Give the account’s email address: --email <address>.');
  return parsed.data;
}

function openUnit(province: Province, code: string | undefined, role: Role): string {
  if (!code) throw new OpsError(`${anA(role)} acts for one unit: give its code, --unit <code>.`);
  const unit = flattenUnits(province.units).find((candidate) => candidate.code === code);
  if (!unit)
    throw new OpsError(
      `${province.name} has no unit ${code}: give one of the codes in the province file's units.`,
    );
  if (unit.disabled) throw new OpsError(`Unit ${code} (${unit.name}) is closed: no one can act for it.`);
  if (unit.external)
    throw new OpsError(
      `Unit ${code} (${unit.name}) is outside this deployment: its staff work in its own system.`,
    );
  return code;
}

const anA = (role: Role) => `${/^[aeiou]/.test(role) ? 'An' : 'A'} ${role}`;

const attribute = (attributes: AttributeType[] | undefined, name: string) =>
  attributes?.find((candidate) => candidate.Name === name)?.Value;

/**
 * Creates the account and puts it in its role's group. Run again after a failure in between, it
 * finds the account it made and finishes (no second invitation); an existing account of another
 * unit, or a disabled one, is refused rather than changed.
 */
export async function addStaff(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  account: StaffAccount,
): Promise<{ created: boolean }> {
  const created = await createAccount(cognito, userPoolId, account);
  if (!created) {
    const existing = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: account.email }),
    );
    const unit = attribute(existing.UserAttributes, 'custom:unit');
    if (existing.Enabled === false)
      throw new OpsError(
        `${account.email} has a disabled account: enable it with aws cognito-idp admin-enable-user before giving it a role again.`,
      );
    if (account.unit && unit && unit !== account.unit)
      throw new OpsError(
        `${account.email} already has an account for unit ${unit}, not ${account.unit}: a person acts for one unit.`,
      );
  }
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: userPoolId,
      Username: account.email,
      GroupName: account.role,
    }),
  );
  return { created };
}

async function createAccount(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  account: StaffAccount,
): Promise<boolean> {
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: account.email,
        UserAttributes: [
          { Name: 'email', Value: account.email },
          { Name: 'email_verified', Value: 'true' },
          ...(account.name ? [{ Name: 'name', Value: account.name }] : []),
          ...(account.unit ? [{ Name: 'custom:unit', Value: account.unit }] : []),
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'UsernameExistsException') return false;
    throw error;
  }
}

/** Every staff account with its roles, unit and state, read group by group, page by page. */
export async function listStaff(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
): Promise<StaffRow[]> {
  const rows = new Map<string, StaffRow>();
  for (const role of STAFF_ROLES) {
    for await (const user of groupMembers(cognito, userPoolId, role)) {
      const key = user.Username!;
      const row = rows.get(key) ?? staffRow(user);
      row.roles.push(role);
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort(
    (a, b) => (a.unit ?? '').localeCompare(b.unit ?? '') || a.email.localeCompare(b.email),
  );
}

async function* groupMembers(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  group: string,
): AsyncGenerator<UserType> {
  let next: string | undefined;
  do {
    const page = await cognito.send(
      new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: group, NextToken: next }),
    );
    yield* page.Users ?? [];
    next = page.NextToken;
  } while (next);
}

function staffRow(user: UserType): StaffRow {
  const unit = attribute(user.Attributes, 'custom:unit');
  const name = attribute(user.Attributes, 'name');
  return {
    email: attribute(user.Attributes, 'email') ?? user.Username!,
    roles: [],
    ...(unit ? { unit } : {}),
    ...(name ? { name } : {}),
    enabled: user.Enabled !== false,
    status: user.UserStatus ?? 'UNKNOWN',
  };
}

/** What the operator reads: one line per account, the state in words. */
export function staffLines(province: Province, rows: readonly StaffRow[]): string[] {
  if (rows.length === 0) return [`${province.name} has no staff accounts yet: npm run staff -- add …`];
  const units = new Map(flattenUnits(province.units).map((unit) => [unit.code, unit.name]));
  return rows.map((row) =>
    [
      row.email.padEnd(32),
      row.roles.join('+').padEnd(14),
      (row.unit
        ? `${row.unit} ${units.get(row.unit) ?? '(not a unit of the province)'}`
        : 'the province'
      ).padEnd(48),
      accountState(row),
    ].join(' '),
  );
}

const accountState = (row: StaffRow) =>
  !row.enabled
    ? 'disabled'
    : row.status === 'FORCE_CHANGE_PASSWORD'
      ? 'invited, has not signed in'
      : row.status === 'CONFIRMED'
        ? 'active'
        : row.status.toLowerCase();

/**
 * Disables the account and revokes its refresh tokens: it signs in no more, and an access token
 * already issued lives out its hour.
 */
export async function disableStaff(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  email: string,
): Promise<void> {
  try {
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: email }));
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException')
      throw new OpsError(
        `There is no account ${email} in the province's user pool: npm run staff -- list shows them.`,
      );
    throw error;
  }
  await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: email }));
}
