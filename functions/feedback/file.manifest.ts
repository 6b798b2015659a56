import { FeedbackFileParams } from '../../shared/api/feedback.ts';
import { DownloadView } from '../../shared/api/uploads.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const downloadFeedbackFile = {
  entry: 'functions/feedback/file.ts',
  description: 'A short-lived link to one file of feedback',
  memoryMb: 512,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/feedback/{id}/files/{uploadId}',
    access: ['officer', 'leader', 'citizen'],
    summary: 'A presigned download link valid 5 minutes to a file of feedback, for its author and its unit',
    tag: 'Feedback',
    request: { params: FeedbackFileParams },
    response: {
      status: 200,
      description: 'Where to download the file',
      body: DownloadView,
      headers: ['cache-control'],
    },
    problems: ['not-found'],
  },
  uses: { table: { read: ['feedback', 'upload', 'catalog'] }, bucket: { read: ['clean'] } },
} as const satisfies FunctionSpec;
