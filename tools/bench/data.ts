/**
 * Seeded bench data: three more schemas beside the demo's (through the API), then N records
 * spread over 4 schemas × 3 lifecycle states, streamed straight into records.record with COPY.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { BenchSystem } from './system';
import { RecordCopy, recordCopyLine } from './record-copy';
import { seededRandom, weightedIndex } from './stats';

export const SCHEMAS = ['schema-apparel', 'schema-bench-footwear', 'schema-bench-outdoor', 'schema-bench-home'];
const SCHEMA_WEIGHTS = [40, 30, 20, 10];
export const STATES = ['state-draft', 'state-review', 'state-published'];
export const STATE_WEIGHTS = [20, 20, 60];
const WORDS = ['Classic', 'Merino', 'Harbour', 'Linen', 'Summer', 'Alpine', 'Nordic', 'Cotton', 'Field', 'Urban', 'Coastal', 'Wool', 'Canvas', 'Trail'];
const NOUNS = ['Shirt', 'Sweater', 'Jacket', 'Trousers', 'Dress', 'Scarf', 'Boot', 'Cap', 'Parka', 'Vest'];
const MATERIALS = ['100% cotton', 'Merino wool', 'Linen', 'Recycled polyester', 'Nylon', 'Cashmere blend'];
const GARMENTS = ['shirt', 'jacket', 'trousers', 'knitwear', 'dress', 'accessory'];

export interface BenchData {
  /** Records copied in. */
  count: number;
  /** Ids spread evenly over the data (for reads by id). */
  sampleIds: string[];
  /** Danish product names of the sampled records (equality searches, case 8); each names about one record in 2,000. */
  sampleNames: string[];
  /** schema-apparel records with their current material (for change-set updates). */
  apparel: { id: string; material: string }[];
  /** Every schema × state filter, largest first. */
  filters: { schemaId: string; lifecycleStateId: string; rows: number }[];
  copySeconds: number;
  vacuumSeconds: number;
  tableMb: number;
}

/** Creates the bench schemas (copies of the demo schema) unless they exist. */
async function ensureSchemas(system: BenchSystem): Promise<void> {
  const { body: apparel } = await system.call<{ attributes: Record<string, unknown>[] }>('GET', '/schemas/schema-apparel');
  for (const id of SCHEMAS.slice(1)) {
    await system.call(
      'POST',
      '/schemas',
      { id, name: id.replace('schema-bench-', 'Bench '), initialLifecycleStateId: 'state-draft', attributes: apparel.attributes },
      [201, 409],
    );
  }
}

export interface GenerateOptions {
  seed: number;
  keepApparel: number;
  samples: number;
  /** Every record in this (existing) schema instead of spread over SCHEMAS (case 5's re-scoring). */
  schemaId?: string;
}

export async function generateRecords(system: BenchSystem, count: number, options: GenerateOptions): Promise<BenchData> {
  if (!options.schemaId) await ensureSchemas(system);
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  // A per-run tag keeps ids and SKUs unique when the same database is benchmarked twice.
  const tag = randomBytes(2).toString('hex').toUpperCase();
  const sampleEvery = Math.max(1, Math.floor(count / options.samples));
  const sampleIds: string[] = [];
  const sampleNames: string[] = [];
  const apparel: BenchData['apparel'] = [];
  const counts = new Map<string, number>();
  const start = Date.now() - 365 * 24 * 3600 * 1000;
  const step = (365 * 24 * 3600 * 1000) / Math.max(1, count);

  const client = new Client({ connectionString: system.databaseUrl, application_name: 'bench-copy' });
  await client.connect();
  const copyStarted = performance.now();
  try {
    const copy = new RecordCopy(client);
    for (let i = 0; i < count; i++) {
      const schemaId = options.schemaId ?? SCHEMAS[weightedIndex(SCHEMA_WEIGHTS, random())];
      const stateId = STATES[weightedIndex(STATE_WEIGHTS, random())];
      const key = `${schemaId}\u0000${stateId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const id = `ent-b${tag}${i.toString(36).padStart(5, '0')}`;
      const name = `${pick(WORDS)} ${pick(WORDS)} ${pick(NOUNS)}`;
      const material = pick(MATERIALS);
      const price = Math.round(random() * 30000) / 100;
      const values = {
        'product-name': [
          { scope: {}, value: name },
          { scope: { 'dim-language': 'seg-da' }, value: `${name} (da)` },
          { scope: { 'dim-language': 'seg-de' }, value: `${name} (de)` },
        ],
        sku: [{ scope: {}, value: `B${tag}-${i}` }],
        price: [
          { scope: {}, value: price },
          { scope: { 'dim-market': 'seg-dk' }, value: Math.round(price * 7.5) },
        ],
        material: [{ scope: {}, value: material }],
        'garment-type': [{ scope: {}, value: pick(GARMENTS) }],
        'short-description': [{ scope: {}, value: `${name} in ${material.toLowerCase()}.` }],
      };
      const created = new Date(start + i * step).toISOString();
      await copy.push(recordCopyLine(id, schemaId, stateId, values, created));
      if (i % sampleEvery === 0 && sampleIds.length < options.samples) {
        sampleIds.push(id);
        sampleNames.push(`${name} (da)`);
      }
      if (schemaId === SCHEMAS[0] && apparel.length < options.keepApparel) apparel.push({ id, material });
    }
    await copy.end();
    const copySeconds = (performance.now() - copyStarted) / 1000;
    // Settled statistics and visibility map, as autovacuum would leave a table that was loaded a while ago.
    const vacuumStarted = performance.now();
    await client.query('VACUUM (ANALYZE) records.record');
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
    const { rows } = await client.query<{ mb: number }>("SELECT pg_total_relation_size('records.record') / 1048576.0 AS mb");
    const filters = [...counts.entries()]
      .map(([key, rowsInFilter]) => {
        const [schemaId, lifecycleStateId] = key.split('\u0000');
        return { schemaId, lifecycleStateId, rows: rowsInFilter };
      })
      .sort((a, b) => b.rows - a.rows);
    return { count, sampleIds, sampleNames, apparel, filters, copySeconds, vacuumSeconds, tableMb: Number(rows[0].mb) };
  } finally {
    await client.end();
  }
}

/** The values of one created record in case 2 and baseline (b): product name in 3 scopes, a unique sku, a price. */
export function createValues(sku: string, index: number): Record<string, { scope: Record<string, string>; value: unknown }[]> {
  return {
    'product-name': [
      { scope: {}, value: `Bench Shirt ${index}` },
      { scope: { 'dim-language': 'seg-da' }, value: `Bench skjorte ${index}` },
      { scope: { 'dim-language': 'seg-de' }, value: `Bench Hemd ${index}` },
    ],
    sku: [{ scope: {}, value: sku }],
    price: [{ scope: {}, value: 49.95 }],
  };
}
