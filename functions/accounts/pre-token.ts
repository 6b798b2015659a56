import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { tokenOverrides } from '../../shared/domain/accounts.ts';
import { lambdaHandler } from '../../shared/observability.ts';
import { hasSecondFactor } from '../../shared/services/accounts.ts';

/**
 * Cognito's pre token generation trigger (version 2, which edits access tokens as well as ID
 * tokens): staff groups only for accounts with a second factor.
 */
export const handler = lambdaHandler(async (event: PreTokenGenerationV2TriggerEvent) => {
  const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
  const secondFactor = await hasSecondFactor(event.userPoolId, event.userName);
  event.response.claimsAndScopeOverrideDetails = tokenOverrides(groups, secondFactor);
  return event;
});
