import { now } from '../../shared/clock.ts';
import { lambdaHandler, logger } from '../../shared/observability.ts';
import { pullFromPortal } from '../../shared/services/portal-pull.ts';

/** Runs on a schedule (EventBridge on AWS, a timer locally); does nothing unless the portal hands over by pull. */
export const handler = lambdaHandler(async () => {
  const outcome = await pullFromPortal(now());
  if (outcome.kind !== 'not-pulling') logger.info('portal feed', outcome);
  return outcome;
});
