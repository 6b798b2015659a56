import type { DevIssuer } from '../../infra/local/dev-issuer.ts';
import type { Role } from '../../shared/manifest-types.ts';
import { sha256 } from '../support/files.ts';
import type { Json } from '../support/json.ts';

/** A request's fate: an answer, or nothing because the connection went down with the server. */
export type Outcome = Answer | { lost: string };
export type Answer = { status: number; body: Json; headers: Headers };

export interface Identity {
  role: Role;
  sub: string;
  unit?: string;
}

/** Calls to one served runtime with the development issuer's tokens, as any HTTP client would. */
export interface Client {
  url: string;
  call(
    path: string,
    as: Identity,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Outcome>;
}

export function client(url: string, issuer: DevIssuer): Client {
  const tokens = new Map<string, Promise<string>>();
  const token = (as: Identity) => {
    const id = `${as.role}|${as.sub}|${as.unit ?? ''}`;
    if (!tokens.has(id))
      tokens.set(id, issuer.sign({ ...as, ...(as.role === 'citizen' ? vouched(as.sub) : {}) }));
    return tokens.get(id)!;
  };
  return {
    url,
    async call(path, as, init = {}) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await token(as)}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      };
      return exchange(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    },
  };
}

/**
 * The issuer vouches for each citizen's email and phone (those the load puts in applications),
 * so that messages go to them without a confirmation code.
 */
const vouched = (sub: string) => ({
  claims: {
    email: `${sub}@example.vn`,
    email_verified: true,
    phone_number: '+84912345678',
    phone_number_verified: true,
  },
});

/** One exchange; a connection that breaks before the whole answer is read counts as lost. */
export async function exchange(url: string, init: RequestInit): Promise<Outcome> {
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, body: parse(text), headers: response.headers };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { lost: cause?.code ?? (error as Error).message };
  }
}

function parse(text: string): Json {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

export const answered = (outcome: Outcome): outcome is Answer => !('lost' in outcome);

export const explain = (outcome: Outcome): string =>
  answered(outcome) ? `${outcome.status} ${JSON.stringify(outcome.body)}` : `lost (${outcome.lost})`;

/**
 * The three steps of an attachment, as a browser takes them: ask for a presigned form,
 * POST the bytes to it, have them verified. Returns the verified upload's id, or the
 * outcome of the step that did not give what was expected.
 */
export async function uploadFile(
  api: Client,
  citizen: string,
  bytes: Buffer,
): Promise<{ uploadId: string } | { failed: string; outcome: Outcome }> {
  const as: Identity = { role: 'citizen', sub: citizen };
  const ticket = await api.call('/uploads', as, {
    method: 'POST',
    body: {
      purpose: { kind: 'component', procedureCode: '1.004873', componentId: 'to-khai' },
      fileName: 'Tờ khai xác nhận tình trạng hôn nhân.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
    },
  });
  if (!answered(ticket) || ticket.status !== 201) return { failed: 'POST /uploads', outcome: ticket };
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>))
    form.append(name, value);
  form.append('file', new Blob([bytes], { type: 'application/pdf' }));
  const stored = await exchange(ticket.body.url, { method: 'POST', body: form });
  if (!answered(stored) || stored.status >= 300) return { failed: 'POST to the bucket', outcome: stored };
  const uploadId = ticket.body.uploadId as string;
  const verified = await api.call(`/uploads/${uploadId}/verify`, as, { method: 'POST' });
  if (!answered(verified) || verified.status !== 200 || verified.body.status !== 'verified')
    return { failed: 'POST /uploads/{id}/verify', outcome: verified };
  return { uploadId };
}

/** The bytes at a (presigned) URL, or why they could not be had. */
export async function download(url: string): Promise<Buffer | string> {
  try {
    const response = await fetch(url);
    if (response.status !== 200) return `${response.status} ${await response.text()}`;
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    return (error as Error).message;
  }
}
