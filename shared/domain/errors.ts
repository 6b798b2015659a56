/**
 * The ways a request can fail, as values. Each kind is a stable problem type of the API
 * (`urn:motcua:problem:<kind>`); the HTTP kit maps it to one problem+json answer, and
 * nothing else builds an error response.
 */
export type ErrorKind =
  | 'validation-failed'
  | 'malformed-json'
  | 'unsupported-media-type'
  | 'payload-too-large'
  | 'unauthenticated'
  | 'forbidden'
  /** The token names a unit that is unknown, closed or outside this deployment. */
  | 'officer-unit-refused'
  | 'not-found'
  /** The resource changed since the caller read it (If-Match, or a lost race): read again. */
  | 'stale-version'
  /** The action does not apply to the dossier as it is. */
  | 'action-not-allowed-in-state'
  /** The officer's unit does not receive the procedure filed at its desk. */
  | 'not-received-here'
  /** The dossier is at another unit, or in transit between units. */
  | 'dossier-at-another-unit'
  /** An attached file was used by another dossier meanwhile. */
  | 'upload-already-used'
  /** What was asked for exists only later in the dossier's life (a receipt, a result). */
  | 'not-available-yet'
  /** The deadline has been extended as often as the rules allow. */
  | 'extension-limit-reached'
  /** A request with this Idempotency-Key is still being processed: retry after a while. */
  | 'idempotency-in-progress'
  | 'precondition-required'
  | 'idempotency-key-reused'
  | 'too-many-requests'
  /** Something with this id exists already. */
  | 'already-exists'
  /** An integrator's request without Signature-Input and Signature. */
  | 'signature-missing'
  /** A signature of the wrong shape or coverage, or one that does not match the request. */
  | 'signature-invalid'
  /** The body is not the one the Content-Digest names. */
  | 'digest-mismatch'
  /** `created` outside the window, or `expires` passed. */
  | 'signature-expired'
  /** The signature's nonce was used before. */
  | 'replayed'
  /** The signature names no active key of the registry. */
  | 'unknown-key'
  /** The integrator's key is good, but its scopes do not include the route's. */
  | 'scope-denied'
  /** A payment confirmation that settles nothing: kept for an officer to review. */
  | 'payment-refused'
  /** A webhook target that is not a public HTTPS address. */
  | 'target-refused'
  /** A service the request needs is throttled, timed out or unreachable: nothing was done, retry later. */
  | 'temporarily-unavailable';

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
  /** Seconds after which a retry may succeed (`Retry-After`). */
  readonly retryAfterSeconds?: number;

  constructor(kind: ErrorKind, detail: Text, issues: FieldIssue[] = [], retryAfterSeconds?: number) {
    super(typeof detail === 'string' ? detail : detail.en);
    this.kind = kind;
    this.detail = detail;
    this.issues = issues;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export const notFound = (detail: Text): DomainError => new DomainError('not-found', detail);
export const invalid = (detail: Text, issues: FieldIssue[] = []): DomainError =>
  new DomainError('validation-failed', detail, issues);

/** The one field-level refusal: `body.toUnit` is not acceptable, and why. */
export const invalidField = (path: string, code: string, message: { vi: string; en: string }): DomainError =>
  invalid(message, [{ path, code, message }]);

export const staleVersion = (what: { vi: string; en: string } = { vi: 'Hồ sơ', en: 'The dossier' }) =>
  new DomainError('stale-version', {
    vi: `${what.vi} vừa được cập nhật; hãy đọc lại rồi thử lại.`,
    en: `${what.en} changed since it was read; read it again and retry.`,
  });

export const uploadAlreadyUsed = () =>
  new DomainError('upload-already-used', {
    vi: 'Một tệp đính kèm vừa được dùng cho hồ sơ khác; hãy tải lại tệp.',
    en: 'An attached file was used by another dossier meanwhile; upload it again.',
  });

export const tooManyRequests = (detail: Text, retryAfterSeconds: number) =>
  new DomainError('too-many-requests', detail, [], retryAfterSeconds);
