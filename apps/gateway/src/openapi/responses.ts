import { applyDecorators, type Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, type HeaderObject, type SchemaObject } from '@nestjs/swagger';
import { type LocationOf, WithResponseHeaders } from '../http/response-headers';
import { arrayOf, ref, type SchemaName } from './schemas';

/** A response body: one component schema, `[name]` for an array of them, or a DTO class with @ApiProperty fields. */
export type ResponseSchema = SchemaName | readonly [SchemaName] | Type<unknown>;

export interface ResponseOptions {
  description?: string;
  /** Named examples; build them with `satisfies` their contract type so they cannot drift. */
  examples?: Record<string, { summary?: string; value: unknown }>;
  headers?: Record<string, HeaderObject>;
}

export const TOTAL_COUNT_HEADER: HeaderObject = { description: 'How many items match in all (the body is one page)', schema: { type: 'integer' } };
export const ETAG_HEADER: HeaderObject = { description: 'The record version, W/"<version>", for If-Match', schema: { type: 'string' } };

function responseOf(schema: ResponseSchema, options: ResponseOptions, fallback: string) {
  // A bare $ref keeps generated client types named (components["schemas"]["Record"]).
  const body =
    typeof schema === 'function' ? { type: schema } : { schema: (typeof schema === 'string' ? ref(schema) : arrayOf(ref(schema[0]))) as SchemaObject };
  return {
    description: options.description ?? fallback,
    ...body,
    ...(options.examples && { examples: options.examples }),
    ...(options.headers && { headers: options.headers }),
  };
}

/** 200 with a typed body. */
export const ApiOk = (schema: ResponseSchema, options: ResponseOptions = {}): MethodDecorator =>
  ApiOkResponse(responseOf(schema, options, 'OK'));

/** 202 with a typed body: the work goes on after the answer (the route answers its own status otherwise). */
export const ApiAccepted = (schema: ResponseSchema, options: ResponseOptions = {}): MethodDecorator =>
  ApiAcceptedResponse(responseOf(schema, options, 'Accepted'));

/**
 * 201 with a typed body and a `Location` header, set from `location` when the body is sent
 * (also on an idempotent replay; see WithResponseHeaders), so every documented 201 carries one.
 */
export function ApiCreated<T>(schema: ResponseSchema, options: ResponseOptions & { location: LocationOf<T> }): MethodDecorator {
  const { location, ...rest } = options;
  return applyDecorators(
    WithResponseHeaders({ location: location as LocationOf<never> }),
    ApiCreatedResponse(
      responseOf(schema, { ...rest, headers: { ...rest.headers, Location: { description: 'Path of the created resource', schema: { type: 'string' } } } }, 'Created'),
    ),
  );
}
