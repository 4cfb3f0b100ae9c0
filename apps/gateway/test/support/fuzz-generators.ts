import fc from 'fast-check';

/** Generators of the fuzz e2e test: the write endpoints read from the OpenAPI document, and bodies, paths and queries for them. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = Record<string, any>;

export interface Endpoint {
  method: string;
  /** Path template relative to /api/v1, e.g. /records/{id}. */
  template: string;
  params: string[];
  queryParams: string[];
  bodySchema?: Schema;
  example?: Json;
}

export interface FuzzCase {
  method: string;
  template: string;
  path: string;
  query: string;
  body?: string;
  contentType?: string;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

export function writeEndpoints(document: any): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const [fullPath, operations] of Object.entries<any>(document.paths)) {
    const template = fullPath.replace(/^\/api\/v1/, '');
    for (const method of WRITE_METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      const content = operation.requestBody?.content?.['application/json'];
      const examples = content?.examples ? Object.values<any>(content.examples) : [];
      const bodySchema = content?.schema ? resolve(document, content.schema) : undefined;
      endpoints.push({
        method: method.toUpperCase(),
        template,
        params: (operation.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name),
        queryParams: (operation.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name),
        bodySchema,
        example: examples[0]?.value ?? content?.example ?? (bodySchema ? sample(document, bodySchema, 0) : undefined),
      });
    }
  }
  return endpoints;
}

function resolve(document: any, schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 10 && current?.$ref; i++) {
    current = current.$ref.replace(/^#\//, '').split('/').reduce((node: any, key: string) => node?.[key], document);
  }
  return current ?? {};
}

/** A plausible value for a schema: its example, else one built from its type. */
function sample(document: any, raw: Schema, depth: number): Json {
  const schema = resolve(document, raw);
  if (schema.example !== undefined) return schema.example as Json;
  if (schema.enum) return schema.enum[0] as Json;
  if (schema.oneOf || schema.anyOf) return sample(document, (schema.oneOf ?? schema.anyOf)[0], depth + 1);
  if (depth > 5) return null;
  switch (schema.type) {
    case 'object': {
      const value: Record<string, Json> = {};
      for (const [key, property] of Object.entries<Schema>(schema.properties ?? {})) value[key] = sample(document, property, depth + 1);
      return value;
    }
    case 'array':
      return schema.items ? [sample(document, schema.items, depth + 1)] : [];
    case 'string':
      return schema.format === 'date-time' ? '2025-01-01T00:00:00.000Z' : 'fuzz';
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Generators

const NASTY_STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  '0',
  '-1',
  'NaN',
  'true',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  "' OR 1=1 --",
  "'; DROP TABLE record; --",
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '\u202e\ud83d\ude00\u0301',
  '\ud800',
  'ent-',
  'ent-00000000',
  'a'.repeat(101),
  'x'.repeat(10_001),
];

const nastyString = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));

const edgeValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, -0, 1.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, [], {}, [null], { '': null }),
  nastyString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** Every path into a JSON value (objects and arrays), the root included. */
function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

function setAt(value: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement === undefined ? null : replacement;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (replacement === undefined) {
      if (Array.isArray(copy)) copy.splice(head as number, 1);
      else delete copy[head];
    } else copy[head] = replacement;
    return copy;
  }
  copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}

/** The endpoint's example with one to three fields broken: replaced, removed or joined by unknown ones. */
function mutatedBody(example: Json): fc.Arbitrary<Json> {
  const paths = pathsOf(example);
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...paths), value: edgeValue }),
    fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom(...paths.filter((p) => p.length > 0).concat([[]])) }),
    fc.record({
      kind: fc.constant('add' as const),
      path: fc.constantFrom(...paths),
      key: fc.oneof(nastyString, fc.constantFrom('id', 'version', 'userId', 'createdAt', 'isAdmin', 'roles', 'scope')),
      value: edgeValue,
    }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    let body = example;
    for (const m of mutations) {
      if (m.kind === 'replace') body = setAt(body, m.path, m.value);
      else if (m.kind === 'remove') body = setAt(body, m.path, undefined);
      else {
        const target = m.path.reduce<any>((node, key) => node?.[key], body);
        if (target && typeof target === 'object' && !Array.isArray(target)) body = setAt(body, [...m.path, m.key], m.value);
        else body = setAt(body, m.path, { [m.key]: m.value });
      }
    }
    return body;
  });
}

const RAW_BODIES = [
  '{',
  '{"a":',
  '}',
  'null',
  '[]',
  '""',
  '0',
  'true',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1}{"b":2}',
  '{"a":1,"a":2}',
  '1e999',
  '\u0000',
  '\ufeff{}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"values":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`,
];

interface BodyChoice {
  body?: string;
  contentType?: string;
}

function bodyArbitrary(endpoint: Endpoint): fc.Arbitrary<BodyChoice> {
  const json = (value: fc.Arbitrary<unknown>) => value.map((v) => ({ body: JSON.stringify(v) ?? 'null', contentType: 'application/json' }));
  const choices: fc.Arbitrary<BodyChoice>[] = [
    json(fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true })),
    json(fc.jsonValue({ maxDepth: 4 })),
    fc.constantFrom(...RAW_BODIES).map((body) => ({ body, contentType: 'application/json' })),
    fc.constant({}),
    fc
      .tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/json; charset=latin1', 'multipart/form-data'), fc.string({ maxLength: 50 }))
      .map(([contentType, body]) => ({ body, contentType })),
  ];
  if (endpoint.example !== undefined) {
    const mutated = json(mutatedBody(endpoint.example));
    choices.push(mutated, mutated, mutated);
  }
  return fc.oneof(...choices);
}

export function fuzzCase(endpoint: Endpoint, pools: Record<string, string[]>): fc.Arbitrary<FuzzCase> {
  const resource = endpoint.template.split('/')[1];
  const idFor = (param: string) => {
    const known = pools[param] ?? (param === 'id' ? pools[resource] : undefined) ?? [];
    const junk = fc.oneof(nastyString.filter((s) => s.length > 0), fc.uuid(), fc.constantFrom(`${resource}-missing`));
    return known.length > 0 ? fc.oneof(fc.constantFrom(...known), junk) : junk;
  };
  const pathArbitrary = fc
    .tuple(...endpoint.params.map((param) => idFor(param)))
    .map((ids) => endpoint.params.reduce((path, param, index) => path.replace(`{${param}}`, encodeURIComponent(wellFormed(ids[index]))), endpoint.template));
  const queryKey = fc.oneof(fc.constantFrom(...endpoint.queryParams, 'limit', 'offset', 'cascade', 'force', '__proto__'), nastyString);
  const query = fc.oneof(
    fc.constant(''),
    fc.array(fc.tuple(queryKey, nastyString), { maxLength: 3 }).map((pairs) => new URLSearchParams(pairs).toString()),
    fc.constantFrom('cascade', 'cascade=maybe', 'cascade[]=1&cascade=2', '%', '&&&', 'a=%ZZ'),
  );
  return fc.record({ path: pathArbitrary, query, body: bodyArbitrary(endpoint) }).map(({ path, query: q, body }) => ({
    method: endpoint.method,
    template: endpoint.template,
    path,
    query: q,
    ...body,
  }));
}

/** Lone surrogates cannot be percent-encoded; UTF-8 round-tripping turns them into U+FFFD like a client would. */
function wellFormed(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
