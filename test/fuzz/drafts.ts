import type { Operation, Parameter } from './openapi.ts';
import type { Random } from './random.ts';
import { type Generator, sample } from './schema.ts';

/** A request before it is sent: everything raw, so that a mutation can break any part of it. */
export interface Draft {
  method: string;
  /** Path parameters as they go on the wire, already percent-encoded (or deliberately not). */
  params: Record<string, string>;
  /** The query string without `?`, as it goes on the wire. */
  query: string;
  headers: Record<string, string | string[]>;
  body?: string | Buffer;
  /** A change to the whole path, past its parameters: what no route has. */
  route?: (path: string) => string;
  /** What was done to the valid request, for the failure message. */
  changes: string[];
}

/** Tokens made once per run (signing is slow), each with what is odd about it. */
export interface Tokens {
  /** Tokens the authorizer must refuse: expired, for another audience, a forged signature. */
  refused: [string, string][];
  /** Tokens it accepts, with claims no real issuer would send: the functions must cope. */
  odd: [string, string][];
}

/** What the run knows at the time a group is drawn: real data, bad tokens, current versions. */
export interface Context {
  generator: Generator;
  tokens: Tokens;
  /** The current ETag of a dossier or procedure the run prepared, e.g. `"4"`. */
  etagOf(code: string): string | undefined;
}

const BODY_HEADERS = { 'content-type': 'application/json' };

/** A request that the operation's declared contract accepts, built from real data where it can be. */
export function validDraft(operation: Operation, context: Context): Draft {
  const { generator } = context;
  const params = Object.fromEntries(
    parametersIn(operation, 'path').map((parameter) => [
      parameter.name,
      encodeURIComponent(String(sample(parameter.schema, generator, { name: `path:${parameter.name}` }))),
    ]),
  );
  const query = parametersIn(operation, 'query')
    .filter((parameter) => parameter.required || generator.random.chance(0.4))
    .map(
      (parameter) =>
        `${parameter.name}=${encodeURIComponent(String(sample(parameter.schema, generator, { name: `query:${parameter.name}` })))}`,
    )
    .join('&');
  const headers: Record<string, string> = operation.body ? { ...BODY_HEADERS } : {};
  for (const parameter of parametersIn(operation, 'header')) {
    if (!parameter.required && !generator.random.chance(0.5)) continue;
    const value = headerValue(parameter, params, context);
    if (value !== undefined) headers[parameter.name] = value;
  }
  return {
    method: operation.method,
    params,
    query,
    headers,
    ...(operation.body ? { body: JSON.stringify(sample(operation.body, generator)) } : {}),
    changes: [],
  };
}

export const parametersIn = (operation: Operation, place: Parameter['in']) =>
  operation.parameters.filter((parameter) => parameter.in === place);

function headerValue(parameter: Parameter, params: Record<string, string>, context: Context) {
  const { random } = context.generator;
  switch (parameter.name) {
    case 'if-match':
      // The version the dossier or procedure has now: the change applies, if the rest allows it.
      return context.etagOf(decodeURIComponent(params.code ?? '')) ?? `"${random.between(1, 9)}"`;
    case 'accept-language':
      return random.pick(['vi', 'en', 'en-GB,en;q=0.9,vi;q=0.5']);
    default:
      return String(sample(parameter.schema, context.generator, { name: `header:${parameter.name}` }));
  }
}

/** The raw path of a draft: the template with its parameters put in as they are. */
export function pathOf(operation: Operation, draft: Draft): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => draft.params[name] ?? '');
  return draft.route ? draft.route(path) : path;
}

/** Percent-encodes what an HTTP client cannot put on the request line, and nothing else. */
export function wireSafe(text: string): string {
  return text.replace(/[^\x21-\x7e]/gu, (character) => encodeURIComponent(character));
}

/** A header value as raw bytes: UTF-8 text sent byte for byte, as a careless client would. */
export function headerBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

export const randomKey = (random: Random) => random.matching('^[A-Za-z0-9_.:-]{16,40}$');
