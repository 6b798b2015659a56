import { now } from '../../shared/clock.ts';
import { queueHandler } from '../../shared/messaging/batch.ts';
import { logger } from '../../shared/observability.ts';
import { receiveChannelFiles } from '../../shared/services/channel-files.ts';

export const handler = queueHandler<{ code: string }>(async ({ code }, record) => {
  const attempt = Number(record.attributes?.ApproximateReceiveCount ?? 1);
  const outcome = await receiveChannelFiles(code, attempt, now());
  logger.info('channel files', { dossier: code, attempt, outcome });
});
