import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import type { HttpRoute, Manifest } from '../manifest-types.ts';

const Problem = z
  .object({
    type: z.string().meta({ example: 'urn:motcua:problem:validation-failed' }),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** The OpenAPI 3.1 document of every HTTP route in the manifest, from the routes' zod schemas. */
export function buildOpenApi(manifest: Manifest, info: { title: string; version: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const spec of Object.values(manifest)) {
    if (spec.http) registry.registerPath(pathConfig(spec.http));
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { ...info, description: 'motcua — one-stop administrative procedures API' },
  });
}

type Parameter = NonNullable<RouteConfig['request']>['params'];

function pathConfig(route: HttpRoute): RouteConfig {
  const { request, response } = route;
  const roles = route.access === 'public' ? undefined : route.access;
  return {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: route.path,
    summary: route.summary,
    tags: [route.tag],
    ...(roles ? { security: [{ bearer: [] }], description: `Roles: ${roles.join(', ')}` } : {}),
    request: {
      ...(request?.params ? { params: request.params as Parameter } : {}),
      ...(request?.query ? { query: request.query as Parameter } : {}),
      ...(request?.body
        ? { body: { required: true, content: { 'application/json': { schema: request.body } } } }
        : {}),
    },
    responses: {
      [response.status]: {
        description: response.description,
        ...(response.body
          ? { content: { [response.contentType ?? 'application/json']: { schema: response.body } } }
          : {}),
      },
      400: problem('Invalid input'),
      ...(request?.body ? { 413: problem('Body too large'), 415: problem('Body is not JSON') } : {}),
      ...(roles ? { 401: problem('No valid token'), 403: problem('Role not allowed') } : {}),
    },
  };
}
