/**
 * Sign-in throttling per username: the first `freeFailures` consecutive failures cost nothing, each
 * one after locks the username for baseDelayMs, doubling per failure up to maxDelayMs. While locked,
 * attempts are refused without checking the password and do not count. A success, or
 * FORGET_AFTER_MS without failures, starts the count afresh. Unknown usernames are treated alike.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 };

/** Quiet time after which a username's failures are forgotten (also when stale rows are pruned). */
export const FORGET_AFTER_MS = 60 * 60_000;

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date;
}

/** Milliseconds until the username may try again; 0 when it may now. */
export function remainingLockMs(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil.getTime() - now.getTime());
}

/** The lock after the n-th consecutive failure. */
export function lockDelayMs(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = failures - policy.freeFailures;
  // 2^31 ms is weeks: beyond any sane cap, and keeps the arithmetic exact.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(doublings, 31));
}

/** The state after one more failure (a long-quiet count starts over). */
export function afterFailure(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleState & { lockMs: number } {
  const forgotten = !state || now.getTime() - state.lastFailureAt.getTime() >= FORGET_AFTER_MS;
  const failures = (forgotten ? 0 : state.failures) + 1;
  const lockMs = lockDelayMs(failures, policy);
  return { failures, lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs) : null, lastFailureAt: now, lockMs };
}

/** Whole seconds for Retry-After: never 0 while locked. */
export function retryAfterSeconds(remainingMs: number): number {
  return Math.max(1, Math.ceil(remainingMs / 1000));
}
