import { describe, expect, it } from 'vitest';
import { type DiffPart, MAX_DIFF_CELLS, tokenize, wordDiff } from './word-diff';

const oldOf = (parts: DiffPart[]) => parts.filter((part) => part.kind !== 'added').map((part) => part.text).join('');
const newOf = (parts: DiffPart[]) => parts.filter((part) => part.kind !== 'removed').map((part) => part.text).join('');

describe('wordDiff', () => {
  it('gives both texts back: same + removed is the old one, same + added the new one', () => {
    const samples: [string, string][] = [
      ['A classic shirt.', 'Timeless Oxford weave in premium cotton...'],
      ['A soft merino sweater.', 'Soft, breathable merino crew neck for year-round layering.'],
      ['', 'New text'],
      ['Old text', ''],
      ['same', 'same'],
      ['Kyst  Vindjakke\nlinje to', 'Kyst Vindjakke\nlinje tre'],
    ];
    for (const [before, after] of samples) {
      const parts = wordDiff(before, after);
      expect(oldOf(parts)).toBe(before);
      expect(newOf(parts)).toBe(after);
    }
  });

  it('marks only the changed words of an edit', () => {
    expect(wordDiff('Lightweight windbreaker for coastal adventures', 'Lightweight jacket for coastal adventures')).toEqual([
      { kind: 'same', text: 'Lightweight ' },
      { kind: 'removed', text: 'windbreaker' },
      { kind: 'added', text: 'jacket' },
      { kind: 'same', text: ' for coastal adventures' },
    ]);
  });

  it('keeps a rewrite readable: spaces between changed words do not split it into word-by-word alternations', () => {
    expect(wordDiff('A classic shirt.', 'Timeless Oxford weave.')).toEqual([
      { kind: 'removed', text: 'A classic shirt' },
      { kind: 'added', text: 'Timeless Oxford weave' },
      { kind: 'same', text: '.' },
    ]);
  });

  it('treats identical texts as one unchanged part and words of any script as words', () => {
    expect(wordDiff('Kuesten Windjacke', 'Kuesten Windjacke')).toEqual([{ kind: 'same', text: 'Kuesten Windjacke' }]);
    expect(tokenize("Küsten-Windjacke, l'été 2025")).toEqual(['Küsten-Windjacke', ',', ' ', "l'été", ' ', '2025']);
    expect(wordDiff('Blå skjorte', 'Grøn skjorte')).toEqual([
      { kind: 'removed', text: 'Blå' },
      { kind: 'added', text: 'Grøn' },
      { kind: 'same', text: ' skjorte' },
    ]);
  });

  it('falls back to removed-then-added above the size bound instead of building a huge table', () => {
    const words = (prefix: string) => Array.from({ length: 2100 }, (_, index) => `${prefix}${index}`).join(' ');
    const before = `start ${words('a')} end`;
    const after = `start ${words('b')} end`;
    expect(tokenize(words('a')).length ** 2).toBeGreaterThan(MAX_DIFF_CELLS);
    const parts = wordDiff(before, after);
    expect(parts.map((part) => part.kind)).toEqual(['same', 'removed', 'added', 'same']);
    expect(oldOf(parts)).toBe(before);
    expect(newOf(parts)).toBe(after);
  });
});
