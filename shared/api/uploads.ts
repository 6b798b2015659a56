import * as z from 'zod';
import { FILE_TYPES } from '../domain/files.ts';
import { ProcedureCode } from '../schemas/catalog.ts';
import { DossierCode } from './dossiers.ts';

export const UploadRequestBody = z
  .strictObject({
    purpose: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('component'),
        procedureCode: ProcedureCode,
        componentId: z.string().min(1).max(64),
      }),
      z.strictObject({ kind: z.literal('result'), dossierCode: DossierCode }),
      z
        .strictObject({ kind: z.literal('feedback') })
        .meta({ description: 'A file for feedback or a petition' }),
    ]),
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .refine(
        (name) => !/[/\\]/.test(name) && ![...name].some((char) => char.charCodeAt(0) < 0x20),
        'must be a file name without folders or control characters',
      ),
    contentType: z.enum(FILE_TYPES),
    size: z.int().min(1),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the hex SHA-256 of the file'),
  })
  .meta({ id: 'UploadRequest' });

export const UploadTicket = z
  .object({
    uploadId: z.uuid(),
    url: z.string(),
    fields: z.record(z.string(), z.string()),
    maxBytes: z.int(),
    expiresAt: z.string(),
  })
  .meta({
    id: 'UploadTicket',
    description: 'POST the file to url as multipart/form-data with these fields, the file last',
  });

export const UploadParams = z.strictObject({ uploadId: z.uuid() });

export const UploadView = z
  .object({
    id: z.uuid(),
    status: z.enum(['pending', 'verified', 'rejected']),
    reason: z.string().optional().meta({ description: 'Why it was rejected: a stable code' }),
    reasonText: z.object({ vi: z.string(), en: z.string() }).optional(),
    waitingFor: z
      .literal('scan')
      .optional()
      .meta({ description: 'Still pending: the malware scan has not answered' }),
    purpose: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('component'), procedureCode: z.string(), componentId: z.string() }),
      z.object({ kind: z.literal('result'), dossierCode: z.string() }),
      z.object({ kind: z.literal('feedback') }),
    ]),
    fileName: z.string(),
    contentType: z.enum(FILE_TYPES),
    size: z.int(),
    sha256: z.string(),
    maxBytes: z.int(),
    createdAt: z.string(),
    usedBy: z.string().optional().meta({ description: 'The dossier (or feedback) that holds it' }),
  })
  .meta({ id: 'Upload' });

export const FileParams = z.strictObject({ code: DossierCode, uploadId: z.uuid() });

export const DownloadView = z
  .object({ url: z.string(), fileName: z.string(), expiresAt: z.string() })
  .meta({ id: 'Download' });
