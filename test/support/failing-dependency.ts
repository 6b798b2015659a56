import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The failures a dependency gives when it is throttled, times out or cannot be reached, as the AWS SDK surfaces them. */
export const DEPENDENCY_FAILURES = {
  throttled: () =>
    Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
      $retryable: { throttling: true },
    }),
  'timed out': () => Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }),
  unreachable: () => Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' }),
  'failed on its side': () =>
    Object.assign(new Error('Internal server error'), {
      name: 'InternalServerError',
      $metadata: { httpStatusCode: 500 },
    }),
  'transaction throttled': () =>
    Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
    }),
} as const;

/**
 * Makes the client fail the next `times` commands named in `commands` with `failure`, before
 * they leave this process, as the SDK would after its own retries: a wrapper a test turns on
 * and off, around the real client.
 */
export function failOnDemand(client: DynamoDBDocumentClient) {
  let plan: { commands: string[]; times: number; failure: () => Error } | undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (plan && plan.times > 0 && plan.commands.includes(context.commandName ?? '')) {
        plan.times -= 1;
        throw plan.failure();
      }
      return next(args);
    },
    { step: 'initialize', name: 'failOnDemand' },
  );
  return {
    fail(commands: string[], failure: () => Error, times = Number.POSITIVE_INFINITY) {
      plan = { commands, times, failure };
    },
    stop() {
      plan = undefined;
    },
  };
}
