import type { ScheduledEvent } from 'aws-lambda';
import { now } from '../../shared/clock.ts';
import { lambdaHandler, logger } from '../../shared/observability.ts';
import { takeCheckpoint } from '../../shared/services/checkpoints.ts';

/**
 * Runs on a schedule (EventBridge on AWS, a timer locally). The event's detail may shorten the
 * time left for the last writes to settle (the tests do); the schedule sends none.
 */
export const handler = lambdaHandler(async (event: Partial<ScheduledEvent<{ settleSeconds?: number }>>) => {
  const settle = event.detail?.settleSeconds;
  const taken = await takeCheckpoint(now(), typeof settle === 'number' ? settle * 1000 : undefined);
  logger.info('history checkpoint', { ...taken });
  return taken ?? { number: null, heads: 0 };
});
