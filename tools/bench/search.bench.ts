/**
 * Case 8: an equality search on one attribute value per scope (a Danish product name, about one record
 * in 2,000) through the gateway, next to the same two statements the records service runs (page and
 * capped total), sent straight to PostgreSQL from as many connections in the same run.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { type AttributeCondition, FILTERED_TOTAL_CAP } from '@sigma/contracts';
import type { ResolvedCondition } from '../../apps/records/src/records/search/attribute-conditions';
import { searchPageQuery, searchTotalQuery } from '../../apps/records/src/records/search/record-search-query';
import { cyclingGets, type LoadShape } from './http-cases';
import type { LoadResult } from './load';
import { latency, type Latency } from './stats';
import type { BenchSystem } from './system';

const condition = (name: string): AttributeCondition => ({ attribute: 'product-name', scope: { 'dim-language': 'seg-da' }, operator: 'eq', value: name });

/** GET /api/v1/records?filters=[product-name da = <name>]&limit=50, cycling over `names`. */
export function searchByValue(system: BenchSystem, names: readonly string[], shape: LoadShape): Promise<LoadResult> {
  return cyclingGets(system, names, (name) => `/api/v1/records?limit=50&filters=${encodeURIComponent(JSON.stringify([condition(name)]))}`, shape);
}

export interface RawSearch {
  requests: number;
  perSecond: number;
  latency: Latency;
  /** Matches of the first name (how selective the equality is). */
  sampleMatches: number;
}

/** The records service's page and total statements for the same searches, from `connections` clients for `seconds`. */
export async function rawSearch(databaseUrl: string, names: readonly string[], connections: number, seconds: number): Promise<RawSearch> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new Client({ connectionString: databaseUrl, application_name: 'bench-raw-search' });
      await client.connect();
      await client.query('SET search_path = records');
      return client;
    }),
  );
  const plan = (name: string) => {
    const resolved: ResolvedCondition = { condition: { ...condition(name), scope: { 'dim-language': 'seg-da' } }, dataType: 'text' };
    return { conditions: [resolved], offset: 0, limit: 50 };
  };
  try {
    const [{ total }] = (await clients[0].query(searchTotalQuery(plan(names[0])).sql, searchTotalQuery(plan(names[0])).params)).rows;
    const times: number[] = [];
    let next = 0;
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          const searched = plan(names[next++ % names.length]);
          const count = searchTotalQuery(searched);
          const started = performance.now();
          // As the service does: the count, then the page planned by it.
          const [{ total: counted }] = (await client.query<{ total: string }>(count.sql, count.params)).rows;
          const page = searchPageQuery(searched, Number(counted) <= FILTERED_TOTAL_CAP);
          await client.query(page.sql, page.params);
          times.push(performance.now() - started);
        }
      }),
    );
    return { requests: times.length, perSecond: times.length / seconds, latency: latency(times), sampleMatches: Number(total) };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}
