import { afterAttempt, retryDelayMs, type RetryPolicy } from './backoff';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 30000, maxAttempts: 8 };

describe('webhook retry schedule', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((failures) => retryDelayMs(policy, failures))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(retryDelayMs(policy, 1000)).toBe(30000);
  });

  it('retries failures until the last attempt, then dead-letters; a success is delivered whatever the count', () => {
    expect(afterAttempt(policy, 1, false)).toEqual({ status: 'failed', retryInMs: 1000 });
    expect(afterAttempt(policy, 7, false)).toEqual({ status: 'failed', retryInMs: 30000 });
    expect(afterAttempt(policy, 8, false)).toEqual({ status: 'dead' });
    expect(afterAttempt(policy, 8, true)).toEqual({ status: 'delivered' });
    expect(afterAttempt({ ...policy, maxAttempts: 1 }, 1, false)).toEqual({ status: 'dead' });
  });
});
