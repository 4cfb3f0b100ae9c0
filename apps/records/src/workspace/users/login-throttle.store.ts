import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCodes } from '@sigma/contracts';
import { LoginThrottleEntity } from '../../database/credential-entities';
import { RECORDS_SETTINGS, type RecordsSettings } from '../../records.settings';
import { afterFailure, FORGET_AFTER_MS, remainingLockMs, retryAfterSeconds } from './login-throttle';

/** Stale rows removed per failure: keeps the table at about the usernames that failed within the hour. */
const PRUNE_BATCH = 100;

/**
 * The sign-in throttle's state in PostgreSQL, so every gateway replica and a restarted records see
 * the same locks. The schedule itself is `login-throttle.ts`.
 */
@Injectable()
export class LoginThrottleStore {
  private readonly logger = new Logger('LoginThrottle');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(RECORDS_SETTINGS) private readonly settings: RecordsSettings,
  ) {}

  /**
   * Throws 429 rate-limited (with retryAfterSeconds) while the username is locked; says nothing of
   * whether it exists. Otherwise tells whether it has failures on record (for `reset`).
   */
  async ensureNotLocked(username: string): Promise<{ hasFailures: boolean }> {
    const state = await this.dataSource.manager.findOneBy(LoginThrottleEntity, { username });
    const remaining = remainingLockMs(state ?? undefined, new Date());
    if (remaining <= 0) return { hasFailures: state !== null };
    const seconds = retryAfterSeconds(remaining);
    throw new DomainError(ErrorCodes.rateLimited, `Too many failed sign-ins; retry in ${seconds} s`, { retryAfterSeconds: seconds });
  }

  async recordFailure(username: string): Promise<void> {
    const now = new Date();
    const next = await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO login_throttle (username, failures, locked_until, last_failure_at) VALUES ($1, 0, NULL, $2) ON CONFLICT (username) DO NOTHING`,
        [username, now],
      );
      const state = await manager.findOne(LoginThrottleEntity, { where: { username }, lock: { mode: 'pessimistic_write' } });
      const updated = afterFailure(state ?? undefined, now, this.settings.loginThrottle);
      await manager.update(LoginThrottleEntity, { username }, { failures: updated.failures, lockedUntil: updated.lockedUntil, lastFailureAt: now });
      await manager.query(
        `DELETE FROM login_throttle WHERE username IN (SELECT username FROM login_throttle WHERE last_failure_at < $1 LIMIT ${PRUNE_BATCH})`,
        [new Date(now.getTime() - FORGET_AFTER_MS)],
      );
      return updated;
    });
    if (next.lockMs > 0) {
      this.logger.warn({ event: 'login-throttled', username, failures: next.failures, lockedForMs: next.lockMs });
    }
  }

  /** A successful sign-in forgets the failures. */
  async reset(username: string): Promise<void> {
    await this.dataSource.manager.delete(LoginThrottleEntity, { username });
  }
}
