import type { EntityManager } from 'typeorm';

/**
 * SQL for an operation row's new `changes`: each change without a decision takes the one in the
 * query parameter `param` (e.g. `$3`); decisions taken per change stay. Deciding whole operations
 * (the set's approve/reject, or one operation's) writes it in the same statement as their status.
 */
export function decideUndecidedChangesSql(param: string): string {
  return `(SELECT coalesce(jsonb_agg(CASE WHEN c->>'decision' IS NULL THEN c || jsonb_build_object('decision', ${param}::text) ELSE c END ORDER BY n), '[]'::jsonb)
           FROM jsonb_array_elements(changes) WITH ORDINALITY AS e(c, n))`;
}

/** Submitting again puts every change of the set back in review: their decisions are cleared. */
export async function resetChangeDecisions(manager: EntityManager, changeSetId: string): Promise<void> {
  await manager.query(
    `UPDATE operation SET changes = (SELECT coalesce(jsonb_agg(c - 'decision' ORDER BY n), '[]'::jsonb) FROM jsonb_array_elements(changes) WITH ORDINALITY AS e(c, n))
     WHERE change_set_id = $1 AND jsonb_path_exists(changes, '$[*].decision')`,
    [changeSetId],
  );
}
