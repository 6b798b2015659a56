import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ZodType } from 'zod';
import * as z from 'zod';
import { en, vi } from 'zod/locales';
import { now } from '../clock.ts';
import { DomainError, invalid } from '../domain/errors.ts';
import type { Integrator, Scope } from '../domain/integrators.ts';
import { actingRole, actsForUnit } from '../domain/roles.ts';
import { type FunctionSpec, type HttpRoute, type Role, signedScope, takesToken } from '../manifest-types.ts';
import { logger, observed } from '../observability.ts';
import { recentUnit } from '../persistence/catalog.ts';
import { fieldIssues } from '../schemas/issues.ts';
import { type Language, preferredLanguage } from './language.ts';
import { actingAs, type Principal, principalFromClaims } from './principal.ts';
import { problemResponse } from './problem.ts';
import { declaredBody } from './response.ts';
import type { SignedCaller } from './signed-caller.ts';
import { unavailable } from './unavailable.ts';

const NO_SNIFF = { 'x-content-type-options': 'nosniff' };

/** Larger JSON bodies are refused before parsing; files go straight to S3. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

const errorMaps = { vi: vi().localeError, en: en().localeError };

type Parsed<T> = T extends ZodType ? z.output<T> : undefined;

export interface HttpRequest<R extends HttpRoute> {
  params: Parsed<NonNullable<R['request']>['params']>;
  query: Parsed<NonNullable<R['request']>['query']>;
  body: Parsed<NonNullable<R['request']>['body']>;
  /** Present on every route that takes a token. */
  principal: R['access'] extends readonly Role[] ? Principal : Principal | undefined;
  /** The integrator that signed the request, on the routes integrators call. */
  integrator: R['access'] extends { integrator: Scope } ? Integrator : undefined;
  headers: Record<string, string | undefined>;
  /** The body's text exactly as received (what a signature over it covers). */
  rawBody: string;
  language: Language;
  requestId: string;
  /** The client's address as API Gateway saw it. */
  sourceIp: string;
  /** Where the request came in (scheme and host): the base of the addresses the answer gives. */
  origin: string;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Set for bodies that are not JSON (e.g. printable HTML). */
  raw?: string;
  /** Set for binary bodies (a PDF): sent base64-encoded, as API Gateway expects them. */
  binary?: Uint8Array;
}

type Event = APIGatewayProxyEventV2WithJwt;
type APIGatewayProxyEventV2WithJwt = APIGatewayProxyEventV2 & {
  requestContext: {
    authorizer?: { jwt?: { claims?: Record<string, string | number | boolean | string[]> } };
  };
};

/**
 * The one middleware stack of every HTTP function: language, authorisation by the route's
 * access list, zod parsing of params, query and body, and problem+json for every failure.
 */
export function httpHandler<R extends HttpRoute>(
  spec: FunctionSpec & { http: R },
  handle: (request: HttpRequest<R>) => Promise<Reply>,
) {
  const route = spec.http;
  const scope = signedScope(route.access);
  const handler = middy<Event, APIGatewayProxyStructuredResultV2>()
    .use({ onError: problemDetails })
    .handler(async (event) => {
      correlate(event);
      const language = preferredLanguage(event.headers?.['accept-language']);
      const signed = scope ? await signedCallerOf(event, scope) : undefined;
      // A signed request's nonce is claimed with its checks: a refusal from here on (bad input
      // included) gives it back, so that the same request sent again is refused the same way.
      const run = async () => {
        const principal = await authorise(route, event);
        const params = parse(route.request?.params, nfc(event.pathParameters ?? {}), 'params', language);
        const request = {
          principal,
          integrator: signed?.integrator,
          params,
          query: parse(route.request?.query, nfc(event.queryStringParameters ?? {}), 'query', language),
          body: route.request?.body
            ? parse(route.request.body, bodyOf(route, event, params), 'body', language)
            : undefined,
          headers: event.headers ?? {},
          rawBody: bodyText(event),
          language,
          requestId: event.requestContext.requestId,
          sourceIp: event.requestContext.http.sourceIp,
          origin: `${event.headers?.['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}`,
        } as HttpRequest<R>;
        return handle(request);
      };
      const reply = signed ? await signed.accept(run) : await run();
      return toResult(reply, route, !spec.localOnly);
    });
  return observed(handler);
}

/**
 * The integrator behind a signed request. The check is loaded with the first one, and the
 * bundler leaves it out of the functions of other routes (`MOTCUA_SIGNED_ROUTE` is `false`
 * there), which then never load the signature library.
 */
async function signedCallerOf(event: Event, scope: Scope): Promise<SignedCaller> {
  const check = process.env.MOTCUA_SIGNED_ROUTE !== 'false' ? await import('./signed-caller.ts') : undefined;
  if (!check) throw new Error('this function was bundled for a route that takes no signature');
  return check.signedCaller(event, scope, now());
}

/** Every log line of the invocation names the request, and the dossier when the path does. */
function correlate(event: Event): void {
  logger.setCorrelationId(event.requestContext.requestId);
  const code = event.pathParameters?.code;
  if (code) logger.appendKeys({ dossier: code });
}

async function authorise(route: HttpRoute, event: Event): Promise<Principal | undefined> {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const principal = claims ? principalFromClaims(claims) : undefined;
  const roles = route.access;
  if (!takesToken(roles))
    return principal?.roles.includes('citizen') ? actingAs(principal, 'citizen') : undefined;
  if (!principal) {
    throw new DomainError('unauthenticated', {
      vi: 'Cần mã truy cập hợp lệ.',
      en: 'A valid bearer token is required.',
    });
  }
  const role = actingRole(roles, principal.roles);
  if (!role) {
    throw new DomainError('forbidden', {
      vi: `Thao tác này cần một trong các vai trò: ${roles.join(', ')}.`,
      en: `This action needs one of the roles: ${roles.join(', ')}.`,
    });
  }
  const acting = actingAs(principal, role);
  if (actsForUnit(role)) await assertOfficerUnit(acting);
  return acting;
}

/**
 * An officer acts for the unit their token names, which must be a unit of this province that
 * is open and inside this deployment; anything else is refused before the handler runs.
 */
async function assertOfficerUnit(principal: Principal): Promise<void> {
  const unit = principal.unit ? await recentUnit(principal.unit, now()) : undefined;
  if (unit && !unit.disabled && !unit.external) return;
  const why = !principal.unit
    ? { vi: 'mã truy cập không nêu đơn vị', en: 'the token names no unit' }
    : !unit
      ? { vi: `không có đơn vị ${principal.unit}`, en: `there is no unit ${principal.unit}` }
      : unit.disabled
        ? { vi: `đơn vị ${unit.code} đã ngừng hoạt động`, en: `unit ${unit.code} is closed` }
        : {
            vi: `đơn vị ${unit.code} nằm ngoài hệ thống này`,
            en: `unit ${unit.code} is outside this deployment`,
          };
  throw new DomainError('officer-unit-refused', {
    vi: `Không chấp nhận đơn vị của cán bộ: ${why.vi}.`,
    en: `The officer's unit is not accepted: ${why.en}.`,
  });
}

const PARTS = { params: 'tham số đường dẫn', query: 'tham số truy vấn', body: 'nội dung' };

/** A route that reads no query refuses one, as a route that reads some refuses what it does not. */
const NO_QUERY = z.strictObject({});

function parse(
  schema: ZodType | undefined,
  input: unknown,
  where: keyof typeof PARTS,
  language: Language,
): unknown {
  const checked = schema ?? (where === 'query' ? NO_QUERY : undefined);
  if (!checked) return undefined;
  const result = checked.safeParse(input, { error: errorMaps[language] });
  if (result.success) return schema ? result.data : undefined;
  throw invalid(
    {
      vi: `Phần ${PARTS[where]} của yêu cầu không hợp lệ.`,
      en: `The request ${where} does not match the schema.`,
    },
    fieldIssues(result.error, where),
  );
}

/** The JSON body, with the path parameter that tags it when the route has one. */
function bodyOf(route: HttpRoute, event: Event, params: unknown): unknown {
  const json = readJson(event);
  const tag = route.request?.bodyTaggedBy;
  if (!tag) return json;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  if (tag in json) {
    const message = { vi: 'đã có trong đường dẫn', en: 'given by the path, not the body' };
    throw invalid({ vi: `Không gửi "${tag}" trong nội dung.`, en: `Do not send "${tag}" in the body.` }, [
      { path: `body.${tag}`, code: 'unrecognized_keys', message },
    ]);
  }
  return { ...json, [tag]: (params as Record<string, unknown>)[tag] };
}

const bodyText = (event: Event): string =>
  event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');

function readJson(event: Event): unknown {
  const type = event.headers?.['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new DomainError('unsupported-media-type', {
      vi: 'Hãy gửi nội dung dạng application/json.',
      en: 'Send the body as application/json.',
    });
  }
  const text = bodyText(event);
  if (Buffer.byteLength(text) > MAX_JSON_BODY_BYTES) {
    throw new DomainError('payload-too-large', {
      vi: `Nội dung JSON tối đa ${MAX_JSON_BODY_BYTES} byte.`,
      en: `A JSON body may hold at most ${MAX_JSON_BODY_BYTES} bytes.`,
    });
  }
  try {
    return nfc(JSON.parse(text));
  } catch {
    throw new DomainError('malformed-json', {
      vi: 'Nội dung không phải JSON hợp lệ.',
      en: 'The body is not valid JSON.',
    });
  }
}

/**
 * Vietnamese text in one form: every name and value of the input in Unicode NFC, so that
 * "Hoà" typed with a combining accent is the same "Hoà" everywhere it is stored or compared.
 * A lone surrogate (`"\ud800"`) is no text at all (RFC 7493): refused.
 */
function nfc(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new Error('a string with a lone surrogate');
    return value.normalize('NFC');
  }
  if (Array.isArray(value)) return value.map(nfc);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name.normalize('NFC'), nfc(item)]),
    );
  return value;
}

/**
 * The handler's reply on the wire. A JSON body goes through the route's declared schema (the
 * routes of the local runtime's developer tools, outside the contract, excepted).
 */
function toResult(reply: Reply, route: HttpRoute, declared: boolean): APIGatewayProxyStructuredResultV2 {
  const statusCode = reply.status ?? route.response.status;
  if (reply.raw !== undefined)
    return { statusCode, headers: { ...NO_SNIFF, ...reply.headers }, body: reply.raw };
  if (reply.binary !== undefined)
    return {
      statusCode,
      headers: { ...NO_SNIFF, ...reply.headers },
      body: Buffer.from(reply.binary).toString('base64'),
      isBase64Encoded: true,
    };
  const body = reply.body === undefined || !declared ? reply.body : declaredBody(route, reply.body);
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_SNIFF, ...reply.headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

async function problemDetails(
  request: middy.Request<Event, APIGatewayProxyStructuredResultV2>,
): Promise<void> {
  const { event, error } = request;
  const language = preferredLanguage(event.headers?.['accept-language']);
  const instance = event.requestContext?.requestId;
  if (error instanceof DomainError) {
    request.response = problemResponse(
      {
        kind: error.kind,
        detail: error.detail,
        issues: error.issues,
        instance,
        ...(error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      },
      language,
    );
    return;
  }
  const down = unavailable(error);
  if (down) {
    logger.warn('dependency unavailable', {
      cause: down.cause,
      error,
      routeKey: event.routeKey,
      requestId: instance,
    });
    request.response = problemResponse(
      {
        kind: 'temporarily-unavailable',
        detail: {
          vi: 'Hệ thống đang quá tải hoặc tạm gián đoạn; yêu cầu chưa được thực hiện, hãy gửi lại sau ít giây.',
          en: 'A service the request needs is busy or unreachable; nothing was done: send it again shortly.',
        },
        instance,
        retryAfterSeconds: down.retryAfterSeconds,
      },
      language,
    );
    return;
  }
  logger.error('unhandled error', { error, routeKey: event.routeKey, requestId: instance });
  request.response = problemResponse(
    {
      kind: 'internal',
      detail: { vi: 'Không thể hoàn tất yêu cầu.', en: 'The request could not be completed.' },
      instance,
    },
    language,
  );
}
