import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../infra/local/runtime.ts';
import { loadProvinceFile, provinceFile } from '../../shared/config/province.ts';
import type { Role } from '../../shared/manifest-types.ts';

export interface TestRuntime {
  runtime: LocalRuntime;
  url: string;
  /** A token of the development issuer, as `npm run token` prints it, with any further claims. */
  token(
    role: Role,
    options?: { sub?: string; unit?: string; claims?: Record<string, unknown> },
  ): Promise<string>;
  /** `fetch` against the gateway, with a bearer token when a role is given. */
  call(path: string, init?: RequestInit & Caller): Promise<Response>;
}

/** Who calls: a role, and the token's subject, unit and further claims. */
export interface Caller {
  as?: Role;
  sub?: string;
  unit?: string;
  claims?: Record<string, unknown>;
}

export const demoProvince = () => loadProvinceFile(provinceFile('dong-nai'));

/** The test's handle on a running runtime: tokens of its development issuer, and calls with them. */
export function testApiOf(runtime: LocalRuntime): TestRuntime {
  const token: TestRuntime['token'] = (role, extra = {}) =>
    runtime.issuer.sign({
      role,
      sub: extra.sub ?? `test-${role}`,
      ...(extra.unit ? { unit: extra.unit } : {}),
      ...(extra.claims ? { claims: extra.claims } : {}),
    });
  return {
    runtime,
    url: runtime.url,
    token,
    async call(path: string, init: RequestInit & Caller = {}) {
      const { as, sub, unit, claims, headers, ...rest } = init;
      const auth: Record<string, string> = as
        ? { authorization: `Bearer ${await token(as, { sub, unit, claims })}` }
        : {};
      return fetch(`${runtime.url}${path}`, {
        ...rest,
        headers: { ...auth, ...(headers as Record<string, string>) },
      });
    },
  };
}

/** Consumers whose work only reaches others: counted, delivered or sent. */
const TELLING = [
  'countIndicators',
  'sendDeliveries',
  'sendWebhooks',
  'routeNotifications',
  'deliverNotifications',
] as const;

/** Starts the local runtime for this test file on the run's DynamoDB Local, and stops it after. */
export function useRuntime(
  options: Pick<
    LocalRuntimeOptions,
    | 'manifest'
    | 'onEvent'
    | 'onError'
    | 'queueOverrides'
    | 'logLevel'
    | 'metrics'
    | 'standIns'
    | 'portalHandOver'
    | 'idleConsumers'
  > &
    /** Another province than the demo one (its config file still seeds the catalog). */
    Partial<Pick<LocalRuntimeOptions, 'province'>> = {},
): TestRuntime {
  const context = {} as TestRuntime;
  beforeAll(async () => {
    const runtime = await startLocalRuntime({
      province: demoProvince(),
      provinceFile: provinceFile('dong-nai'),
      stateDir: inject('stateDir'),
      dynamodb: { endpoint: inject('dynamodbEndpoint') },
      port: 0,
      prefix: `t${randomBytes(4).toString('hex')}`,
      logLevel: 'CRITICAL',
      // Every retry of a delivery at once; no stand-ins, and none of the consumers that only
      // tell others (indicators, deliveries, notifications) unless the test looks at them.
      retryScale: 0,
      standIns: false,
      idleConsumers: TELLING,
      ...options,
      onError: options.onError ?? (() => undefined),
    });
    Object.assign(context, testApiOf(runtime));
  });
  afterAll(async () => {
    await context.runtime?.stop();
  });
  return context;
}
