import { Logger } from '@nestjs/common';
import type { Actor, OperationStatus } from '@sigma/contracts';
import type { ApplySettings } from '../../src/apply/apply.service';
import { fakePorts } from './fake-apply-ports';
import { InMemoryApplyLog } from './in-memory-apply-log';

export const REVIEWER: Actor = { userId: 'user-reviewer', roles: ['role-reviewer'] };

/** Small chunks and short waits, so a handful of operations exercise every step. */
export const FAST: ApplySettings = {
  chunk: 2,
  recordsTimeoutMs: 1000,
  checkAfterMs: 10,
  firstBackoffMs: 1,
  maxBackoffMs: 4,
  waitMs: 10_000,
  otherOwnerPollMs: 5,
  // Tests that want the sweep set their own.
  resumeSweepMs: 60_000,
  progressEveryMs: 0,
  confirmEveryMs: 0,
};

/** A log with one approved set `cs-1` of operations cop-1…cop-n (those in `rejected` rejected), and fake records/audit. */
export function applyFixture(n = 5, rejected: number[] = []) {
  const log = new InMemoryApplyLog();
  const ids = Array.from({ length: n }, (_, i) => `cop-${i + 1}`);
  log.seed({
    id: 'cs-1',
    status: 'approved',
    operations: ids.map((id, i) => ({ id, status: (rejected.includes(i + 1) ? 'rejected' : 'approved') as OperationStatus })),
  });
  return { log, ids, ...fakePorts() };
}

/** Ids that occur more than once (an operation written twice). */
export function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

/** The job logs its retries; the tests read outcomes, not log lines. */
export function silenceLogs(): void {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));
}
