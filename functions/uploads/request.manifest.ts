import { UploadRequestBody, UploadTicket } from '../../shared/api/uploads.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const requestUpload = {
  entry: 'functions/uploads/request.ts',
  description: 'A presigned POST for one file, under the quarantine prefix',
  memoryMb: 512,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/uploads',
    access: ['officer', 'citizen'],
    summary: 'Ask to upload a file for a dossier component (citizen) or a result (officer); valid 15 minutes',
    tag: 'Files',
    request: { body: UploadRequestBody },
    response: { status: 201, description: 'Where and how to POST the file', body: UploadTicket },
    problems: ['not-found', 'dossier-at-another-unit', 'action-not-allowed-in-state'],
  },
  uses: { table: { read: ['catalog', 'dossier'], write: ['upload'] }, bucket: { write: ['quarantine'] } },
} as const satisfies FunctionSpec;
