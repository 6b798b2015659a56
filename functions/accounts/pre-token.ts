import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { lambdaHandler } from '../../shared/observability.ts';
import { groupsForToken } from '../../shared/services/accounts.ts';

/** Cognito's pre token generation trigger: staff groups only for accounts with a second factor. */
export const handler = lambdaHandler(async (event: PreTokenGenerationTriggerEvent) => {
  const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
  const kept = await groupsForToken(event.userPoolId, event.userName, groups);
  event.response.claimsOverrideDetails = { groupOverrideDetails: { groupsToOverride: kept } };
  return event;
});
