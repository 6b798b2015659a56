import { createHash, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signRequest } from '../../shared/http/signatures.ts';
import { type ControlRequest, json, problem } from './controls.ts';
import type { DevIssuer } from './dev-issuer.ts';
import type { GatewayResponse } from './events.ts';

/**
 * The national portal's stand-in as a sender (its receiving side is `/dev/receivers/
 * national-portal`): it holds the files of the dossiers it hands over and serves them by
 * address, as DVCQG does, and hands each dossier over the way the province is set to take
 * them: `push`, it files the dossier itself with a signed request as the registry's portal
 * integrator; `pull`, it keeps it in a feed that the province's schedule reads after a cursor.
 *
 *   POST /dev/portal/dossiers   a dossier in the national shape, each file's bytes in base64
 *                               (`NoiDung`) instead of its address; a `MaBamSHA256` or
 *                               `KichThuoc` given is sent as is (to play a damaged file)
 *   POST /dev/portal/files      holds TaiLieuNop's files and answers them named by address
 *   GET  /dev/portal/files/<id> a file it holds
 *   GET  /dev/portal/feed       the dossiers handed over in pull mode after `?after=<cursor>`
 */

/** The scopes the portal's stand-in is registered with. */
const SCOPES = ['dossiers:submit', 'dossiers:read', 'webhooks:manage'];

export interface PortalStandIn {
  answer(request: ControlRequest): Promise<GatewayResponse | undefined>;
  /** The registry id and key it signs with. */
  signer: { integrator: string; keyid: string; privateKey: KeyObject };
}

interface Held {
  bytes: Buffer;
}

export async function startPortalStandIn(options: {
  gatewayUrl: string;
  issuer: DevIssuer;
  integrator: string;
  /** The registry's owner unit of the portal's integration. */
  unit: string;
  handOver: 'push' | 'pull';
  stateDir: string;
}): Promise<PortalStandIn> {
  const files = new Map<string, Held>();
  const feed: { cursor: number; dossier: Record<string, unknown> }[] = [];
  const signer = await register(options);

  async function handOver(body: Record<string, unknown>): Promise<GatewayResponse> {
    const dossier = withAddresses(body, options.gatewayUrl, files);
    if (options.handOver === 'pull') {
      const cursor = (feed.at(-1)?.cursor ?? 0) + 1;
      feed.push({ cursor, dossier });
      return json(202, { MaHoSo: dossier.MaHoSo, cursor: String(cursor) });
    }
    const url = `${options.gatewayUrl}/integrations/v1/dossiers`;
    const text = JSON.stringify(dossier);
    const headers = await signRequest(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: Buffer.from(text) },
      signer,
    );
    const answer = await fetch(url, { method: 'POST', headers, body: text });
    return {
      statusCode: answer.status,
      headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' },
      body: Buffer.from(await answer.arrayBuffer()),
    };
  }

  return {
    signer: { integrator: options.integrator, ...signer },
    async answer(request) {
      if (request.path === '/dev/portal/dossiers' && request.method === 'POST') {
        const body = parsed(request.body);
        if (!body) return problem('send a dossier in the national shape, with TaiLieuNop');
        return handOver(body);
      }
      if (request.path === '/dev/portal/files' && request.method === 'POST') {
        const body = parsed(request.body);
        if (!body) return problem('send TaiLieuNop, each file’s bytes in base64 (NoiDung)');
        return json(200, { TaiLieuNop: withAddresses(body, options.gatewayUrl, files).TaiLieuNop });
      }
      const file = /^\/dev\/portal\/files\/([0-9a-f-]{36})$/.exec(request.path);
      if (file && request.method === 'GET') {
        const held = files.get(file[1]!);
        if (!held) return json(404, { detail: 'no such file' });
        return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: held.bytes };
      }
      if (request.path === '/dev/portal/feed' && request.method === 'GET') {
        const after = Number(request.query.get('after') ?? 0);
        const limit = Math.min(Number(request.query.get('limit') ?? 20), 100);
        if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1)
          return problem('after is a cursor the feed gave, limit a number from 1 to 100');
        const items = feed.filter((item) => item.cursor > after).slice(0, limit);
        return json(200, {
          items: items.map((item) => item.dossier),
          cursor: String(items.at(-1)?.cursor ?? after),
        });
      }
      return undefined;
    },
  };
}

/** A JSON object with TaiLieuNop, each component's files listed; nothing otherwise. */
function parsed(raw: Buffer): Record<string, unknown> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  const components = (body as { TaiLieuNop?: unknown } | null)?.TaiLieuNop;
  const listed =
    Array.isArray(components) &&
    components.every((component) => Array.isArray((component as { TepDinhKem?: unknown })?.TepDinhKem));
  return listed ? (body as Record<string, unknown>) : undefined;
}

/** The dossier as the portal hands it over: each file held here and named by its address. */
function withAddresses(
  body: Record<string, unknown>,
  gatewayUrl: string,
  files: Map<string, Held>,
): Record<string, unknown> {
  const components = body.TaiLieuNop as { MaThanhPhanHoSo: string; TepDinhKem: Record<string, unknown>[] }[];
  return {
    ...body,
    TaiLieuNop: components.map((component) => ({
      ...component,
      TepDinhKem: component.TepDinhKem.map(({ NoiDung, ...file }) => {
        const bytes = Buffer.from(String(NoiDung ?? ''), 'base64');
        const id = randomUUID();
        files.set(id, { bytes });
        return {
          KichThuoc: bytes.length,
          MaBamSHA256: createHash('sha256').update(bytes).digest('hex'),
          ...file,
          DuongDanTaiTepTin: `${gatewayUrl}/dev/portal/files/${id}`,
        };
      }),
    })),
  };
}

/**
 * The portal's integrator in the registry, with a key of this run's own (kept beside the
 * others `npm run integrator` makes, for `npm run sign`).
 */
async function register(options: {
  gatewayUrl: string;
  issuer: DevIssuer;
  integrator: string;
  unit: string;
  stateDir: string;
}): Promise<{ keyid: string; privateKey: KeyObject }> {
  const token = await options.issuer.sign({ sub: 'portal-stand-in', role: 'admin', ttl: 300 });
  const post = (path: string, body: unknown) =>
    fetch(`${options.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const created = await post('/admin/integrators', {
    id: options.integrator,
    name: 'Cổng Dịch vụ công quốc gia',
    unit: options.unit,
    scopes: SCOPES,
  });
  if (created.status !== 201 && created.status !== 409)
    throw new Error(`the portal's stand-in could not register: ${await created.text()}`);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { kty, crv, x } = publicKey.export({ format: 'jwk' });
  const added = await post(`/admin/integrators/${options.integrator}/keys`, { publicKey: { kty, crv, x } });
  if (added.status !== 201) throw new Error(`the portal's stand-in got no key: ${await added.text()}`);
  const { keyid } = (await added.json()) as { keyid: string };
  const folder = join(options.stateDir, 'integrators');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, `${options.integrator}.jwk`),
    `${JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: keyid })}\n`,
    { mode: 0o600 },
  );
  return { keyid, privateKey };
}
