import { RESTART_MAX_DELAY_MS, restartDelay } from './supervisor';

describe('restartDelay', () => {
  it('doubles from 1 s and stays at the cap', () => {
    expect([0, 1, 2, 3, 4, 5].map(restartDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
    expect(restartDelay(1000)).toBe(RESTART_MAX_DELAY_MS);
  });
});
