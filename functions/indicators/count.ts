import { now } from '../../shared/clock.ts';
import { queueHandler } from '../../shared/messaging/batch.ts';
import { type Countable, countMessage } from '../../shared/services/indicators.ts';

export const handler = queueHandler<Countable>((message) => countMessage(message, now()));
