import { now } from '../../shared/clock.ts';
import { count, lambdaHandler, logger } from '../../shared/observability.ts';
import { sweepOverdue } from '../../shared/services/overdue.ts';

/** Runs on a schedule (EventBridge on AWS, a timer locally). */
export const handler = lambdaHandler(async () => {
  const { alerts, ...counts } = await sweepOverdue(now());
  logger.info('overdue sweep', counts);
  count('OverdueFound', { deadline: 'dossier' }, counts.overdue);
  count('OverdueFound', { deadline: 'step' }, counts.stepOverdue);
  count('OverdueFound', { deadline: 'feedback' }, counts.feedbackOverdue);
  return { ...counts, alerts };
});
