import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec, Manifest } from '../../shared/manifest-types.ts';
import { type FunctionScope, runAs } from './scope.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<string, Promise<Handler>>();

export class FunctionTimeout extends Error {
  override name = 'FunctionTimeout';
}

/** Runs a function of the manifest by name with an event, as Lambda would. */
export type Invoke = (name: string, event: unknown) => Promise<unknown>;

/**
 * The invoker of a runtime: each function runs in its own scope (its resource variables
 * and table grants, from its manifest entry), with its timeout.
 */
/** Told of every invocation as Lambda would bill it: the function, its memory and how long it ran. */
export type InvocationMeter = (name: string, memoryMb: number, durationMs: number) => void;

export function createInvoker(
  manifest: Manifest,
  region: string,
  scopeOf: (name: string, spec: FunctionSpec) => FunctionScope,
  onInvoked?: InvocationMeter,
): Invoke {
  return async (name, event) => {
    const spec = manifest[name];
    if (!spec) throw new Error(`no function ${name} in the manifest`);
    const started = performance.now();
    try {
      return await runAs(scopeOf(name, spec), () => invoke(name, spec, event, region));
    } finally {
      onInvoked?.(name, spec.memoryMb, performance.now() - started);
    }
  };
}

/**
 * Runs a manifest function's `handler` in this process with a Lambda-like context and
 * its timeout. Modules load once, like a warm execution environment.
 */
async function invoke(name: string, spec: FunctionSpec, event: unknown, region: string): Promise<unknown> {
  const handler = await load(spec.entry);
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  const context = lambdaContext(name, spec, deadline, region);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FunctionTimeout(`${name} timed out after ${spec.timeoutSeconds} s`)),
      spec.timeoutSeconds * 1000,
    );
  });
  try {
    return await Promise.race([handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function load(entry: string): Promise<Handler> {
  let handler = loaded.get(entry);
  if (!handler) {
    handler = import(pathToFileURL(resolve(ROOT, entry)).href).then((module) => {
      if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
      return module.handler as Handler;
    });
    loaded.set(entry, handler);
  }
  return handler;
}

function lambdaContext(name: string, spec: FunctionSpec, deadline: number, region: string): Context {
  const functionName = `motcua-${name}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
