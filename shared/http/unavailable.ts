/**
 * A dependency's failure that says nothing about the request: throttled, timed out,
 * unreachable, or failing on its own side (DynamoDB, SQS, S3, KMS; the emulators under
 * load). The request may succeed when sent again, so it is answered 503 with Retry-After,
 * never 500. The names are the AWS SDK's own (as `@smithy/service-error-classification`
 * classifies them for its retries, which have already been spent when the error arrives).
 */
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'LimitExceededException',
  'TooManyRequestsException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
  'KMSInternalException',
]);
const TIMED_OUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH']);
const SERVER_SIDE = new Set([500, 502, 503, 504]);
/** Why the items of a cancelled transaction failed, when none of it was the request's doing. */
const TRANSIENT_CANCELLATIONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'TransactionConflict',
]);

export interface Unavailable {
  /** What failed, for the log: the error's name and how it was classified. */
  cause: string;
  /** Seconds after which a retry may well succeed. */
  retryAfterSeconds: number;
}

type SdkError = Error & {
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  CancellationReasons?: { Code?: string }[];
};

export function unavailable(error: unknown): Unavailable | undefined {
  if (!(error instanceof Error)) return undefined;
  const failure = error as SdkError;
  const status = failure.$metadata?.httpStatusCode;
  const named = (kind: string) => `${failure.name}${failure.code ? ` (${failure.code})` : ''}: ${kind}`;
  if (THROTTLED.has(failure.name) || status === 429 || failure.$retryable?.throttling)
    return { cause: named('throttled'), retryAfterSeconds: 1 };
  if (TIMED_OUT.has(failure.name)) return { cause: named('timed out'), retryAfterSeconds: 2 };
  if (failure.code && NETWORK.has(failure.code)) return { cause: named('unreachable'), retryAfterSeconds: 2 };
  if (status !== undefined && SERVER_SIDE.has(status))
    return { cause: named(`failed on its side (${status})`), retryAfterSeconds: 2 };
  if (failure.name === 'TransactionCanceledException') {
    const codes = (failure.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
    const failed = codes.filter((code) => code !== 'None');
    if (failed.length > 0 && failed.every((code) => TRANSIENT_CANCELLATIONS.has(code)))
      return { cause: named(`cancelled (${failed.join(', ')})`), retryAfterSeconds: 1 };
  }
  return undefined;
}
