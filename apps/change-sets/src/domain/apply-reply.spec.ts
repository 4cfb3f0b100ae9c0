import { applyProgressOf, applyReply } from './apply-reply';

describe('applyProgressOf', () => {
  it('counts applied and failed operations as done', () => {
    expect(applyProgressOf({ applied: 7, failed: 2, total: 20 })).toEqual({ done: 9, applied: 7, failed: 2, total: 20 });
  });
});

describe('applyReply: 200 with the result or 202 with progress', () => {
  const result = { applied: 2, skipped: 1, errors: [] };

  it('answers the result when the apply finished within the window', () => {
    expect(applyReply(result, { done: 2, applied: 2, failed: 0, total: 2 })).toEqual({ state: 'finished', result });
  });

  it('answers running with the progress when it did not', () => {
    const progress = { done: 500, applied: 499, failed: 1, total: 2000 };
    expect(applyReply(undefined, progress)).toEqual({ state: 'running', applyProgress: progress });
  });

  it('answers running with zero progress before the first operation is written', () => {
    expect(applyReply(undefined, undefined)).toEqual({ state: 'running', applyProgress: { done: 0, applied: 0, failed: 0, total: 0 } });
  });
});
