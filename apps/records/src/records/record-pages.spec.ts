import { pageOf, type PageRow } from './record-pages';

const row = (id: string, chars: number): PageRow => {
  const values_json = JSON.stringify({ title: [{ scope: {}, value: 'x'.repeat(Math.max(0, chars - 35)) }] });
  return { id, lifecycle_state_id: 'state-draft', created: '2024-01-15T10:30:00.123456Z', values_json };
};

describe('pageOf', () => {
  it('parses the values and names the last row (creation time, id) as the next page start when the page is full', () => {
    const page = pageOf([row('a', 50), row('b', 50)], 2, 1000);
    expect(page.items.map((item) => [item.id, item.lifecycleStateId])).toEqual([
      ['a', 'state-draft'],
      ['b', 'state-draft'],
    ]);
    expect(page.items[0].values.title[0].scope).toEqual({});
    expect(page.next).toBe('2024-01-15T10:30:00.123456Z|b');
  });

  it('ends the paging when fewer rows than the limit came back', () => {
    expect(pageOf([row('a', 50)], 2, 1000).next).toBeNull();
    expect(pageOf([], 2, 1000)).toEqual({ items: [], next: null });
  });

  it('stops at the JSON budget, continuing after the last record kept', () => {
    const rows = [row('a', 400), row('b', 400), row('c', 400)];
    const page = pageOf(rows, 3, 1000);
    expect(page.items.map((item) => item.id)).toEqual(['a', 'b']);
    expect(page.next).toBe('2024-01-15T10:30:00.123456Z|b');
  });

  it('keeps one record larger than the budget, so paging always moves on', () => {
    const page = pageOf([row('a', 5000), row('b', 10)], 2, 1000);
    expect(page.items.map((item) => item.id)).toEqual(['a']);
    expect(page.next).toBe('2024-01-15T10:30:00.123456Z|a');
  });
});
