import { describe, expect, it } from 'vitest';
import { isApplyFinished, laterProgress, progressLabel } from './apply-progress';

describe('apply progress', () => {
  it('says how far the apply is, or how many operations it will apply before the first report', () => {
    expect(progressLabel(undefined, 334)).toBe('Starting… 334 operations to apply');
    expect(progressLabel({ done: 120, applied: 118, failed: 2, total: 334 }, 334)).toBe('120 of 334 done (118 applied, 2 failed)');
  });

  it('never moves the bar back on a late poll answer', () => {
    const at = (done: number) => ({ done, applied: done, failed: 0, total: 10 });
    expect(laterProgress(at(5), at(3))).toEqual(at(5));
    expect(laterProgress(at(3), at(5))).toEqual(at(5));
    expect(laterProgress(at(3), undefined)).toEqual(at(3));
    expect(laterProgress(undefined, at(1))).toEqual(at(1));
  });

  it('knows when an apply ended', () => {
    expect(['applied', 'partially_applied', 'applying', 'approved'].map((status) => isApplyFinished(status as never))).toEqual([true, true, false, false]);
  });
});
