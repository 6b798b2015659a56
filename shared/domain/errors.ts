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

/** A message for people, in both languages of the API. */
export type Text = string | { vi: string; en: string };

export interface FieldIssue {
  /** Where the value sits, e.g. `body.components[0].id`. */
  path: string;
  code: string;
  message: Text;
}

export class DomainError extends Error {
  override name = 'DomainError';
  readonly kind: ErrorKind;
  readonly detail: Text;
  readonly issues: FieldIssue[];

  constructor(kind: ErrorKind, detail: Text, issues: FieldIssue[] = []) {
    super(typeof detail === 'string' ? detail : detail.en);
    this.kind = kind;
    this.detail = detail;
    this.issues = issues;
  }
}

export const notFound = (detail: Text): DomainError => new DomainError('not-found', detail);
export const invalid = (detail: Text, issues: FieldIssue[] = []): DomainError =>
  new DomainError('validation-failed', detail, issues);
