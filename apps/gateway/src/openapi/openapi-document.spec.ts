import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DECORATORS, type OpenAPIObject, type ReferenceObject, type ResponseObject, type SchemaObject } from '@nestjs/swagger';
import Ajv, { type ValidateFunction } from 'ajv';
import { loadConfig } from '@sigma/config';
import { GatewayConfig } from '../gateway.config';
import { GatewayModule } from '../gateway.module';
import { responseHeadersOf } from '../http/response-headers';
import { buildDocumentOffline } from './document-app';
import { operationsOf } from './finalize';

/** Routes anyone may call without credentials. */
const PUBLIC = ['post /auth/token', 'post /auth/refresh', 'post /auth/logout', 'get /health', 'get /health/live', 'get /health/ready', 'get /metrics'];
const SCHEMA_REF = '#/components/schemas/';

/**
 * OpenAPI 3.0 schema -> JSON Schema for Ajv: `nullable` becomes a null type, `$ref`s point into
 * the document, and objects with declared properties are closed, so an example carrying a field
 * its schema does not declare fails too.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Record<string, unknown>;
  if (typeof source.$ref === 'string') return { $ref: source.$ref.replace(SCHEMA_REF, `document${SCHEMA_REF}`) };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'example' || key === 'nullable') continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([name, s]) => [name, toJsonSchema(s)])) : toJsonSchema(value);
  }
  if (source.nullable === true && typeof source.type === 'string') out.type = [source.type, 'null'];
  if (source.properties && source.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

interface Example {
  where: string;
  schema: SchemaObject | ReferenceObject;
  value: unknown;
}

function examplesOf(document: OpenAPIObject): Example[] {
  const found: Example[] = [];
  for (const { path, method, operation } of operationsOf(document)) {
    const bodies = [
      ...Object.entries(operation.responses).map(([status, response]) => [status, (response as ResponseObject).content] as const),
      ['request', (operation.requestBody as { content?: ResponseObject['content'] } | undefined)?.content] as const,
    ];
    for (const [status, content] of bodies) {
      for (const [type, media] of Object.entries(content ?? {})) {
        if (!media.schema) continue;
        const where = `${method.toUpperCase()} ${path} ${status} ${type}`;
        if (media.example !== undefined) found.push({ where, schema: media.schema, value: media.example });
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          found.push({ where: `${where} example ${name}`, schema: media.schema, value: (example as { value: unknown }).value });
        }
      }
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await buildDocumentOffline();
  });

  it('names its server, security schemes and tags', () => {
    expect(document.servers).toEqual([{ url: '/api/v1', description: expect.any(String) }]);
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const declared = new Set((document.tags ?? []).map((tag) => tag.name));
    const used = new Set(operationsOf(document).flatMap(({ operation }) => operation.tags ?? []));
    expect([...used].filter((tag) => !declared.has(tag))).toEqual([]);
  });

  it('gives every operation a typed success response', () => {
    const untyped = operationsOf(document).flatMap(({ path, method, operation }) => {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      const typed = success.every(([status, response]) => {
        if (status === '204') return !(response as ResponseObject).content;
        const media = Object.values((response as ResponseObject).content ?? {});
        return media.length > 0 && media.every((m) => m.schema && ('$ref' in m.schema || m.schema.type || m.schema.allOf || m.schema.anyOf));
      });
      return success.length > 0 && typed ? [] : [`${method} ${path}`];
    });
    expect(untyped).toEqual([]);
    expect(operationsOf(document).length).toBeGreaterThan(60);
  });

  it('types every request body and answers every error with the error body', () => {
    const problems = operationsOf(document).flatMap(({ path, method, operation }) => {
      const out: string[] = [];
      // JSON, or the media types an operation takes instead (NDJSON for POST /records/bulk, CSV and XLSX files for imports), each typed.
      const content = (operation.requestBody as { content?: Record<string, { schema?: SchemaObject }> } | undefined)?.content ?? {};
      const bodies = content['application/json'] ? [content['application/json']] : Object.values(content);
      if (operation.requestBody && (bodies.length === 0 || bodies.some((body) => !body.schema))) out.push(`${method} ${path}: untyped body`);
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = (response as ResponseObject).content?.['application/json']?.schema;
        const ownBody = path.startsWith('/health') && status === '503';
        if (Number(status) >= 400 && !ownBody && (schema as ReferenceObject | undefined)?.$ref !== `${SCHEMA_REF}ErrorBody`) {
          out.push(`${method} ${path} ${status}`);
        }
      }
      return out;
    });
    expect(problems).toEqual([]);
  });

  it('types scoped and proposed values as JSON values and scopes as string maps', () => {
    const schemas = document.components!.schemas as Record<string, SchemaObject>;
    expect(schemas.Scope).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
    expect(schemas.ScopedValue.properties!.value).toEqual({ $ref: `${SCHEMA_REF}JsonValue` });
    expect(schemas.ChangeDto.properties!.newValue).toMatchObject({ allOf: [{ $ref: `${SCHEMA_REF}JsonValue` }] });
    expect(schemas.ChangeDto.properties!.scope).toMatchObject({ allOf: [{ $ref: `${SCHEMA_REF}Scope` }] });
    expect(schemas.CreateRecordDto.properties!.values).toMatchObject({ allOf: [{ $ref: `${SCHEMA_REF}ValuesMap` }] });
    expect(JSON.stringify(document)).not.toContain('"additionalProperties":true');
  });

  it('secures every operation but the public ones, and documents 401 on the secured ones', () => {
    const operations = operationsOf(document);
    const open = operations.filter(({ operation }) => operation.security?.length === 0).map(({ path, method }) => `${method} ${path}`);
    expect(open.sort()).toEqual([...PUBLIC].sort());
    const without401 = operations.filter(({ operation }) => operation.security?.length && !operation.responses['401']);
    expect(without401.map(({ path, method }) => `${method} ${path}`)).toEqual([]);
  });

  it('declares a Location header on every 201', () => {
    const created = operationsOf(document).filter(({ operation }) => operation.responses['201']);
    expect(created.length).toBeGreaterThanOrEqual(10);
    const missing = created.filter(({ operation }) => !(operation.responses['201'] as ResponseObject).headers?.Location);
    expect(missing.map(({ path, method }) => `${method} ${path}`)).toEqual([]);
  });

  it('documents the success status each route answers with, and every route answering 201 sets Location', () => {
    const controllers = GatewayModule.forConfig(loadConfig('gateway', GatewayConfig, {})).controllers as Type[];
    const routes = controllers.flatMap((controller) =>
      Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
        const handler = controller.prototype[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined || name === 'constructor') return [];
        const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === RequestMethod.POST ? 201 : 200);
        // A 202 is documented beside the route's own status (work that runs on after the answer).
        const documented = Object.keys((Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) as object | undefined) ?? {}).filter(
          (code) => code.startsWith('2') && code !== '202',
        );
        const locates = responseHeadersOf(handler).location !== undefined;
        return [{ route: `${controller.name}.${name}`, status, documented, locates }];
      }),
    );
    expect(routes.length).toBe(operationsOf(document).length);
    expect(routes.filter(({ status, documented }) => documented.join() !== String(status)).map(({ route }) => route)).toEqual([]);
    expect(routes.filter(({ status, locates }) => (status === 201) !== locates).map(({ route }) => route)).toEqual([]);
  });

  it('has examples that validate against their schemas', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'document', components: { schemas: toJsonSchema(document.components!.schemas) } });
    const examples = examplesOf(document);
    expect(examples.length).toBeGreaterThan(50);
    const invalid = examples.flatMap(({ where, schema, value }) => {
      const validate: ValidateFunction = ajv.compile(toJsonSchema(schema) as object);
      return validate(value) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(invalid).toEqual([]);
  });

  it('notices an example that does not fit its schema', () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'document', components: { schemas: toJsonSchema(document.components!.schemas) } });
    const record = ajv.compile({ $ref: `document${SCHEMA_REF}Record` });
    const [{ value }] = examplesOf(document).filter(({ where }) => where.startsWith('GET /records/{id} 200'));
    expect(record(value)).toBe(true);
    expect(record({ ...(value as object), version: '1' })).toBe(false);
    expect(record({ ...(value as object), colour: 'red' })).toBe(false);
  });
});
