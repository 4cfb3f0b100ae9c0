import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCodes, IDEMPOTENCY_KEY_TTL_HOURS, type IdempotencyRef, type RpcContext } from '@sigma/contracts';

/** DDL of the Idempotency-Key memory a service keeps next to the writes it guards (one table per schema). */
export const IDEMPOTENCY_TABLE_SQL = `
  CREATE TABLE idempotency_key (
    scope text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    response jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
  );
  CREATE INDEX idempotency_key_created_at_idx ON idempotency_key (created_at);
`;

const EXPIRED = `created_at < now() - interval '${IDEMPOTENCY_KEY_TTL_HOURS} hours'`;

export interface IdempotentOutcome<T> {
  result: T;
  /** The result is the stored one of an earlier request with the same key; nothing was written now. */
  replayed: boolean;
}

/** The key in `context` when it guards `subject`, else undefined. */
export function idempotencyFor(context: RpcContext, subject: string): IdempotencyRef | undefined {
  return context.idempotency?.subject === subject ? context.idempotency : undefined;
}

/**
 * Runs `work` at most once per key, inside the caller's transaction. The key row is inserted first:
 * a concurrent duplicate blocks on the primary key until this transaction ends, then finds the
 * committed result (or, after a rollback, claims the key itself). The result is stored by the same
 * commit as the write, so no crash can separate them.
 */
export async function idempotentWrite<T>(
  manager: EntityManager,
  ref: IdempotencyRef | undefined,
  work: () => Promise<T>,
): Promise<IdempotentOutcome<T>> {
  if (!ref) return { result: await work(), replayed: false };
  // Two statements: in one, the INSERT would still meet the row its own CTE deletes.
  await manager.query(`DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND ${EXPIRED}`, [ref.scope, ref.key]);
  const claimed = (await manager.query(
    'INSERT INTO idempotency_key (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key',
    [ref.scope, ref.key, ref.requestHash],
  )) as unknown[];
  if (claimed.length === 0) return { result: await storedResult<T>(manager, ref), replayed: true };
  const result = await work();
  await manager.query('UPDATE idempotency_key SET response = $3 WHERE scope = $1 AND key = $2', [ref.scope, ref.key, JSON.stringify(result ?? null)]);
  return { result, replayed: false };
}

async function storedResult<T>(manager: EntityManager, ref: IdempotencyRef): Promise<T> {
  const [row] = (await manager.query('SELECT request_hash, response FROM idempotency_key WHERE scope = $1 AND key = $2', [ref.scope, ref.key])) as {
    request_hash: string;
    response: T | null;
  }[];
  // The conflicting row expired and was deleted between the insert and this read: rare enough to ask for a retry.
  if (!row) throw DomainError.conflict('The request with this Idempotency-Key just expired; retry', { idempotencyKey: ref.key });
  if (row.request_hash !== ref.requestHash) {
    throw new DomainError(ErrorCodes.idempotencyKeyReused, 'This Idempotency-Key was used with a different request body', { idempotencyKey: ref.key });
  }
  return row.response as T;
}

/** Removes keys older than the TTL; returns how many. */
export async function deleteExpiredIdempotencyKeys(manager: EntityManager): Promise<number> {
  const [, count] = (await manager.query(`DELETE FROM idempotency_key WHERE ${EXPIRED}`)) as [unknown, number];
  return count;
}
