import type { FunctionSpec, HttpRoute, Manifest } from '../../shared/manifest-types.ts';
import { routeKey } from '../../shared/manifest-types.ts';

export interface Match {
  name: string;
  spec: FunctionSpec;
  route: HttpRoute;
  routeKey: string;
  pathParameters: Record<string, string>;
}

interface Compiled {
  name: string;
  spec: FunctionSpec;
  route: HttpRoute;
  pattern: RegExp;
  parameters: string[];
  /** Static segments rank before parameters, as API Gateway picks the most specific route. */
  rank: number;
}

/** The routes of a manifest, matched the way API Gateway matches an HTTP API's routes. */
export function createRouter(manifest: Manifest) {
  const compiled: Compiled[] = Object.entries(manifest)
    .filter(([, spec]) => spec.http)
    .map(([name, spec]) => compile(name, spec))
    .sort((a, b) => b.rank - a.rank);
  return {
    match(method: string, path: string): Match | undefined {
      for (const candidate of compiled) {
        if (candidate.route.method !== method) continue;
        const found = candidate.pattern.exec(path);
        if (!found) continue;
        const pathParameters = Object.fromEntries(
          candidate.parameters.map((parameter, at) => [parameter, safeDecode(found[at + 1] ?? '')]),
        );
        return { ...candidate, routeKey: routeKey(candidate.route), pathParameters };
      }
      return undefined;
    },
    /** Whether any route has this path, to tell 404 from a wrong method. */
    knows(path: string): boolean {
      return compiled.some((candidate) => candidate.pattern.test(path));
    },
  };
}

function compile(name: string, spec: FunctionSpec): Compiled {
  const route = spec.http!;
  const parameters: string[] = [];
  let rank = 0;
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!parameter) {
        rank += 2;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      parameters.push(parameter[1]!);
      rank += parameter[2] ? 0 : 1;
      return parameter[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { name, spec, route, pattern: new RegExp(`^${source}$`), parameters, rank };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
