import { describe, expect, it } from 'vitest';
import { httpApiEvent } from '../../infra/local/events.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { logProbe } from '../support/fixtures/log-probe.ts';
import type { Json } from '../support/json.ts';
import { linesWhile } from '../support/logs.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ logLevel: 'INFO', metrics: true });

/** The embedded-metric-format records of one metric, as their dimensions and value. */
const metricsNamed = (lines: Json[], name: string) =>
  lines
    .filter((line) => line._aws?.CloudWatchMetrics?.[0]?.Metrics.some((metric: Json) => metric.Name === name))
    .map((line) => ({
      namespace: line._aws.CloudWatchMetrics[0].Namespace,
      dimensions: line._aws.CloudWatchMetrics[0].Dimensions.flat().sort(),
      line,
    }));

describe('what a function tells the operators', () => {
  it('a log line carries the Lambda context, the request id and the dossier code; a metric its dimensions', async () => {
    const code = '000.02.30.H19-261129-0042';
    const event = httpApiEvent(
      {
        method: 'GET',
        url: `/probe/${code}`,
        rawHeaders: ['host', '127.0.0.1'],
        body: Buffer.alloc(0),
        sourceIp: '127.0.0.1',
      },
      { routeKey: 'GET /probe/{code}', pathParameters: { code } },
      undefined,
      new Date(),
    );
    const lines = await linesWhile(() => api.runtime.invokerFor({ logProbe })('logProbe', event));
    const logged = lines.find((line) => line.message === 'probe ran');
    expect(logged).toMatchObject({
      level: 'INFO',
      service: 'motcua',
      function_name: 'motcua-logProbe',
      function_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      correlation_id: event.requestContext.requestId,
      dossier: code,
    });
    const [counted] = metricsNamed(lines, 'Actions');
    expect(counted).toMatchObject({ namespace: 'motcua', dimensions: ['action', 'province', 'service'] });
    expect(counted!.line).toMatchObject({ action: 'probe', province: 'dong-nai', Actions: 1 });
  });

  it('an unexpected failure is logged with the same ids, and answered 500', async () => {
    const code = '000.02.30.H19-261129-0044';
    const event = httpApiEvent(
      {
        method: 'GET',
        url: `/probe/${code}`,
        rawHeaders: ['x-fail', 'yes'],
        body: Buffer.alloc(0),
        sourceIp: '127.0.0.1',
      },
      { routeKey: 'GET /probe/{code}', pathParameters: { code } },
      undefined,
      new Date(),
    );
    let answer: unknown;
    const lines = await linesWhile(async () => {
      answer = await api.runtime.invokerFor({ logProbe })('logProbe', event);
    });
    expect(answer).toMatchObject({ statusCode: 500 });
    expect(lines.find((line) => line.message === 'unhandled error')).toMatchObject({
      level: 'ERROR',
      correlation_id: event.requestContext.requestId,
      dossier: code,
    });
  });

  it('keys of one invocation never reach the next', async () => {
    const event = (path: string, pathParameters?: Record<string, string>) =>
      httpApiEvent(
        { method: 'GET', url: path, rawHeaders: [], body: Buffer.alloc(0), sourceIp: '127.0.0.1' },
        { routeKey: 'GET /probe/{code}', ...(pathParameters ? { pathParameters } : {}) },
        undefined,
        new Date(),
      );
    const invoke = api.runtime.invokerFor({ logProbe });
    const lines = await linesWhile(async () => {
      await invoke('logProbe', event('/probe/x', { code: '000.02.30.H19-261129-0043' }));
      await invoke('logProbe', event('/probe'));
    });
    const probes = lines.filter((line) => line.message === 'probe ran');
    expect(probes).toHaveLength(2);
    expect(probes[1]!.dossier).toBeUndefined();
    expect(probes[1]!.correlation_id).not.toBe(probes[0]!.correlation_id);
  });

  it('counts what the province watches: a submission and an officer action', async () => {
    const flow = journey(api);
    const lines = await linesWhile(async () => {
      const { code } = await flow.submit();
      await flow.act(code, BIEN_HOA, 'receive');
    });
    expect(metricsNamed(lines, 'DossiersSubmitted').map(({ line }) => line.DossiersSubmitted)).toEqual([1]);
    expect(metricsNamed(lines, 'Actions').map(({ line }) => [line.action, line.Actions])).toEqual([
      ['receive', 1],
    ]);
  });
});
