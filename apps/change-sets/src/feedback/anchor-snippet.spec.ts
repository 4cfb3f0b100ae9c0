import { anchorSnippet } from './anchor-snippet';

const PROPOSED = 'Timeless Oxford weave in premium cotton...';

describe('anchorSnippet', () => {
  it('keeps exact offsets that point at the text', () => {
    expect(anchorSnippet(PROPOSED, 'premium cotton', 25, 39)).toEqual({ startOffset: 25, endOffset: 39 });
    expect(anchorSnippet(PROPOSED, 'Timeless', 0, 8)).toEqual({ startOffset: 0, endOffset: 8 });
    expect(anchorSnippet(PROPOSED, '...', 39, 42)).toEqual({ startOffset: 39, endOffset: 42 });
  });

  it('re-anchors offsets that are off to where the text occurs (the seed example: 28..42 → 25..39)', () => {
    expect(anchorSnippet(PROPOSED, 'premium cotton', 28, 42)).toEqual({ startOffset: 25, endOffset: 39 });
  });

  it('re-anchors to the occurrence nearest the given start', () => {
    const text = 'soft wool, warm wool, light wool';
    // occurrences of "wool" at 5, 16, 28
    expect(anchorSnippet(text, 'wool', 0, 4)).toEqual({ startOffset: 5, endOffset: 9 });
    expect(anchorSnippet(text, 'wool', 14, 18)).toEqual({ startOffset: 16, endOffset: 20 });
    expect(anchorSnippet(text, 'wool', 26, 30)).toEqual({ startOffset: 28, endOffset: 32 });
    // exact hit on a later occurrence is kept, not moved to the first
    expect(anchorSnippet(text, 'wool', 28, 32)).toEqual({ startOffset: 28, endOffset: 32 });
  });

  it('re-anchors even when the given span has a different length than the text', () => {
    expect(anchorSnippet(PROPOSED, 'Oxford', 8, 20)).toEqual({ startOffset: 9, endOffset: 15 });
  });

  it('rejects a text that does not occur in the proposed value', () => {
    expect(anchorSnippet(PROPOSED, 'merino', 0, 6)).toEqual({ issues: [expect.objectContaining({ field: 'text', rule: 'match' })] });
  });

  it('is case-sensitive in matching', () => {
    expect(anchorSnippet(PROPOSED, 'PREMIUM', 25, 32)).toEqual({ issues: [expect.objectContaining({ field: 'text', rule: 'match' })] });
  });

  it('rejects an endOffset beyond the proposed text', () => {
    const result = anchorSnippet(PROPOSED, 'premium cotton', 30, PROPOSED.length + 1);
    expect(result).toEqual({ issues: [expect.objectContaining({ field: 'endOffset', rule: 'range' })] });
    expect((result as { issues: { message: string }[] }).issues[0].message).toContain(String(PROPOSED.length));
  });

  it('accepts an endOffset equal to the length of the proposed text', () => {
    expect(anchorSnippet('abc', 'bc', 1, 3)).toEqual({ startOffset: 1, endOffset: 3 });
  });

  it('rejects an endOffset not after startOffset', () => {
    expect(anchorSnippet(PROPOSED, 'premium cotton', 39, 25)).toEqual({ issues: [expect.objectContaining({ field: 'endOffset', rule: 'order' })] });
    expect(anchorSnippet(PROPOSED, 'premium cotton', 25, 25)).toEqual({ issues: [expect.objectContaining({ field: 'endOffset', rule: 'order' })] });
  });

  it('rejects an empty text', () => {
    expect(anchorSnippet(PROPOSED, '', 0, 1)).toEqual({ issues: [expect.objectContaining({ field: 'text', rule: 'minLength' })] });
  });

  it('reports every offset problem at once', () => {
    const result = anchorSnippet('short', 'x', 10, 9);
    expect(result).toEqual({ issues: expect.arrayContaining([expect.objectContaining({ rule: 'order' }), expect.objectContaining({ rule: 'range' })]) });
  });

  it.each([
    ['a number', 149],
    ['null', null],
    ['an array', ['premium cotton']],
    ['an object', { text: 'premium cotton' }],
    ['a boolean', true],
    ['undefined', undefined],
  ])('refuses a proposed value that is %s (only text can be annotated)', (_label, value) => {
    expect(anchorSnippet(value, 'premium cotton', 0, 14)).toEqual({
      issues: [expect.objectContaining({ field: 'attributeAlias', rule: 'text-value' })],
    });
  });
});
