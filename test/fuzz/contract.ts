import type { AnswerChecker } from './answers.ts';
import { GATEWAY_MAX_BODY } from './mutations.ts';
import { declaredMediaTypes, declaredProblems, type Operation, routeOf } from './openapi.ts';
import type { WireAnswer, WireRequest } from './wire.ts';

/** The rules every answer is held to, each an `it` of the specification. */
export type Rule = 'no-server-error' | 'declared-status' | 'declared-problem' | 'declared-answer';

export interface Breach {
  rule: Rule;
  why: string;
}

/** A body of API Gateway itself: `{"message": "…"}`, never a problem. */
function gatewayMessage(answer: WireAnswer): string | undefined {
  if (!answer.contentType.startsWith('application/json')) return undefined;
  try {
    const body: unknown = JSON.parse(answer.text);
    if (body && typeof body === 'object' && Object.keys(body).length === 1 && 'message' in body)
      return typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return undefined;
  }
  return undefined;
}

function decodable(path: string): boolean {
  try {
    decodeURI(path);
    return true;
  } catch {
    return false;
  }
}

const bodySize = (request: WireRequest) => (request.body === undefined ? 0 : Buffer.byteLength(request.body));

/**
 * Which answer of the gateway itself the request explains, if any: its 400 for a path it
 * cannot decode, 413 over its body limit, 404 for a path no route matches, and the JWT
 * authorizer's 401 on the operations that declare it.
 */
function gatewayAnswerExplained(
  operations: readonly Operation[],
  request: WireRequest,
  answer: WireAnswer,
  message: string,
): boolean {
  const path = request.target.split('?')[0] ?? '';
  const reached = routeOf(operations, request.method, path);
  switch (answer.status) {
    case 400:
      return message === 'Bad Request' && !decodable(path);
    case 413:
      return message === 'Request Entity Too Large' && bodySize(request) > GATEWAY_MAX_BODY;
    case 404:
      return message === 'Not Found' && decodable(path) && !reached;
    case 401:
      return (
        message === 'Unauthorized' &&
        !!reached &&
        declaredMediaTypes(reached, 401).includes('application/json')
      );
    default:
      return false;
  }
}

/** Holds one answer to the contract of the operation its path reaches. */
export function judge(
  operations: readonly Operation[],
  request: WireRequest,
  answer: WireAnswer,
  checkAnswer?: AnswerChecker,
): Breach[] {
  if (answer.status === 0) return [{ rule: 'no-server-error', why: `no answer: ${answer.error}` }];
  if (answer.status >= 500) return [{ rule: 'no-server-error', why: `status ${answer.status}` }];
  const message = gatewayMessage(answer);
  if (message !== undefined && answer.status >= 400) {
    return gatewayAnswerExplained(operations, request, answer, message)
      ? []
      : [
          {
            rule: 'declared-status',
            why: `gateway answer ${answer.status} ${JSON.stringify(message)} not explained by the request`,
          },
        ];
  }
  const operation = routeOf(operations, request.method, request.target.split('?')[0] ?? '');
  if (!operation)
    return [{ rule: 'declared-status', why: 'a function answered a path no operation declares' }];
  if (!operation.responses[String(answer.status)])
    return [{ rule: 'declared-status', why: `${operation.id} does not declare ${answer.status}` }];
  if (answer.status < 400) {
    const why = checkAnswer?.(operation, answer);
    return why ? [{ rule: 'declared-answer', why }] : [];
  }
  return problemBreaches(operation, answer);
}

/** A refusal by a function: problem+json, a `type` the operation lists for that status, the same status inside. */
function problemBreaches(operation: Operation, answer: WireAnswer): Breach[] {
  const breach = (why: string): Breach[] => [{ rule: 'declared-problem', why }];
  if (!answer.contentType.startsWith('application/problem+json'))
    return breach(`content-type ${JSON.stringify(answer.contentType)}, not application/problem+json`);
  let problem: { type?: unknown; status?: unknown };
  try {
    problem = JSON.parse(answer.text);
  } catch {
    return breach('the problem is not JSON');
  }
  const declared = declaredProblems(operation, answer.status) ?? [];
  if (!declared.includes(String(problem.type)))
    return breach(
      `${operation.id} does not declare ${String(problem.type)} for ${answer.status} (it lists ${declared.join(', ') || 'none'})`,
    );
  if (problem.status !== answer.status) return breach(`the problem says status ${String(problem.status)}`);
  return [];
}
