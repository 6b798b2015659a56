import { DownloadView, FileParams } from '../../shared/api/uploads.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const downloadFile = {
  entry: 'functions/dossiers/download.ts',
  description: 'A short-lived link to one file of a dossier',
  memoryMb: 512,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/dossiers/{code}/files/{uploadId}',
    access: ['officer', 'citizen'],
    summary: 'A presigned download link valid 5 minutes, with the original file name (RFC 6266)',
    tag: 'Files',
    request: { params: FileParams },
    response: {
      status: 200,
      description: 'Where to download the file',
      body: DownloadView,
      headers: ['cache-control'],
    },
    problems: ['not-found', 'not-available-yet'],
  },
  uses: {
    table: { read: ['dossier', 'upload', 'catalog'], write: ['dataAccess'] },
    bucket: { read: ['clean'] },
  },
} as const satisfies FunctionSpec;
