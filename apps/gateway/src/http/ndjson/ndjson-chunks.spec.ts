import { bytesOf, chunkLines } from './ndjson-chunks';

const line = (n: number, text = 'x') => ({ line: n, sku: `S-${n}`, values: { note: [{ scope: {}, value: text }] } });

describe('chunkLines', () => {
  it('keeps order and splits by line count', () => {
    const lines = Array.from({ length: 7 }, (_, i) => line(i + 1));
    const chunks = chunkLines(lines, 1_000_000, 3);
    expect(chunks.map((chunk) => chunk.map((l) => l.line))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('splits by bytes, and a line larger than the limit goes alone', () => {
    const lines = [line(1), line(2, 'y'.repeat(500)), line(3), line(4)];
    const chunks = chunkLines(lines, 300, 100);
    expect(chunks.map((chunk) => chunk.map((l) => l.line))).toEqual([[1], [2], [3, 4]]);
    for (const chunk of chunks.filter((c) => c.length > 1)) expect(bytesOf(chunk)).toBeLessThanOrEqual(300);
  });

  it('gives no chunk for no lines', () => {
    expect(chunkLines([], 100)).toEqual([]);
  });
});
