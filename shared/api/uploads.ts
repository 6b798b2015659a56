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
  .looseObject({
    id: z.uuid(),
    status: z.enum(['pending', 'verified', 'rejected']),
    reason: z.string().optional(),
  })
  .meta({ id: 'Upload' });

export const FileParams = z.strictObject({ code: DossierCode, uploadId: z.uuid() });

export const DownloadView = z.object({ url: z.string(), expiresAt: z.string() }).meta({ id: 'Download' });
