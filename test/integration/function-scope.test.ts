import { describe, expect, it } from 'vitest';
import { ENV } from '../../shared/env.ts';
import type { FunctionSpec, Manifest } from '../../shared/manifest-types.ts';
import type { Probe } from '../support/fixtures/table-probe.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

const probe = (uses: FunctionSpec['uses']): Manifest => ({
  probe: {
    entry: 'test/support/fixtures/table-probe.ts',
    description: 'tries one thing',
    memoryMb: 128,
    timeoutSeconds: 5,
    queue: { queue: 'notifications', batchSize: 1, maxConcurrency: 1 },
    uses,
  },
});

const run = (uses: FunctionSpec['uses'], input: Probe) => api.runtime.invokerFor(probe(uses))('probe', input);

describe('each function reaches only what its manifest entry uses, as on AWS', () => {
  it('sees the variables of the resources it uses and no others', async () => {
    expect(await run({ table: { read: ['catalog'] } }, { op: 'env' })).toEqual({
      [ENV.table]: api.runtime.resources.tableName,
      [ENV.bucket]: null,
      [ENV.receiptKeyFile]: null,
      QUEUE_URL_NOTIFICATIONS: null,
    });
    const all = (await run(
      {
        table: { read: ['catalog'] },
        bucket: { read: ['clean'] },
        signingKey: 'sign',
        sendsTo: ['notifications'],
      },
      { op: 'env' },
    )) as Record<string, string | null>;
    expect(Object.values(all).every((value) => typeof value === 'string' && value.length > 0)).toBe(true);
  });

  it('fails with the missing use named when it reaches for a resource it was not given', async () => {
    expect(await run({}, { op: 'get' })).toMatch(/TABLE_NAME is not set: .* does not use the table/);
  });

  it('reads and writes only the partitions it is granted', async () => {
    const reader = { table: { read: ['catalog' as const] } };
    expect(await run(reader, { op: 'get', pk: 'CATALOG' })).toBe('allowed');
    expect(await run(reader, { op: 'query', pk: 'CATALOG' })).toBe('allowed');
    expect(await run(reader, { op: 'get', pk: 'DOSSIER#000.01.30.H19-261128-0001' })).toBe('denied');
    expect(await run(reader, { op: 'put', pk: 'CATALOG' })).toBe('denied');
    const writer = { table: { read: ['catalog' as const], write: ['rateLimit' as const] } };
    expect(await run(writer, { op: 'put', pk: 'RATE#probe' })).toBe('allowed');
    expect(await run(writer, { op: 'put', pk: 'CATALOG' })).toBe('denied');
  });

  it('checks every item of a batch read and of a transaction against the grants', async () => {
    const use = { table: { read: ['catalog' as const], write: ['rateLimit' as const] } };
    const DOSSIER = 'DOSSIER#000.01.30.H19-261128-0001';
    expect(await run(use, { op: 'batchGet', pk: 'CATALOG' })).toBe('allowed');
    expect(await run(use, { op: 'batchGet', pk: 'CATALOG', other: DOSSIER })).toBe('denied');
    expect(await run(use, { op: 'transact', pk: 'RATE#probe-t', other: 'CATALOG' })).toBe('allowed');
    expect(await run(use, { op: 'transact', pk: 'RATE#probe-t', other: DOSSIER })).toBe('denied');
    expect(await run(use, { op: 'transact', pk: 'CATALOG', other: 'CATALOG' })).toBe('denied');
  });

  it('queries only the indexes it is granted, and never scans', async () => {
    expect(await run({ table: { read: ['dossier'] } }, { op: 'queryIndex', pk: 'OWNER#x' })).toBe('denied');
    expect(
      await run({ table: { read: ['dossier'], indexes: ['gsi1'] } }, { op: 'queryIndex', pk: 'OWNER#x' }),
    ).toBe('allowed');
    expect(await run({ table: { read: ['catalog'], indexes: ['gsi1'] } }, { op: 'scan' })).toBe('denied');
  });

  it('leaves code outside any invocation (fixtures, tools) the whole environment', () => {
    expect(process.env[ENV.table]).toBe(api.runtime.resources.tableName);
    expect(process.env[ENV.receiptKeyFile]).toBeTruthy();
  });
});
