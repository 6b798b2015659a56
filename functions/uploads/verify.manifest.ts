import { UploadParams, UploadView } from '../../shared/api/uploads.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const verifyUpload = {
  entry: 'functions/uploads/verify.ts',
  description: 'Checks an uploaded file: size, SHA-256, type from its bytes, malware',
  memoryMb: 1024,
  timeoutSeconds: 25,
  http: {
    method: 'POST',
    path: '/uploads/{uploadId}/verify',
    access: ['officer', 'citizen'],
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
