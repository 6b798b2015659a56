import type { ZodType } from 'zod';
import type { HttpRoute } from '../manifest-types.ts';
import { logger } from '../observability.ts';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/;

/** The schema of the route's JSON answer: its main body when that is JSON, else a JSON alternative. */
export function jsonBodyOf(route: HttpRoute): ZodType | undefined {
  const { response } = route;
  if (response.body && JSON_TYPE.test(response.contentType ?? 'application/json')) return response.body;
  return response.alternatives?.find((one) => JSON_TYPE.test(one.contentType))?.body;
}

/**
 * A JSON answer as its route declares it: parsed by the declared schema, whose objects keep the
 * fields they name and drop the others, so that nothing the document does not describe reaches
 * a client. An answer that breaks its own schema, or a JSON answer of a route that declares
 * none, is a fault of the code, not of the request: it fails here rather than at a client.
 */
export function declaredBody(route: HttpRoute, body: unknown): unknown {
  const schema = jsonBodyOf(route);
  const where = `${route.method} ${route.path}`;
  if (!schema) throw new Error(`${where} answered JSON but declares no JSON body`);
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
    );
    throw new Error(`${where} answered a body its schema refuses: ${issues.join('; ')}`);
  }
  const dropped = droppedPaths(body, result.data);
  if (dropped.length > 0)
    logger.warn('left out of the answer: fields its schema does not declare', { route: where, dropped });
  return result.data;
}

/** The paths of the values `input` holds and `output` does not. */
export function droppedPaths(input: unknown, output: unknown, path = ''): string[] {
  if (Array.isArray(input) && Array.isArray(output))
    return input.flatMap((item, at) => droppedPaths(item, output[at], `${path}[${at}]`));
  if (!isRecord(input) || !isRecord(output)) return [];
  return Object.entries(input).flatMap(([name, value]) => {
    const at = path ? `${path}.${name}` : name;
    if (value === undefined) return [];
    return name in output ? droppedPaths(value, output[name], at) : [at];
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
