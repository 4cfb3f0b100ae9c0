export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before the delivery goes to the dead-letter list. */
  maxAttempts: number;
}

/** Delay before the attempt after `failedAttempts` failures: base · 2^(n-1), capped. */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
}

export type AttemptOutcome = { status: 'delivered' } | { status: 'failed'; retryInMs: number } | { status: 'dead' };

/** Where a delivery goes after an attempt: delivered on a 2xx, dead after maxAttempts failures, else retried later. */
export function afterAttempt(policy: RetryPolicy, attempts: number, succeeded: boolean): AttemptOutcome {
  if (succeeded) return { status: 'delivered' };
  if (attempts >= policy.maxAttempts) return { status: 'dead' };
  return { status: 'failed', retryInMs: retryDelayMs(policy, attempts) };
}
