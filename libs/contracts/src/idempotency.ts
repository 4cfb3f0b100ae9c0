/**
 * Idempotency-Key memory (HTTP `Idempotency-Key` on POST /records, POST /change-sets and
 * POST /change-sets/:id/apply). The gateway has no database, so the records service keeps the
 * keys in its own schema (table idempotency_key); the gateway asks over `records.idempotency.*`.
 */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

export interface IdempotencyKeyRef {
  /** Who and what: `<user id> <METHOD> <path>`, so one key never crosses users or endpoints. */
  scope: string;
  key: string;
}

export interface BeginIdempotentRequest extends IdempotencyKeyRef {
  /** SHA-256 of the canonical JSON request body. */
  requestHash: string;
}

/** `started`: first use, the caller runs the request and completes or releases the key; `replay`: the stored first response. */
export type BeginIdempotentResult = { state: 'started' } | { state: 'replay'; status: number; body: unknown };

export interface CompleteIdempotentRequest extends IdempotencyKeyRef {
  status: number;
  body: unknown;
}
