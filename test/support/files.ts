import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { EICAR } from '../../shared/domain/files.ts';
import { type Json, readJson } from './json.ts';
import type { TestRuntime } from './runtime.ts';

export const pdf = (text = 'Tờ khai') =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\ntrailer\n%%EOF\n`, 'utf8');
export const png = () =>
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
export const eicarPdf = () => Buffer.concat([pdf(), Buffer.from(EICAR)]);
export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface UploadOptions {
  as?: 'citizen' | 'officer';
  sub?: string;
  unit?: string;
  purpose?: Record<string, unknown>;
  fileName?: string;
  contentType?: string;
  declaredSize?: number;
  declaredSha256?: string;
}

/** Asks for an upload, POSTs the bytes to the presigned form as a browser would, and verifies. */
export async function upload(api: TestRuntime, bytes: Buffer, options: UploadOptions = {}): Promise<Json> {
  const identity = { as: options.as ?? ('citizen' as const), sub: options.sub, unit: options.unit };
  const ticketResponse = await api.call('/uploads', {
    method: 'POST',
    ...identity,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      purpose: options.purpose ?? { kind: 'component', procedureCode: '1.004873', componentId: 'to-khai' },
      fileName: options.fileName ?? 'Tờ khai xác nhận tình trạng hôn nhân.pdf',
      contentType: options.contentType ?? 'application/pdf',
      size: options.declaredSize ?? bytes.length,
      sha256: options.declaredSha256 ?? sha256(bytes),
    }),
  });
  const ticket = await readJson(ticketResponse);
  expect(ticketResponse.status, JSON.stringify(ticket)).toBe(201);
  await postForm(ticket, bytes, options.contentType ?? 'application/pdf');
  const verified = await api.call(`/uploads/${ticket.uploadId}/verify`, { method: 'POST', ...identity });
  expect(verified.status).toBe(200);
  return readJson(verified);
}

export async function postForm(ticket: Json, bytes: Buffer, contentType: string): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields as Record<string, string>))
    form.append(name, value);
  form.append('file', new Blob([bytes], { type: contentType }));
  const response = await fetch(ticket.url, { method: 'POST', body: form });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}
