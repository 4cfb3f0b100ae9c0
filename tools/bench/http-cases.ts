/** The HTTP cases through the gateway: reads by id (1), creates (2 and 3), filtered lists (4). */
import { Client } from 'pg';
import { recordPageQuery, recordTotalQuery } from '../../apps/records/src/records/record-list-queries';
import { createValues } from './data';
import { type LoadRequest, type LoadResult, runLoad } from './load';
import type { BenchSystem } from './system';

export interface LoadShape {
  onMeasure?: (edge: 'start' | 'end') => void | Promise<void>;
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
  maxRequests: number;
}

/** GET <prefix>/records/:id over `ids`, round robin (the gateway with `/api/v1`, the raw server without). */
export function readByIdRequests(prefix: string, ids: readonly string[]): () => LoadRequest[] {
  return () => {
    let next = 0;
    return [{ method: 'GET', path: `${prefix}/records/${ids[0]}`, setupRequest: (request) => ({ ...request, path: `${prefix}/records/${ids[next++ % ids.length]}` }) }];
  };
}

/**
 * Case 1: GET /api/v1/records/:id; `readThrough` sends `Cache-Control: no-cache`, so every read
 * asks records instead of the gateway's record cache.
 */
export async function readById(system: BenchSystem, ids: readonly string[], shape: LoadShape, readThrough = false): Promise<LoadResult> {
  const headers = { authorization: `Bearer ${await system.token()}`, ...(readThrough && { 'cache-control': 'no-cache' }) };
  return runLoad({ origin: system.origin, ...shape, headers, requests: readByIdRequests('/api/v1', ids) });
}

/** Case 2: POST /api/v1/records, values in 3 scopes, a unique sku per request. */
export async function createRecords(system: BenchSystem, tag: string, shape: LoadShape): Promise<LoadResult> {
  let serial = 0;
  const body = () => {
    const index = serial++;
    return JSON.stringify({ schemaId: 'schema-apparel', values: createValues(`C${tag}-${index}`, index) });
  };
  return runLoad({
    origin: system.origin,
    ...shape,
    headers: { authorization: `Bearer ${await system.token()}`, 'content-type': 'application/json' },
    requests: () => [{ method: 'POST', path: '/api/v1/records', body: body(), setupRequest: (request) => ({ ...request, body: body() }) }],
  });
}

export type Filter = { schemaId: string; lifecycleStateId: string };

/** Authorised GETs through the gateway, the path of each request made from the next of `items`, round robin. */
export async function cyclingGets<T>(system: BenchSystem, items: readonly T[], pathOf: (item: T) => string, shape: LoadShape): Promise<LoadResult> {
  return runLoad({
    origin: system.origin,
    ...shape,
    headers: { authorization: `Bearer ${await system.token()}` },
    requests: () => {
      let next = 0;
      return [{ method: 'GET', path: pathOf(items[0]), setupRequest: (request) => ({ ...request, path: pathOf(items[next++ % items.length]) }) }];
    },
  });
}

/** Case 4: GET /api/v1/records?schemaId=&lifecycleStateId=&limit=50, cycling over `filters`. */
export function listFiltered(system: BenchSystem, filters: readonly Filter[], shape: LoadShape): Promise<LoadResult> {
  const path = (f: Filter) => `/api/v1/records?schemaId=${encodeURIComponent(f.schemaId)}&lifecycleStateId=${encodeURIComponent(f.lifecycleStateId)}&limit=50`;
  return cyclingGets(system, filters, path, shape);
}

export interface ListExplain {
  pageMs: number;
  /** The query behind `total`: the record_count read for schema/state filters. */
  countMs: number;
  countRows: number;
  pagePlan: string;
  countPlan: string;
}

/**
 * EXPLAIN ANALYZE of the two queries one list request runs, built by the records service's own
 * query builders (the page: ids from the composite index, then rows by id; `total`: the counter read).
 */
export async function explainList(databaseUrl: string, filter: Filter): Promise<ListExplain> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-explain' });
  await client.connect();
  try {
    await client.query('SET search_path = records');
    const run = async ({ sql, params }: { sql: string; params: unknown[] }) => {
      await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params); // warm the cache
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      const text = rows.map((row) => row['QUERY PLAN']).join('\n');
      const match = /Execution Time: ([\d.]+) ms/.exec(text);
      return { ms: match ? Number(match[1]) : NaN, text };
    };
    const page = await run(recordPageQuery({ ...filter, offset: 0, limit: 50 }));
    const totalQuery = recordTotalQuery(filter);
    const count = await run(totalQuery);
    const { rows } = await client.query<{ total: string }>(totalQuery.sql, totalQuery.params);
    return { pageMs: page.ms, countMs: count.ms, countRows: Number(rows[0].total), pagePlan: page.text, countPlan: count.text };
  } finally {
    await client.end();
  }
}
