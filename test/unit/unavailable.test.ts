import { describe, expect, it } from 'vitest';
import { unavailable } from '../../shared/http/unavailable.ts';

/** An error as the AWS SDK throws it: a name, maybe a code, the HTTP status it came with. */
function sdkError(
  name: string,
  extra: {
    code?: string;
    status?: number;
    throttling?: boolean;
    reasons?: { Code?: string }[];
  } = {},
): Error {
  const error = new Error(`${name} happened`);
  error.name = name;
  return Object.assign(error, {
    ...(extra.code ? { code: extra.code } : {}),
    ...(extra.status === undefined ? {} : { $metadata: { httpStatusCode: extra.status } }),
    ...(extra.throttling === undefined ? {} : { $retryable: { throttling: extra.throttling } }),
    ...(extra.reasons ? { CancellationReasons: extra.reasons } : {}),
  });
}

describe('a dependency that failed on its own account (answered 503, never 500)', () => {
  it('throttled, by name, by a 429 or by the SDK’s own verdict: retry after 1 s', () => {
    for (const name of ['ThrottlingException', 'ProvisionedThroughputExceededException', 'SlowDown'])
      expect(unavailable(sdkError(name)), name).toEqual({
        cause: `${name}: throttled`,
        retryAfterSeconds: 1,
      });
    expect(unavailable(sdkError('SomethingElse', { status: 429 }))).toEqual({
      cause: 'SomethingElse: throttled',
      retryAfterSeconds: 1,
    });
    expect(unavailable(sdkError('SomethingElse', { throttling: true }))).toEqual({
      cause: 'SomethingElse: throttled',
      retryAfterSeconds: 1,
    });
    expect(unavailable(sdkError('SomethingElse', { throttling: false }))).toBeUndefined();
  });

  it('timed out: retry after 2 s', () => {
    for (const name of ['TimeoutError', 'RequestTimeout', 'AbortError'])
      expect(unavailable(sdkError(name)), name).toEqual({
        cause: `${name}: timed out`,
        retryAfterSeconds: 2,
      });
  });

  it('unreachable by its network code, which the cause names: retry after 2 s', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN'])
      expect(unavailable(sdkError('Error', { code })), code).toEqual({
        cause: `Error (${code}): unreachable`,
        retryAfterSeconds: 2,
      });
    // A code of another kind (a file not found) is the code's own fault.
    expect(unavailable(sdkError('Error', { code: 'ENOENT' }))).toBeUndefined();
  });

  it('failing on its side (500, 502, 503, 504), with the status in the cause; a 4xx or 501 is no such failure', () => {
    for (const status of [500, 502, 503, 504])
      expect(unavailable(sdkError('InternalServerError', { status })), String(status)).toEqual({
        cause: `InternalServerError: failed on its side (${status})`,
        retryAfterSeconds: 2,
      });
    for (const status of [400, 404, 501])
      expect(unavailable(sdkError('ValidationException', { status })), String(status)).toBeUndefined();
  });

  it('a transaction cancelled only by throttling or conflicts: retry after 1 s, naming the reasons', () => {
    const cancelled = sdkError('TransactionCanceledException', {
      reasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }, {}, { Code: 'ThrottlingError' }],
    });
    expect(unavailable(cancelled)).toEqual({
      cause: 'TransactionCanceledException: cancelled (TransactionConflict, ThrottlingError)',
      retryAfterSeconds: 1,
    });
  });

  it('but not a transaction cancelled by a condition of the request, nor one that gives no reason', () => {
    const conditional = sdkError('TransactionCanceledException', {
      reasons: [{ Code: 'TransactionConflict' }, { Code: 'ConditionalCheckFailed' }],
    });
    expect(unavailable(conditional)).toBeUndefined();
    const silent = sdkError('TransactionCanceledException', { reasons: [{ Code: 'None' }, {}] });
    expect(unavailable(silent)).toBeUndefined();
    expect(unavailable(sdkError('TransactionCanceledException'))).toBeUndefined();
  });

  it('anything else, or anything not an Error, is not a dependency’s failure', () => {
    expect(unavailable(new Error('a bug'))).toBeUndefined();
    expect(unavailable(new TypeError('undefined is not a function'))).toBeUndefined();
    expect(unavailable({ name: 'ThrottlingException' })).toBeUndefined();
    expect(unavailable('ThrottlingException')).toBeUndefined();
    expect(unavailable(undefined)).toBeUndefined();
  });
});
