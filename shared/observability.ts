import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ENV } from './env.ts';

/**
 * The logger, metrics and tracer every function shares (as Powertools' examples wire them in
 * one commons module). Levels, sampling and the namespace come from the environment the
 * manifest gives each function; the province is a dimension of every metric.
 */
export const logger = new Logger({ serviceName: 'motcua' });
let metrics: Metrics | undefined;
/** Made at the first count, so that it reads the environment the function runs in. */
const metricsNow = (): Metrics => {
  metrics ??= new Metrics({ namespace: 'motcua', serviceName: 'motcua' });
  return metrics;
};
/**
 * Lambda traces every invocation (active tracing); a province that wants each AWS SDK call as
 * a subsegment too turns on Powertools' tracer (`tracing: "sdk"` in its file). It is loaded
 * only then, and bundled only then: the bundler replaces this variable by the province's
 * choice and leaves the dead branch out, since the tracer's X-Ray SDK costs a cold start
 * about 13 ms even unused.
 */
const tracer =
  process.env.MOTCUA_SDK_TRACING === 'true'
    ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ serviceName: 'motcua' })
    : undefined;
const traceInvocations =
  process.env.MOTCUA_SDK_TRACING === 'true'
    ? (await import('@aws-lambda-powertools/tracer/middleware')).captureLambdaHandler
    : undefined;

/** Told of every AWS SDK call the functions make (the cost bench counts billed requests with it). */
export type CallMeter = (service: string, command: string) => void;
const callMeters = new Set<CallMeter>();
export function meterSdkCalls(meter: CallMeter): () => void {
  callMeters.add(meter);
  return () => callMeters.delete(meter);
}

type MiddlewareClient = {
  middlewareStack: {
    add: (
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ) => void;
  };
};

/**
 * An AWS SDK client whose calls are subsegments of the function's trace (with SDK tracing on)
 * and are told to any call meter.
 */
export function traced<Client>(client: Client): Client {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      for (const meter of callMeters)
        meter(context.clientName ?? 'unknown', context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'motcuaCallMeter' },
  );
  return tracer ? tracer.captureAWSv3Client(client) : client;
}

/**
 * What the province watches, each a count: dossiers submitted, officer and citizen actions by
 * kind, hops landed or failed, notifications by channel and outcome, overdue dossiers found,
 * signatures refused.
 */
export type BusinessMetric =
  | 'DossiersSubmitted'
  | 'Actions'
  | 'Hops'
  | 'Notifications'
  | 'OverdueFound'
  | 'SignaturesRefused'
  | 'ExternalSteps'
  | 'Payments'
  | 'Deliveries'
  | 'Ratings'
  | 'Indicators'
  | 'ChannelFiles'
  | 'PortalPulls';

/** Counts a business event, with its own dimensions (the action, the channel and outcome…). */
export function count(metric: BusinessMetric, dimensions: Record<string, string> = {}, value = 1): void {
  const single = metricsNow().singleMetric();
  single.addDimension('province', process.env[ENV.provinceId] ?? 'local');
  for (const [name, dimension] of Object.entries(dimensions)) single.addDimension(name, dimension);
  single.addMetric(metric, MetricUnit.Count, value);
}

/**
 * Every function's wrapping: the Lambda context in each log line (keys of one invocation never
 * leak into the next) and the invocation's trace. Business metrics are flushed as they happen.
 */
// biome-ignore lint/suspicious/noExplicitAny: middy's own generic defaults
export const observed = <Handler extends middy.MiddyfiedHandler<any, any>>(handler: Handler): Handler =>
  (tracer && traceInvocations
    ? handler.use(traceInvocations(tracer, { captureResponse: false }))
    : handler
  ).use(withLambdaContext) as Handler;

/**
 * The Lambda context in every log line; the keys the previous invocation appended dropped as
 * the next starts (so that its error handlers still log them). Powertools' own middleware
 * would also reset the level to the one read at start, undoing the local runtime's.
 */
const withLambdaContext: middy.MiddlewareObj = {
  before: (request) => {
    logger.resetKeys();
    logger.addContext(request.context);
  },
};

/** A function with no kit of its own (stream, schedule, trigger), observed as every other. */
export const lambdaHandler = <Event, Result>(handler: (event: Event, context: Context) => Promise<Result>) =>
  observed(middy<Event, Result>().handler(handler));
