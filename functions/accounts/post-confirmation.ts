import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { joinSelfSignUpGroup } from '../../shared/services/accounts.ts';

/** Cognito's post confirmation trigger: a self-registered account joins the citizens. */
export async function handler(event: PostConfirmationTriggerEvent) {
  if (event.triggerSource === 'PostConfirmation_ConfirmSignUp')
    await joinSelfSignUpGroup(event.userPoolId, event.userName);
  return event;
}
