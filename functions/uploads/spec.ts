import { UploadParams, UploadRequestBody, UploadTicket, UploadView } from '../../shared/api/uploads.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const requestUpload = {
  entry: 'functions/uploads/request.ts',
  description: 'A presigned POST for one file, under the quarantine prefix',
  memoryMb: 512,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/uploads',
    access: ['citizen', 'officer'],
    summary: 'Ask to upload a file for a dossier component (citizen) or a result (officer); valid 15 minutes',
    tag: 'Files',
    request: { body: UploadRequestBody },
    response: { status: 201, description: 'Where and how to POST the file', body: UploadTicket },
    problems: ['not-found', 'dossier-at-another-unit', 'action-not-allowed-in-state'],
  },
  uses: { table: { read: ['catalog', 'dossier'], write: ['upload'] }, bucket: { write: ['quarantine'] } },
} as const satisfies FunctionSpec;

export const verifyUpload = {
  entry: 'functions/uploads/verify.ts',
  description: 'Checks an uploaded file: size, SHA-256, type from its bytes, malware',
  memoryMb: 1024,
  timeoutSeconds: 25,
  http: {
    method: 'POST',
    path: '/uploads/{uploadId}/verify',
    access: ['citizen', 'officer'],
    summary: 'Check an uploaded file; pending → verified | rejected (with a reason)',
    tag: 'Files',
    request: { params: UploadParams },
    response: { status: 200, description: 'The upload and its state', body: UploadView },
    problems: ['not-found'],
  },
  uses: {
    table: { read: ['upload', 'catalog'], write: ['upload'] },
    bucket: { read: ['quarantine', 'clean'], write: ['clean'], delete: ['quarantine'] },
  },
} as const satisfies FunctionSpec;

export const expireUploads = {
  entry: 'functions/uploads/expire.ts',
  description: 'Deletes the file of an upload that expired unused (the table removed its record)',
  memoryMb: 256,
  timeoutSeconds: 30,
  stream: { batchSize: 25, retryAttempts: 10, entity: 'upload', change: 'expiry' },
  uses: { bucket: { delete: ['quarantine', 'clean'] } },
} as const satisfies FunctionSpec;
