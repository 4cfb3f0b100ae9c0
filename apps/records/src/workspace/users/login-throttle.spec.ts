import {
  afterFailure,
  DEFAULT_THROTTLE_POLICY as policy,
  FORGET_AFTER_MS,
  lockDelayMs,
  remainingLockMs,
  retryAfterSeconds,
  type ThrottleState,
} from './login-throttle';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 1) + ms);

describe('login throttle schedule', () => {
  it('lets 4 failures pass, then locks 1 s, 2 s, 4 s … up to 15 minutes', () => {
    expect([1, 2, 3, 4].map((n) => lockDelayMs(n, policy))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => lockDelayMs(n, policy))).toEqual([1000, 2000, 4000, 8000]);
    expect(lockDelayMs(15, policy)).toBe(15 * 60_000);
    expect(lockDelayMs(1_000_000, policy)).toBe(15 * 60_000);
  });

  it('counts consecutive failures and locks from the fifth', () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 4; i++) state = afterFailure(state, at(i), policy);
    expect(state).toMatchObject({ failures: 4, lockedUntil: null });
    const fifth = afterFailure(state, at(10), policy);
    expect(fifth).toMatchObject({ failures: 5, lockMs: 1000, lockedUntil: at(1010) });
    expect(afterFailure(fifth, at(2000), policy)).toMatchObject({ failures: 6, lockMs: 2000, lockedUntil: at(4000) });
  });

  it('forgets failures after an hour without any', () => {
    const state: ThrottleState = { failures: 9, lockedUntil: at(0), lastFailureAt: at(0) };
    expect(afterFailure(state, at(FORGET_AFTER_MS - 1), policy).failures).toBe(10);
    expect(afterFailure(state, at(FORGET_AFTER_MS), policy)).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it('reports the time left on a lock, and 0 without one', () => {
    const state: ThrottleState = { failures: 5, lockedUntil: at(1000), lastFailureAt: at(0) };
    expect(remainingLockMs(state, at(400))).toBe(600);
    expect(remainingLockMs(state, at(1000))).toBe(0);
    expect(remainingLockMs(undefined, at(0))).toBe(0);
    expect(remainingLockMs({ ...state, lockedUntil: null }, at(0))).toBe(0);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect([1, 999, 1000, 1001, 0].map(retryAfterSeconds)).toEqual([1, 1, 1, 2, 1]);
  });

  it('follows a configured policy', () => {
    const strict = { freeFailures: 2, baseDelayMs: 2000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((n) => lockDelayMs(n, strict))).toEqual([0, 2000, 4000, 5000]);
  });
});
