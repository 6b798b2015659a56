/**
 * The few ways a request can fail, as values. The HTTP kit maps each kind to one
 * problem+json answer; nothing else builds an error response.
 */
export type ErrorKind =
  | 'validation-failed'
  | 'malformed-json'
  | 'unsupported-media-type'
  | 'payload-too-large'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-required'
  | 'idempotency-key-reused'
  | 'too-many-requests';

export interface FieldIssue {
  /** Where the value sits, e.g. `body.components[0].id`. */
  path: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  override name = 'DomainError';
  readonly kind: ErrorKind;
  readonly issues: FieldIssue[];

  constructor(kind: ErrorKind, detail: string, issues: FieldIssue[] = []) {
    super(detail);
    this.kind = kind;
    this.issues = issues;
  }
}

export const notFound = (detail: string): DomainError => new DomainError('not-found', detail);
export const invalid = (detail: string, issues: FieldIssue[] = []): DomainError =>
  new DomainError('validation-failed', detail, issues);
