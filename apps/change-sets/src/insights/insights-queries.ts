import type { EntityManager } from 'typeorm';
import { INSIGHTS_MAX_ROWS } from '@sigma/contracts';

/**
 * The sets submitted in [$1, $2) (their latest submission), with the seconds from that submission
 * to the reviewer's decision when one was taken since, and each proposed change with its decision:
 * its own, else its operation's (an operation approved, applied or failed at apply was approved).
 */
const PERIOD = `
  sets AS (
    SELECT id, source_type, source_key, source->>'name' AS source_name,
           CASE WHEN decided_at >= submitted_at THEN EXTRACT(EPOCH FROM decided_at - submitted_at) END AS seconds
    FROM change_set WHERE submitted_at >= $1 AND submitted_at < $2
  ),
  changes AS (
    SELECT s.source_type, s.source_key, c->>'attributeAlias' AS attribute_alias,
           CASE WHEN c->>'decision' IN ('approved', 'rejected') THEN c->>'decision'
                WHEN o.status IN ('approved', 'applied', 'failed') THEN 'approved'
                WHEN o.status = 'rejected' THEN 'rejected' END AS decision
    FROM sets s JOIN operation o ON o.change_set_id = s.id CROSS JOIN LATERAL jsonb_array_elements(o.changes) AS c
  )`;

const TIMING = `count(*)::int AS sets, count(seconds)::int AS decided_sets,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds) AS p95`;
const DECISIONS = `count(decision)::int AS decided, (count(*) FILTER (WHERE decision = 'approved'))::int AS approved`;

export interface TimingRow {
  sets: number;
  decided_sets: number;
  p50: number | null;
  p95: number | null;
  decided: number;
  approved: number;
}

export function insightsBySourceType(manager: EntityManager, from: Date, to: Date): Promise<(TimingRow & { source_type: string })[]> {
  return manager.query(
    `WITH ${PERIOD},
       timing AS (SELECT source_type, ${TIMING} FROM sets GROUP BY 1),
       decisions AS (SELECT source_type, ${DECISIONS} FROM changes GROUP BY 1)
     SELECT t.*, coalesce(d.decided, 0) AS decided, coalesce(d.approved, 0) AS approved
     FROM timing t LEFT JOIN decisions d USING (source_type) ORDER BY t.source_type`,
    [from, to],
  );
}

/** The sources (optionally of one type) with the most decided changes. */
export function insightsBySource(
  manager: EntityManager,
  from: Date,
  to: Date,
  sourceType?: string,
): Promise<(TimingRow & { source_type: string; source_key: string; source_name: string })[]> {
  return manager.query(
    `WITH ${PERIOD},
       timing AS (SELECT source_type, source_key, max(source_name) AS source_name, ${TIMING} FROM sets WHERE $3::text IS NULL OR source_type = $3 GROUP BY 1, 2),
       decisions AS (SELECT source_type, source_key, ${DECISIONS} FROM changes GROUP BY 1, 2)
     SELECT t.*, coalesce(d.decided, 0) AS decided, coalesce(d.approved, 0) AS approved
     FROM timing t LEFT JOIN decisions d USING (source_type, source_key)
     ORDER BY coalesce(d.decided, 0) DESC, t.sets DESC, t.source_key LIMIT ${INSIGHTS_MAX_ROWS}`,
    [from, to, sourceType ?? null],
  );
}

/** The attributes with the most decided changes. */
export function insightsByAttribute(manager: EntityManager, from: Date, to: Date): Promise<{ attribute_alias: string; decided: number; approved: number }[]> {
  return manager.query(
    `WITH ${PERIOD}
     SELECT attribute_alias, ${DECISIONS} FROM changes WHERE decision IS NOT NULL
     GROUP BY 1 ORDER BY decided DESC, attribute_alias LIMIT ${INSIGHTS_MAX_ROWS}`,
    [from, to],
  );
}
