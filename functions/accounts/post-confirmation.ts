import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { lambdaHandler } from '../../shared/observability.ts';
import { joinSelfSignUpGroup } from '../../shared/services/accounts.ts';

/** Cognito's post confirmation trigger: a self-registered account joins the citizens. */
export const handler = lambdaHandler(async (event: PostConfirmationTriggerEvent) => {
  if (event.triggerSource === 'PostConfirmation_ConfirmSignUp')
    await joinSelfSignUpGroup(event.userPoolId, event.userName);
  return event;
});
