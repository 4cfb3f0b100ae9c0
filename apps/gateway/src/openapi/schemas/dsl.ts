import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * A small vocabulary for the response schemas of the OpenAPI document (OpenAPI 3.0). They are
 * written by hand against the contract types; libs/sdk's type test checks that the types generated
 * from them equal the contracts, and the document spec validates every example against them.
 */
export type Schema = SchemaObject | ReferenceObject;

export const SCHEMA_PREFIX = '#/components/schemas/';

export const ref = (name: string): ReferenceObject => ({ $ref: `${SCHEMA_PREFIX}${name}` });

/** A reference with its own description (OpenAPI 3.0 ignores the siblings of a bare `$ref`). */
export const refTo = (name: string, description: string): SchemaObject => ({ allOf: [ref(name)], description });

const described = (schema: SchemaObject, description?: string): SchemaObject => (description ? { ...schema, description } : schema);

export const string = (description?: string, extra: SchemaObject = {}): SchemaObject => described({ type: 'string', ...extra }, description);
export const dateTime = (description?: string): SchemaObject => string(description, { format: 'date-time' });
export const integer = (description?: string, extra: SchemaObject = {}): SchemaObject => described({ type: 'integer', ...extra }, description);
export const number = (description?: string): SchemaObject => described({ type: 'number' }, description);
export const boolean = (description?: string): SchemaObject => described({ type: 'boolean' }, description);
/** A boolean that is only ever `true` when present (`{ deleted: true }`). */
export const trueOnly = (description?: string): SchemaObject => described({ type: 'boolean', enum: [true] }, description);
export const oneOfStrings = (values: readonly string[], description?: string): SchemaObject =>
  described({ type: 'string', enum: [...values] }, description);
export const arrayOf = (items: Schema, description?: string): SchemaObject => described({ type: 'array', items }, description);
/** An object with arbitrary keys, every value of one schema (`{ [key: string]: T }`). */
export const mapOf = (values: Schema, description?: string): SchemaObject =>
  described({ type: 'object', additionalProperties: values }, description);
export const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });

/** An object whose properties are all required except those named in `optional`. */
export function object(properties: Record<string, Schema>, options: { optional?: readonly string[]; description?: string } = {}): SchemaObject {
  const optional = new Set(options.optional ?? []);
  for (const name of optional) if (!(name in properties)) throw new Error(`optional property ${name} is not a property`);
  const required = Object.keys(properties).filter((name) => !optional.has(name));
  return described({ type: 'object', properties, ...(required.length > 0 && { required }) }, options.description);
}
