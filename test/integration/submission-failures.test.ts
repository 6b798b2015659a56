import { createHash, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { httpApiEvent } from '../../infra/local/events.ts';
import { canonicalJson } from '../../shared/domain/history.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';
import { logger } from '../../shared/observability.ts';
import { documents } from '../../shared/persistence/client.ts';
import { journey } from '../support/dossiers.ts';
import { DEPENDENCY_FAILURES, failOnDemand } from '../support/failing-dependency.ts';
import { type Json, readJson } from '../support/json.ts';
import { linesWhile } from '../support/logs.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

/** The submission function as deployed, but unable to take a code number: it fails mid-way. */
const deployed: FunctionSpec = manifest.submitDossier;
const failing: FunctionSpec = {
  ...deployed,
  uses: {
    ...deployed.uses,
    table: {
      ...deployed.uses.table,
      write: deployed.uses.table?.write?.filter((partition) => partition !== 'sequence') ?? [],
    },
  },
};

/** An HTTP API event of POST /dossiers, as the gateway would hand it to the function. */
function submission(citizen: string, key: string, body: unknown) {
  return httpApiEvent(
    {
      method: 'POST',
      url: '/dossiers',
      rawHeaders: ['content-type', 'application/json', 'idempotency-key', key],
      body: Buffer.from(JSON.stringify(body)),
      sourceIp: '127.0.0.1',
    },
    { routeKey: 'POST /dossiers' },
    { sub: citizen, 'cognito:groups': '[citizen]' },
    new Date(),
  );
}

const post = (citizen: string, key: string, body: unknown) =>
  api.call('/dossiers', {
    method: 'POST',
    as: 'citizen',
    sub: citizen,
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

afterEach(() => {
  api.runtime.clock.reset();
});

describe('a submission that fails mid-way', () => {
  it('gives its Idempotency-Key up at once, so that the resend goes through', async () => {
    const flow = journey(api);
    const body = await flow.application();
    const key = randomUUID();
    const broken = (await api.runtime.invokerFor({ submitDossier: failing })(
      'submitDossier',
      submission(flow.citizen, key, body),
    )) as { statusCode: number };
    expect(broken.statusCode).toBe(500);
    const resent = await post(flow.citizen, key, body);
    expect(resent.status, JSON.stringify(await resent.clone().json())).toBe(201);
    expect(resent.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers a resend while its first attempt still holds the key with 409 and Retry-After, not a timeout', async () => {
    const flow = journey(api);
    const body = await flow.application();
    const key = randomUUID();
    // What a worker that died after claiming the key leaves: a claim locked a little longer.
    const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
    const now = Math.floor(api.runtime.clock.now().getTime() / 1000);
    await DynamoDBDocumentClient.from(api.runtime.clients.dynamodb).send(
      new PutCommand({
        TableName: api.runtime.resources.tableName,
        Item: {
          pk: `IDEM#USER:${encodeURIComponent(flow.citizen)}#${key}`,
          sk: 'IDEM',
          entity: 'idempotency',
          requestHash,
          status: 'in-progress',
          lockedUntil: now + 6,
          expiresAt: now + 86_400,
        },
      }),
    );
    const held = await post(flow.citizen, key, body);
    const problem: Json = await readJson(held);
    expect(held.status, JSON.stringify(problem)).toBe(409);
    expect(problem.type).toBe('urn:motcua:problem:idempotency-in-progress');
    const retryAfter = Number(held.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(6);
    // Once the lock lapses, the resend takes the key over and the dossier is made, once.
    api.runtime.clock.advance((retryAfter + 1) * 1000);
    const made = await post(flow.citizen, key, body);
    expect(made.status).toBe(201);
    const again = await post(flow.citizen, key, body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await readJson(again)).code).toBe((await readJson(made)).code);
  });
});

describe('a dependency that is throttled, times out or cannot be reached', () => {
  const dependency = failOnDemand(documents);
  afterEach(() => dependency.stop());

  it.each(Object.keys(DEPENDENCY_FAILURES) as (keyof typeof DEPENDENCY_FAILURES)[])(
    '%s: the request gets 503 with Retry-After and nothing is done; the log names the cause',
    async (kind) => {
      const flow = journey(api);
      const body = await flow.application();
      const key = randomUUID();
      const command = kind === 'transaction throttled' ? 'TransactWriteItemsCommand' : 'PutItemCommand';
      dependency.fail([command], DEPENDENCY_FAILURES[kind]);
      logger.setLogLevel('WARN');
      let answer: Response | undefined;
      const lines = await linesWhile(async () => {
        answer = await post(flow.citizen, key, body);
      });
      logger.setLogLevel('CRITICAL');
      dependency.stop();
      const problem = await readJson(answer!);
      expect(answer!.status, JSON.stringify(problem)).toBe(503);
      expect(problem.type).toBe('urn:motcua:problem:temporarily-unavailable');
      expect(Number(answer!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const logged = lines.find((line) => line.message === 'dependency unavailable');
      expect(logged?.cause).toMatch(DEPENDENCY_FAILURES[kind]().name);
      expect(logged?.cause).toContain(kind === 'transaction throttled' ? 'ThrottlingError' : kind);
      expect(lines.some((line) => line.level === 'ERROR')).toBe(false);
      // Nothing was filed: the same request, sent again once the dependency is back, files the one dossier.
      expect(await readJson(await api.call('/dossiers', { as: 'citizen', sub: flow.citizen }))).toMatchObject(
        {
          items: [],
        },
      );
      const resent = await post(flow.citizen, key, body);
      expect(resent.status).toBe(201);
      expect(resent.headers.get('idempotent-replayed')).toBeNull();
    },
  );
});
