import fc from 'fast-check';
import { Client } from 'pg';
import { startTestSystem, TEST_NATS_URL, type TestSystem } from '@sigma/testing';
import { type DbSnapshot, diffSnapshots, settledSnapshot, snapshotDatabase } from '../support/db-state';

/**
 * Property-based fuzzing of every write endpoint the running gateway documents in its OpenAPI
 * document: invalid and edge-case bodies (derived from each operation's schema and example),
 * query strings and path ids, sent as admin. Every answer must be a 4xx in the error shape
 * `{ statusCode, error, message, code?, details? }` (or a 2xx when the input happens to be
 * valid), never a 5xx; and across every batch answered only with 4xx the database must be
 * exactly as before (row counts + md5 of every table's rows).
 *
 * Path ids point either at junk or at throwaway resources made for this test, so inputs that
 * happen to be valid change only those. FUZZ_RUNS (default 2000) sets the number of cases.
 */
jest.setTimeout(15 * 60_000);

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const BATCH = 10;
const CONCURRENCY = 4;
const REQUEST_TIMEOUT_MS = 15_000;
const ERROR_KEYS = new Set(['statusCode', 'error', 'message', 'code', 'details']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, any>;

interface Endpoint {
  method: string;
  /** Path template relative to /api/v1, e.g. /records/{id}. */
  template: string;
  params: string[];
  queryParams: string[];
  bodySchema?: Schema;
  example?: Json;
}

interface FuzzCase {
  method: string;
  template: string;
  path: string;
  query: string;
  body?: string;
  contentType?: string;
}

interface Answer {
  fuzzCase: FuzzCase;
  status: number;
  body: unknown;
}

describe('fuzzing every write endpoint (e2e)', () => {
  let system: TestSystem;
  let pg: Client;
  let token: string;
  let endpoints: Endpoint[];
  let document: any;
  /** Known, throwaway ids per path parameter name and first path segment. */
  const pools: Record<string, string[]> = {};

  beforeAll(async () => {
    system = await startTestSystem({ label: 'fuzz', startupTimeoutMs: 150_000 });
    pg = new Client({ connectionString: system.database.url, application_name: 'fuzz-test' });
    await pg.connect();
    token = await system.api.token('admin');
    const response = await system.api.request('GET', '/docs/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
    endpoints = writeEndpoints(document);
    await makeThrowaways();
  }, 240_000);

  afterAll(async () => {
    await pg?.end().catch(() => undefined);
    await system?.stop();
  }, 60_000);

  async function create(path: string, body: unknown): Promise<string> {
    const response = await system.api.as('admin', 'POST', path, body);
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`Could not create a throwaway at ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body.id;
  }

  /** One resource of each kind the fuzzer may (validly) change or delete; never a seed resource. */
  async function makeThrowaways(): Promise<void> {
    const record = await create('/records', {
      schemaId: 'schema-apparel',
      values: { 'product-name': [{ scope: {}, value: 'Fuzz target' }], sku: [{ scope: {}, value: 'FUZZ-1' }] },
    });
    const user = await create('/users', {
      username: 'fuzz.target',
      displayName: 'Fuzz Target',
      password: 'fuzz-target-password',
      roles: ['role-viewer'],
    });
    const dimension = await create('/dimensions', {
      id: 'dim-fuzz',
      name: 'Fuzz',
      segments: [{ id: 'seg-fuzz-a', name: 'A' }],
    });
    const catalog = await create('/catalogs', { id: 'catalog-fuzz', name: 'Fuzz catalog' });
    const category = await create(`/catalogs/${catalog}/categories`, { id: 'cat-fuzz', name: 'Fuzz category' });
    const changeSet = await system.api.as('admin', 'POST', '/change-sets', {
      title: 'Fuzz target',
      source: { type: 'integration', id: 'fuzz', name: 'Fuzz' },
      operations: [
        {
          type: 'update',
          entityId: record,
          schemaId: 'schema-apparel',
          changes: [{ attributeAlias: 'product-name', attributeName: 'Product name', oldValue: 'Fuzz target', newValue: 'Fuzzed' }],
        },
      ],
    });
    expect(changeSet.status).toBe(201);
    Object.assign(pools, {
      records: [record],
      users: [user],
      dimensions: [dimension],
      catalogs: [catalog],
      categories: [category],
      'change-sets': [changeSet.body.id],
      schemas: ['schema-fuzz-missing'],
      workflows: ['workflow-fuzz-missing'],
      attr: ['product-name', 'price', 'sku', 'no-such-attribute'],
      categoryId: [category, 'cat-missing'],
      opId: [changeSet.body.operations[0].id, 'op-missing'],
      annotationId: ['ann-missing'],
    });
  }

  it('answers every generated request with a 4xx in the error shape (or a 2xx), never a 5xx, and 4xx change nothing', async () => {
    expect(endpoints.length).toBeGreaterThan(10);
    const caseArbitrary = fc.constantFrom(...endpoints).chain((endpoint) => fuzzCase(endpoint, pools));
    const stats = { cases: 0, byStatus: new Map<number, number>(), batches: 0, checkedBatches: 0 };
    const problems: string[] = [];
    let before: DbSnapshot = await settledSnapshot(quiet());

    await fc.assert(
      fc.asyncProperty(fc.array(caseArbitrary, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answers = await runAll(batch, CONCURRENCY, (fuzzCase) => send(fuzzCase));
        stats.batches += 1;
        for (const answer of answers) {
          stats.cases += 1;
          stats.byStatus.set(answer.status, (stats.byStatus.get(answer.status) ?? 0) + 1);
          const problem = checkAnswer(answer);
          if (problem) problems.push(problem);
        }
        const changed = answers.some((answer) => answer.status < 300);
        if (changed) {
          before = await settledSnapshot(quiet());
        } else {
          stats.checkedBatches += 1;
          const after = await snapshotDatabase(pg);
          const diff = diffSnapshots(before, after);
          if (diff.length > 0) {
            problems.push(`A batch answered only with 4xx changed the database (${diff.join('; ')}):\n${answers.map(show).join('\n')}`);
            before = await settledSnapshot(quiet());
          }
        }
        if (problems.length > 0) throw new Error(problems.slice(0, 10).join('\n\n'));
      }),
      { numRuns: Math.max(1, Math.ceil(RUNS / BATCH)), endOnFailure: true, seed: envSeed() },
    );

    const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    process.stdout.write(
      `fuzz: ${stats.cases} cases over ${endpoints.length} write endpoints, ${stats.checkedBatches}/${stats.batches} ` +
        `all-4xx batches snapshot-checked; statuses { ${statuses.join(', ')} }\n`,
    );
    expect(stats.cases).toBeGreaterThanOrEqual(RUNS);
    expect([...stats.byStatus.keys()].filter((status) => status >= 500)).toEqual([]);
  });

  function quiet() {
    return { pg, natsUrl: TEST_NATS_URL, subjectPrefix: system.subjectPrefix, timeoutMs: 30_000 };
  }

  async function send(fuzzCase: FuzzCase): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (fuzzCase.contentType) headers['content-type'] = fuzzCase.contentType;
    const url = `${system.baseUrl}${fuzzCase.path}${fuzzCase.query ? `?${fuzzCase.query}` : ''}`;
    const response = await fetch(url, {
      method: fuzzCase.method,
      headers,
      body: fuzzCase.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // reported by checkAnswer
    }
    return { fuzzCase, status: response.status, body };
  }
});

function envSeed(): number | undefined {
  return process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
}

function show(answer: Answer): string {
  const { fuzzCase } = answer;
  const body = fuzzCase.body === undefined ? '' : ` body(${fuzzCase.contentType ?? 'none'})=${truncate(fuzzCase.body, 400)}`;
  return `  ${answer.status} ${fuzzCase.method} ${fuzzCase.path}${fuzzCase.query ? `?${fuzzCase.query}` : ''}${body} -> ${truncate(JSON.stringify(answer.body), 300)}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

/** Undefined when the answer is acceptable, else what is wrong with it. */
function checkAnswer(answer: Answer): string | undefined {
  const { status, body } = answer;
  if (status >= 200 && status < 300) return undefined;
  if (status < 400 || status >= 500) return `Not a 2xx or 4xx:\n${show(answer)}`;
  const shaped =
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).every((key) => ERROR_KEYS.has(key)) &&
    (body as any).statusCode === status &&
    typeof (body as any).error === 'string' &&
    typeof (body as any).message === 'string' &&
    ((body as any).code === undefined || typeof (body as any).code === 'string');
  return shaped ? undefined : `A ${status} not in the error shape:\n${show(answer)}`;
}

async function runAll<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

// ---------------------------------------------------------------------------------------------
// The endpoint list and bodies, from the OpenAPI document

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

function writeEndpoints(document: any): Endpoint[] {
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

function fuzzCase(endpoint: Endpoint, pools: Record<string, string[]>): fc.Arbitrary<FuzzCase> {
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
