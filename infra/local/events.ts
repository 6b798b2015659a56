import { createHash, randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  DynamoDBRecord,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';

/**
 * The event shapes Lambda receives on AWS, built from what the local parts see. Each
 * builder follows the AWS documentation of that event source; the conformance tests parse
 * every one with Powertools' schemas.
 */

export interface IncomingRequest {
  method: string;
  /** Path and query as received, e.g. `/procedures?field=ho-tich`. */
  url: string;
  /** Node's raw header list: name, value, name, value… */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
}

export interface MatchedRoute {
  routeKey: string;
  pathParameters?: Record<string, string>;
}

/** HTTP API payload format 2.0. */
export function httpApiEvent(
  request: IncomingRequest,
  route: MatchedRoute,
  claims: Record<string, string> | undefined,
  now: Date,
): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = splitOnce(request.url, '?');
  // API Gateway tells the function how the client reached it; so does this gateway.
  const headers: Record<string, string> = { ...joinHeaders(request.rawHeaders), 'x-forwarded-proto': 'http' };
  const cookies = headers.cookie?.split(';').map((cookie) => cookie.trim());
  delete headers.cookie;
  const query = queryParameters(rawQueryString);
  const text = isTextual(headers['content-type']);
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: decodeURI(rawPath),
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(route.pathParameters && Object.keys(route.pathParameters).length
      ? { pathParameters: route.pathParameters }
      : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0] ?? '',
      http: {
        method: request.method,
        path: decodeURI(rawPath),
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: clf(now),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    isBase64Encoded: request.body.length > 0 && !text,
    ...(request.body.length > 0 ? { body: request.body.toString(text ? 'utf8' : 'base64') } : {}),
  };
  return event;
}

export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * Maps a handler's result as API Gateway does for payload format 2.0: a result with a
 * `statusCode` is taken as the response; any other JSON value becomes a 200 with that
 * value as an `application/json` body.
 */
export function gatewayResponse(result: unknown): GatewayResponse {
  if (isStructured(result)) {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    if (result.cookies?.length) headers['set-cookie'] = result.cookies;
    const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
    return { statusCode: result.statusCode!, headers, body };
  }
  const body = Buffer.from(JSON.stringify(result ?? null));
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body };
}

/** The error answers API Gateway itself gives, with its bodies. */
export const gatewayError = (statusCode: number, message: string, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify({ message })),
});

export interface ReceivedMessage {
  MessageId?: string;
  ReceiptHandle?: string;
  Body?: string;
  MD5OfBody?: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<
    string,
    { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array; StringListValues?: string[] }
  >;
}

export function sqsEvent(messages: ReceivedMessage[], queueArn: string, region: string): SQSEvent {
  return { Records: messages.map((message) => sqsRecord(message, queueArn, region)) };
}

function sqsRecord(message: ReceivedMessage, queueArn: string, region: string): SQSRecord {
  const body = message.Body ?? '';
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body,
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? '000000000000',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...pick(attributes, ['SequenceNumber', 'MessageGroupId', 'MessageDeduplicationId', 'AWSTraceHeader']),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          stringListValues: value.StringListValues ?? [],
          binaryListValues: [],
          ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
          ...(value.BinaryValue ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

export interface StreamApiRecord {
  eventID?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  eventVersion?: string;
  dynamodb?: {
    ApproximateCreationDateTime?: Date;
    Keys?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber?: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
  userIdentity?: { PrincipalId?: string; Type?: string };
}

/** A record of the Streams API (GetRecords), as Lambda passes it to a function. */
export function streamRecord(record: StreamApiRecord, streamArn: string, region: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID!,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(
        (change.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000,
      ),
      Keys: wireImage(change.Keys),
      ...(change.NewImage ? { NewImage: wireImage(change.NewImage) } : {}),
      ...(change.OldImage ? { OldImage: wireImage(change.OldImage) } : {}),
      SequenceNumber: change.SequenceNumber!,
      SizeBytes: change.SizeBytes ?? 0,
      StreamViewType: (change.StreamViewType ?? 'NEW_AND_OLD_IMAGES') as 'NEW_AND_OLD_IMAGES',
    },
    ...(record.userIdentity
      ? {
          userIdentity: {
            principalId: record.userIdentity.PrincipalId ?? '',
            type: record.userIdentity.Type ?? '',
          },
        }
      : {}),
    eventSourceARN: streamArn,
  };
}

/** The SDK hands binary attributes over as bytes; Lambda receives them base64-encoded. */
// biome-ignore lint/suspicious/noExplicitAny: DynamoDB attribute values are a recursive union
function wireImage(image: Record<string, unknown> | undefined): Record<string, any> {
  return JSON.parse(
    JSON.stringify(image ?? {}, (_key, value) => {
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      if (value && typeof value === 'object' && value.type === 'Buffer' && Array.isArray(value.data)) {
        return Buffer.from(value.data).toString('base64');
      }
      return value;
    }),
  );
}

function joinHeaders(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let at = 0; at + 1 < raw.length; at += 2) {
    const name = raw[at]!.toLowerCase();
    const value = raw[at + 1]!;
    headers[name] =
      headers[name] === undefined ? value : `${headers[name]}${name === 'cookie' ? '; ' : ','}${value}`;
  }
  return headers;
}

/** Repeated parameters are joined with commas, as API Gateway does. */
function queryParameters(raw: string): Record<string, string> | undefined {
  if (!raw) return undefined;
  const joined: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    joined[name] = joined[name] === undefined ? value : `${joined[name]},${value}`;
  }
  return joined;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[\w.+-]*\+(json|xml)))/i;
const isTextual = (contentType: string | undefined) =>
  contentType === undefined || TEXT_TYPES.test(contentType);

function isStructured(value: unknown): value is APIGatewayProxyStructuredResultV2 {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { statusCode?: unknown }).statusCode === 'number'
  );
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function pick(source: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(
    keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]!]),
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the request time format of API Gateway. */
function clf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
