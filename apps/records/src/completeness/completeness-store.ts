import type { EntityManager } from 'typeorm';
import type { StateRequirement, StateScore } from '@sigma/completeness';

/** The completeness tables of records (plain SQL, one statement each). */

export interface StoredRule {
  schemaId: string;
  workflowId: string;
  states: StateRequirement[];
  /** The workflow's updatedAt the rule is of. */
  updatedAt: Date;
}

export interface ScoredRecord {
  recordId: string;
  version: number;
  scores: readonly StateScore[];
}

export async function readRules(manager: EntityManager, schemaIds: readonly string[]): Promise<Map<string, StoredRule>> {
  if (schemaIds.length === 0) return new Map();
  const rows = (await manager.query(
    'SELECT schema_id AS "schemaId", workflow_id AS "workflowId", states, updated_at AS "updatedAt" FROM completeness_rule WHERE schema_id = ANY($1::text[])',
    [[...new Set(schemaIds)]],
  )) as StoredRule[];
  return new Map(rows.map((row) => [row.schemaId, row]));
}

export async function writeRule(manager: EntityManager, rule: StoredRule): Promise<void> {
  await manager.query(
    `INSERT INTO completeness_rule (schema_id, workflow_id, states, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (schema_id) DO UPDATE SET workflow_id = EXCLUDED.workflow_id, states = EXCLUDED.states, updated_at = EXCLUDED.updated_at`,
    [rule.schemaId, rule.workflowId, JSON.stringify(rule.states), rule.updatedAt],
  );
}

/**
 * Upserts the scores, one statement for any number of records. A score never replaces one taken
 * on a newer version of the record (a re-score batch that read the row before a write committed),
 * and records deleted since a re-score batch read them are skipped. Each row also keeps the
 * record's schema and whether the state is its current one: the report's summaries count by both
 * (statement triggers on the table keep them, see the completeness-summaries migration).
 */
export async function writeScores(manager: EntityManager, records: readonly ScoredRecord[]): Promise<void> {
  const rows = records.flatMap(({ recordId, version, scores }) =>
    scores.map((score) => ({ r: recordId, s: score.stateId, f: score.filled, t: score.total, p: score.percentage, v: version, m: score.missing })),
  );
  if (rows.length === 0) return;
  // One lock order for every writer of scores (record writes, re-score batches): no deadlock between them.
  rows.sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  // i keeps that order through the join with record.
  const ordered = rows.map((row, i) => ({ ...row, i }));
  await manager.query(
    `INSERT INTO record_completeness (record_id, state_id, filled, required, percent, record_version, schema_id, own, missing)
     SELECT x.r, x.s, x.f, x.t, x.p, x.v, r.schema_id, x.s = r.lifecycle_state_id, ARRAY(SELECT jsonb_array_elements_text(x.m))
     FROM jsonb_to_recordset($1::jsonb) AS x(r text, s text, f integer, t integer, p smallint, v integer, m jsonb, i integer)
     JOIN record r ON r.id = x.r
     ORDER BY x.i
     ON CONFLICT (record_id, state_id) DO UPDATE
       SET filled = EXCLUDED.filled, required = EXCLUDED.required, percent = EXCLUDED.percent, record_version = EXCLUDED.record_version,
           own = EXCLUDED.own, missing = EXCLUDED.missing
       WHERE record_completeness.record_version <= EXCLUDED.record_version`,
    [JSON.stringify(ordered)],
  );
}

/** Drops the scores of these records in states their schema's rule no longer has. */
export async function dropOtherStates(manager: EntityManager, recordIds: readonly string[], stateIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await manager.query('DELETE FROM record_completeness WHERE record_id = ANY($1::text[]) AND NOT (state_id = ANY($2::text[]))', [
    [...recordIds],
    [...stateIds],
  ]);
}

/** Queues (or restarts from the first record) the re-score of these schemas; only schemas that have a rule. */
export async function queueRescore(manager: EntityManager, schemaIds: readonly string[] | 'all'): Promise<void> {
  await manager.query(
    `INSERT INTO completeness_rescore (schema_id, after_id, requested_at)
     SELECT schema_id, NULL, now() FROM completeness_rule WHERE $1::text[] IS NULL OR schema_id = ANY($1::text[])
     ON CONFLICT (schema_id) DO UPDATE SET after_id = NULL, requested_at = now(), done = 0`,
    [schemaIds === 'all' ? null : [...schemaIds]],
  );
}

/** Queues the re-score of the schemas (with a rule) that have an attribute in this dimension: its segments are their slots. */
export async function queueRescoreOfDimension(manager: EntityManager, dimensionId: string): Promise<void> {
  const rows = (await manager.query('SELECT DISTINCT schema_id AS "schemaId" FROM attribute WHERE $1 = ANY(dimension_ids)', [dimensionId])) as {
    schemaId: string;
  }[];
  if (rows.length) await queueRescore(manager, rows.map((row) => row.schemaId));
}
