import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { signRequest } from '../../shared/http/signatures.ts';
import { type Json, readJson } from './json.ts';
import type { TestRuntime } from './runtime.ts';

export interface Signer {
  keyid: string;
  privateKey: KeyObject;
}

export interface Reply {
  status: number;
  body: Json;
  headers: Record<string, string>;
}

/** Registering integrators as an administrator, and calling as one of them with signed requests. */
export function integrators(api: TestRuntime) {
  async function admin(path: string, body?: unknown) {
    const response = await api.call(path, {
      as: 'admin',
      sub: 'admin-it',
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await readJson(response) };
  }

  async function newKey(id: string): Promise<Signer> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const { crv, kty, x } = publicKey.export({ format: 'jwk' });
    const added = await admin(`/admin/integrators/${id}/keys`, { publicKey: { kty, crv, x } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    return { keyid: added.body.keyid, privateKey };
  }

  /** Registers an integrator owned by `unit` and gives it a key of its own. */
  async function register(
    scopes: string[],
    limits: Record<string, string[]> = {},
    unit = '000.00.01.H19',
    id = `it-${randomUUID().slice(0, 8)}`,
  ): Promise<Signer & { id: string }> {
    const created = await admin('/admin/integrators', {
      id,
      name: 'Cổng Dịch vụ công quốc gia',
      unit,
      scopes,
      ...limits,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { id, ...(await newKey(id)) };
  }

  /** A signed request, sent once; its headers come back, to be sent again. */
  async function signed(
    method: string,
    path: string,
    signer: Signer,
    body?: unknown,
    extra: Record<string, string> = {},
    again?: Record<string, string>,
  ): Promise<Reply> {
    const url = `${api.url}${path}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers =
      again ??
      (await signRequest(
        {
          method,
          url,
          headers: { ...extra, ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(text === undefined ? {} : { body: Buffer.from(text) }),
        },
        signer,
      ));
    const response = await fetch(url, { method, headers, ...(text === undefined ? {} : { body: text }) });
    const answer = response.status === 204 ? undefined : await readJson(response);
    return { status: response.status, body: answer, headers };
  }

  return { admin, newKey, register, signed };
}
