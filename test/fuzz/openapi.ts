/** The part of OpenAPI 3.1 and JSON Schema the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  example?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

interface MediaType {
  schema?: Schema;
}

export interface Document {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface RawOperation {
  operationId: string;
  description?: string;
  /** The roles that may call a secured operation. */
  'x-roles'?: string[];
  parameters?: Parameter[];
  security?: unknown[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}

export interface Operation {
  id: string;
  method: string;
  /** The path template, e.g. `/dossiers/{code}/history`. */
  path: string;
  parameters: Parameter[];
  /** The JSON schema of the request body, when the operation takes one. */
  body?: Schema;
  secured: boolean;
  /** The roles the document names for a secured operation (`x-roles`). */
  roles?: string[];
  responses: RawOperation['responses'];
  /** Matches a raw request path the way the gateway matches routes. */
  pattern: RegExp;
  /** Static segments weigh more than parameters, as API Gateway picks the most specific route. */
  rank: number;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Every operation of the document, paths × methods. */
export function operationsOf(document: Document): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, raw]) => ({
        id: raw.operationId,
        method: method.toUpperCase(),
        path,
        parameters: raw.parameters ?? [],
        ...bodyOf(raw),
        secured: (raw.security ?? []).length > 0,
        ...rolesOf(raw),
        responses: raw.responses,
        ...compile(path),
      })),
  );
}

function bodyOf(raw: RawOperation): { body?: Schema } {
  const schema = raw.requestBody?.content['application/json']?.schema;
  return schema ? { body: schema } : {};
}

/** The roles the document names for a secured operation; without them, every caller with a token counts as let in. */
function rolesOf(raw: RawOperation): { roles?: string[] } {
  return raw['x-roles'] ? { roles: raw['x-roles'] } : {};
}

function compile(path: string): { pattern: RegExp; rank: number } {
  let rank = 0;
  const source = path
    .split('/')
    .map((segment) => {
      if (/^\{\w+\}$/.test(segment)) {
        rank += 1;
        return '[^/]+';
      }
      rank += 2;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), rank };
}

/** The operation a raw path reaches, if any: the most specific one of that method whose template matches. */
export function routeOf(
  operations: readonly Operation[],
  method: string,
  rawPath: string,
): Operation | undefined {
  return operations
    .filter((operation) => operation.method === method && operation.pattern.test(rawPath))
    .sort((a, b) => b.rank - a.rank)[0];
}

/** Follows `$ref`s into the document's components. */
export function resolver(document: Document): (schema: Schema) => Schema {
  return function resolve(schema) {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`the document refers to a schema it does not define: ${schema.$ref}`);
    return resolve(target);
  };
}

/** The problem types an operation declares for a status, or undefined when it declares no problem there. */
export function declaredProblems(operation: Operation, status: number): string[] | undefined {
  const schema = operation.responses[String(status)]?.content?.['application/problem+json']?.schema;
  const types = schema?.properties?.type?.enum;
  return types ? types.map(String) : undefined;
}

/** The media types an operation declares for a status. */
export function declaredMediaTypes(operation: Operation, status: number): string[] {
  return Object.keys(operation.responses[String(status)]?.content ?? {});
}
