import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { type FunctionSpec, routeKey, signedScope, takesToken } from '../../shared/manifest-types.ts';
import { STALE_CLAIM_MS } from '../../shared/persistence/notifications.ts';
import { queues } from '../../shared/resources.ts';

const root = resolve(import.meta.dirname, '..', '..');
const entries = Object.entries(manifest) as [string, FunctionSpec][];

describe('the manifest', () => {
  it.each(entries)('%s points at a module that exports a handler', async (_name, spec) => {
    expect(existsSync(resolve(root, spec.entry))).toBe(true);
    const module = await import(resolve(root, spec.entry));
    expect(typeof module.handler).toBe('function');
  });

  it('gives each route key to one function only', () => {
    const keys = entries.flatMap(([, spec]) => (spec.http ? [routeKey(spec.http)] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('declares a params schema exactly for the routes with path parameters', () => {
    for (const [name, spec] of entries) {
      if (!spec.http) continue;
      const inPath = [...spec.http.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = spec.http.request?.params;
      expect(Boolean(declared), name).toBe(inPath.length > 0);
      for (const parameter of inPath) {
        const sample = declared?.safeParse({});
        expect(sample?.success, `${name} must require ${parameter}`).toBe(false);
      }
    }
  });

  it('gives every function a trigger and a timeout within what its trigger allows', () => {
    for (const [name, spec] of entries) {
      const triggers = [
        spec.http,
        spec.queue,
        spec.stream,
        spec.onDeploy,
        spec.schedule,
        spec.userPool,
      ].filter(Boolean);
      expect(triggers.length, name).toBeGreaterThan(0);
      if (spec.http) expect(spec.timeoutSeconds, `${name}: API Gateway waits 30 s`).toBeLessThanOrEqual(29);
      if (spec.queue) {
        const queue = queues[spec.queue.queue];
        expect(queue, name).toBeDefined();
        expect(queue.visibilityTimeoutSeconds, `${name}: visibility ≥ 6 × timeout`).toBeGreaterThanOrEqual(
          spec.timeoutSeconds * 6,
        );
      }
    }
  });

  it('only lets routes that are not public name roles', () => {
    for (const [name, spec] of entries) {
      if (!spec.http || !takesToken(spec.http.access)) continue;
      expect(spec.http.access.length, name).toBeGreaterThan(0);
    }
  });

  it('gives every signed route the registry to read and the nonces and its rate to write, and nothing of them to others', () => {
    for (const [name, spec] of entries) {
      const signed = spec.http !== undefined && signedScope(spec.http.access) !== undefined;
      expect(spec.uses.table?.write?.includes('nonce') ?? false, name).toBe(signed);
      if (signed) expect(spec.uses.table?.write, name).toContain('rateLimit');
      if (signed) expect(spec.uses.table?.read, name).toContain('integrator');
    }
  });

  it('sends only to queues that exist', () => {
    for (const [, spec] of entries) {
      for (const queue of spec.uses.sendsTo ?? []) expect(Object.keys(queues)).toContain(queue);
    }
  });

  it('lets a delivery claim go stale only after its sender must be dead, and before its message is given up', () => {
    const deliverer = manifest.deliverNotifications;
    expect(STALE_CLAIM_MS).toBeGreaterThan(deliverer.timeoutSeconds * 1000);
    const queue = queues[deliverer.queue.queue];
    expect(queue.visibilityTimeoutSeconds * 1000 * (queue.maxReceiveCount - 1)).toBeGreaterThan(
      STALE_CLAIM_MS,
    );
  });
});
