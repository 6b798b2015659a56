import type { ZodType } from 'zod';
import type { ErrorKind } from './domain/errors.ts';
import type { Scope } from './domain/integrators.ts';
import type { Role } from './domain/roles.ts';
import type { IndexName, Partition } from './persistence/keys.ts';
import type { QueueKey } from './resources.ts';

export type { Role };

/**
 * Who may call a route: anyone; a caller whose token holds one of these roles (the request
 * then acts under the first of them that the token holds: list staff roles before `citizen`
 * where a staff member should act as staff); or an integrator whose signed request is made
 * with a key granted this scope (no token: the signature is checked by the HTTP kit, since an
 * authorizer never sees the body).
 */
export type Access = 'public' | readonly Role[] | { integrator: Scope };

/** Whether the route takes a bearer token (API Gateway's JWT authorizer checks it first). */
export const takesToken = (access: Access): access is readonly Role[] => Array.isArray(access);

/** The scope a signed route needs, or nothing for the others. */
export const signedScope = (access: Access): Scope | undefined =>
  typeof access === 'object' && 'integrator' in access ? access.integrator : undefined;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRoute {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/procedures/{code}`. */
  path: string;
  access: Access;
  summary: string;
  tag: string;
  request?: {
    params?: ZodType;
    query?: ZodType;
    body?: ZodType;
    /** Headers the route reads: an Idempotency-Key to create, an If-Match to change. */
    headers?: { 'idempotency-key'?: 'required'; 'if-match'?: 'required' | 'optional' };
    /**
     * The path parameter that picks the body's schema: the body is a discriminated union on
     * that key, which the path carries (`/actions/transfer`) and the JSON must not repeat.
     */
    bodyTaggedBy?: string;
  };
  /** Success status and body schema, for the OpenAPI document. */
  response: {
    status: number;
    description: string;
    /** Every JSON answer is serialized through it: a field it does not name never leaves. */
    body?: ZodType;
    contentType?: string;
    /** The same answer in other media types, chosen by the request (`?format=csv`, `?format=json`). */
    alternatives?: readonly { contentType: string; body?: ZodType }[];
    /** Headers the success answer carries. */
    headers?: readonly ('etag' | 'location' | 'idempotent-replayed' | 'cache-control')[];
  };
  /**
   * The problem types the route may answer besides those every route of its kind can (bad
   * input; sign-in and roles when not public; body limits when it takes one). The OpenAPI
   * document declares them, and the fuzzer fails on any answer not declared.
   */
  problems?: readonly ErrorKind[];
}

export interface QueueTrigger {
  queue: QueueKey;
  batchSize: number;
  maxConcurrency: number;
}

export interface StreamTrigger {
  batchSize: number;
  /** Only changes of items with this `entity` (or one of these) reach the function (an event source filter on AWS). */
  entity?: string | readonly string[];
  /**
   * Which changes: new items (the default), or items the table's time to live removed (a
   * REMOVE by the DynamoDB service itself).
   */
  change?: 'insert' | 'expiry';
  /** Retries of a failing batch before its records go to the stream failure queue. */
  retryAttempts: number;
}

/**
 * What a function may do in the one table, by partition: the stack grants each list with a
 * `dynamodb:LeadingKeys` condition, and the local runtime refuses the rest as IAM would.
 */
export interface TableUse {
  /** GetItem, BatchGetItem, Query and ConditionCheckItem on these partitions. */
  read?: readonly Partition[];
  /** PutItem, UpdateItem and DeleteItem on these partitions. */
  write?: readonly Partition[];
  /** Queries of these indexes. */
  indexes?: readonly IndexName[];
}

/** The prefixes of the files bucket: uploads wait in quarantine until verified, then live in clean. */
export type FilesPrefix = 'quarantine' | 'clean';

/** What a function may do with the objects of the files bucket, by prefix. */
export interface BucketUse {
  /** GetObject (and GetObjectTagging, for the malware verdict) */
  read?: readonly FilesPrefix[];
  /** PutObject, also through a presigned POST the function signs */
  write?: readonly FilesPrefix[];
  delete?: readonly FilesPrefix[];
}

export interface ResourceUse {
  table?: TableUse;
  bucket?: BucketUse;
  sendsTo?: readonly QueueKey[];
  /** Queues whose DLQ the function sends messages to that can never succeed, with the reason. */
  deadLettersOf?: readonly QueueKey[];
  /** The receipt signing key: to sign with it, or only to read its public half. */
  signingKey?: 'sign' | 'verify';
  /** Webhook secrets, sealed with the province's key: to seal new ones, or only to open them. */
  webhookSecrets?: 'seal' | 'open';
  /** Citizens' drafts, sealed with the province's key: to seal them, or only to open them. */
  drafts?: 'seal' | 'open';
  /** Sends email (SES) and SMS (SNS). */
  notifies?: true;
  /** The history checkpoints: to write new ones, or only to read them. */
  checkpoints?: 'write' | 'read';
  /** The user pool whose trigger it is: to read an account, or also to put it in a group. */
  userPool?: 'readAccounts' | 'manageGroups';
  /**
   * Sends to other systems (webhooks, the national portal, outside units' systems), or checks
   * where it may: the connectors' endpoints and the target policy.
   */
  connectors?: true;
}

export interface FunctionSpec {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  http?: HttpRoute;
  queue?: QueueTrigger;
  stream?: StreamTrigger;
  /** Invoked as a custom resource on every deployment (locally: at start). */
  onDeploy?: true;
  /** Runs every so many minutes (an EventBridge schedule on AWS, a timer locally). */
  schedule?: { everyMinutes: number };
  /**
   * A trigger of the province's Cognito user pool (deployed only when the province signs in
   * with Cognito; the local runtime's development issuer has no such steps).
   */
  userPool?: { trigger: 'preTokenGeneration' | 'postConfirmation' };
  /** Exists in the local runtime only (developer tools); never deployed. */
  localOnly?: true;
  /**
   * Files of packages the function reads at run time (e.g. `redoc/bundles/redoc.standalone.js`):
   * copied next to its bundle on AWS, read from the package locally.
   */
  assets?: readonly string[];
  uses: ResourceUse;
}

export type Manifest = Record<string, FunctionSpec>;

/** `GET /procedures/{code}` — the route key API Gateway puts in the event. */
export const routeKey = (route: Pick<HttpRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

/** The settings every dossier route shares. */
export function dossierRoute<R extends HttpRoute>(
  entry: string,
  uses: ResourceUse,
  http: R,
): FunctionSpec & { http: R } {
  return { entry, description: http.summary, memoryMb: 512, timeoutSeconds: 15, http, uses };
}
