import type { z } from 'zod';
import type { FieldIssue } from '../domain/errors.ts';

/** `['components', 0, 'id']` → `components[0].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, at) => (typeof key === 'number' ? `[${key}]` : `${at ? '.' : ''}${String(key)}`))
    .join('');
}

export function fieldIssues(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([prefix, ...issue.path]),
    code: issue.code,
    message: issue.message,
  }));
}
