import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { SELF_SIGN_UP_GROUP } from '../domain/accounts.ts';
import { traced } from '../observability.ts';

const cognito = traced(new CognitoIdentityProviderClient({}));

/** Whether the account has a second factor set up (TOTP or SMS), which the pool then requires. */
export async function hasSecondFactor(userPoolId: string, username: string): Promise<boolean> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  return (user.UserMFASettingList?.length ?? 0) > 0;
}

/** A self-registered account, once confirmed, is a citizen. */
export async function joinSelfSignUpGroup(userPoolId: string, username: string): Promise<void> {
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: userPoolId,
      Username: username,
      GroupName: SELF_SIGN_UP_GROUP,
    }),
  );
}
