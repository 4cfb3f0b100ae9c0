import { cursorOf, pageWindow, parseCursor } from './feed-cursor';

describe('feed cursors', () => {
  it('reads its own cursors and starts from the beginning without one', () => {
    expect(parseCursor(undefined)).toBe(0);
    expect(parseCursor(cursorOf(42))).toBe(42);
  });

  it('refuses anything else, naming after', () => {
    for (const bad of ['-1', 'abc', '1.5', '9'.repeat(16)]) expect(() => parseCursor(bad)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'after' })] }));
  });
});

describe('pageWindow', () => {
  it('continues after the cursor, up to what the page may read and what exists', () => {
    expect(pageWindow(10, { firstSeq: 1, lastSeq: 100 }, 50)).toEqual({ start: 11, count: 50, skipped: 0 });
    expect(pageWindow(90, { firstSeq: 1, lastSeq: 100 }, 50)).toEqual({ start: 91, count: 10, skipped: 0 });
  });

  it('reads nothing at the end, or past it, or on an empty stream', () => {
    expect(pageWindow(100, { firstSeq: 1, lastSeq: 100 }, 50)).toEqual({ start: 101, count: 0, skipped: 0 });
    expect(pageWindow(150, { firstSeq: 1, lastSeq: 100 }, 50)).toEqual({ start: 151, count: 0, skipped: 0 });
    expect(pageWindow(0, { firstSeq: 1, lastSeq: 0 }, 50)).toEqual({ start: 1, count: 0, skipped: 0 });
  });

  it('counts the events retention removed between the cursor and the first one kept', () => {
    expect(pageWindow(10, { firstSeq: 41, lastSeq: 100 }, 50)).toEqual({ start: 41, count: 50, skipped: 30 });
    // Everything up to 100 was removed: an empty stream whose next event will be 101.
    expect(pageWindow(10, { firstSeq: 101, lastSeq: 100 }, 50)).toEqual({ start: 101, count: 0, skipped: 90 });
  });
});
