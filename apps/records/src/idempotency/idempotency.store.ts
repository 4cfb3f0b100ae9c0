import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type BeginIdempotentRequest,
  type BeginIdempotentResult,
  type CompleteIdempotentRequest,
  DomainError,
  ErrorCodes,
  IDEMPOTENCY_KEY_TTL_HOURS,
  type IdempotencyKeyRef,
} from '@sigma/contracts';

/** A first request still "in flight" after this long is taken to have died with its gateway: its key is free again. */
const ABANDONED_AFTER_MINUTES = 5;
const CLEANUP_EVERY_MS = 10 * 60_000;
const EXPIRED = `created_at < now() - interval '${IDEMPOTENCY_KEY_TTL_HOURS} hours'`;
const ABANDONED = `(status IS NULL AND created_at < now() - interval '${ABANDONED_AFTER_MINUTES} minutes')`;

interface KeyRow {
  request_hash: string;
  status: number | null;
  response: unknown;
}

/** The gateway's Idempotency-Key memory, in the records schema (table idempotency_key). */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('IdempotencyStore');
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.deleteExpired().catch((error) => this.logger.warn(`cleanup failed: ${String(error)}`)), CLEANUP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Removes keys older than the TTL; returns how many. */
  async deleteExpired(): Promise<number> {
    const [, count] = (await this.dataSource.query(`DELETE FROM idempotency_key WHERE ${EXPIRED}`)) as [unknown, number];
    return count;
  }

  async begin(request: BeginIdempotentRequest): Promise<BeginIdempotentResult> {
    const { scope, key, requestHash } = request;
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND (${EXPIRED} OR ${ABANDONED})`, [scope, key]);
    // The primary key decides between concurrent duplicates: exactly one insert wins.
    const inserted = (await this.dataSource.query(
      `INSERT INTO idempotency_key (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
      [scope, key, requestHash],
    )) as unknown[];
    if (inserted.length === 1) return { state: 'started' };
    const [row] = (await this.dataSource.query('SELECT request_hash, status, response FROM idempotency_key WHERE scope = $1 AND key = $2', [
      scope,
      key,
    ])) as KeyRow[];
    if (!row) throw DomainError.conflict('The request with this Idempotency-Key just finished or failed; retry', { idempotencyKey: key });
    if (row.request_hash !== requestHash) {
      throw new DomainError(ErrorCodes.idempotencyKeyReused, 'This Idempotency-Key was used with a different request body', { idempotencyKey: key });
    }
    if (row.status === null) {
      throw DomainError.conflict('A request with this Idempotency-Key is still in progress; retry later', { idempotencyKey: key });
    }
    return { state: 'replay', status: row.status, body: row.response };
  }

  async complete(request: CompleteIdempotentRequest): Promise<{ stored: true }> {
    await this.dataSource.query('UPDATE idempotency_key SET status = $3, response = $4 WHERE scope = $1 AND key = $2 AND status IS NULL', [
      request.scope,
      request.key,
      request.status,
      JSON.stringify(request.body ?? null),
    ]);
    return { stored: true };
  }

  async release(ref: IdempotencyKeyRef): Promise<{ released: true }> {
    await this.dataSource.query('DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND status IS NULL', [ref.scope, ref.key]);
    return { released: true };
  }
}
