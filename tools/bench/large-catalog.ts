/**
 * `--profile large` data: the large-catalog shape (large-shape.ts) made real. Segments, schemas and
 * workflows go through the public API; the records are streamed into records.record with COPY, as
 * data.ts does. COPY bypasses the write path, so what it skips is filled in afterwards, each by the
 * system's own means where it has one: record counts by the table's COPY trigger, the search index
 * by PostgreSQL, unique sku rows by one INSERT … SELECT, and completeness scores and summaries by
 * the records service's re-scorer (queued by the first report that sees records without scores),
 * waited for until every schema reports `current: true`, so no case runs beside a re-score.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { type DimensionDto, Roles, type SchemaCompletenessReport } from '@sigma/contracts';
import { MAX_ATTRIBUTES } from '../../apps/records/src/workspace/schemas/validate-schema';
import { type BenchData, STATE_WEIGHTS, STATES } from './data';
import { LANGUAGE, LARGE_ATTRIBUTES, LARGE_VALUES_PER_RECORD, LargeRecordSource, largeShape, type LargeShape, MARKET } from './large-shape';
import type { MaterialTarget } from './material-sets';
import { RecordCopy, recordCopyLine } from './record-copy';
import { fmt, seededRandom, sleep, weightedIndex } from './stats';
import type { BenchSystem } from './system';

/** Added to the demo's segments until there are 4 languages and 2 markets. */
const EXTRA_SEGMENTS: Record<string, { id: string; name: string }[]> = {
  [LANGUAGE]: [
    { id: 'seg-en', name: 'English' },
    { id: 'seg-sv', name: 'Swedish' },
    { id: 'seg-nb', name: 'Norwegian' },
    { id: 'seg-fi', name: 'Finnish' },
  ],
  [MARKET]: [
    { id: 'seg-dk', name: 'Denmark' },
    { id: 'seg-de', name: 'Germany' },
  ],
};
const WANTED: Record<string, number> = { [LANGUAGE]: 4, [MARKET]: 2 };
/** A re-score that reports no progress for this long has stopped. */
const RESCORE_STALL_MS = 10 * 60_000;

export interface LargeCatalog {
  /** What cases 1, 4, 6 and 8 read (apply targets in `apparel`, from every large schema). */
  data: BenchData & { apparel: MaterialTarget[] };
  shape: LargeShape;
  /** Records copied into each schema. */
  recordsBySchema: Record<string, number>;
  meanValues: number;
  uniqueSeconds: number;
  /** From the first report after the COPY until every schema reported current: true. */
  rescoreSeconds: number;
  /** VACUUM ANALYZE of the score and summary tables afterwards. */
  settleVacuumSeconds: number;
  /** With indexes and TOAST. */
  completenessMb: number;
  uniqueMb: number;
}

export interface LargeCatalogOptions {
  seed: number;
  /** Records kept with their material, for the change set of case 6. */
  targets: number;
  samples: number;
}

/** The first 4 language and 2 market segments, adding some to the dimensions (through PUT /dimensions/:id) where fewer exist. */
async function ensureSegments(system: BenchSystem): Promise<{ languages: string[]; markets: string[] }> {
  const { body: dimensions } = await system.call<DimensionDto[]>('GET', '/dimensions');
  const segmentsOf: Record<string, string[]> = {};
  for (const id of [LANGUAGE, MARKET]) {
    const found = dimensions.find((dimension) => dimension.id === id);
    const segments = found ? found.segments.map(({ id: segmentId, name }) => ({ id: segmentId, name })) : [];
    for (const extra of EXTRA_SEGMENTS[id]) if (segments.length < WANTED[id] && !segments.some((s) => s.id === extra.id)) segments.push(extra);
    if (!found) await system.call('POST', '/dimensions', { id, name: id === LANGUAGE ? 'Language' : 'Market', segments }, [201]);
    else if (segments.length > found.segments.length) await system.call('PUT', `/dimensions/${id}`, { name: found.name, segments });
    segmentsOf[id] = segments.slice(0, WANTED[id]).map((segment) => segment.id);
  }
  return { languages: segmentsOf[LANGUAGE], markets: segmentsOf[MARKET] };
}

const report = async (system: BenchSystem, schemaId: string) => (await system.call<SchemaCompletenessReport>('GET', `/schemas/${schemaId}/completeness`)).body;

/** The schemas with their workflows (each state's requirements are the rule), then until records holds every rule. */
async function ensureSchemas(system: BenchSystem, shape: LargeShape): Promise<void> {
  for (const [index, schema] of shape.schemas.entries()) {
    await system.call(
      'POST',
      '/schemas',
      { id: schema.id, name: `Large catalog ${index + 1}`, initialLifecycleStateId: 'state-draft', attributes: schema.attributes },
      [201, 409],
    );
    const editors = [Roles.admin, Roles.editor];
    await system.call(
      'POST',
      '/workflows',
      {
        id: `workflow-${schema.id}`,
        schemaId: schema.id,
        name: `Large catalog ${index + 1} lifecycle`,
        initialStateId: 'state-draft',
        states: schema.states,
        transitions: [
          { id: `${schema.id}-submit`, fromStateId: 'state-draft', toStateId: 'state-review', name: 'Submit for review', allowedRoleIds: editors, requiresCompleteness: false },
          { id: `${schema.id}-publish`, fromStateId: 'state-review', toStateId: 'state-published', name: 'Publish', allowedRoleIds: editors, requiresCompleteness: true },
        ],
      },
      [201, 409],
    );
  }
  // The rule reaches records as an event from workflow: until then a report is not current.
  const deadline = Date.now() + 60_000;
  for (const schema of shape.schemas) {
    while (!(await report(system, schema.id)).current) {
      if (Date.now() > deadline) throw new Error(`the completeness rule of ${schema.id} did not reach records within 60 s`);
      await sleep(250);
    }
  }
}

export async function generateLargeCatalog(system: BenchSystem, count: number, options: LargeCatalogOptions, log: (line: string) => void): Promise<LargeCatalog> {
  const { languages, markets } = await ensureSegments(system);
  const shape = largeShape({ attributes: LARGE_ATTRIBUTES, maxAttributesPerSchema: MAX_ATTRIBUTES, languages, markets, valuesPerRecord: LARGE_VALUES_PER_RECORD });
  log(
    `large shape: ${LARGE_ATTRIBUTES} attributes in ${shape.schemas.length} schemas (at most ${MAX_ATTRIBUTES} a schema), ` +
      `${shape.schemas[0].families.length} families of 100 each, languages ${languages.join('/')}, markets ${markets.join('/')}, fill ${shape.fill.toFixed(3)}`,
  );
  await ensureSchemas(system, shape);

  const source = new LargeRecordSource(shape, options.seed);
  const states = seededRandom(options.seed + 1);
  // A per-run tag keeps ids and SKUs unique when the same database is benchmarked twice.
  const tag = randomBytes(2).toString('hex').toUpperCase();
  const sampleEvery = Math.max(1, Math.floor(count / options.samples));
  const sampleIds: string[] = [];
  const sampleNames: string[] = [];
  const targets: MaterialTarget[] = [];
  const counts = new Map<string, number>();
  const recordsBySchema: Record<string, number> = Object.fromEntries(shape.schemas.map((schema) => [schema.id, 0]));
  let values = 0;
  const start = Date.now() - 365 * 24 * 3600 * 1000;
  const step = (365 * 24 * 3600 * 1000) / Math.max(1, count);

  const client = new Client({ connectionString: system.databaseUrl, application_name: 'bench-large-copy' });
  await client.connect();
  try {
    const copyStarted = performance.now();
    const copy = new RecordCopy(client, 1000);
    for (let i = 0; i < count; i++) {
      const id = `ent-l${tag}${i.toString(36).padStart(4, '0')}`;
      const record = source.next(`L${tag}-${i}`);
      const schemaId = shape.schemas[record.schemaIndex].id;
      const stateId = STATES[weightedIndex(STATE_WEIGHTS, states())];
      const key = `${schemaId}\u0000${stateId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      recordsBySchema[schemaId]++;
      values += record.valueCount;
      const created = new Date(start + i * step).toISOString();
      await copy.push(recordCopyLine(id, schemaId, stateId, record.values, created));
      if (i % sampleEvery === 0 && sampleIds.length < options.samples) {
        sampleIds.push(id);
        sampleNames.push(record.firstLanguageName);
      }
      if (targets.length < options.targets) targets.push({ id, material: record.material, schemaId });
      if ((i + 1) % 100_000 === 0) log(`  ${(i + 1).toLocaleString('en-US')} records written in ${((performance.now() - copyStarted) / 1000).toFixed(0)} s`);
    }
    await copy.end();
    const copySeconds = (performance.now() - copyStarted) / 1000;
    log(`copied ${count.toLocaleString('en-US')} records (${(values / count).toFixed(1)} values each) in ${copySeconds.toFixed(1)} s`);

    // The sku's unique-index rows, as a write through the API would have claimed them.
    let started = performance.now();
    // jsonb's text of a string is its JSON form, the key uniqueValueKey gives it.
    const { rowCount } = await client.query(
      `INSERT INTO records.unique_value (attribute_alias, scope_key, value_key, record_id)
       SELECT 'sku', '', ("values"->'sku'->0->'value')::text, id FROM records.record WHERE schema_id = ANY($1) AND id LIKE $2`,
      [shape.schemas.map((schema) => schema.id), `ent-l${tag}%`],
    );
    if (rowCount !== count) throw new Error(`${rowCount} unique sku rows for ${count} records`);
    const uniqueSeconds = (performance.now() - started) / 1000;
    // Settled statistics and visibility map, as autovacuum would leave a table that was loaded a while ago.
    started = performance.now();
    await client.query('VACUUM (ANALYZE) records.record, records.unique_value');
    const vacuumSeconds = (performance.now() - started) / 1000;
    log(`unique sku rows ${uniqueSeconds.toFixed(1)} s, VACUUM ANALYZE ${vacuumSeconds.toFixed(1)} s`);

    const rescoreSeconds = await settleCompleteness(system, client, recordsBySchema, log);
    started = performance.now();
    await client.query('VACUUM (ANALYZE) records.record_completeness, records.completeness_summary, records.completeness_missing');
    const settleVacuumSeconds = (performance.now() - started) / 1000;

    const size = async (table: string) => Number((await client.query<{ mb: number }>(`SELECT pg_total_relation_size($1) / 1048576.0 AS mb`, [table])).rows[0].mb);
    const filters = [...counts.entries()]
      .map(([key, rowsInFilter]) => {
        const [schemaId, lifecycleStateId] = key.split('\u0000');
        return { schemaId, lifecycleStateId, rows: rowsInFilter };
      })
      .sort((a, b) => b.rows - a.rows);
    return {
      data: { count, sampleIds, sampleNames, apparel: targets, filters, copySeconds, vacuumSeconds, tableMb: await size('records.record') },
      shape,
      recordsBySchema,
      meanValues: values / Math.max(1, count),
      uniqueSeconds,
      rescoreSeconds,
      settleVacuumSeconds,
      completenessMb: (await size('records.record_completeness')) + (await size('records.completeness_summary')) + (await size('records.completeness_missing')),
      uniqueMb: await size('records.unique_value'),
    };
  } finally {
    await client.end();
  }
}

/**
 * Asks each schema's report (the first one after the COPY sees records without scores and queues
 * their re-score) until every one answers current: true with every copied record counted. Seconds.
 */
async function settleCompleteness(system: BenchSystem, client: Client, recordsBySchema: Record<string, number>, log: (line: string) => void): Promise<number> {
  const started = performance.now();
  // What autovacuum does for a growing table (the test PostgreSQL here runs without it): the
  // re-score batches' plans must not keep the estimates of an empty score table.
  const analyze = setInterval(() => void client.query('ANALYZE records.record_completeness').catch(() => undefined), 10_000);
  try {
    let lastPending = Infinity;
    let progressAt = Date.now();
    let loggedAt = Date.now();
    for (;;) {
      const reports = await Promise.all(Object.keys(recordsBySchema).map((schemaId) => report(system, schemaId)));
      const pending = reports.reduce((sum, r) => sum + (r.current ? 0 : Math.max(r.pendingRecords, 1)), 0);
      if (pending === 0) {
        for (const r of reports) {
          const counted = r.records + r.unscored.reduce((sum, entry) => sum + entry.records, 0);
          if (counted < recordsBySchema[r.schemaId]) throw new Error(`${r.schemaId} reports ${counted} records, ${recordsBySchema[r.schemaId]} were copied`);
        }
        const seconds = (performance.now() - started) / 1000;
        log(`completeness scored: every large schema current after ${seconds.toFixed(1)} s`);
        return seconds;
      }
      if (pending < lastPending) [lastPending, progressAt] = [pending, Date.now()];
      if (Date.now() - progressAt > RESCORE_STALL_MS) throw new Error(`the completeness re-score made no progress for ${RESCORE_STALL_MS / 60_000} minutes (${pending} records pending)`);
      if (Date.now() - loggedAt > 30_000) {
        log(`  re-scoring completeness: ${pending.toLocaleString('en-US')} records pending after ${((performance.now() - started) / 1000).toFixed(0)} s`);
        loggedAt = Date.now();
      }
      await sleep(1000);
    }
  } finally {
    clearInterval(analyze);
  }
}

/** The catalog and what making it took, for a person (the results' header and case 13's notes). */
export function describeLargeCatalog(catalog: LargeCatalog): string {
  const { shape, data } = catalog;
  const per10k = (seconds: number) => `${((seconds * 10_000) / Math.max(1, data.count)).toFixed(1)} s per 10,000`;
  const attributes = shape.schemas.reduce((sum, schema) => sum + schema.attributes.length, 0);
  return (
    `Large catalog (Akeneo's large shape): ${fmt(data.count, 0)} records, ${fmt(attributes, 0)} attributes in ${shape.schemas.length} schemas ` +
    `(${shape.schemas.map((schema) => `${schema.id} ${fmt(catalog.recordsBySchema[schema.id], 0)} records`).join(', ')}; at most ${MAX_ATTRIBUTES} attributes a schema), ` +
    `families of 100 attributes, ${shape.languages.length} languages × ${shape.markets.length} markets, ${catalog.meanValues.toFixed(1)} values a record. ` +
    `COPY ${fmt(data.copySeconds, 1)} s (${per10k(data.copySeconds)}), unique sku rows ${fmt(catalog.uniqueSeconds, 1)} s, VACUUM ANALYZE ${fmt(data.vacuumSeconds, 1)} s, ` +
    `completeness scored by the records service's re-scorer in ${fmt(catalog.rescoreSeconds, 1)} s (${per10k(catalog.rescoreSeconds)}) and VACUUM ANALYZE ${fmt(catalog.settleVacuumSeconds, 1)} s; ` +
    `records.record ${fmt(data.tableMb, 0)} MB with indexes, scores and summaries ${fmt(catalog.completenessMb, 0)} MB, unique values ${fmt(catalog.uniqueMb, 0)} MB.`
  );
}

/** How case 13's stored scores came to be, for its notes. */
export function rescoreNote(catalog: LargeCatalog): string {
  const per10k = ((catalog.rescoreSeconds * 10_000) / Math.max(1, catalog.data.count)).toFixed(1);
  const rule = catalog.shape.schemas[0].states.map((state) => `${state.id} ${state.requiredAttributes.length}`).join(', ');
  return (
    `stored scores: written after the COPY by the records service's own re-scorer (queued by the first report that saw unscored records; ` +
    `required attributes: ${rule}) in ${fmt(catalog.rescoreSeconds, 1)} s (${per10k} s per 10,000 records), then VACUUM ANALYZE ` +
    `${fmt(catalog.settleVacuumSeconds, 1)} s as autovacuum would; ${fmt(catalog.completenessMb, 0)} MB of score and summary tables`
  );
}
