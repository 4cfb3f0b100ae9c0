/**
 * Idempotency-Key (HTTP) on POST /records, POST /change-sets and POST /change-sets/:id/apply.
 * The key is stored by the service that owns the write, in its own schema and in the same
 * transaction as the write: a retry after a timeout, a dropped connection or a gateway crash finds
 * the committed first result, and a concurrent duplicate waits for the first to commit, then gets
 * its result. The gateway only validates the key and forwards it in the request context.
 */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

export interface IdempotencyRef {
  /** The one subject whose write this key guards; other requests made for the same HTTP call ignore it. */
  subject: string;
  /** Who and what: `<user id> <METHOD> <path>`, so one key never crosses users or endpoints. */
  scope: string;
  key: string;
  /** SHA-256 of the canonical JSON request body: the same key with another body is refused. */
  requestHash: string;
}
