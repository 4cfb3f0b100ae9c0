import type { ChangeSetDto, OperationDto } from '@sigma/contracts';
import { decodeCursor, encodeCursor, fitListToBytes } from './bounded-pages';

const operation = (i: number, text = 'x'.repeat(100)): OperationDto => ({
  id: `cop-${i}`,
  type: 'update',
  schemaId: 'schema-apparel',
  status: 'pending',
  changes: [{ attributeAlias: 'material', newValue: text }],
});

const set = (id: string, operations: number): ChangeSetDto => ({
  id,
  title: id,
  source: { type: 'agent', name: 'Bulk' },
  status: 'draft',
  createdBy: 'user-agent',
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:00:00.000Z',
  revisionCount: 0,
  operationCount: operations,
  operations: Array.from({ length: operations }, (_, i) => operation(i)),
});

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('fitListToBytes', () => {
  it('leaves a page within the budget as it is', () => {
    const items = [set('a', 3), set('b', 100)];
    expect(fitListToBytes(items, 1024 * 1024)).toBe(items);
  });

  it('cuts every set to the same, largest number of operations that fits', () => {
    const items = [set('a', 100), set('b', 100), set('c', 5)];
    const fitted = fitListToBytes(items, 12_000);
    const cap = fitted[0].operations.length;
    expect(cap).toBeGreaterThan(0);
    expect(cap).toBeLessThan(100);
    expect(fitted.map((item) => item.operations.length)).toEqual([cap, cap, 5]);
    expect(fitted.map((item) => item.operationCount)).toEqual([100, 100, 5]);
    expect(bytes(fitted)).toBeLessThanOrEqual(12_000);
    const oneMore = items.map((item) => ({ ...item, operations: item.operations.slice(0, cap + 1) }));
    expect(bytes(oneMore)).toBeGreaterThan(12_000);
  });

  it('drops trailing sets when the sets alone are past the budget, keeping at least one', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ ...set(`s${i}`, 1), description: 'd'.repeat(1000) }));
    const fitted = fitListToBytes(items, 3500);
    expect(fitted.length).toBeGreaterThan(0);
    expect(fitted.length).toBeLessThan(10);
    expect(fitted.every((item) => item.operations.length === 0)).toBe(true);
    expect(fitListToBytes(items, 10)).toHaveLength(1);
  });
});

describe('operation cursors', () => {
  it('round-trip a position and refuse anything else', () => {
    expect(decodeCursor(encodeCursor(41))).toBe(41);
    expect(decodeCursor(undefined)).toBe(-1);
    for (const bad of ['nonsense', Buffer.from('{"p":-1}').toString('base64url'), Buffer.from('{"p":"1"}').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: 'validation-failed' }));
    }
  });
});
