import { AsyncLocalStorage } from 'node:async_hooks';
import { isResourceVariable } from '../../shared/env.ts';
import type { TableUse } from '../../shared/manifest-types.ts';

/**
 * What one invocation runs as, as a Lambda execution environment would give it: its own
 * resource variables and its own table grants. Every function shares this process, so
 * the scope follows each invocation through its asynchronous work.
 */
export interface FunctionScope {
  name: string;
  /** The resource variables of the function's `uses`, and no others. */
  environment: Readonly<Record<string, string>>;
  table?: TableUse;
}

const current = new AsyncLocalStorage<FunctionScope>();

export const currentFunction = (): FunctionScope | undefined => current.getStore();

export const runAs = <T>(scope: FunctionScope, work: () => Promise<T>): Promise<T> =>
  current.run(scope, work);

const CONFINED = Symbol.for('motcua.confinedEnvironment');

/**
 * Makes `process.env` answer each function with its own resource variables: inside an
 * invocation, a variable of a resource the function does not use reads as unset, as it is
 * on AWS. Outside any invocation (the runtime itself, test fixtures) the process's own
 * environment shows through.
 */
export function confineEnvironment(): void {
  if ((process.env as Record<symbol, unknown>)[CONFINED]) return;
  const own = process.env;
  const scoped = (name: string | symbol) => {
    const scope = current.getStore();
    return scope && typeof name === 'string' && isResourceVariable(name) ? scope : undefined;
  };
  process.env = new Proxy(own, {
    get(target, name) {
      if (name === CONFINED) return true;
      const scope = scoped(name);
      return scope ? scope.environment[name as string] : Reflect.get(target, name);
    },
    has(target, name) {
      const scope = scoped(name);
      return scope ? (name as string) in scope.environment : Reflect.has(target, name);
    },
    ownKeys(target) {
      const scope = current.getStore();
      const keys = Reflect.ownKeys(target);
      if (!scope) return keys;
      const visible = keys.filter((name) => typeof name !== 'string' || !isResourceVariable(name));
      return [...new Set([...visible, ...Object.keys(scope.environment)])];
    },
    getOwnPropertyDescriptor(target, name) {
      const scope = scoped(name);
      if (!scope) return Reflect.getOwnPropertyDescriptor(target, name);
      const value = scope.environment[name as string];
      return value === undefined
        ? undefined
        : { value, writable: true, enumerable: true, configurable: true };
    },
    // Straight to the environment: through the proxy, changing a variable that is set would
    // define it with a partial descriptor, which process.env refuses.
    set: (target, name, value) => Reflect.set(target, name, value),
  });
}
