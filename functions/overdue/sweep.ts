import { logger } from '../../shared/observability.ts';
import { sweepOverdue } from '../../shared/services/overdue.ts';

/** Runs on a schedule (EventBridge on AWS, a timer locally). */
export async function handler() {
  const { alerts, ...counts } = await sweepOverdue(new Date());
  logger.info('overdue sweep', counts);
  return { ...counts, alerts };
}
