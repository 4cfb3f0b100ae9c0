const jsonBytes = (item: unknown): number => Buffer.byteLength(JSON.stringify(item) ?? '');

/**
 * Splits items into consecutive chunks of at most `maxItems` items and about `maxBytes` of JSON
 * each (an item larger than that travels alone), so every request to another service stays bounded.
 */
export function chunkByBudget<T>(items: readonly T[], maxItems: number, maxBytes: number, size: (item: T) => number = jsonBytes): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const itemBytes = size(item);
    if (current.length > 0 && (current.length >= maxItems || bytes + itemBytes > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += itemBytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
