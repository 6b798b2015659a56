import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorKind, FieldIssue, Text } from '../domain/errors.ts';
import type { Language } from './language.ts';

interface ProblemType {
  status: number;
  title: Record<Language, string>;
}

/** The stable problem types of the API (RFC 9457); `type` is `urn:motcua:problem:<kind>`. */
export const PROBLEM_TYPES: Record<ErrorKind | 'internal', ProblemType> = {
  'validation-failed': { status: 400, title: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' } },
  'malformed-json': { status: 400, title: { vi: 'Nội dung JSON không đọc được', en: 'Malformed JSON body' } },
  unauthenticated: { status: 401, title: { vi: 'Chưa xác thực', en: 'Authentication required' } },
  forbidden: { status: 403, title: { vi: 'Không có quyền thực hiện', en: 'Not allowed' } },
  'officer-unit-refused': {
    status: 403,
    title: { vi: 'Đơn vị của cán bộ không hợp lệ', en: "The officer's unit is not accepted" },
  },
  'not-found': { status: 404, title: { vi: 'Không tìm thấy', en: 'Not found' } },
  'stale-version': {
    status: 409,
    title: { vi: 'Dữ liệu đã thay đổi', en: 'Changed since it was read' },
  },
  'action-not-allowed-in-state': {
    status: 409,
    title: { vi: 'Thao tác không áp dụng ở trạng thái này', en: 'Action not allowed in this state' },
  },
  'not-received-here': {
    status: 403,
    title: { vi: 'Đơn vị không tiếp nhận thủ tục này', en: 'This unit does not receive this procedure' },
  },
  'dossier-at-another-unit': {
    status: 409,
    title: { vi: 'Hồ sơ đang ở đơn vị khác', en: 'The dossier is at another unit' },
  },
  'upload-already-used': {
    status: 409,
    title: { vi: 'Tệp đã được dùng cho hồ sơ khác', en: 'Upload already used' },
  },
  'not-available-yet': { status: 409, title: { vi: 'Chưa có', en: 'Not available yet' } },
  'extension-limit-reached': {
    status: 409,
    title: { vi: 'Đã hết số lần gia hạn', en: 'Extension limit reached' },
  },
  'idempotency-in-progress': {
    status: 409,
    title: { vi: 'Yêu cầu đang được xử lý', en: 'Request still in progress' },
  },
  'payload-too-large': {
    status: 413,
    title: { vi: 'Nội dung gửi lên quá lớn', en: 'Request body too large' },
  },
  'unsupported-media-type': {
    status: 415,
    title: { vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported media type' },
  },
  'idempotency-key-reused': {
    status: 422,
    title: { vi: 'Khóa chống trùng lặp đã dùng cho yêu cầu khác', en: 'Idempotency key reused' },
  },
  'precondition-required': {
    status: 428,
    title: { vi: 'Thiếu điều kiện tiên quyết', en: 'Precondition required' },
  },
  'too-many-requests': { status: 429, title: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' } },
  'already-exists': { status: 409, title: { vi: 'Đã tồn tại', en: 'Already exists' } },
  'signature-missing': { status: 401, title: { vi: 'Thiếu chữ ký', en: 'Signature missing' } },
  'signature-invalid': { status: 401, title: { vi: 'Chữ ký không hợp lệ', en: 'Invalid signature' } },
  'digest-mismatch': {
    status: 401,
    title: { vi: 'Mã băm nội dung không khớp', en: 'Content digest mismatch' },
  },
  'signature-expired': { status: 401, title: { vi: 'Chữ ký hết hạn', en: 'Signature expired' } },
  replayed: { status: 401, title: { vi: 'Yêu cầu đã được gửi trước đó', en: 'Request replayed' } },
  'unknown-key': { status: 401, title: { vi: 'Khóa không hợp lệ', en: 'Unknown or revoked key' } },
  'scope-denied': { status: 403, title: { vi: 'Ngoài phạm vi được cấp', en: 'Outside the granted scope' } },
  'payment-refused': {
    status: 422,
    title: { vi: 'Xác nhận thanh toán không khớp hồ sơ', en: 'Payment does not settle a dossier' },
  },
  'target-refused': {
    status: 422,
    title: { vi: 'Địa chỉ nhận không được phép', en: 'Webhook target not allowed' },
  },
  'temporarily-unavailable': {
    status: 503,
    title: { vi: 'Tạm thời không phục vụ được', en: 'Temporarily unavailable' },
  },
  internal: { status: 500, title: { vi: 'Lỗi hệ thống', en: 'Internal error' } },
};

export interface Problem {
  kind: ErrorKind | 'internal';
  detail: Text;
  issues?: FieldIssue[];
  instance?: string;
  retryAfterSeconds?: number;
}

export function problemResponse(problem: Problem, language: Language): APIGatewayProxyStructuredResultV2 {
  const type = PROBLEM_TYPES[problem.kind];
  const body = {
    type: `urn:motcua:problem:${problem.kind}`,
    title: type.title[language],
    status: type.status,
    detail: localize(problem.detail, language),
    ...(problem.instance ? { instance: problem.instance } : {}),
    ...(problem.issues?.length
      ? { errors: problem.issues.map((issue) => ({ ...issue, message: localize(issue.message, language) })) }
      : {}),
  };
  return {
    statusCode: type.status,
    headers: {
      'content-type': 'application/problem+json',
      'content-language': language,
      'x-content-type-options': 'nosniff',
      ...retryAfter(problem),
    },
    body: JSON.stringify(body),
  };
}

/**
 * `Retry-After` in whole seconds, at least 1: always on 429 (the document says so), and on any
 * other problem that knows when to try again.
 */
function retryAfter(problem: Problem): Record<string, string> {
  const seconds = problem.retryAfterSeconds ?? (problem.kind === 'too-many-requests' ? 1 : undefined);
  return seconds === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(seconds))) };
}

const localize = (text: Text, language: Language): string =>
  typeof text === 'string' ? text : text[language];
