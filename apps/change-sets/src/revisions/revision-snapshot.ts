import type { EntityManager } from 'typeorm';

/**
 * Stores what the set proposes now as its revision `revision`: the header with the operation count,
 * and each operation's proposal without review state (ratings, annotations). Set-based SQL, in the
 * submitting transaction, so a revision is exactly what went to review.
 */
export async function snapshotRevision(
  manager: EntityManager,
  revision: { changeSetId: string; revision: number; submittedAt: Date; submittedBy: string },
): Promise<void> {
  const { changeSetId, submittedAt, submittedBy } = revision;
  await manager.query(
    `INSERT INTO change_set_revision (change_set_id, revision, submitted_at, submitted_by, operation_count)
     SELECT $1, $2, $3, $4, count(*) FROM operation WHERE change_set_id = $1`,
    [changeSetId, revision.revision, submittedAt, submittedBy],
  );
  await manager.query(
    `INSERT INTO change_set_revision_operation (change_set_id, revision, operation_id, position, type, entity_id, schema_id, changes)
     SELECT change_set_id, $2, id, position, type, entity_id, schema_id,
            coalesce((SELECT jsonb_agg(c - 'rating' - 'annotations' ORDER BY n) FROM jsonb_array_elements(changes) WITH ORDINALITY AS x(c, n)), '[]')
     FROM operation WHERE change_set_id = $1`,
    [changeSetId, revision.revision],
  );
}
