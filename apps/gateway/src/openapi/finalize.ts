import type { OpenAPIObject, OperationObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { reasonPhrase } from '../errors/http-error';
import { COMPONENT_SCHEMAS, ref } from './schemas';

const RETRY_AFTER = { description: 'Seconds until a request is allowed again', schema: { type: 'integer' } };

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

export interface DocumentOperation {
  path: string;
  method: (typeof HTTP_METHODS)[number];
  operation: OperationObject;
}

export function operationsOf(document: OpenAPIObject): DocumentOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => (item[method] ? [{ path, method, operation: item[method] }] : [])),
  );
}

/**
 * What the decorators cannot say per route, said once for the whole document:
 * - the component schemas (COMPONENT_SCHEMAS) the responses refer to;
 * - every error response has the one error body (the ErrorFilter answers every error with it),
 *   keeping the route's description and examples, unless the route declares another body;
 * - a route that takes a body or query parameters can answer 400 (global validation pipe);
 * - every route not marked @SkipRateLimit (`x-rate-limited: false`) can answer 429 with Retry-After;
 * - a route that declares no security scheme is public (`security: []`): authenticated routes
 *   get theirs from @RequirePermission, and the guards refuse a route with neither.
 */
export function finalizeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...COMPONENT_SCHEMAS, ...document.components?.schemas } };
  for (const { operation } of operationsOf(document)) {
    operation.security ??= [];
    const takesInput = operation.requestBody !== undefined || (operation.parameters ?? []).some((p) => 'in' in p && p.in === 'query');
    if (takesInput && !operation.responses['400']) {
      operation.responses['400'] = { description: 'Invalid input: `details` names every offending field (code validation-failed)' };
    }
    if ((operation as { 'x-rate-limited'?: boolean })['x-rate-limited'] !== false && !operation.responses['429']) {
      operation.responses['429'] = { description: 'Over the request budget (code rate-limited)', headers: { 'Retry-After': RETRY_AFTER } };
    }
    for (const [status, response] of Object.entries(operation.responses)) {
      if (Number(status) >= 400 && response) operation.responses[status] = asErrorResponse(Number(status), response);
    }
  }
  return document;
}

function asErrorResponse(status: number, response: ResponseObject | ReferenceObject): ResponseObject | ReferenceObject {
  if ('$ref' in response) return response;
  const media = response.content?.['application/json'];
  const declared = media?.schema as SchemaObject | ReferenceObject | undefined;
  // A route that answers an error status with its own body (a health report with the services down) keeps it.
  if (declared && Object.keys(declared).some((key) => key !== 'example')) return response;
  // `{ schema: { example } }` on an error decorator: keep the example; the schema is the error body.
  const example = media?.example ?? (declared as SchemaObject | undefined)?.example;
  return {
    ...response,
    description: response.description || reasonPhrase(status),
    content: {
      'application/json': {
        schema: ref('ErrorBody'),
        ...(example !== undefined && { example }),
        ...(media?.examples && { examples: media.examples }),
      },
    },
  };
}
