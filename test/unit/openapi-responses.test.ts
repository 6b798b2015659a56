import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { manifest } from '../../functions/manifest.ts';
import { buildOpenApi } from '../../shared/api/openapi.ts';
import { declaredBody, droppedPaths, jsonBodyOf } from '../../shared/http/response.ts';
import type { HttpRoute } from '../../shared/manifest-types.ts';
import { logger } from '../../shared/observability.ts';
import type { Json } from '../support/json.ts';

const document = buildOpenApi(manifest, { title: 'motcua', version: '1' }) as Json;
const operations = Object.values(document.paths as Record<string, Record<string, Json>>).flatMap((item) =>
  Object.values(item),
);
const successes = operations.flatMap((operation) =>
  Object.entries(operation.responses as Record<string, Json>)
    .filter(([status]) => status.startsWith('2'))
    .map(([status, response]) => ({ id: `${operation.operationId} ${status}`, status, response })),
);

/** Every schema object under a value, with the path that leads to it. */
function* schemasIn(value: unknown, path: string): Generator<[string, Json]> {
  if (!value || typeof value !== 'object') return;
  if (!Array.isArray(value) && 'type' in value) yield [path, value as Json];
  for (const [name, item] of Object.entries(value)) yield* schemasIn(item, `${path}/${name}`);
}

const route = (response: HttpRoute['response']): HttpRoute => ({
  method: 'GET',
  path: '/things/{id}',
  access: 'public',
  summary: 'a thing',
  tag: 'Test',
  response,
});

describe('the document says everything an answer holds', () => {
  it('every success but 204 declares its body, for each media type it answers in', () => {
    const silent = successes.filter(({ status, response }) => status !== '204' && !response.content);
    expect(silent.map(({ id }) => id)).toEqual([]);
    const op = (path: string, method = 'get') => document.paths[path][method].responses[200].content;
    expect(Object.keys(op('/indicators'))).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(op('/leaders/units/{unitCode}'))).toEqual(['text/html', 'application/json']);
    expect(Object.keys(op('/dossiers/{code}/receipt'))).toEqual(['application/json', 'text/html']);
  });

  it('no object of an answer admits fields it does not name (maps of names to values aside)', () => {
    const responses = successes.map(({ id, response }) => [id, response.content] as const);
    const components = Object.entries(document.components.schemas as Record<string, Json>);
    const open = [...responses, ...components].flatMap(([id, schema]) =>
      [...schemasIn(schema, id)]
        .filter(
          ([, object]) => object.properties && ![undefined, false].includes(object.additionalProperties),
        )
        .map(([path]) => path),
    );
    // Request bodies are strict objects; the schemas shared by requests and answers are here too.
    expect(open).toEqual([]);
  });

  it('marks the headers that always come as required: ETag, Location, Cache-Control, Retry-After on 429', () => {
    const headers = (path: string, method: string, status: number) =>
      document.paths[path][method].responses[status].headers;
    expect(headers('/dossiers/{code}', 'get', 200).etag.required).toBe(true);
    expect(headers('/dossiers', 'post', 201).location.required).toBe(true);
    expect(headers('/dossiers', 'post', 201)['idempotent-replayed'].required).toBeUndefined();
    expect(headers('/cong-khai', 'get', 200)['cache-control'].required).toBe(true);
    expect(headers('/lookup/{code}', 'get', 429)['retry-after'].required).toBe(true);
    // A 409 is also a stale version, which has no time to wait.
    expect(headers('/dossiers', 'post', 409)['retry-after'].required).toBe(false);
  });
});

describe('an answer is serialized through its declared schema', () => {
  const Thing = z.object({
    id: z.string(),
    parts: z.array(z.object({ name: z.string(), size: z.int().optional() })),
  });
  const thing = route({ status: 200, description: 'the thing', body: Thing });

  it('leaves out every field the schema does not name, at any depth, and keeps the rest', () => {
    const answer = { id: 'a', secret: 'x', parts: [{ name: 'p', size: 2, owner: 'someone' }, { name: 'q' }] };
    expect(declaredBody(thing, answer)).toEqual({ id: 'a', parts: [{ name: 'p', size: 2 }, { name: 'q' }] });
    expect(droppedPaths(answer, declaredBody(thing, answer))).toEqual(['secret', 'parts[0].owner']);
  });

  it('refuses an answer that breaks its schema, naming the field, rather than sending it', () => {
    expect(() => declaredBody(thing, { id: 'a', parts: [{ name: 3 }] })).toThrow(
      /GET \/things\/\{id\} answered a body its schema refuses: parts\.0\.name/,
    );
  });

  it('refuses JSON from a route that declares none, and reads a JSON alternative of a page', () => {
    expect(() => declaredBody(route({ status: 200, description: 'nothing' }), { id: 'a' })).toThrow(
      /declares no JSON body/,
    );
    const page = route({
      status: 200,
      description: 'a page',
      contentType: 'text/html',
      body: z.string(),
      alternatives: [
        { contentType: 'text/csv', body: z.string() },
        { contentType: 'application/json', body: Thing },
      ],
    });
    expect(jsonBodyOf(page)).toBe(Thing);
    const printable = route({
      status: 200,
      description: 'a page or a file',
      contentType: 'text/html',
      body: z.string(),
      alternatives: [{ contentType: 'text/csv', body: z.string() }],
    });
    expect(jsonBodyOf(printable)).toBeUndefined();
    expect(
      jsonBodyOf(
        route({ status: 200, description: 'problem', body: Thing, contentType: 'application/problem+json' }),
      ),
    ).toBe(Thing);
    expect(
      jsonBodyOf(route({ status: 200, description: 'csv', body: z.string(), contentType: 'text/csv' })),
    ).toBeUndefined();
  });

  it('knows JSON by its media type, structured suffixes included', () => {
    const as = (contentType: string) =>
      jsonBodyOf(route({ status: 200, description: 'typed', body: Thing, contentType }));
    for (const json of [
      'application/json',
      'application/vnd.motcua.v1+json',
      'application/json; charset=utf-8',
    ])
      expect(as(json), json).toBe(Thing);
    for (const other of ['application/jsonl', 'x-application/json', 'text/plain; x=application/json'])
      expect(as(other), other).toBeUndefined();
  });

  it('tells the operator which fields it left out, and stays quiet when it left none', () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      declaredBody(thing, { id: 'a', parts: [] });
      expect(warn).not.toHaveBeenCalled();
      declaredBody(thing, { id: 'a', parts: [{ name: 'p', owner: 'x' }], secret: 's' });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/left out/), {
        route: 'GET /things/{id}',
        dropped: ['parts[0].owner', 'secret'],
      });
    } finally {
      warn.mockRestore();
    }
  });

  it('names every field its schema refuses, and the body itself when the whole is wrong', () => {
    expect(() => declaredBody(thing, { id: 1, parts: 'none' })).toThrow(
      /answered a body its schema refuses: id: [^;]+; parts: [^;]+$/,
    );
    expect(() => declaredBody(thing, 'a text')).toThrow(/answered a body its schema refuses: \(body\): /);
  });

  it('reports nothing dropped where the schema put another kind of value in place of a list or an object', () => {
    expect(droppedPaths({ list: [{ a: 1 }], one: { b: 2 } }, { list: null, one: null })).toEqual([]);
  });

  it('counts a field set to undefined as absent, as JSON does', () => {
    expect(droppedPaths({ id: 'a', gone: undefined }, { id: 'a' })).toEqual([]);
    expect(droppedPaths([{ a: 1, b: 2 }], [{ a: 1 }])).toEqual(['[0].b']);
    expect(droppedPaths('text', 'text')).toEqual([]);
  });
});
