import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Document, Operation, Schema } from './openapi.ts';

/**
 * What a success answer is held to: a media type its operation declares for the status, a JSON
 * body that its declared schema accepts with no field that schema does not name, and every
 * header declared required.
 */
export type AnswerChecker = (
  operation: Operation,
  answer: { status: number; contentType: string; headers: Headers; text: string },
) => string | undefined;

type Headers = Record<string, string | string[] | undefined>;

/** The document with every object that names its properties closed to all others (maps stay open). */
function closed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(closed);
  if (!value || typeof value !== 'object') return value;
  const copy = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, closed(item)]));
  const schema = copy as Schema;
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  return copy;
}

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export function answerChecker(document: Document): AnswerChecker {
  // The document's keywords beyond JSON Schema (example, discriminator, …) are read as annotations.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
  ajv.addSchema({ ...(closed(document) as object), $id: 'openapi' });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (ref: string) => {
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  };

  return (operation, answer) => {
    const declared = operation.responses[String(answer.status)] as
      | { content?: Record<string, { schema?: Schema }>; headers?: Record<string, { required?: boolean }> }
      | undefined;
    if (!declared) return `${operation.id} does not declare ${answer.status}`;
    const missing = Object.entries(declared.headers ?? {})
      .filter(([name, header]) => header.required && answer.headers[name] === undefined)
      .map(([name]) => name);
    if (missing.length)
      return `${operation.id} ${answer.status} lacks the required header ${missing.join(', ')}`;
    const media = Object.keys(declared.content ?? {});
    if (media.length === 0)
      return answer.text === ''
        ? undefined
        : `${operation.id} declares no body for ${answer.status}, yet has one`;
    const type = answer.contentType.split(';')[0]!.trim().toLowerCase();
    if (!media.includes(type))
      return `${operation.id} ${answer.status} answered ${JSON.stringify(type)}, declared: ${media.join(', ')}`;
    if (!type.endsWith('json')) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `${operation.id} ${answer.status} answered ${type} that is not JSON`;
    }
    const method = operation.method.toLowerCase();
    const validate = validator(
      `openapi#/${pointer('paths', operation.path, method, 'responses', String(answer.status), 'content', type, 'schema')}`,
    );
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (error) =>
          `${error.instancePath || '(body)'} ${error.message}${error.params && 'additionalProperty' in error.params ? `: ${String(error.params.additionalProperty)}` : ''}`,
      );
    return `${operation.id} ${answer.status}: the body breaks its declared schema: ${errors.join('; ')}`;
  };
}
