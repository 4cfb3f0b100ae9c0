import fc from 'fast-check';
import { Client } from 'pg';
import { eventually, startTestSystem, TEST_NATS_URL, type TestSystem } from '@sigma/testing';
import { type DbSnapshot, diffSnapshots, settledSnapshot, snapshotDatabase } from '../support/db-state';
import { type Endpoint, type FuzzCase, fuzzCase, writeEndpoints } from '../support/fuzz-generators';

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
/** Counts failed sign-ins: a rejected POST /auth/token writes it by design (per-username throttling). */
const WRITTEN_BY_REJECTIONS = 'records.login_throttle';

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
    // Records learns the demo workflow's completeness rule from workflow in the background after
    // startup, and scores the schema's records: let that settle, or a batch of 4xx would see it land.
    await eventually(async () => {
      const { rows } = await pg.query<{ rules: number; rescores: number }>(
        'SELECT (SELECT count(*) FROM records.completeness_rule)::int AS rules, (SELECT count(*) FROM records.completeness_rescore)::int AS rescores',
      );
      expect(rows[0]).toEqual({ rules: 1, rescores: 0 });
    }, 60_000, 200);
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
          const diff = diffSnapshots(before, after).filter((table) => !table.startsWith(`${WRITTEN_BY_REJECTIONS}:`));
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
