/**
 * Case 9: a bulk decision by filter. Builds a pending set of N creates (appended as NDJSON in
 * chunks of 1,000, then submitted), then times POST /change-sets/:id/operations/decide approving
 * every operation matching a filter through the gateway, next to the same UPDATE run as raw SQL on
 * a copy of the set's pending operation rows in the same run.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { DecideOperationsResult } from '@sigma/contracts';
import type { Row } from './rows';
import { fmt, ratio } from './stats';
import type { BenchSystem } from './system';

export const BULK_DECIDE_TARGET_SECONDS = 2;
const APPEND_CHUNK = 1000;

export interface BulkDecideFigures {
  operations: number;
  seconds: number;
  approved: number;
  status: string;
  /** Seconds to build the set (create, append, submit): not part of the figure. */
  prepareSeconds: number;
  rawSeconds: number;
  rawRows: number;
}

export async function bulkDecideCase(system: BenchSystem, operations: number): Promise<BulkDecideFigures> {
  const tag = `BD${randomBytes(3).toString('hex').toUpperCase()}`;
  const prepared = performance.now();
  const { body: set } = await system.call<{ id: string }>('POST', '/change-sets', {
    title: `Bench bulk decision ${tag}`,
    source: { type: 'integration', id: 'bench', name: 'Bench' },
    operations: [],
  });
  for (let start = 0; start < operations; start += APPEND_CHUNK) {
    const lines = Array.from({ length: Math.min(APPEND_CHUNK, operations - start) }, (_, offset) =>
      JSON.stringify({
        type: 'create',
        schemaId: 'schema-apparel',
        changes: [
          { attributeAlias: 'sku', newValue: `${tag}-${start + offset}` },
          { attributeAlias: 'material', newValue: 'Cotton' },
        ],
      }),
    );
    await system.postNdjson(`/change-sets/${set.id}/operations`, lines);
  }
  await system.call('POST', `/change-sets/${set.id}/submit`);
  const prepareSeconds = (performance.now() - prepared) / 1000;

  const sql = new Client({ connectionString: system.databaseUrl, application_name: 'bench-bulk-decide' });
  await sql.connect();
  try {
    // The copy of the pending rows, taken before the decision, for the baseline.
    await sql.query('CREATE TEMP TABLE bench_operation AS SELECT * FROM change_sets.operation WHERE change_set_id = $1', [set.id]);
    await sql.query('ANALYZE bench_operation');

    const started = performance.now();
    const { body: result } = await system.call<DecideOperationsResult>('POST', `/change-sets/${set.id}/operations/decide`, {
      decision: 'approve',
      filter: { type: 'create', attributeAlias: 'material' },
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.approved !== operations) throw new Error(`the decision approved ${result.approved} of ${operations} operations`);

    const rawStarted = performance.now();
    const raw = await sql.query(
      `UPDATE bench_operation SET status = 'approved',
              changes = (SELECT coalesce(jsonb_agg(CASE WHEN c->>'decision' IS NULL THEN c || jsonb_build_object('decision', 'approved') ELSE c END ORDER BY n), '[]'::jsonb)
                         FROM jsonb_array_elements(changes) WITH ORDINALITY AS e(c, n))
        WHERE status = 'pending' AND type = 'create' AND changes @> '[{"attributeAlias": "material"}]'`,
    );
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    return { operations, seconds, approved: result.approved, status: result.status, prepareSeconds, rawSeconds, rawRows: raw.rowCount ?? 0 };
  } finally {
    await sql.end();
  }
}

export function bulkDecideRow(figures: BulkDecideFigures): Row {
  return {
    figure: `${fmt(figures.seconds, 2)} s to approve ${fmt(figures.approved, 0)} operations by filter (set ${figures.status})`,
    target: `≤ ${BULK_DECIDE_TARGET_SECONDS} s for 10,000 operations`,
    baseline: `raw SQL, the same UPDATE on a copy of the rows: ${fmt(figures.rawSeconds, 2)} s (${fmt(figures.rawRows, 0)} rows)`,
    ratio: ratio(figures.seconds, figures.rawSeconds),
    ratioMeaning: 'gateway seconds ÷ raw SQL seconds, lower is better',
    meetsTarget: figures.seconds <= BULK_DECIDE_TARGET_SECONDS,
    metrics: { ...figures },
    notes: [
      `POST /change-sets/:id/operations/decide {decision: approve, filter: {type: create, attributeAlias: material}} through the gateway: the stale check's query, one UPDATE, the counts and the set's status`,
      `set built by NDJSON appends of ${APPEND_CHUNK} lines and submit in ${fmt(figures.prepareSeconds, 1)} s (not timed)`,
    ],
  };
}
