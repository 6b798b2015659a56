import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { provinceAccount, stackOutputs } from './ops/aws.ts';
import { type OpsContext, runForProvince } from './ops/command.ts';
import { OpsError } from './ops/errors.ts';
import {
  addStaff,
  disableStaff,
  listStaff,
  ownPool,
  staffAccount,
  staffEmail,
  staffLines,
} from './ops/staff.ts';

const USAGE =
  'npm run staff -- add --province <id> --email <address> --role officer|leader|admin [--unit <code>] [--name <name>] | list --province <id> | disable --province <id> --email <address>';

const COMMANDS = {
  add: async (context: OpsContext) => {
    const account = staffAccount(context.province, context.options);
    const { cognito, userPoolId } = await userPool(context);
    const { created } = await addStaff(cognito, userPoolId, account);
    const where = account.unit ? ` for unit ${account.unit}` : ' for the province';
    context.say(
      created
        ? `Created ${account.email}, ${account.role}${where}. The pool has emailed a temporary password.`
        : `${account.email} already had an account; it is now ${account.role}${where}. No new invitation was sent.`,
    );
    context.say(
      `At the first sign-in they choose a password and set up an authenticator app: until then their token carries no ${account.role} role.`,
    );
  },
  list: async (context: OpsContext) => {
    const { cognito, userPoolId } = await userPool(context);
    for (const line of staffLines(context.province, await listStaff(cognito, userPoolId))) context.say(line);
  },
  disable: async (context: OpsContext) => {
    const email = staffEmail(context.options.email);
    const { cognito, userPoolId } = await userPool(context);
    await disableStaff(cognito, userPoolId, email);
    context.say(
      `Disabled ${email}: they can no longer sign in and their refresh tokens are revoked; an access token already issued lasts out its hour.`,
    );
  },
};

/**
 * `npm run staff -- add|list|disable`: the province's staff accounts in its user pool. What the
 * operator asks for is checked against the province file before AWS is asked; then the
 * credentials must reach the file's account, and the pool is the data stack's.
 */
await runForProvince(
  USAGE,
  ['email=', 'role=', 'unit=', 'name='],
  async (context) => {
    const [command, ...rest] = context.positionals;
    if (rest.length || !command || !(command in COMMANDS)) throw new OpsError(`Usage: ${USAGE}`);
    await COMMANDS[command as keyof typeof COMMANDS](context);
  },
  { positionals: true },
);

async function userPool(context: OpsContext) {
  const { province, path, dataStack } = context;
  ownPool(province);
  await provinceAccount(province, path);
  const userPoolId = (await stackOutputs(dataStack, province.region))?.UserPoolId;
  if (!userPoolId)
    throw new OpsError(`${dataStack} is not deployed in ${province.region}: deploy the province first.`);
  return { cognito: new CognitoIdentityProviderClient({ region: province.region }), userPoolId };
}
