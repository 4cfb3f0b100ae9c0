import type { EntityManager } from 'typeorm';

/**
 * Blocks record writes (reads go on) until the calling transaction ends, so a workspace change
 * that checks "no record uses this" cannot race a write that starts using it.
 */
export async function lockRecordWrites(manager: EntityManager): Promise<void> {
  await manager.query('LOCK TABLE record IN EXCLUSIVE MODE');
}

/** PostgreSQL unique_violation: a concurrent insert of the same key won. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
