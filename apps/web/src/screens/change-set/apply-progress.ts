import type { ApplyProgress, ChangeSetStatus } from '../../api';

export const isApplyFinished = (status: ChangeSetStatus) => status === 'applied' || status === 'partially_applied';

/** "120 of 334 done (118 applied, 2 failed)", or how many are to be applied before the first progress. */
export function progressLabel(progress: ApplyProgress | undefined, expected: number): string {
  if (!progress) return `Starting… ${expected} operation${expected === 1 ? '' : 's'} to apply`;
  const { done, applied, failed, total } = progress;
  return `${done} of ${total} done (${applied} applied, ${failed} failed)`;
}

/** Progress only moves forward: a late poll answer must not move the bar back. */
export function laterProgress(current: ApplyProgress | undefined, next: ApplyProgress | undefined): ApplyProgress | undefined {
  if (!next) return current;
  if (!current || next.total !== current.total) return next;
  return next.done >= current.done ? next : current;
}
