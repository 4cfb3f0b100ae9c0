import type { ApplyProgressDto, ApplyReply, ApplyResult } from '@sigma/contracts';

/** Progress from the apply log's counts: done is what has an outcome (applied or failed). */
export function applyProgressOf(counts: { applied: number; failed: number; total: number }): ApplyProgressDto {
  return { done: counts.applied + counts.failed, applied: counts.applied, failed: counts.failed, total: counts.total };
}

const NOTHING_YET: ApplyProgressDto = { done: 0, applied: 0, failed: 0, total: 0 };

/**
 * What POST …/apply answers: the result when the apply finished within the quick-answer window
 * (the seed's 200), else that it is still running, with its progress (202 with a Location).
 */
export function applyReply(result: ApplyResult | undefined, progress: ApplyProgressDto | undefined): ApplyReply {
  return result ? { state: 'finished', result } : { state: 'running', applyProgress: progress ?? NOTHING_YET };
}
