import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger of every function; its level comes from `POWERTOOLS_LOG_LEVEL`. */
export const logger = new Logger({ serviceName: 'motcua' });
