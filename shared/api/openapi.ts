import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import type { ErrorKind } from '../domain/errors.ts';
import { PROBLEM_TYPES } from '../http/problem.ts';
import { type HttpRoute, type Manifest, signedScope, takesToken } from '../manifest-types.ts';
import { WEBHOOK_EVENT_TYPES, WebhookEvent, WebhookHeaders } from './webhooks.ts';

const Problem = z
  .object({
    type: z.string().meta({ example: 'urn:motcua:problem:validation-failed' }),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `type` is one of the stable types listed' });

const GatewayError = z.object({ message: z.string() }).meta({
  id: 'GatewayError',
  description: 'An answer of API Gateway itself (its JWT authorizer, its limits)',
});

/** The headers a success may carry: all but `idempotent-replayed` come with every such answer. */
const RESPONSE_HEADERS = {
  etag: {
    description: 'The version of the resource, for If-Match',
    required: true,
    schema: { type: 'string', example: '"3"' },
  },
  location: { description: 'Where the created resource is', required: true, schema: { type: 'string' } },
  'idempotent-replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  'cache-control': {
    description: 'How long the answer may be kept',
    required: true,
    schema: { type: 'string' },
  },
} as const;

/** The problems that tell when to try again (`Retry-After`). */
const RETRY_KINDS: readonly ErrorKind[] = [
  'too-many-requests',
  'idempotency-in-progress',
  'temporarily-unavailable',
];

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 1 },
};

/** What the operations cannot say one by one: signing in, the signed documents, the rules of writes. */
const INTRODUCTION = `motcua — one-stop administrative procedures (thủ tục hành chính một cửa) of a province.

## Signing in
Every operation that is not public takes \`Authorization: Bearer <ID token>\` of the province's
OpenID issuer (its Cognito user pool, VNeID or its own). Roles come only from the claim the
province maps (\`cognito:groups\` for Cognito): citizen, officer (with the unit claim) and admin.
Officers and administrators need multi-factor sign-in for their role to reach the token.

## Signed documents
Receipts of submission (\`typ: motcua-receipt+jws\`), hop receipts between units
(\`motcua-hop+jws\`) and history checkpoints (\`motcua-checkpoint+jws\`) are compact JWS
signed with EdDSA (Ed25519). Check them offline with the keys at \`/.well-known/jwks.json\`, or ask
\`GET /receipts/{code}/verify\`; \`GET /dossiers/{code}/history\` verifies a history up to its checkpoints.

## Signed requests (integrators)
Other government systems call \`/integrations/v1/\` with RFC 9421 HTTP Message Signatures instead of
a token (the \`httpSignature\` scheme). An administrator registers the integrator and its Ed25519
public keys (a JWK; \`kid\`, \`alg: EdDSA\` and \`use: sig\` may come with it); a key's \`keyid\` is
\`<integrator id>.<RFC 7638 thumbprint>\`. Each request carries one signature, \`alg="ed25519"\`:
- covered components: \`@method\`, \`@target-uri\` (or \`@authority\`, \`@path\` and \`@query\`) and, with a
  body, \`content-digest\` (RFC 9530, \`sha-256\` or \`sha-512\`; every digest member of a known
  algorithm must match the body and be covered: the whole field, or each member by \`;key=\`);
- parameters: \`created\` (at most 5 minutes old, 30 seconds ahead), \`keyid\`, a \`nonce\` used once
  (1–128 visible ASCII characters), \`expires\` optional;
- \`@path\` is the path as sent, before decoding (§2.2.6); the gateway decodes paths, so send
  escapes only where needed, in upper case.

For example, \`GET /integrations/v1/dossiers/000.02.30.H19-261127-0001\` carries
\`Signature-Input: sig=("@method" "@target-uri");created=1795769700;keyid="cong-dvc.<thumbprint>";nonce="5f0c9b7e";alg="ed25519"\`
and \`Signature: sig=:<base64>:\`. Refusals: 401 \`signature-missing\`, \`signature-invalid\`,
\`digest-mismatch\`, \`signature-expired\`, \`replayed\`, \`unknown-key\` (also for a disabled integrator);
403 \`scope-denied\`; 429 \`too-many-requests\` past the integrator's own rate (600 a minute unless its
administrator sets another). A request refused for its content (400, 404, 409, 422) gives its nonce
back: sent again, it is answered the same way.

## Webhooks
An integrator with \`webhooks:manage\` subscribes an HTTPS endpoint (port 443 unless the province allows
others, at a public address) to event types. Each event is POSTed as the \`webhooks\` of this document
describe, signed as Standard Webhooks define; a 2xx takes it, anything else (a redirect included, or no
whole answer within 5 seconds) is tried again after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, in order
per dossier. \`POST /integrations/v1/webhooks/{id}/secret\` rotates the secret: for 24 hours both sign.

## Writes
\`POST /dossiers\` takes an \`Idempotency-Key\`: the same key and body within 24 hours get the first
answer. Every change to a dossier takes \`If-Match\` with the version read (its \`ETag\`): a stale one
answers 409 \`stale-version\`, a missing one 428. Every refusal is \`application/problem+json\` with a
stable \`type\` (\`urn:motcua:problem:<kind>\`), in Vietnamese or, with \`Accept-Language: en\`, English.`;

/** The OpenAPI 3.1 document of every deployed HTTP route of the manifest: the whole contract. */
export function buildOpenApi(manifest: Manifest, info: { title: string; version: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "An ID token of the province's OIDC issuer (Cognito, VNeID or the province's own)",
  });
  registry.registerComponent('securitySchemes', 'httpSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'Signature',
    description:
      'An RFC 9421 HTTP Message Signature (with Signature-Input) by an Ed25519 key of the integrator registry: see "Signed requests (integrators)" in the introduction for what it covers and carries',
  });
  for (const type of WEBHOOK_EVENT_TYPES) registry.registerWebhook(webhookOperation(type));
  // Routes of the local runtime only (developer tools) are never part of the contract.
  for (const [name, spec] of Object.entries(manifest)) {
    if (!spec.http || spec.localOnly) continue;
    for (const operation of operationsOf(name, spec.http)) registry.registerPath(operation);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      ...info,
      description: INTRODUCTION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // The deployment that serves the document: its own origin.
    servers: [{ url: '/', description: 'this deployment' }],
  });
}

/** What a subscriber receives for one event type: its body and the Standard Webhooks headers. */
function webhookOperation(type: string): RouteConfig {
  return {
    method: 'post',
    path: type,
    operationId: `webhook_${type.replace('.', '_')}`,
    summary: `The event ${type}, POSTed to each subscription that takes it`,
    tags: ['Webhooks'],
    // Signed by the sender (the webhook-signature header), not by a scheme the receiver runs.
    security: [],
    request: {
      headers: WebhookHeaders,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: WebhookEvent.extend({ type: z.literal(type) }).meta({ id: `WebhookEvent_${type}` }),
          },
        },
      },
    },
    responses: {
      200: { description: 'Any 2xx takes the event' },
      default: { description: 'Anything else, or no whole answer within 5 seconds: tried again later' },
    },
  };
}

/** One operation per route; a route whose body is tagged by a path parameter, one per tag. */
function operationsOf(name: string, route: HttpRoute): RouteConfig[] {
  const tag = route.request?.bodyTaggedBy;
  const body = route.request?.body;
  if (!tag || !(body instanceof z.ZodDiscriminatedUnion)) return [operation(name, route)];
  return (body.options as z.ZodObject[]).map((option) => {
    const value = String((option.shape[tag] as z.ZodLiteral).value);
    const params = route.request?.params as z.ZodObject | undefined;
    const without = { [tag]: true } as never;
    return operation(`${name}_${value}`, {
      ...route,
      path: route.path.replace(`{${tag}}`, value),
      request: {
        ...route.request,
        ...(params ? { params: params.omit(without) } : {}),
        body: option.omit(without),
      },
    });
  });
}

type Parameter = NonNullable<RouteConfig['request']>['params'];
type Headers = Extract<Extract<RouteConfig['responses'][number], { description: string }>['headers'], object>;

function operation(operationId: string, route: HttpRoute): RouteConfig {
  const { request, response } = route;
  const roles = takesToken(route.access) ? route.access : undefined;
  const scope = signedScope(route.access);
  return {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: route.path,
    operationId,
    summary: route.summary,
    tags: [route.tag],
    // A public operation says so: no security at all, rather than none declared.
    ...(roles
      ? { security: [{ bearer: [] }], description: `Roles: ${roles.join(', ')}`, 'x-roles': [...roles] }
      : scope
        ? {
            security: [{ httpSignature: [] }],
            description: `Signed by an integrator granted ${scope}`,
            'x-scope': scope,
          }
        : { security: [] }),
    request: {
      ...(request?.params ? { params: request.params as Parameter } : {}),
      ...(request?.query ? { query: request.query as Parameter } : {}),
      headers: requestHeaders(route),
      ...(request?.body
        ? { body: { required: true, content: { 'application/json': { schema: request.body } } } }
        : {}),
    },
    responses: {
      [response.status]: {
        description: response.description,
        ...(response.headers?.length
          ? {
              headers: Object.fromEntries(
                response.headers.map((header) => [header, RESPONSE_HEADERS[header]]),
              ),
            }
          : {}),
        ...(response.body
          ? {
              content: Object.fromEntries(
                [
                  { contentType: response.contentType ?? 'application/json', body: response.body },
                  ...(response.alternatives ?? []),
                ].map(({ contentType, body }) => [contentType, { schema: body ?? z.string() }]),
              ),
            }
          : {}),
      },
      ...problemResponses(route),
    },
  };
}

function requestHeaders(route: HttpRoute): z.ZodObject {
  const wanted = route.request?.headers ?? {};
  return z.object({
    'accept-language': z
      .string()
      .optional()
      .meta({ description: 'vi (default) or en: the language of messages and problem details' }),
    ...(wanted['idempotency-key']
      ? {
          'idempotency-key': z
            .string()
            .regex(/^[A-Za-z0-9_.:-]{8,128}$/)
            .meta({
              description:
                'Makes the creation safe to retry: the same key and body within 24 hours get the first answer',
              example: '5f0c9b7e-3c1d-4c5e-9f53-1f2a6c8d9e01',
            }),
        }
      : {}),
    ...(wanted['if-match']
      ? {
          'if-match': (wanted['if-match'] === 'required' ? z.string() : z.string().optional()).meta({
            description: 'The version read (the ETag): the change applies only to that version',
            example: '"3"',
          }),
        }
      : {}),
  });
}

/** Every problem the operation can answer, grouped by status, with the stable types of each. */
function problemResponses(route: HttpRoute): RouteConfig['responses'] {
  const byStatus = new Map<number, ErrorKind[]>();
  for (const kind of problemsOf(route)) {
    const status = PROBLEM_TYPES[kind].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), kind]);
  }
  const responses: RouteConfig['responses'] = {};
  for (const [status, kinds] of [...byStatus].sort(([a], [b]) => a - b)) {
    const types = kinds.map((kind) => `urn:motcua:problem:${kind}`);
    const retries = kinds.filter((kind) => RETRY_KINDS.includes(kind));
    responses[status] = {
      description: kinds.map((kind) => `\`${kind}\`: ${PROBLEM_TYPES[kind].title.en}`).join('; '),
      headers: {
        'content-language': { description: 'The language of the detail', schema: { type: 'string' } },
        // Always there when every problem of the status says when to retry; else with those that do.
        ...(retries.length
          ? { 'retry-after': { ...RETRY_AFTER, required: retries.length === kinds.length } }
          : {}),
      } as Headers,
      content: {
        'application/problem+json': { schema: Problem.extend({ type: z.enum(types) }) },
        // The JWT authorizer answers a missing or invalid token itself.
        ...(status === 401 ? { 'application/json': { schema: GatewayError } } : {}),
      },
    };
  }
  return responses;
}

/** What any route of this kind can answer, and what the route says it can besides. */
export function problemsOf(route: HttpRoute): ErrorKind[] {
  const kinds: ErrorKind[] = ['validation-failed', 'temporarily-unavailable'];
  if (route.request?.body) kinds.push('malformed-json', 'payload-too-large', 'unsupported-media-type');
  if (takesToken(route.access)) {
    kinds.push('unauthenticated', 'forbidden');
    if (route.access.includes('officer')) kinds.push('officer-unit-refused');
  }
  if (signedScope(route.access))
    kinds.push(
      'signature-missing',
      'signature-invalid',
      'digest-mismatch',
      'signature-expired',
      'replayed',
      'unknown-key',
      'scope-denied',
      'too-many-requests',
    );
  if (route.request?.headers?.['if-match'] === 'required') kinds.push('precondition-required');
  return [...new Set([...kinds, ...(route.problems ?? [])])];
}
